"""The issuer, round 14: a capital of a bureau's name read as its look-alike.

OCR of family 12's scans reads the capital «Б» of «ГБ» / «Бюро» as «В» (its top stroke lost),
«Г» as «Т» and «Э» as «З» («ФКУ «ГВ МСЭ», «ТБ МСЭ», «ГБ МСЗ», «Вюро № 21»). Such a word, in no
list, is the listed word of ``labels/issuer_words.txt`` it becomes with its look-alike capitals
swapped back, when exactly one; a region's name is kept as printed, and a word no swap makes
a listed one stays as read.
"""

from __future__ import annotations

import pytest

from mseflow.extractors.issuer import _capital_slip

from .test_issuer_round7 import CERT, HINT, _issuer

FKU = "ФКУ «ГБ МСЭ по Калужской области» Минтруда России, бюро № 2 (смешанного профиля)"
BRANCH = "Бюро № 21 – филиал ФКУ «Главное бюро медико-социальной экспертизы по Ярославской области»"
KARELIA = "Бюро медико-социальной экспертизы № 10 – филиал ФКУ «ГБ МСЭ по Республике Карелия»"

SLIPS = [
    pytest.param(FKU.replace("ГБ", "ГВ"), FKU, id="gb-read-gv"),
    pytest.param(FKU.replace("ГБ", "ТБ"), FKU, id="gb-read-tb"),
    pytest.param(KARELIA.replace("МСЭ по", "МСЗ по"), KARELIA + " Минтруда России", id="mse-read-msz"),
    pytest.param(BRANCH.replace("Бюро №", "Вюро №"), BRANCH + " Минтруда России", id="buro-read-vyuro"),
    pytest.param("ФКУ «ГБ МСЭ по Вологодской области» Минтруда России, бюро № 2", "ФКУ «ГБ МСЭ по Вологодской области» Минтруда России, бюро № 2", id="region-kept"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "expected"), SLIPS)
def test_capital_read_as_its_look_alike(head: str, expected: str) -> None:
    rows = [head] if "Минтруда" in head else [head, "Минтруда России"]
    assert _issuer([*rows, HINT, *CERT], "ocr", {}) == expected


WORDS = [
    ("ГВ", "ГБ"),
    ("ТБ", "ГБ"),
    ("МСЗ", "МСЭ"),
    ("МС3", "МСЭ"),
    ("Вюро", "Бюро"),
    ("ГБ", None),
    ("Вологодской", None),
    ("ТВЕРСКОЙ", None),
]


@pytest.mark.parametrize(("word", "expected"), WORDS)
def test_capital_slip_table(word: str, expected: str | None) -> None:
    assert _capital_slip(word) == expected
