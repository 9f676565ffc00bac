"""Fields that decide a record's status, round 8: group, term, dates, number, degree, note.

One row per real variant, built by hand (synthetic lines with consistent boxes,
:mod:`tests.extractors.pages`; a word's OCR confidence set where the row is about it):

* the group typed or written on the form's rule («Группа инвалидности _1-я_»), and a
  table's frame read as «I» before the Arabic numeral («| Группа инвалидности I 3-я I»);
  a lone «I» is still group I;
* dates whose dots OCR read as colons («19:12.2025», «08:10:1975 г.»), never a time
  («10:14», «11:10:45»);
* the old 379н card's own number «Карта № 1940 к акту освидетельствования № 2320 от …»
  (Приказ 379н, Приложение № 1: «Карта N ___ к акту освидетельствования N ____ от»),
  never the act's number;
* the incapable note with the form's bracketed gender ending «неспособен(на) к трудовой
  деятельности» (the 379н card's conclusion), still negated by «не установлена».

A wrong value is worse than a null: rows that cannot be read safely expect None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.dates import find_dates
from mseflow.reading.page import PageSource

from .pages import make_unsure_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2024 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2026 к протоколу проведения медико-социальной экспертизы",
]
CARD = ["ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА"]
D = dt.date


def _values(
    lines: list[str],
    source: PageSource = "ocr",
    unsure: dict[str, float] | None = None,
    doc_type: DocType = DocType.mse_certificate,
    head: list[str] | None = None,
) -> dict[str, Any]:
    if head is None:
        head = CERT if doc_type == DocType.mse_certificate else IPRA
    page = make_unsure_page([*head, *lines], source, unsure or {})
    return extract_fields(DocumentSpan(doc_type, [page])).values


GROUPS = [
    pytest.param(["Группа инвалидности _1-я_"], DocType.mse_certificate, 1, id="underscored-fill-in"),
    pytest.param(["Группа инвалидности __вторая__"], DocType.mse_certificate, 2, id="underscored-spelled"),
    pytest.param(["Группа инвалидности ______"], DocType.mse_certificate, None, id="blank-rule-null"),
    pytest.param(["| 5 Группа инвалидности I 3-я I"], DocType.ipra, 3, id="table-frame-before-arabic"),
    pytest.param(["Группа инвалидности I"], DocType.mse_certificate, 1, id="lone-roman-one-kept"),
    pytest.param(["Группа инвалидности: I (первая)"], DocType.mse_certificate, 1, id="roman-one-spelled-kept"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "doc_type", "group"), GROUPS)
def test_group_round8(lines: list[str], doc_type: DocType, group: int | None) -> None:
    assert _values(lines, doc_type=doc_type)["disability_group"] == group


COLON_DATES = [
    pytest.param("Дата выдачи справки | 19:12.2025 г.", ["2025-12-19"], id="one-dot-read-as-colon"),
    pytest.param("Дата рождения 08:10:1975 г.", ["1975-10-08"], id="both-dots-read-as-colons"),
    pytest.param("Дата и время формирования: 02.07.2026 10:14", ["2026-07-02"], id="time-after-date-not-a-date"),
    pytest.param("в 11:10:45", [], id="time-with-seconds-not-a-date"),
    pytest.param("12:30:2025", [], id="no-such-month-null"),
    pytest.param("8:10:1975", [], id="one-digit-day-with-colon-null"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "dates"), COLON_DATES)
def test_colon_dates(text: str, dates: list[str]) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == dates


def test_colon_issue_date_of_certificate() -> None:
    values = _values(["Дата выдачи справки | 19:12.2025 г."])
    assert values["issue_date"] == D(2025, 12, 19)


CARDS = [
    pytest.param(["Карта № 1940 к акту освидетельствования № 2320 от 10 05 2012"], "text_layer", "1940", id="card-number-text-layer"),
    pytest.param(["Карта № 1271 к акту освидетельствования № 190 от 18.08.2014"], "ocr", "1271", id="card-number-ocr"),
    pytest.param(["Карта N 531 к акту освидетельствования N 1406 от 27.11.2010"], "ocr", "531", id="card-number-latin-n"),
    pytest.param(["Карта № ____ к акту освидетельствования № 2320 от 10.05.2012"], "text_layer", None, id="blank-card-act-number-not-taken"),
    pytest.param(["к акту освидетельствования № 2320 от 10.05.2012"], "text_layer", None, id="act-number-alone-not-taken"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "number"), CARDS)
def test_379n_card_number(lines: list[str], source: PageSource, number: str | None) -> None:
    values = _values(lines, source, doc_type=DocType.ipra, head=CARD)
    assert values["document_number"] == number


NOTES = [
    pytest.param("Заключение о характере и условиях труда: полностью неспособен(на) к трудовой деятельности", True, id="bracketed-ending"),
    pytest.param("Заключение: полностью неспособен (на) к трудовой деятельности", True, id="bracketed-ending-spaced"),
    pytest.param("Заключение: неспособен(на) к трудовой деятельности не установлена", False, id="bracketed-ending-negated"),
    pytest.param("Заключение: не является неспособным(ой) к трудовой деятельности", False, id="not-incapable"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "incapable"), NOTES)
def test_incapable_bracketed_ending(line: str, incapable: bool) -> None:
    lines = ["Степень ограничения способности к трудовой деятельности: 3", line]
    values = _values(lines, "text_layer", doc_type=DocType.ipra, head=CARD)
    assert values["incapable_of_work"] is incapable


TERMS = [
    pytest.param(["Инвалидность установлена на 01 авг. 2027", "срок до"], "text_layer", D(2027, 8, 1), False, id="label-cell-wrapped-round-value"),
    pytest.param(["Инвалидность установлена на 01.01.2027 г.", "срок до"], "ocr", D(2027, 1, 1), False, id="label-cell-wrapped-dotted"),
    pytest.param(["ИНВАЛИДНОСТЬ УСТАНОВЛЕНА НА СРОК Д0", "01.07.2027 г."], "text_layer", D(2027, 7, 1), False, id="zero-for-o-in-label"),
    pytest.param(["Инвалидность установлена на срок до «01» февраля 2027 г. , бессрочно", "(нужное подчеркнуть)"], "text_layer", D(2027, 2, 1), False, id="options-caption-on-next-line"),
    pytest.param(["Инвалидность установлена на срок до ______, бессрочно", "(нужное подчеркнуть)"], "text_layer", None, False, id="blank-options-caption-below-nothing"),
    pytest.param(["Инвалидность установлена на срок: бессрочно"], "text_layer", None, True, id="indefinite-value-kept"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "until", "indefinite"), TERMS)
def test_term_round8(
    lines: list[str], source: PageSource, until: dt.date | None, indefinite: bool
) -> None:
    values = _values(lines, source)
    assert values["valid_until"] == until
    assert values["indefinite"] is indefinite


def test_zero_in_a_number_is_kept() -> None:
    values = _values(["ДАТА УСТАН0ВЛЕНИЯ ИНВАЛИДНОСТИ", "02.06.2020 г."], "text_layer")
    assert values["established_date"] == D(2020, 6, 2)


LOST_SPACE = [
    pytest.param("2. Дата рождения: 3001 1987", ["1987-01-30"], id="birth-after-colon"),
    pytest.param("Срок действия ИПРА 0107 2027", ["2027-07-01"], id="term-after-word"),
    pytest.param("Дата рождения 2104 1964 г.", ["1964-04-21"], id="with-year-mark"),
    pytest.param("№ 1536 2010", [], id="after-number-sign-not-a-date"),
    pytest.param("паспорт серия 4510 123456", [], id="passport-series-not-a-date"),
    pytest.param("Дата выдачи 1306 2026 г. подпись", [], id="not-the-whole-value-null"),
    pytest.param("Номер 3213 2020", [], id="no-such-month-null"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "dates"), LOST_SPACE)
def test_spaced_date_lost_space(text: str, dates: list[str]) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == dates


POINT_17 = [
    pytest.param(["17. ИПРА инвалида разработана впервые, повторно (нужное подчеркнуть} на срок до: «01»", "сентября 2028 г.", "18. Дата выдачи ИПРА инвалида: 02.06.2026"], D(2028, 9, 1), id="point-17-brace-date-wrapped"),
    pytest.param(["17. ИПРА инвалида разработана впервые, повторно (нужное подчеркнуть) на срок до: 01.06.2027"], D(2027, 6, 1), id="point-17-whole"),
    pytest.param(["17. ИПРА инвалида разработана впервые, повторно (нужное", "18. Дата выдачи ИПРА инвалида: 02.06.2026"], None, id="point-17-cut-no-date-issue-not-taken"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "until"), POINT_17)
def test_point_17_cut(lines: list[str], until: dt.date | None) -> None:
    values = _values(lines, doc_type=DocType.ipra)
    assert values["valid_until"] == until
    assert values["issue_date"] == (D(2026, 6, 2) if len(lines) > 1 else None)


DEGREES = [
    pytest.param(["Степень ограничения способности к трудовой деятельности: _1_"], DocType.ipra, CARD, 1, id="379n-underscored"),
    pytest.param(["Ограничение способности к Степень ограничения", "7, . трудовой деятельности 2"], DocType.ipra, None, 2, id="row-number-with-stray-comma"),
    pytest.param(["Степень ограничения способности к трудовой деятельности: ____"], DocType.ipra, CARD, None, id="blank-rule-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "doc_type", "head", "degree"), DEGREES)
def test_degree_round8(
    lines: list[str], doc_type: DocType, head: list[str] | None, degree: int | None
) -> None:
    assert _values(lines, doc_type=doc_type, head=head)["work_restriction_degree"] == degree
