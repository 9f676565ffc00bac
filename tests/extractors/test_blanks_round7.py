"""Blank forms and printouts, round 7: group, term, dates and «бессрочно» as officers fill them.

One row per real variant, built by hand (synthetic lines with consistent boxes,
:mod:`tests.extractors.pages`; a word's OCR confidence set where the row is about it):

* the term: the option list «на срок до указанной даты, бессрочно» or «до ____ или
  бессрочно» (options separated by a comma or «или», not only «/») is no value — the date
  filled in above it wins, and without one nothing is read; «бессрочно» as the value of its
  label is read even when the OCR doubts its capitals; the date after «до» wrapping onto the
  next line («на срок до: «01»» / «сентября 2028 г.»); «с» of «с … до …» read as «<»;
* the child's IPRA point 17 («ИПРА ребенка-инвалида разработана …», Приказ 486н,
  Приложение № 3) wrapped in its table cell with the date in the next cell, commas inserted
  by the OCR;
* the issue date: IPRA point 1 «Дата разработки» damaged by the OCR («Дала разработки») is
  still only a weak candidate beside point 18 «Дата выдачи»;
* the group: a Roman numeral with a bracket the OCR read from a stroke («Ш]»).

A wrong value is worse than a null: rows that cannot be read safely expect None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.reading.page import Line, PageSource, PageText, Word

from .pages import CHAR_W, LEFT, LINE_H, make_unsure_page, words_at

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2024 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2026 к протоколу проведения медико-социальной экспертизы",
]
D = dt.date


def _values(
    lines: list[str],
    source: PageSource = "ocr",
    unsure: dict[str, float] | None = None,
    doc_type: DocType = DocType.mse_certificate,
) -> dict[str, Any]:
    head = CERT if doc_type == DocType.mse_certificate else IPRA
    page = make_unsure_page([*head, *lines], source, unsure or {})
    return extract_fields(DocumentSpan(doc_type, [page])).values


TERMS = [
    pytest.param(["Инвалидность установлена на срок до (нужное подчеркнуть):", "до 1 июня 2028 г.", "на срок до указанной даты, бессрочно"], "ocr", {}, DocType.mse_certificate, D(2028, 6, 1), False, id="comma-option-list-date-wins"),
    pytest.param(["Инвалидность установлена на срок до (нужное подчеркнуть):", "до 1 июня 2028 г.", "на срок до указанной даты, бессрочно"], "text_layer", {}, DocType.mse_certificate, D(2028, 6, 1), False, id="comma-option-list-date-wins-text-layer"),
    pytest.param(["Инвалидность установлена на срок до ____ или бессрочно"], "text_layer", {}, DocType.mse_certificate, None, False, id="ili-option-list-unmarked-nothing"),
    pytest.param(["Инвалидность установлена: бессрочно, на срок до ____"], "text_layer", {}, DocType.mse_certificate, None, False, id="indefinite-listed-first-unmarked-nothing"),
    pytest.param(["ИПР разработана на срок Бессрочно"], "ocr", {"Бессрочно": 0.67}, DocType.ipra, None, True, id="indefinite-value-doubted-capitals-read"),
    pytest.param(["ИПР разработана на срок Бессрочно"], "ocr", {"Бессрочно": 0.3}, DocType.ipra, None, False, id="indefinite-value-badly-read-null"),
    pytest.param(["ИПР разработана на срок Бессрачно"], "ocr", {"Бессрачно": 0.67}, DocType.ipra, None, False, id="indefinite-misspelt-doubted-null"),
    pytest.param(["17. ИПРА инвалида разработана впервые, повторно (нужное подчеркнуть) на срок до: «01»", "сентября 2028 г.", "18. Дата выдачи ИПРА инвалида: «28» августа 2026 г."], "ocr", {}, DocType.ipra, D(2028, 9, 1), False, id="wrapped-day-month-next-line"),
    pytest.param(["Инвалидность установлена на срок до 1 июня", "2028 г."], "text_layer", {}, DocType.mse_certificate, D(2028, 6, 1), False, id="wrapped-year-next-line"),
    pytest.param(["Инвалидность установлена на срок до «01»", "Дата выдачи справки 02.07.2026"], "text_layer", {}, DocType.mse_certificate, None, False, id="wrapped-day-next-line-is-label-null"),
    pytest.param(["Инвалидность установлена < 27.06.2026 до 01.07.2027"], "ocr", {}, DocType.mse_certificate, D(2027, 7, 1), False, id="ocr-s-as-angle-two-dates"),
    pytest.param(["Инвалидность установлена < 01.07.2027 до 27.06.2026"], "ocr", {}, DocType.mse_certificate, None, False, id="two-dates-wrong-order-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "unsure", "doc_type", "until", "indefinite"), TERMS)
def test_term_round7(
    lines: list[str],
    source: PageSource,
    unsure: dict[str, float],
    doc_type: DocType,
    until: dt.date | None,
    indefinite: bool,
) -> None:
    values = _values(lines, source, unsure, doc_type)
    assert values["valid_until"] == until
    assert values["indefinite"] is indefinite


def test_two_dates_with_angle_gives_established() -> None:
    values = _values(["Инвалидность установлена < 27.06.2026 до 01.07.2027"])
    assert values["established_date"] == D(2026, 6, 27)


def _cell_page(rows: list[list[tuple[float, str]]], source: PageSource = "ocr") -> PageText:
    """Rows of (x, text) cells: a table whose cells sit apart on the line."""
    page = PageText(number=1, source=source, width=595, height=842)
    for i, text in enumerate([*IPRA]):
        page.lines.append(Line(words_at(text, LEFT, 40 + i * LINE_H)))
    for j, cells in enumerate(rows):
        y = 40 + (len(IPRA) + j) * LINE_H
        words: list[Word] = []
        for x, text in cells:
            words.extend(words_at(text, x, y))
        page.lines.append(Line(tuple(words)))
    return page


CHILD_CELLS = [
    pytest.param([[(LEFT, "17"), (LEFT + 10 * CHAR_W, "ИПРА ребенка-инвалида, разработана, впервые,"), (LEFT + 70 * CHAR_W, "2026-05-01")], [(LEFT + 10 * CHAR_W, "повторно (нужное подчеркнуть) на срок до")]], D(2026, 5, 1), id="child-point-17-commas-cell"),
    pytest.param([[(LEFT, "17"), (LEFT + 10 * CHAR_W, "ИПРА ребенка-инвалида разработана впервые,"), (LEFT + 70 * CHAR_W, "01.05.2026")], [(LEFT + 10 * CHAR_W, "повторно (нужное подчеркнуть) на срок до")]], D(2026, 5, 1), id="child-point-17-cell"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "until"), CHILD_CELLS)
def test_child_ipra_term_in_cell(rows: list[list[tuple[float, str]]], until: dt.date) -> None:
    span = DocumentSpan(DocType.ipra, [_cell_page(rows)])
    assert extract_fields(span).values["valid_until"] == until


ISSUES = [
    pytest.param(["1 Дала разработки ИПРА ребенка-инвалида, 2025-04-11", "18 Дата выдачи ИПРА ребенка-инвалида, 2025-04-15"], "ocr", D(2025, 4, 15), id="damaged-drawn-up-label-stays-weak"),
    pytest.param(["1. Дата разработки ИПРА инвалида: 11.04.2025", "18. Дата выдачи ИПРА инвалида: 15.04.2025"], "text_layer", D(2025, 4, 15), id="drawn-up-label-weak"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "issued"), ISSUES)
def test_issue_date_round7(lines: list[str], source: PageSource, issued: dt.date) -> None:
    assert _values(lines, source, doc_type=DocType.ipra)["issue_date"] == issued


GROUPS = [
    pytest.param(["ГРУППА ИНВАЛИДНОСТИ", "Ш]"], 3, id="bracket-after-sha"),
    pytest.param(["ГРУППА ИНВАЛИДНОСТИ", "[II"], 2, id="bracket-before-numeral"),
    pytest.param(["ГРУППА ИНВАЛИДНОСТИ", "]"], None, id="bracket-alone-null"),
    pytest.param(["Группа инвалидности (нужное подчеркнуть):", "I, II, III"], None, id="unmarked-comma-options-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "group"), GROUPS)
def test_group_round7(lines: list[str], group: int | None) -> None:
    assert _values(lines)["disability_group"] == group
