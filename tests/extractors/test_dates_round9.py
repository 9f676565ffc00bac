"""Dates and terms, round 9: one row per real wording or layout of the documents' dates.

Rows built by hand (synthetic lines with consistent boxes, :mod:`tests.extractors.pages`),
each standing for a printed form or a way it is filled in or read:

* the 1031н certificate (Приказ Минздравсоцразвития № 1031н, Приложение № 1): «Дата выдачи
  справки», «Дата установления инвалидности», «Дата очередного освидетельствования»,
  «Инвалидность установлена на срок до ____, бессрочно (нужное подчеркнуть)»;
* compact blanks and printouts: abbreviated field names («Дата уст. инв.», «Очер. освид.»),
  the short term line «Срок: до ____ / бессрочно», the chosen option marked with a typed «X»,
  dates typed one character per box («2 2 . 0 2 . 2 0 2 5»);
* the 486н IPRA (Приказ Минтруда № 486н, Приложение № 2): point 1 / 18 «Дата выдачи»,
  point 17 «… разработана впервые / повторно (нужное подчеркнуть) на срок до: …», the
  header's «к протоколу проведения медико-социальной экспертизы гражданина № … от …»;
* the old 379н card (Приказ № 379н, Приложение № 1): «ИПР разработана на срок …»;
* decoys: the identity document's «дата выдачи», a print or export date in a header or a
  footer, a rehabilitation measure's «Срок исполнения: до …»;
* OCR damage: a term's «01» read as «91» (the term ends on the first of a month,
  Постановление № 588, п. 13), «(нужное подчеркнуть}» read with a brace.

A wrong date is worse than a null: rows that cannot be bound safely expect None.
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
HEADS = {
    "cert": (DocType.mse_certificate, CERT),
    "ipra": (DocType.ipra, IPRA),
    "card": (DocType.ipra, CARD),
}
D = dt.date


def _values(
    lines: list[str], form: str = "cert", source: PageSource = "text_layer"
) -> dict[str, Any]:
    doc_type, head = HEADS[form]
    page = make_unsure_page([*head, *lines], source, {})
    return extract_fields(DocumentSpan(doc_type, [page])).values


CELLS = [
    pytest.param("Дата выдачи 2 3 . 0 2 . 2 0 2 5", ["2025-02-23"], id="cells-with-dots"),
    pytest.param("2 0 .0 1 .1 9 6 7", ["1967-01-20"], id="cells-dot-beside-digit"),
    pytest.param("2 2 0 2 2 0 2 5", ["2025-02-22"], id="cells-without-dots"),
    pytest.param("| 2 | 2 | . | 0 | 2 | . | 2 | 0 | 2 | 5 |", ["2025-02-22"], id="cells-read-with-rules"),
    pytest.param("№ / No. 5 4 2 7 7 3 4", [], id="number-in-cells-not-a-date"),
    pytest.param("5 3 1 6 9 8 7 5 0 3 1", [], id="snils-in-cells-not-a-date"),
    pytest.param("2 5 . 9 9 2 0 2 6", [], id="separator-out-of-place-null"),
    pytest.param("1 2 3 4 2 0 2 5", [], id="no-such-month-null"),
]  # fmt: skip


LOST_DOT = [
    pytest.param("Дата выдачи ИПРА 0412.2022", ["2022-12-04"], id="first-dot-lost"),
    pytest.param("Протокол проведения МСЭ № 2586.12.75/2022 от 04.122022 г.", ["2022-12-04"], id="second-dot-lost"),
    pytest.param("Дата рождения 04.041997 трудовая деятельность", [], id="not-the-whole-value-null"),
    pytest.param("Номер 1234.2022", [], id="number-not-a-date"),
    pytest.param("Дата выдачи: 3212.2022", [], id="no-such-day-null"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "dates"), LOST_DOT)
def test_dotted_date_lost_dot(text: str, dates: list[str]) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == dates


@pytest.mark.parametrize(("text", "dates"), CELLS)
def test_dates_in_boxed_cells(text: str, dates: list[str]) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == dates


BOXED_CERT = [
    "Дата рожд. 2 0 . 0 1 . 1 9 6 7",
    "Дата уст. инв. 2 2 . 0 2 . 2 0 2 5",
    "Срок: до 0 1 . 0 3 . 2 0 2 7 бессрочно",
    "Очер. освид. 1 0 . 0 2 . 2 0 2 7",
    "Дата выдачи 2 3 . 0 2 . 2 0 2 5",
]


def test_boxed_certificate() -> None:
    values = _values(BOXED_CERT)
    assert values["birth_date"] == D(1967, 1, 20)
    assert values["established_date"] == D(2025, 2, 22)
    assert values["valid_until"] == D(2027, 3, 1)
    assert values["indefinite"] is False
    assert values["reexamination_date"] == D(2027, 2, 10)
    assert values["issue_date"] == D(2025, 2, 23)


ISSUE = [
    pytest.param(["Дата выдачи справки 05.09.2026 г."], "cert", "text_layer", D(2026, 9, 5), id="1031n-issue-line"),
    pytest.param(["Дата выдачи справки: «05» сентября 2026 г."], "cert", "text_layer", D(2026, 9, 5), id="1031n-spelled-quoted-day"),
    pytest.param(["Дата выдачи справки 05 сент. 2026 г."], "cert", "text_layer", D(2026, 9, 5), id="1031n-abbreviated-month"),
    pytest.param(["Дата выдачи справки «05» сентября", "2026 г."], "cert", "text_layer", D(2026, 9, 5), id="1031n-date-wrapped"),
    pytest.param(["Дата выдачи справки", "05.09.2026"], "cert", "text_layer", D(2026, 9, 5), id="1031n-value-next-line"),
    pytest.param(["«05» сентября 2026 г.", "(дата выдачи)"], "cert", "text_layer", D(2026, 9, 5), id="caption-under-value"),
    pytest.param(["05.09.2026", "(дата выдачи справки)"], "cert", "ocr", D(2026, 9, 5), id="caption-under-value-ocr"),
    pytest.param(["с 01.09.2026 по 01.09.2027", "(дата выдачи)"], "cert", "text_layer", None, id="caption-under-two-dates-null"),
    pytest.param(["Дата выд. 05.09.2026"], "cert", "text_layer", D(2026, 9, 5), id="printout-abbreviated-label"),
    pytest.param(["Дата выдачи справки", "Руководитель бюро медико-социальной экспертизы"], "cert", "text_layer", None, id="1031n-blank-null"),
    pytest.param(["ЕАВИИАС МСЭ, версия 4.10.1 · печать 02.04.2026 08:05 · запрос № 991692"], "cert", "text_layer", None, id="print-header-not-issue"),
    pytest.param(["Дата печати: 07.03.2026"], "cert", "text_layer", None, id="print-date-not-issue"),
    pytest.param(["ИПРА № 2170.36.20/2026 · сформировано 04.09.2026 Лист 1 из 2"], "ipra", "text_layer", None, id="export-footer-not-issue"),
    pytest.param(["1. Дата выдачи: 2026-09-09"], "ipra", "text_layer", D(2026, 9, 9), id="486n-point-1-iso"),
    pytest.param(["18. Дата выдачи ИПРА инвалида: 09.01.2018"], "ipra", "text_layer", D(2018, 1, 9), id="486n-point-18"),
    pytest.param(["2312.31.83/2026 от 08.09.2026", "1. Дата выдачи: 09.09.2026"], "ipra", "text_layer", D(2026, 9, 9), id="486n-issue-not-protocol"),
    pytest.param(["Протокол проведения МСЭ № 3684.26.56/2026 от 26.09.2026"], "ipra", "text_layer", None, id="protocol-alone-not-issue"),
    pytest.param(["ИПРА инвалида выдана повторно", "Дата выдачи: 12.03.2026"], "ipra", "text_layer", D(2026, 3, 12), id="486n-issued-again-then-date"),
    pytest.param(["14. Паспорт серия 48 95 № 462475, дата выдачи 20.10.1991"], "ipra", "text_layer", None, id="identity-document-issue-not-taken"),
    pytest.param(["Карта ИПР № 524.9.11/2012 к акту освидетельствования № 3666 от 10.01.2012", "Дата выдачи: 10.01.2012"], "card", "text_layer", D(2012, 1, 10), id="379n-card-issue"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "form", "source", "issue"), ISSUE)
def test_issue_date_round9(
    lines: list[str], form: str, source: PageSource, issue: dt.date | None
) -> None:
    assert _values(lines, form, source)["issue_date"] == issue


TERM = [
    pytest.param(["Инвалидность установлена на срок до 01.09.2027 г."], "cert", "text_layer", D(2027, 9, 1), False, id="1031n-term-dated"),
    pytest.param(["Инвалидность установлена на срок до «01» октября 2027 г."], "cert", "text_layer", D(2027, 10, 1), False, id="1031n-term-spelled"),
    pytest.param(["Инвалидность установлена бессрочно"], "cert", "text_layer", None, True, id="1031n-indefinite"),
    pytest.param(["Инвалидность установлена на срок до ______ / бессрочно (нужное подчеркнуть)"], "cert", "text_layer", None, False, id="1031n-blank-options-nothing"),
    pytest.param(["Срок: до 01.03.2027 / бессрочно"], "cert", "text_layer", D(2027, 3, 1), False, id="short-term-line-dated"),
    pytest.param(["Срок инвалидности — до 01 03 2027"], "cert", "text_layer", D(2027, 3, 1), False, id="short-term-line-spaced"),
    pytest.param(["Срок: до ______ X бессрочно"], "cert", "text_layer", None, True, id="short-term-line-typed-x"),
    pytest.param(["Срок: до ______ [V] бессрочно"], "cert", "text_layer", None, True, id="short-term-line-typed-v"),
    pytest.param(["Срок: до ______ / бессрочно"], "cert", "text_layer", None, False, id="short-term-line-unmarked"),
    pytest.param(["Инвалидность у насрокдо 1 сентября 2028 г."], "cert", "ocr", D(2028, 9, 1), False, id="ocr-label-damaged-term-words-kept"),
    pytest.param(["Инвалидность установлена на срок до ______ , бессрочно"], "cert", "ocr", None, False, id="ocr-blank-term-words-nothing"),
    pytest.param(["Реконструктивная хирургия нуждается", "Срок исполнения: до 20.10.2025"], "ipra", "text_layer", None, False, id="486n-measure-term-not-the-ipra"),
    pytest.param(["17. ИПРА инвалида разработана впервые / повторно (нужное подчеркнуть) на срок до: 2027-09-01"], "ipra", "text_layer", D(2027, 9, 1), False, id="486n-point-17-iso"),
    pytest.param(["17. ИПРА инвалида разработана впервые / повторно (нужное подчеркнуть} на срок до: бессрочно"], "ipra", "ocr", None, True, id="486n-point-17-brace-indefinite"),
    pytest.param(["ИПР разработана на срок: бессрочно"], "card", "text_layer", None, True, id="379n-card-indefinite"),
    pytest.param(["ИПР разработана на срок до 01.02.2013"], "card", "text_layer", D(2013, 2, 1), False, id="379n-card-dated"),
    pytest.param(["Инвалидность установлена на срок до 91.02.2027"], "cert", "ocr", D(2027, 2, 1), False, id="ocr-term-first-read-91"),
    pytest.param(["Инвалидность установлена на срок до 91.02.2027"], "cert", "text_layer", None, False, id="text-layer-91-no-repair"),
    pytest.param(["Инвалидность установлена на срок до 31.02.2027"], "cert", "ocr", None, False, id="ocr-no-such-day-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "form", "source", "until", "indefinite"), TERM)
def test_term_round9(
    lines: list[str], form: str, source: PageSource, until: dt.date | None, indefinite: bool
) -> None:
    values = _values(lines, form, source)
    assert values["valid_until"] == until
    assert values["indefinite"] is indefinite


ABBREVIATED = [
    pytest.param(["Дата уст. инв. 22.02.2025"], "established_date", D(2025, 2, 22), id="established-abbreviated"),
    pytest.param(["Дата установления инвалидности 31.08.2026 г."], "established_date", D(2026, 8, 31), id="established-1031n"),
    pytest.param(["Очер. освид. 10.02.2027"], "reexamination_date", D(2027, 2, 10), id="reexamination-abbreviated"),
    pytest.param(["Дата очередного освидетельствования 24.08.2027 г."], "reexamination_date", D(2027, 8, 24), id="reexamination-1031n"),
    pytest.param(["31.08.2026", "(дата установления инвалидности)"], "established_date", D(2026, 8, 31), id="established-caption-under-value"),
    pytest.param(["24.08.2027 г.", "(дата очередного освидетельствования)"], "reexamination_date", D(2027, 8, 24), id="reexamination-caption-under-value"),
    pytest.param(["Дата очередного освидетельствования 91.02.2027"], "reexamination_date", None, id="reexamination-91-not-repaired"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "value"), ABBREVIATED)
def test_labelled_dates_round9(lines: list[str], key: str, value: dt.date | None) -> None:
    assert _values(lines, "cert", "ocr")[key] == value


FILLED_TERM = [
    pytest.param(["Срок: до 01.03.2027 бессрочно"], D(2027, 3, 1), False, id="date-typed-into-do"),
    pytest.param(["Инвалидность установлена на срок до 01.03.2027 бессрочно"], D(2027, 3, 1), False, id="form-line-filled"),
    pytest.param(["Срок: до ______ бессрочно"], None, None, id="nothing-filled-unmarked"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "until", "indefinite"), FILLED_TERM)
def test_filled_dated_option_wins_over_unmarked_indefinite(
    lines: list[str], until: D | None, indefinite: bool | None
) -> None:
    values = _values(lines)
    assert values.get("valid_until") == until
    if indefinite is not None:
        assert values["indefinite"] is indefinite
    else:
        assert values.get("indefinite") is not True
