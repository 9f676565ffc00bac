"""Round 13: the name glued to its label by OCR («(ПРИ НАЛИЧИИ):Ковальчук»), one row per wording.

OCR joins the label's last word, its colon and the surname into one word when the space after
the colon is thin: the value still starts after the colon (486н point 3, «Фамилия, имя, отчество
(при наличии)»).
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_page

ROWS = [
    pytest.param("3. ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО (ПРИ НАЛИЧИИ):Ковальчук Лидия Геннадьевна", id="upper-hint-glued"),
    pytest.param("3. ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО (ПРИ НАЛИЧИИ): Ковальчук Лидия Геннадьевна", id="upper-spaced"),
    pytest.param("3. Фамилия, имя, отчество:Ковальчук Лидия Геннадьевна", id="mixed-glued"),
]  # fmt: skip


@pytest.mark.parametrize("line", ROWS)
def test_name_after_a_glued_colon(line: str) -> None:
    page = make_page(
        [
            "Индивидуальная программа реабилитации или абилитации инвалида,",
            "1. Дата разработки ИПРА инвалида: 23.11.2018",
            line,
            "4. Дата рождения: 11.07.1967 г.",
        ]
    )
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert values["full_name"] == "Ковальчук Лидия Геннадьевна"
