"""Round 15 (lead): numerals before a blank's «(нужное …)» hint are its options, not the value.

f12s5 0029 (a «КОПИЯ ВЕРНА» stamp over the 1031н group and degree lines): OCR read
«Группа инвалидности: 1, Ш (нужное обвести)» with the circle and «II» lost, and the first
numeral became the group (1 for 2), the same on the degree line (2 for 1).
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.options import printed_choice

from .pages import make_page


@pytest.mark.parametrize(
    ("line", "choice"),
    [
        ("Группа инвалидности: 1, Ш (нужное обвести)", True),
        ("Группа инвалидности: I, II, III (нужное подчеркнуть)", True),
        ("Группа инвалидности: П / Ш (нужное подчеркнуть)", True),
        ("Степень ограничения способности к трудовой деятельности: 2, 3 (нужное обвести)", True),
        ("Группа инвалидности: II (нужное подчеркнуть)", False),
        ("Группа инвалидности: II (вторая)", False),
        ("Инвалидность установлена с 01.02.2024, 3 группа (нужное)", False),
    ],
)
def test_numerals_before_the_hint_are_options(line: str, choice: bool) -> None:
    assert printed_choice(line) is choice


CERTIFICATE = [
    "СПРАВКА, ПОДТВЕРЖДАЮЩАЯ ФАКТ УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ",
    "СЕРИЯ МСЭ-2025 № 1234567",
    "Выдана Седых Ефиму Кузьмичу",
    "Дата рождения 01.02.1980",
]


@pytest.mark.parametrize(
    ("group_line", "degree_line", "group", "degree"),
    [
        (
            "Группа инвалидности: 1, Ш (нужное обвести)",
            "Степень ограничения способности к трудовой деятельности: 2, 3 (нужное обвести)",
            None,
            None,
        ),
        (
            "Группа инвалидности: II (вторая)",
            "Степень ограничения способности к трудовой деятельности: 1 (первая)",
            2,
            1,
        ),
    ],
)
def test_group_and_degree_are_not_the_first_option_left(
    group_line: str, degree_line: str, group: int | None, degree: int | None
) -> None:
    page = make_page([*CERTIFICATE, group_line, degree_line])
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("disability_group") == group
    assert values.get("work_restriction_degree") == degree
