"""The issuer, round 11 (helper `fields10`): a doubtful bureau number read again on the seal.

The 1031н certificate and the 486н IPRA end with the bureau's round seal («М.П.», «ГБ МСЭ по …
/ Бюро № 40»), printed in other type and another place than the header. When OCR read the
header's number with doubt (a «31» may be a misread «51»), the same number read on the seal
is a second, independent reading: the name is kept. Another number there, or none, leaves
the doubt and the issuer null (a wrong bureau is worse than none).
"""

from __future__ import annotations

import pytest

from .test_issuer_round7 import CERT, HINT, _issuer

HEADER = "Бюро № 40 (смешанного профиля) - филиал ФКУ «ГБ МСЭ по Оренбургской области»"
NAME = (
    "Бюро № 40 (смешанного профиля) – филиал ФКУ «ГБ МСЭ по Оренбургской области» Минтруда России"
)


@pytest.mark.parametrize(
    ("seal", "expected"),
    [
        (["М.П. ГБ МСЭ по Оренбургской", "Бюро №40", "МИНТРУД РОССИИ"], NAME),
        (["М.П. ГБ МСЭ по Оренбургской", "II Бюро № 40"], NAME),
        (["М.П. ГБ МСЭ по Оренбургской", "Бюро № 46"], None),  # the readings disagree
        (["М.П."], None),  # nothing read again
    ],
)
def test_bureau_number_read_on_the_seal(seal: list[str], expected: str | None) -> None:
    rows = [HEADER, "Минтруда России", HINT, *CERT, "Руководитель бюро А.В. Мельник", *seal]
    assert _issuer(rows, "ocr", {"40": 0.8, "№40": 0.8}) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (  # the ministry's line opens with a word misread by one letter: the name goes on
            [
                "Бюро № 5 (общего профиля) - филиал ФКУ «ГБ МСЭ по Вологодской области»",
                "Минтруоа России",
            ],
            "Бюро № 5 (общего профиля) – филиал ФКУ «ГБ МСЭ по Вологодской области» Минтруда России",
        ),
        (  # a short word is never taken for a misread one
            ["Бюро № 5 - филиал ФКУ «ГБ МСЭ по Вологодской области» Минтруда России", "Отдел"],
            "Бюро № 5 – филиал ФКУ «ГБ МСЭ по Вологодской области» Минтруда России",
        ),
    ],
)
def test_ministry_line_misread(rows: list[str], expected: str) -> None:
    assert _issuer([*rows, HINT, *CERT], "ocr", {}) == expected
