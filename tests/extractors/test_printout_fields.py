"""Fields of information-system printouts (ЕАВИИАС МСЭ, ФГИС ФРИ extracts), one row per wording.

The printouts ask each fact as a field name («Срок, на который установлена инвалидность,
до:», «Срок, на который разработана ИПРА»), print ordinals («2-я группа»), and lay the IPRA
out as a table whose point 15 names the legal representative in a wrapped label cell.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.group import read_group
from mseflow.reading.page import Line, PageText

from .pages import LINE_H, make_page, words_at

CERT = [
    "Справка, подтверждающая факт установления инвалидности",
    "Серия: МСЭ-2025",
    "Номер: 1402720",
]
IPRA = [
    "Выписка из индивидуальной программы реабилитации или абилитации инвалида",
    "Номер ИПРА 1414.21.64/2026",
]

TERMS = [
    pytest.param(CERT, "Срок, на который установлена инвалидность, до: 1.9.2027", "valid_until", dt.date(2027, 9, 1), id="question-label-with-do"),
    pytest.param(CERT, "Срок, на который установлена инвалидность: до 01.09.2027", "valid_until", dt.date(2027, 9, 1), id="question-label-do-in-the-value"),
    pytest.param(IPRA, "Срок, на который разработана ИПРА 2027-10-01", "valid_until", dt.date(2027, 10, 1), id="fri-ipra-term"),
    pytest.param(IPRA, "Срок, на который разработана ИПРА бессрочно", "indefinite", True, id="fri-ipra-indefinite"),
    pytest.param(IPRA, "ИПРА выдана: 24/08/2026", "issue_date", dt.date(2026, 8, 24), id="ipra-issued-sentence"),
    pytest.param(CERT, "Дата рожд.: 28.9.1983", "birth_date", dt.date(1983, 9, 28), id="birth-abbreviated"),
    pytest.param(["Индивидуальная программа реабилитации или абилитации инвалида"], "ИПРА инвалида № 2679.ЭС.69/2026 к протоколу проведения медико-социальной экспертизы гражданина № 4570.10.86/2026", "document_number", "2679.ЭС.69/2026", id="expert-composition-number"),
    pytest.param(["Индивидуальная программа реабилитации или абилитации инвалида"], "ИПРА инвалида № 12.ЭС3.77/2024 к протоколу № 1.2.77/2024", "document_number", "12.ЭС3.77/2024", id="expert-composition-numbered"),
    pytest.param(["Индивидуальная программа реабилитации инвалида"], "Карта ИПР инвалида № 1829 к акту освидетельствования № 1454 от 2011-06-09", "document_number", "1829", id="379n-card-number"),
    pytest.param(["Индивидуальная программа реабилитации инвалида"], "ИПР инвалида № к акту освидетельствования № 1454 от 2011-06-09", "document_number", None, id="379n-card-number-blank-act-number-not-taken"),
    pytest.param(CERT, "Группа: 2-я группа", "disability_group", 2, id="ordinal-arabic"),
    pytest.param(CERT, "Установлена III-я группа инвалидности", "disability_group", 3, id="ordinal-roman"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "line", "key", "expected"), TERMS)
def test_printout_wordings(head: list[str], line: str, key: str, expected: Any) -> None:
    doc_type = DocType.mse_certificate if head is CERT else DocType.ipra
    values = extract_fields(DocumentSpan(doc_type, [make_page([*head, line])])).values
    assert values[key] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Группа: 2-я группа", 2), ("III-й группы", 3), ("Группа: 12-я", None), ("4-я группа", None)],
)
def test_ordinal_numerals(text: str, expected: int | None) -> None:
    found = read_group(text)
    assert (found[0] if found else None) == expected


def _cells(cells: list[tuple[str, float]], y: float) -> Line:
    return Line(tuple(word for text, x in cells for word in words_at(text, x, y)))


def test_representative_beside_a_wrapped_label_cell_is_not_the_person() -> None:
    rows = [
        [("Индивидуальная программа реабилитации или абилитации инвалида", 40)],
        [("2.", 40), ("Ф.И.О. инвалида", 84), ("Долгих Вадим Игоревич", 284)],
        [("3.", 40), ("Дата рождения инвалида", 84), ("22.10.1969", 284)],
        [("Фамилия, имя, отчество (при наличии)", 84)],
        [("15.", 40), ("законного (уполномоченного)", 84), ("Снегирёва Лилия Тарасовна", 284)],
        [("представителя инвалида", 84)],
    ]
    page = PageText(number=1, source="text_layer", width=595, height=842)
    page.lines = [_cells(row, 40 + i * LINE_H) for i, row in enumerate(rows)]
    result = extract_fields(DocumentSpan(DocType.ipra, [page]))
    assert result.values["full_name"] == "Долгих Вадим Игоревич"


CAUSES = [
    pytest.param(["Причина инвалидности заболевание радиационно обусловленное.", "получено при исполнении обязанностей военной", "службы (служебных обязанностей) в связи о", "катастросрой на Чернобыльской. А9С"], "chernobyl", id="ocr-full-stop-and-spoilt-source"),
    pytest.param(["Причина инвалидности: ЗАБОЛЕВАНИЕ РАДИАЦИОННО", "ОБУСЛОВЛЕННОЕ ПОЛУЧЕНО ПРИ", "ИСПОЛНЕНИИ ОБЯЗАННОСТЕЙ ВОЕННОЙ", "СЛУЖБЫ (СЛУЖЕБНЫХ ОБЯЗАННОСТЕЙ)", "В СВЯЗИ С КАТАСТРОФОЙ НА", "ЧЕРНОБЫЛЬСКОЙ АЭС"], "chernobyl", id="capitals-over-six-lines"),
    pytest.param(["Причина инвалидности заболевание радиационно обусловленное.", "получено при исполнении обязанностей военной"], None, id="source-never-read-null-not-military"),
    pytest.param(["Причина инвалидности: военная травма"], "military_injury", id="plain-military"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), CAUSES)
def test_radiation_causes_are_read_to_their_source(lines: list[str], expected: str | None) -> None:
    page = make_page([CERT[0], *lines])
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["disability_cause"] == expected


ISSUE_DATES = [
    pytest.param(IPRA, ["48 95 `430749, дата выдачи 01.02.1983"], None, id="passport-number-before-its-date"),
    pytest.param(IPRA, ["14. Документ, удостоверяющий личность: паспорт, серия", "48 95 № 430749, дата выдачи 01.02.1983"], None, id="passport-wrapped-point-14"),
    pytest.param(IPRA, ["удос дата выдачи 14.08.1993"], None, id="udostoveryayushchiy-cut-by-ocr"),
    pytest.param(IPRA, ["Дата выдачи 09.01.2018"], dt.date(2018, 1, 9), id="ipra-own-issue-date"),
    pytest.param(CERT, ["Серия МСЭ-2015 № 2431238 Дата выдачи 22.02.2026"], dt.date(2026, 2, 22), id="certificate-series-before-its-own-date"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "lines", "expected"), ISSUE_DATES)
def test_identity_documents_issue_date_is_not_the_documents(
    head: list[str], lines: list[str], expected: dt.date | None
) -> None:
    doc_type = DocType.mse_certificate if head is CERT else DocType.ipra
    page = make_page([*head, *lines])
    assert extract_fields(DocumentSpan(doc_type, [page])).values["issue_date"] == expected


CERT_TITLE = [
    "Бюро № 1 – филиал ФКУ «ГБ МСЭ по Калужской области» Минтруда России",
    "СПРАВКА, ПОДТВЕРЖДАЮЩАЯ ФАКТ УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ",
]
NUMBERS = [
    pytest.param(["СЕРИЯ СПРАВКИ", "МСЭ-2023", "НОМЕР СПРАВКИ", "5477182"], ("МСЭ-2023", "5477182"), id="label-rows-value-below"),
    pytest.param(["Серия справки: МСЭ-2021", "Номер справки: № 0132666"], ("МСЭ-2021", "0132666"), id="label-and-value-on-a-line"),
    pytest.param(["Номер справки", "0132666", "Серия МСЭ-2021"], ("МСЭ-2021", "0132666"), id="number-row-above-the-series"),
    pytest.param(["НОМЕР СПРАВКИ", "54771"], (None, None), id="too-short-no-number"),
    pytest.param(["Номер телефона: 5477182"], (None, None), id="another-number-label"),
    pytest.param(["Номер справки: 5477182/2024"], (None, None), id="another-shape-no-number"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), NUMBERS)
def test_certificate_series_and_number_under_labels_of_their_own(
    lines: list[str], expected: tuple[str | None, str | None]
) -> None:
    span = DocumentSpan(DocType.mse_certificate, [make_page([*CERT_TITLE, *lines])])
    fields = extract_fields(span)
    assert (fields.values.get("document_series"), fields.values.get("document_number")) == expected


ROW_NAMES = [
    pytest.param(["Фамилия Поляков", "Имя Азат", "Отчество Андреевич", "Дата рождения 29.01.1994г."], "Поляков Азат Андреевич", id="fri-name-rows"),
    pytest.param(["ФАМИЛИЯ: ЩУКИНА", "ИМЯ: НАТАЛЬЯ", "Дата рождения: 02.03.1990"], "ЩУКИНА НАТАЛЬЯ", id="no-patronymic-row"),
    pytest.param(["Фамилия Поляков", "Имя Азат", "Отчество (при наличии) Андреевич"], "Поляков Азат Андреевич", id="patronymic-label-with-hint"),
    pytest.param(["2. Фамилия | Ким", "3. Имя | Лан"], "Ким Лан", id="numbered-rows-with-bars"),
    pytest.param(["Фамилия руководителя Иванов", "Имя файла Отчет"], None, id="other-rows-not-a-name"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), ROW_NAMES)
def test_name_printed_a_part_per_labelled_row(lines: list[str], expected: str | None) -> None:
    values = extract_fields(DocumentSpan(DocType.ipra, [make_page([*IPRA, *lines])])).values
    assert values.get("full_name") == expected
