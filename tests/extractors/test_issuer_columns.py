"""The issuer in information-system printouts: «Учреждение МСЭ» labels, value columns.

One row per layout (ЕАВИИАС МСЭ / ФГИС ФРИ printouts name the institution in a field
«Учреждение МСЭ», its value in a column that wraps; a header's name ends with its unit
and the bureau's address line under it is not part of the name).
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.reading.page import Line, PageText

from .pages import LINE_H, words_at

HEAD = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2015 № 2431238"]
COLUMN = 260.0
"""Left edge of the value column (points)."""


def page_of(rows: list[tuple[str, str]]) -> PageText:
    """Rows of (left cell at x 40, right cell at :data:`COLUMN`), top to bottom; either may be ''."""
    page = PageText(number=1, source="text_layer", width=595, height=842)
    y = 40.0
    for left, right in rows:
        words = words_at(left, 40, y) + words_at(right, COLUMN, y)
        if words:
            page.lines.append(Line(words))
        y += LINE_H
    return page


MARII_EL = (
    "Федеральное казенное учреждение «Главное бюро медико-социальной экспертизы по Республике "
    "Марий Эл» Министерства труда и социальной защиты Российской Федерации, экспертный состав № 1"
)
YUGRA = (
    "Бюро медико-социальной экспертизы № 5 – филиал ФКУ «Главное бюро медико-социальной "
    "экспертизы по Ханты-Мансийскому автономному округу – Югре» Минтруда России"
)

LAYOUTS = [
    pytest.param([(HEAD[0], ""), ("Учреждение МСЭ: Федеральное казенное учреждение «Главное бюро", ""), ("", "медико-социальной экспертизы по Республике Марий Эл»"), ("", "Министерства труда и социальной защиты Российской Федерации,"), ("", "экспертный состав № 1"), ("Фамилия, имя, отчество: Снегирёв Рустам Семёнович", "")], MARII_EL, id="label-with-colon-value-wraps-under-it"),
    pytest.param([(HEAD[0], ""), ("Номер ИПРА", "1414.21.64/2026"), ("", "Бюро медико-социальной экспертизы № 5 – филиал ФКУ «Главное бюро"), ("Учреждение МСЭ", "медико-социальной экспертизы по Ханты-Мансийскому автономному округу –"), ("", "Югре» Минтруда России")], YUGRA, id="label-cell-beside-the-middle-line"),
    pytest.param([(HEAD[0], ""), ("Номер ИПРА", "1414.21.64/2026"), ("", "Бюро медико-социальной экспертизы № 5 – филиал ФКУ «Главное бюро"), ("", "медико-социальной экспертизы по Ханты-Мансийскому автономному округу –"), ("Учреждение МСЭ", ""), ("", "Югре» Минтруда России")], YUGRA, id="label-cell-between-the-lines"),
    pytest.param([("Федеральное казенное учреждение «Главное бюро медико-социальной экспертизы по", ""), ("Республике Марий Эл» Министерства труда и социальной защиты Российской Федерации,", ""), ("экспертный состав № 1", ""), ("г. Йошкар-Ола, тел. 8 (836) 123-45-67", ""), (HEAD[0], "")], MARII_EL, id="address-line-after-the-unit-is-not-the-name"),
    pytest.param([("Бюро медико-социальной экспертизы № 5", ""), ("– филиал ФКУ «Главное бюро медико-социальной экспертизы по Ханты-Мансийскому", ""), ("автономному округу – Югре» Минтруда России", ""), (HEAD[0], "")], YUGRA, id="branch-goes-on-after-the-bureau-number"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "expected"), LAYOUTS)
def test_issuer_in_printout_layouts(rows: list[tuple[str, str]], expected: str) -> None:
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page_of(rows)])).values
    assert values["issuer"] == expected
