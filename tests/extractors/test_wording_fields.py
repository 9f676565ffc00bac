"""Wording and layout variants of every field, one row per variant, on hand-built pages.

Each row is a short page (certificate or IPRA) as some real printing of the form lays
it out: label wordings of the 1031н certificate, the 486н IPRA (numbered and renumbered),
the old ИПР, FRI printouts; values on the same line, in the next cell, on the next
line; wrapped labels; blank forms with «нужное подчеркнуть». The regression probes of
issue 10 are marked ``probe``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.reading.page import Line, PageText, Word

from .pages import make_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2015 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида,",
    "выдаваемая федеральными государственными учреждениями медико-социальной экспертизы",
    "ИПРА инвалида № 123.4.56/2024 к протоколу проведения",
]


def _values(lines: list[str], doc_type: DocType = DocType.mse_certificate) -> dict[str, Any]:
    head = CERT if doc_type == DocType.mse_certificate else IPRA
    span = DocumentSpan(doc_type, [make_page(head + lines)])
    return extract_fields(span).values


def _cells(rows: list[tuple[str, str]], number: int = 1) -> PageText:
    """A two-column table: label cell at x=40, value cell at x=320, label cells may wrap."""
    page = PageText(number=number, source="text_layer", width=595, height=842)
    y = 40.0
    for label, value in rows:
        parts = label.split(" / ")
        top = y
        for part in parts:
            x = 40.0
            words = []
            for token in part.split():
                words.append(Word(token, (x, y, x + 6 * len(token), y + 12)))
                x += 6 * len(token) + 6
            page.lines.append(Line(tuple(words)))
            y += 16
        vy = top + (len(parts) - 1) * 8
        x = 320.0
        words = []
        for token in value.split():
            words.append(Word(token, (x, vy, x + 6 * len(token), vy + 12)))
            x += 6 * len(token) + 6
        if words:
            page.lines.append(Line(tuple(words)))
        y += 8
    page.lines.sort(key=lambda line: (line.bbox[1], line.bbox[0]))
    return page


NAMES = [
    pytest.param(["Фамилия, имя, отчество: Иванов Иван Иванович"], "Иванов Иван Иванович", id="1031n-label"),
    pytest.param(["Фамилия, имя, отчество (при наличии): ИВАНОВА ОЛЬГА ПЕТРОВНА"], "ИВАНОВА ОЛЬГА ПЕТРОВНА", id="upper"),
    pytest.param(["2. Фамилия, имя, отчество (при", "наличии): Соловьёва Мария Ивановна"], "Соловьёва Мария Ивановна", id="probe-wrapped-label"),
    pytest.param(["Выдана Соловьёвой Марии Ивановне", "(фамилия, имя, отчество)"], "Соловьёва Мария Ивановна", id="probe-vydana-dative"),
    pytest.param(["Выдана ИВАНОВУ ПЕТРУ СЕРГЕЕВИЧУ"], "ИВАНОВ ПЕТР СЕРГЕЕВИЧ", id="vydana-upper"),
    pytest.param(["Фамилия, имя, отчество:", "Петрова-Водкина Анна Сергеевна"], "Петрова-Водкина Анна Сергеевна", id="next-line-hyphenated"),
    pytest.param(["Ф.И.О.: Ким Ирина"], "Ким Ирина", id="no-patronymic"),
    pytest.param(["Ф.И.О.: Абрамян Ашот Ервандович"], "Абрамян Ашот Ервандович", id="non-slavic"),
    pytest.param(["Настоящая справка выдана гражданину Смирнову Алексею Олеговичу"], "Смирнов Алексей Олегович", id="prose-dative"),
    pytest.param(["ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО: Семёнов Фёдор Ильич"], "Семёнов Фёдор Ильич", id="upper-label-yo"),
    pytest.param(["Гражданка Лебедева Анна Викторовна, 03.11.1975 г.р., признана инвалидом"], "Лебедева Анна Викторовна", id="prose-letter"),
    pytest.param(["2. Фамилия, имя, отчество (при наличии): Орлов Пётр Ильич", "15. Фамилия, имя, отчество (при наличии) законного (уполномоченного)", "представителя инвалида: Орлова Анна Павловна"], "Орлов Пётр Ильич", id="486n-p15-representative"),
    pytest.param(["Фамилия, имя, отчество: Орлов Пётр Ильич", "Фамилия, имя, отчество законного представителя: Орлова Анна Павловна"], "Орлов Пётр Ильич", id="representative-one-line"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), NAMES)
def test_names(lines: list[str], expected: str) -> None:
    assert _values(lines)["full_name"] == expected


DATES = [
    pytest.param(["Дата рождения: 2024-02-01"], "birth_date", dt.date(2024, 2, 1), id="iso"),
    pytest.param(["Дата рождения: 01 февр. 1980 г."], "birth_date", dt.date(1980, 2, 1), id="abbrev-month"),
    pytest.param(["Дата рождения: 01 02 1980"], "birth_date", dt.date(1980, 2, 1), id="spaced"),
    pytest.param(["Дата рождения:", "«15» марта 1984 года"], "birth_date", dt.date(1984, 3, 15), id="next-line"),
    pytest.param(["Лебедева Анна Викторовна, 03.11.1975 г.р."], "birth_date", dt.date(1975, 11, 3), id="prose-gr"),
    pytest.param(["выдана Петрову Ивану Сергеевичу, родившемуся 3 ноября 1975 года"], "birth_date", dt.date(1975, 11, 3), id="prose-born"),
    pytest.param(["Инвалидность установлена с 01.02.2024 до 01.03.2025"], "established_date", dt.date(2024, 2, 1), id="probe-two-dates-start"),
    pytest.param(["Инвалидность установлена с 01.02.2024 до 01.03.2025"], "valid_until", dt.date(2025, 3, 1), id="probe-two-dates-end"),
    pytest.param(["Дата установления инвалидности: 01.02.2024"], "established_date", dt.date(2024, 2, 1), id="established"),
    pytest.param(["Инвалидность установлена на срок до 01.03.2025"], "valid_until", dt.date(2025, 3, 1), id="until"),
    pytest.param(["Дата очередного освидетельствования: 15 февраля 2025 г."], "reexamination_date", dt.date(2025, 2, 15), id="reexam"),
    pytest.param(["Дата выдачи справки: 01.02.2024г."], "issue_date", dt.date(2024, 2, 1), id="issue-glued-g"),
    pytest.param(["Дата выдачи справки: б августа 2026 г."], "issue_date", dt.date(2026, 8, 6), id="ocr-day-letter"),
    pytest.param(["Инвалидность установлена на срок до 01.03.2025", "Инвалидность установлена с 01.02.2024"], "established_date", dt.date(2024, 2, 1), id="label-not-fuzzy"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), DATES)
def test_dates(lines: list[str], key: str, expected: dt.date) -> None:
    assert _values(lines)[key] == expected


IPRA_ROWS = [
    pytest.param(["17. ИПРА инвалида разработана впервые на срок до: 01.06.2027"], "valid_until", dt.date(2027, 6, 1), id="486n-p17"),
    pytest.param(["16. ИПРА инвалида разработана повторно на срок до: 01.06.2027"], "valid_until", dt.date(2027, 6, 1), id="renumbered-p16"),
    pytest.param(["18. Дата выдачи ИПРА инвалида: 12.05.2024"], "issue_date", dt.date(2024, 5, 12), id="486n-p18"),
    pytest.param(["ИПРА инвалида разработана впервые бессрочно"], "indefinite", True, id="ipra-indefinite"),
    pytest.param(["3. Дата рождения: 03.11.1975 день ___ месяц прописью ___ год ___"], "birth_date", dt.date(1975, 11, 3), id="486n-p3-hint"),
    pytest.param(["13. СНИЛС: 112-233-445 95"], "snils", "112-233-445 95", id="snils"),
    pytest.param(["13. Страховой номер индивидуального лицевого счета: 11223344595"], "snils", "112-233-445 95", id="snils-long-label"),
    pytest.param(["13. СНИЛС: 112-233-445 96"], "snils", None, id="snils-bad-check"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), IPRA_ROWS)
def test_ipra_rows(lines: list[str], key: str, expected: Any) -> None:
    assert _values(lines, DocType.ipra)[key] == expected


TERM = [
    pytest.param(["Инвалидность установлена бессрочно"], True, None, id="indefinite"),
    pytest.param(["Инвалидность установлена на срок до: бессрочно"], True, None, id="indefinite-value"),
    pytest.param(["на срок до ______ / бессрочно (нужное подчеркнуть)"], False, None, id="probe-option-line"),
    pytest.param(["на срок до ______ / бессрочно (нужное подчеркнуть)", "Инвалидность установлена на срок до 01.03.2025"], False, dt.date(2025, 3, 1), id="probe-date-wins"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "indefinite", "until"), TERM)
def test_term(lines: list[str], indefinite: bool, until: dt.date | None) -> None:
    values = _values(lines)
    assert (values["indefinite"], values["valid_until"]) == (indefinite, until)


INCAPABLE = [
    pytest.param(["Заключение о трудоспособности: нетрудоспособен"], True, id="cert-conclusion"),
    pytest.param(["Заключение: полностью неспособен к трудовой деятельности"], True, id="ipra-conclusion"),
    pytest.param(["Заключение о трудоспособности:", "трудовая деятельность противопоказана"], True, id="next-line"),
    pytest.param(["Рекомендации о показанных и противопоказанных видах трудовой", "деятельности с учетом нарушенных функций", "Противопоказанные виды трудовой деятельности", "Трудовая деятельность противопоказана в ночное время"], False, id="probe-heading-order"),
    pytest.param(["Рекомендации о противопоказанных видах трудовой деятельности", "противопоказана работа на высоте"], False, id="probe-title-join"),
    pytest.param(["Заключение о трудоспособности: нетрудоспособность не установлена"], False, id="not-established"),
    pytest.param(["Заключение о трудоспособности: не лишен трудоспособности"], False, id="not-deprived"),
    pytest.param(["Заключение о трудоспособности: не нетрудоспособен"], False, id="ne"),
    pytest.param(["Заключение: период временной нетрудоспособности не учитывается"], False, id="probe-temporary"),
    pytest.param(["Листок нетрудоспособности № 123 закрыт"], False, id="probe-sick-leave"),
    pytest.param(["Заключение: лист нетрудоспособности выдан"], False, id="probe-sick-list"),
    pytest.param(["Полностью неспособен к трудовой деятельности"], False, id="unlabelled-prose"),
    pytest.param(["[x] Полностью неспособен к трудовой деятельности"], True, id="ticked-option"),
    pytest.param(["[ ] Полностью неспособен к трудовой деятельности"], False, id="unticked-option"),
    pytest.param(["Мероприятия Заключение о нуждаемости Исполнитель"], False, id="sections-head"),
    pytest.param(["Заключение: трудовая деятельность противопоказана / доступна (нужное подчеркнуть)"], False, id="unmarked-option-line"),
    pytest.param(["Мероприятия Заключение о нуждаемости Исполнитель", "Заключение: Трудовая деятельность противопоказана"], True, id="exact-label-beats-fuzzy"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), INCAPABLE)
def test_incapable(lines: list[str], expected: bool) -> None:
    assert _values(lines, DocType.ipra)["incapable_of_work"] is expected


CAUSES = [
    pytest.param("общее заболевание", "general_disease", id="general"),
    pytest.param("Заболевание получено в период военной службы", "military_injury", id="military-service"),
    pytest.param("ВОЕННАЯ ТРАВМА", "military_injury", id="military-trauma"),
    pytest.param("заболевание связано с катастрофой на Чернобыльской АЭС", "chernobyl", id="chernobyl"),
    pytest.param("заболевание получено при исполнении обязанностей военной службы в связи с катастрофой на Чернобыльской АЭС", "chernobyl", id="chernobyl-military"),
    pytest.param("заболевание связано с аварией на производственном объединении «Маяк»", "other", id="mayak"),
    pytest.param("заболевание связано с последствиями радиационных воздействий вследствие ядерных испытаний на Семипалатинском полигоне", "other", id="semipalatinsk"),
    pytest.param("заболевание получено при исполнении обязанностей военной службы, связано с непосредственным участием в действиях подразделений особого риска", "other", id="special-risk"),
    pytest.param("инвалидность с детства", "since_childhood", id="childhood"),
    pytest.param("профессиональное заболевание", "occupational_disease", id="occupational"),
    pytest.param("трудовое увечье", "work_injury", id="work-injury"),
    pytest.param("заболевание вследствие неизвестного события", "other", id="unknown-labelled"),
    pytest.param("____________", None, id="blank"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CAUSES)
def test_causes(text: str, expected: str | None) -> None:
    assert _values([f"Причина инвалидности: {text}"])["disability_cause"] == expected


GROUPS = [
    pytest.param(["Группа инвалидности: вторая"], 2, id="spelled"),
    pytest.param(["Группа инвалидности: I, II, III (нужное подчеркнуть)"], None, id="option-line"),
    pytest.param(["Группа инвалидности:", "II (вторая)"], 2, id="next-line"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), GROUPS)
def test_groups(lines: list[str], expected: int | None) -> None:
    assert _values(lines)["disability_group"] == expected


ISSUERS = [
    pytest.param(["Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России"], "Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России", id="one-line"),
    pytest.param(["Бюро медико-социальной экспертизы № 12 –", "филиал ФКУ «ГБ МСЭ по Тверской", "области» Минтруда России"], "Бюро медико-социальной экспертизы № 12 – филиал ФКУ «ГБ МСЭ по Тверской области» Минтруда России", id="three-lines"),
    pytest.param(["Федеральное казенное учреждение «Главное бюро медико-социальной экспертизы", "по Омской области» Министерства труда и социальной защиты", "Российской Федерации", "(наименование федерального государственного учреждения медико-социальной экспертизы)"], "Федеральное казенное учреждение «Главное бюро медико-социальной экспертизы по Омской области» Министерства труда и социальной защиты Российской Федерации", id="full-name-hint"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), ISSUERS)
def test_issuers(lines: list[str], expected: str) -> None:
    span = DocumentSpan(DocType.mse_certificate, [make_page(lines + CERT)])
    assert extract_fields(span).values["issuer"] == expected


def test_table_cells_printout() -> None:
    """FRI-style printout: label cell | value cell, a label cell wrapped over two lines."""
    page = _cells(
        [
            ("Справка, подтверждающая факт установления инвалидности", ""),
            ("Серия МСЭ-2015 № 2431238", ""),
            ("ФИО:", "Лебедева Анна Викторовна"),
            ("Дата рождения:", "03.11.1975"),
            ("Группа инвалидности:", "Вторая группа"),
            ("Причина инвалидности:", "общее заболевание"),
            ("Инвалидность установлена на / срок до:", "01.06.2027"),
            ("Дата проведения очередного / переосвидетельствования:", "01.05.2027"),
        ]
    )
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["full_name"] == "Лебедева Анна Викторовна"
    assert values["birth_date"] == dt.date(1975, 11, 3)
    assert values["disability_group"] == 2
    assert values["disability_cause"] == "general_disease"
    assert values["valid_until"] == dt.date(2027, 6, 1)
    assert values["reexamination_date"] == dt.date(2027, 5, 1)


MORE_DATES = [
    pytest.param(["Срок действия: с 01.02.2024 по 01.03.2025"], "valid_until", dt.date(2025, 3, 1), DocType.mse_certificate, id="printout-term-range"),
    pytest.param(["14. Документ, удостоверяющий личность: паспорт, кем выдан: ОВД, дата выдачи: 01.02.2010", "18. Дата выдачи ИПРА инвалида: 12.05.2024"], "issue_date", dt.date(2024, 5, 12), DocType.ipra, id="ipra-p14-passport-date"),
    pytest.param(["14. Паспорт, дата выдачи: 01.02.2010"], "issue_date", None, DocType.ipra, id="passport-date-only"),
    pytest.param(["1. Дата разработки ИПРА инвалида: 10.05.2024"], "issue_date", None, DocType.ipra, id="development-date-is-not-issue"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected", "doc_type"), MORE_DATES)
def test_more_dates(lines: list[str], key: str, expected: Any, doc_type: DocType) -> None:
    assert _values(lines, doc_type)[key] == expected


def test_p17_instruction_is_not_indefinite() -> None:
    lines = [
        "17. ИПРА инвалида разработана впервые, повторно (нужное подчеркнуть) на срок до: 01.06.2027",
        "(после предлога «до» указывается первое число месяца, следующего за тем месяцем, на который",
        "назначено переосвидетельствование, либо делается запись «бессрочно»)",
    ]
    values = _values(lines, DocType.ipra)
    assert (values["indefinite"], values["valid_until"]) == (False, dt.date(2027, 6, 1))


def test_ipra_degree_table_cells() -> None:
    """486н point 16 table: «способности к трудовой деятельности:» wraps, its degree cell is centred."""
    page = _cells(
        [
            ("Индивидуальная программа реабилитации или абилитации инвалида", ""),
            ("ИПРА инвалида № 77.1.12/2024 к протоколу", ""),
            ("2. Фамилия, имя, отчество (при / наличии):", "Орлова Нина Павловна"),
            ("13. Страховой номер индивидуального / лицевого счета:", "112-233-445 95"),
            ("способности к самообслуживанию:", "1"),
            ("способности к трудовой / деятельности:", "2"),
            ("способности к контролю за своим / поведением:", "1"),
            ("18. Дата выдачи ИПРА инвалида:", "12 мая 2024 г."),
        ]
    )
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert values["full_name"] == "Орлова Нина Павловна"
    assert values["snils"] == "112-233-445 95"
    assert values["work_restriction_degree"] == 2
    assert values["issue_date"] == dt.date(2024, 5, 12)
    assert values["document_number"] == "77.1.12/2024"


NUMBERS = [
    pytest.param(["Серия МСЭ-2015 № 2431238"], ("МСЭ-2015", "2431238"), id="one-line"),
    pytest.param(["СЕРИЯ МСЭ-2011 N 0123456"], ("МСЭ-2011", "0123456"), id="upper-N"),
    pytest.param(["Серия МСЭ-2015", "№ 2431238"], ("МСЭ-2015", "2431238"), id="number-next-line"),
    pytest.param(["Серия: МСЭ-2015", "Номер: 2431238"], ("МСЭ-2015", "2431238"), id="printout-cells"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), NUMBERS)
def test_certificate_numbers(lines: list[str], expected: tuple[str, str]) -> None:
    span = DocumentSpan(DocType.mse_certificate, [make_page([CERT[0], *lines])])
    v = extract_fields(span).values
    assert (v["document_series"], v["document_number"]) == expected


def test_ocr_exact_label_beats_a_longer_fuzzy_one() -> None:
    """On OCR text «Заключение:» is exact; «заключение о трудовой деятельности» only fuzzy."""
    lines = [*IPRA, "Заключение: Трудовая деятельность противопоказана"]
    page = make_page(lines, source="ocr", confidence=0.95)
    assert extract_fields(DocumentSpan(DocType.ipra, [page])).values["incapable_of_work"] is True
