"""Round 13: a certificate number wrapped by a paragraph, one row per wording.

A bureau letter's paragraph wraps between the certificate's «серии МСЭ-2026 №» and its seven
digits (Приказ 1031н, Приложение № 1: «Серия МСЭ-____ № ___»).

The 379н card's «Карта № 8831 какту …» (OCR lost the spaces around «к») is a row of
test_identity_round10's card table.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_page

LETTER_HEAD = [
    "Экспертный состав № 1 (общего профиля) ФКУ «ГБ МСЭ по Вологодской области» Минтруда России",
    "На Ваш запрос сообщаем, что гражданин Никифоров Семён Русланович, 06.01.1970 года рождения,",
    "впервые признан инвалидом третьей группы 21.03.2026. Выдана справка, подтверждающая факт",
]
CERTIFICATE = [
    pytest.param([*LETTER_HEAD, "установления инвалидности, серии МСЭ-2026 №", "7405979 от 24.03.2026."],
                 "7405979", id="letter-sign-ends-the-line"),
    pytest.param([*LETTER_HEAD, "установления инвалидности, серии МСЭ-2026 № 7405979", "от 24.03.2026."],
                 "7405979", id="letter-number-on-the-series-line"),
    pytest.param([*LETTER_HEAD, "установления инвалидности, серии МСЭ-2026", "1588 от 24.03.2026."],
                 None, id="no-sign-no-number"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "want"), CERTIFICATE)
def test_certificate_number(lines: list[str], want: str | None) -> None:
    span = DocumentSpan(DocType.mse_certificate, [make_page(lines)])
    assert extract_fields(span).values["document_number"] == want
