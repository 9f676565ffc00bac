"""Values from marked options: one row per kind of choice line, marked and unmarked.

Pages are built by hand (tests/extractors/pages.py) with the mark the reading stage
would report; a last group reads real drawn PDFs end to end (tests/core/option_sheet.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import DocumentSpan, extract_fields
from mseflow.extractors.options import marked_candidates, read_number
from mseflow.reading import read_bytes
from mseflow.reading.page import OptionMark, PageText
from mseflow.settings import ReadingSettings

from ..core.option_sheet import Row, sheet_pdf
from .pages import make_page

HEAD = [
    "Справка, подтверждающая факт установления инвалидности",
    "Серия МСЭ-2023 № 0000001",
]


def _marked(line: str, option: str, options: tuple[str, ...], kind: str = "underline") -> PageText:
    title, line = line.split(" || ") if " || " in line else ("", line)
    page = make_page([*HEAD, *([title] if title else []), line])
    page.marks.append(OptionMark(option, kind, (0, 0, 1, 1), len(page.lines) - 1, options, 0.95))  # type: ignore[arg-type]
    return page


# (id, line, marked option, options, expected {key: value})
CASES: list[tuple[str, str, str, tuple[str, ...], dict[str, Any]]] = [
    ("term_indefinite", "на срок до: ____ / бессрочно (нужное подчеркнуть)", "бессрочно",
     ("____", "бессрочно"), {"indefinite": True}),
    ("term_dated_chosen", "на срок до: 01.03.2027 / бессрочно (нужное подчеркнуть)", "01.03.2027",
     ("01.03.2027", "бессрочно"), {}),
    ("work_contraindicated", "Трудовая деятельность: доступна / противопоказана (нужное подчеркнуть)",
     "противопоказана", ("доступна", "противопоказана"), {"incapable_of_work": True}),
    ("work_available", "Трудовая деятельность: доступна / противопоказана (нужное подчеркнуть)",
     "доступна", ("доступна", "противопоказана"), {}),
    ("incapable_wording", "Заключение: способен / неспособен к трудовой деятельности",
     "неспособен к трудовой деятельности", ("способен", "неспособен к трудовой деятельности"),
     {"incapable_of_work": True}),
    ("work_under_block_title", "Рекомендации о показанных и противопоказанных видах трудовой "
     "деятельности || Трудовая деятельность: доступна / противопоказана (нужное подчеркнуть)",
     "противопоказана", ("доступна", "противопоказана"), {"incapable_of_work": True}),
    ("conditions_not_conclusion", "Условия трудовой деятельности: доступны / противопоказаны",
     "противопоказаны", ("доступны", "противопоказаны"), {}),
    ("group_roman", "Группа инвалидности: I / II / III (нужное подчеркнуть)", "II",
     ("I", "II", "III"), {"disability_group": 2}),
    ("group_spelled", "Группа: первая / вторая / третья", "третья",
     ("первая", "вторая", "третья"), {"disability_group": 3}),
    ("degree", "Степень ограничения способности к трудовой деятельности: 1 / 2 / 3", "3",
     ("1", "2", "3"), {"work_restriction_degree": 3}),
    ("cause_list", "Причина инвалидности: общее заболевание / трудовое увечье / "
     "профессиональное заболевание", "трудовое увечье",
     ("общее заболевание", "трудовое увечье", "профессиональное заболевание"),
     {"disability_cause": "work_injury"}),
    ("first_time_no_key", "Инвалидность установлена: впервые / повторно", "повторно",
     ("впервые", "повторно"), {}),
    ("blood_group_not_disability", "Группа крови: I / II / III", "II", ("I", "II", "III"), {}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "option", "options", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_marked_candidates(
    line: str, option: str, options: tuple[str, ...], expected: dict[str, Any]
) -> None:
    found = marked_candidates([_marked(line, option, options)])
    assert {fv.key: fv.value for fv in found} == expected
    assert all(fv.method == "marked_option" for fv in found)
    assert all(fv.evidence.text == option for fv in found)


def test_no_mark_no_candidate() -> None:
    page = make_page([*HEAD, "Трудовая деятельность: доступна / противопоказана"])
    assert marked_candidates([page]) == []


@pytest.mark.parametrize(("text", "value"), [("II", 2), ("П", 2), ("3", 3), ("вторая", 2)])
def test_read_number(text: str, value: int) -> None:
    assert read_number(text) == value


# ---- end to end through the resolver -------------------------------------------------

IPRA_HEAD = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2025 к протоколу проведения медико-социальной экспертизы",
]


def _fields(rows: list[Row], doc_type: DocType = DocType.ipra) -> dict[str, Any]:
    pdf = sheet_pdf(rows, header=IPRA_HEAD[0])
    [page] = read_bytes(pdf, ReadingSettings())
    return extract_fields(DocumentSpan(doc_type, [page])).values


TERM = "на срок до:"
WORK = "Трудовая деятельность:"
GROUP = "Группа инвалидности:"
DEGREE = "Степень ограничения способности к трудовой деятельности:"
CAUSE = "Причина:"
CAUSES = ("общее заболевание", "трудовое увечье", "с детства")

E2E: list[tuple[str, list[Row], dict[str, Any]]] = [
    ("underlined_indefinite", [Row(TERM, ("____________", "бессрочно"), underline=(1,))],
     {"indefinite": True, "valid_until": None}),
    ("unmarked_indefinite", [Row(TERM, ("____________", "бессрочно"))], {"indefinite": False}),
    ("date_wins_over_unmarked", [Row(TERM, ("01.03.2027", "бессрочно"))],
     {"indefinite": False, "valid_until": dt.date(2027, 3, 1)}),
    ("marked_indefinite_drops_other_date", [Row(TERM, ("01.03.2027", "бессрочно"), circle=(1,))],
     {"indefinite": True, "valid_until": None}),
    ("struck_indefinite_keeps_date", [Row(TERM, ("01.03.2027", "бессрочно"), strike=(1,))],
     {"indefinite": False, "valid_until": dt.date(2027, 3, 1)}),
    ("work_contraindicated_struck_others",
     [Row(WORK, ("доступна", "противопоказана"), strike=(0,))], {"incapable_of_work": True}),
    ("work_available_circled", [Row(WORK, ("доступна", "противопоказана"), circle=(0,))],
     {"incapable_of_work": False}),
    ("work_unmarked", [Row(WORK, ("доступна", "противопоказана"))], {"incapable_of_work": False}),
    ("work_both_underlined", [Row(WORK, ("доступна", "противопоказана"), underline=(0, 1))],
     {"incapable_of_work": False}),
    ("group_circled", [Row(GROUP, ("I", "II", "III"), circle=(1,))], {"disability_group": 2}),
    ("group_unmarked", [Row(GROUP, ("I", "II", "III"))], {"disability_group": None}),
    ("group_spelled_unmarked", [Row("Группа:", ("первая", "вторая", "третья"))],
     {"disability_group": None}),
    ("degree_underlined", [Row(DEGREE, ("1", "2", "3"), underline=(2,), hint="")],
     {"work_restriction_degree": 3}),
    ("degree_unmarked", [Row(DEGREE, ("I", "II", "III"), hint="")],
     {"work_restriction_degree": None}),
    ("cause_underlined", [Row(CAUSE, CAUSES, underline=(1,), hint="")],
     {"disability_cause": "work_injury"}),
    ("cause_unmarked", [Row(CAUSE, CAUSES, hint="")], {"disability_cause": None}),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in E2E], ids=[c[0] for c in E2E])
def test_marked_options_end_to_end(rows: list[Row], expected: dict[str, Any]) -> None:
    values = _fields(rows)
    assert {key: values.get(key) for key in expected} == expected
