"""Names, birth dates, document numbers and types: the round-5 wordings, layouts and OCR doubts.

One row per real wording, layout or OCR fault, on hand-written synthetic lines. A word
may carry its OCR confidence as ``word@0.55`` (others: 0.93 on OCR pages, 1.0 on a text
layer). Rows whose expected value is ``None`` must give no value: a confident wrong
name, number or date is worse than a null.

Sources of the wordings: Order 1031н Appendix 1 (certificate: «Выдана …», the blank's
«(фамилия, имя, отчество (при наличии))», a grid of label-over-value cells), Order 486н
Appendix 2 (IPRA: point 2 the person's name, point 15 «Фамилия, имя, отчество (при
наличии) законного (уполномоченного) представителя», the head line «ИПРА инвалида № … к
протоколу проведения медико-социальной экспертизы гражданина № …»).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.classify import split_documents
from mseflow.extractors.names import in_dictionary_as_name, spelt_with_yo, to_nominative
from mseflow.reading.page import Line, PageSource, PageText, Word

CHAR_W = 6.0
LINE_H = 20.0
LEFT = 40.0

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2021 № 1234567"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида,",
    "выдаваемая федеральными государственными учреждениями медико-социальной экспертизы",
    "ИПРА инвалида № 123.4.56/2024 к протоколу проведения медико-социальной",
    "экспертизы гражданина № 99.1.2/2024 от 01.02.2024",
]


def _page(lines: list[str], source: PageSource, number: int = 1) -> PageText:
    """``lines`` top to bottom; ``word@0.55`` sets one word's OCR confidence."""
    default = 0.93 if source == "ocr" else 1.0
    page = PageText(number=number, source=source, width=595, height=842)
    for i, text in enumerate(lines):
        x, y, words = LEFT, 40 + i * LINE_H, []
        for token in text.split():
            word, _, conf = token.partition("@") if "@" in token[1:] else (token, "", "")
            width = CHAR_W * len(word)
            words.append(Word(word, (x, y, x + width, y + 12), float(conf) if conf else default))
            x += width + CHAR_W
        if words:
            page.lines.append(Line(tuple(words)))
    return page


def _values(lines: list[str], source: PageSource, doc_type: DocType) -> dict[str, Any]:
    head = CERT if doc_type == DocType.mse_certificate else IPRA
    page = _page(head + lines, source)
    return extract_fields(DocumentSpan(doc_type, [page])).values


C, I = DocType.mse_certificate, DocType.ipra  # noqa: E741

NAMES = [
    # the person's name, never the legal representative's (486н point 15, its label wrapped)
    pytest.param(["2. Фамилия, имя, отчество (при наличии): Хабибуллин Фёдор Ринатович", "3. Дата рождения: 04 марта 1963 г.", "15. Фамилия, имя, отчество (при наличии) законного (уполномоченного)", "представителя: Дьячкова-Нагорная Варвара Ефимовна"], "text_layer", I, "Хабибуллин Фёдор Ринатович", id="486n-representative-label-wraps"),
    pytest.param(["15. Фамилия, имя, отчество (при наличии) законного (уполномоченного)", "представителя: Дьячкова-Нагорная Варвара Ефимовна"], "text_layer", I, None, id="null-only-the-representative"),
    # adjectival surnames in the dative after «Выдана»: the dictionary's adjective says the ending
    pytest.param(["Выдана Заречной Серафиме Ринатовне", "(фамилия, имя, отчество (при наличии))", "Дата рождения 13 12 1990"], "text_layer", C, "Заречная Серафима Ринатовна", id="vydana-adjectival-surname-woman"),
    pytest.param(["Выдана гражданину Федосееву-Нагорному Никите Гордеевичу, родившемуся 07.12.1984, в том,"], "text_layer", C, "Федосеев-Нагорный Никита Гордеевич", id="prose-double-surname-adjectival-part"),
    pytest.param(["Выдана", "Береговому-Водкину Артёму Фомичу"], "text_layer", C, "Береговой-Водкин Артём Фомич", id="vydana-next-line-stressed-adjectival"),
    pytest.param(["Выдана БЕРЕГОВОЙ ДАРЬЕ ЕФИМОВНЕ", "Дата рождения: 10.01.1994"], "text_layer", C, None, id="null-beregova-or-beregovaya"),
    # a two-letter surname is no OCR scrap; a scrap of a split word still is
    pytest.param(["Выдана гражданке Ли Гульнаре Ефимовне, родившейся 1959-06-27, в том, что ей"], "ocr", C, "Ли Гульнара Ефимовна", id="ocr-two-letter-surname"),
    pytest.param(["Фамилия, имя, отчество: БО НДАРЕНКО ИРИНА"], "ocr", C, None, id="null-ocr-scrap-of-a-split-surname"),
    # OCR's doubt: the least sure word decides; the dictionary only raises
    pytest.param(["Выдана ЖУРАВЛЁВА-ШЕДРИНА@0.56 СЕРАФИМА РИНАТОВНА"], "ocr", C, None, id="null-doubtful-word-shch-read-sh"),
    pytest.param(["Фамилия, имя, отчество: Муравьёв@0.67 Матвей"], "ocr", C, "Муравьёв Матвей", id="doubtful-word-the-dictionary-knows"),
    pytest.param(["Фамилия, имя, отчество: ОЛЬШАНСКАЯ-БЕЛОЗЕРСКАЯ@0.5 УЛЬЯНА АНДРЕЕВНА"], "ocr", C, "ОЛЬШАНСКАЯ-БЕЛОЗЕРСКАЯ УЛЬЯНА АНДРЕЕВНА", id="doubtful-adjectival-surname-in-dictionary"),
    pytest.param(["Фамилия, имя, отчество: Нурмагомедов@0.92 Генрих@0.93"], "ocr", C, "Нурмагомедов Генрих", id="clean-name-no-patronymic"),
    pytest.param(["Фамилия, имя, отчество: Эрдниева@0.91 Гульнара@0.93"], "ocr", C, "Эрдниева Гульнара", id="clean-non-slavic-surname-outside-dictionary"),
    pytest.param(["Фамилия, имя, отчество: Долгих Фёдор >.@0.2 Семёнович"], "ocr", C, "Долгих Фёдор Семёнович", id="litter-between-name-words-is-no-doubt"),
    pytest.param(["Елкин Фёдор Фомич", "Дата рождения: 05.08.1960"], "ocr", C, None, id="null-lost-yo-in-a-name-printing-yo"),
    pytest.param(["Фамилия, имя, отчество: Елкин Фёдор Фомич"], "ocr", C, None, id="null-labelled-lost-yo"),
    pytest.param(["Фамилия, имя, отчество: Пчелкин Лев Ринатович"], "ocr", C, "Пчелкин Лев Ринатович", id="printed-without-yo-throughout"),
    # a photo's edge cut the label's start off
    pytest.param(["ство (при наличии) I СОКОЛОВСКАЯ ВАРВАРА МАТВЕЕВНА"], "ocr", I, "СОКОЛОВСКАЯ ВАРВАРА МАТВЕЕВНА", id="photo-cut-label-tail"),
    pytest.param(["во (при наличии) I Муравьёв Глеб Гордеевич"], "ocr", I, "Муравьёв Глеб Гордеевич", id="photo-cut-label-two-letters-left"),
    pytest.param(["ство (при наличии) законного представителя: Дьячкова Варвара Ефимовна"], "ocr", I, None, id="null-cut-label-of-the-representative"),
    pytest.param(["1. Ф.И. -: Береговой-Водкин Артём Фомич", "2. Дата рождения: 24 мая 1992 г."], "ocr", I, "Береговой-Водкин Артём Фомич", id="379n-fio-abbreviation-damaged"),
    pytest.param(["Ф.И.О. законного представителя: Дьячкова Варвара Ефимовна"], "ocr", I, None, id="null-fio-of-the-representative"),
    pytest.param(["1. Ф.(И.О.: Дьячков Матвей Ринатович"], "ocr", I, "Дьячков Матвей Ринатович", id="379n-fio-bracket-litter"),
    pytest.param(["1. ФИ.О.: Нурмагомедов Айдар"], "ocr", I, "Нурмагомедов Айдар", id="379n-fio-lost-dot"),
    pytest.param(["Филиал № 3: Петров Иван Иванович"], "ocr", I, None, id="null-a-word-starting-fi-is-no-label"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "doc_type", "expected"), NAMES)
def test_names(
    lines: list[str], source: PageSource, doc_type: DocType, expected: str | None
) -> None:
    assert _values(lines, source, doc_type)["full_name"] == expected


BIRTHS = [
    pytest.param(["Выдана", "Федосеевой-Водкиной Алёне Тихоновне", "Дата рождения Причина инвалидности", "29.05.1964 г. заболевание связано с непосредственным"], "text_layer", dt.date(1964, 5, 29), id="grid-label-over-value-another-column-beside"),
    pytest.param(["Дата рождения Причина инвалидности", "03 апр. 2004 г. общее заболевание"], "ocr", dt.date(2004, 4, 3), id="grid-abbreviated-month"),
    pytest.param(["Дата рождения Причина инвалидности", "1985-10-13 инвалидность с детства"], "ocr", dt.date(1985, 10, 13), id="grid-iso-date"),
    pytest.param(["Причина инвалидности Дата рождения", "общее заболевание"], "text_layer", None, id="null-no-date-in-the-column"),
    pytest.param(["Дата рождения Причина инвалидности", "общее заболевание с 01.02.2020"], "text_layer", None, id="null-date-in-another-column-after-words"),
    pytest.param(["Выдана Заозёрской Инге Олеговне, родившейся 07.08.@0.24 1979г.@0.21 в том, что ей"], "ocr", None, id="null-doubtful-digits-in-prose"),
    pytest.param(["3. Дата рождения: 04 марта 1963 г."], "text_layer", dt.date(1963, 3, 4), id="486n-point-3"),
]  # fmt: skip


AGED = [
    pytest.param(["1. Дата разработки ИПРА инвалида: 15.02.2023", "3. Дата рождения: 1986-01-23@0.45", "4. Возраст (число полных лет): 37"], dt.date(1986, 1, 23), id="doubtful-date-the-age-confirms"),
    pytest.param(["1. Дата разработки ИПРА инвалида: 15.02.2023", "3. Дата рождения: 1966-01-23@0.8", "4. Возраст (число полных лет): 37"], None, id="null-date-the-age-contradicts"),
    pytest.param(["1. Дата разработки ИПРА инвалида: 15.02.2023", "3. Дата рождения: 1986-01-23", "4. Возрастная группа: 2"], dt.date(1986, 1, 23), id="no-age-printed"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), AGED)
def test_birth_date_checked_by_the_printed_age(lines: list[str], expected: dt.date | None) -> None:
    assert _values(lines, "ocr", DocType.ipra)["birth_date"] == expected


@pytest.mark.parametrize(("lines", "source", "expected"), BIRTHS)
def test_birth_dates(lines: list[str], source: PageSource, expected: dt.date | None) -> None:
    assert _values(lines, source, DocType.mse_certificate)["birth_date"] == expected


IPRA_NUMBERS = [
    pytest.param(["ИПРА инвалида № 842.40,9/2026 к протоколу проведения медико-социальной экспертизы", "гражданина № 102.7.8/2026 от 2026-10-07"], "ocr", "842.40.9/2026", id="ocr-comma-for-a-dot"),
    pytest.param(["ИПРА инвалида № ?%:#@0.2 к протоколу проведения медико-социальной экспертизы", "гражданина № 102.7.8/2026 от 2026-10-07"], "ocr", None, id="null-unreadable-number-protocol-label-wrapped"),
    pytest.param(["ИПРА инвалида №", "1308.1.52/2019 к протоколу проведения медико-социальной экспертизы"], "text_layer", "1308.1.52/2019", id="number-on-the-line-after-its-sign"),
    pytest.param(["Карта ИПР инвалида № 23550.78.66/2014@0.45 к акту освидетельствования № 2985.5.65/2014"], "ocr", None, id="null-doubtful-number"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "expected"), IPRA_NUMBERS)
def test_ipra_numbers(lines: list[str], source: PageSource, expected: str | None) -> None:
    page = _page(["Индивидуальная программа реабилитации или абилитации инвалида", *lines], source)
    assert extract_fields(DocumentSpan(DocType.ipra, [page])).values["document_number"] == expected


DOC_TYPES = [
    pytest.param(["абайкальскому краю» Минтруда России, экспертный состав № 1", "грамма реабилитации или абилитации инвалила, выдаваемая", "парственными учреждениями медико-социальной экспертизы", "67.43/2020 к протоколу проведения медико-социальной экспертизы"], DocType.ipra, id="photo-cut-ipra-title"),
    pytest.param(["Письмо о порядке реабилитации или абилитации инвалида", "Уважаемые коллеги, сообщаем"], DocType.other, id="letter-citing-the-title-tail-no-form-point"),
    pytest.param(["Руководителю ООО «Северный терминал»", "РАЙОННЫЙ СУД", "Исх. № 2-2841/2026 от 28 июня 2026 г.", "Прохоровна о восстановлении на работе. Истцом представлена справка,", "подтверждающая факт установления инвалидности, серии МСЭ-2023 №", "5310566, выданная Бюро медико-социальной экспертизы № 9"], DocType.other, id="court-letter-citing-a-certificate-and-its-series"),
    pytest.param(["[СПРАВКА", "Серия МСЭ-2023 № 5310566", "Группа инвалидности: вторая"], DocType.mse_certificate, id="heading-word-and-series-title-lost"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), DOC_TYPES)
def test_doc_types(lines: list[str], expected: DocType) -> None:
    spans = split_documents([_page(lines, "ocr")])
    assert [s.doc_type for s in spans] == [expected]


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        pytest.param(["Протокол врачебной комиссии № 708", "Дата: 04 сентября 2026 г.", "Решение: направить на медико-социальную экспертизу для решения", "вопроса об установлении группы инвалидности и разработке ИПРА."], [(C, [1]), (DocType.other, [2])], id="commission-protocol-is-its-own-document"),
        pytest.param(["Причина инвалидности: общее заболевание", "Группа инвалидности: вторая", "Дата очередного освидетельствования: 01.03.2027"], [(C, [1, 2])], id="untitled-page-continues-the-certificate"),
    ],
)  # fmt: skip
def test_a_page_with_another_documents_heading(
    second: list[str], expected: list[tuple[DocType, list[int]]]
) -> None:
    pages = [
        _page([*CERT, "Выдана Гребенщиковой Любови Петровне"], "ocr", 1),
        _page(second, "ocr", 2),
    ]
    spans = split_documents(pages)
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == expected


def test_ipra_cut_title_after_a_certificate_page_starts_its_own_document() -> None:
    cert = _page([*CERT, "Выдана Муравьёву Глебу Гордеевичу"], "ocr", 1)
    ipra = _page(DOC_TYPES[0].values[0], "ocr", 2)  # type: ignore[index]
    spans = split_documents([cert, ipra])
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == [
        (DocType.mse_certificate, [1]),
        (DocType.ipra, [2]),
    ]


NOMINATIVE = [
    pytest.param(["Заречной", "Серафиме", "Ринатовне"], ["Заречная", "Серафима", "Ринатовна"], id="adjectival-woman"),
    pytest.param(["Нагорному", "Никите"], ["Нагорный", "Никита"], id="adjectival-man-dictionary-ending"),
    pytest.param(["Береговому", "Артёму"], ["Береговой", "Артём"], id="adjectival-man-stressed-ending"),
    pytest.param(["Толстому", "Льву"], ["Толстой", "Лев"], id="the-surname-reading-first"),
    pytest.param(["Ивановой", "Марии"], ["Иванова", "Мария"], id="possessive-is-no-adjective"),
]  # fmt: skip


@pytest.mark.parametrize(("words", "expected"), NOMINATIVE)
def test_to_nominative(words: list[str], expected: list[str]) -> None:
    got, sure = to_nominative(words)
    assert (got, sure >= 0.8) == (expected, True)


@pytest.mark.parametrize(
    ("word", "yo", "dictionary"),
    [
        pytest.param("ЕЛКИН", True, True, id="yo-lost"),
        pytest.param("Ёлкин", False, True, id="yo-printed"),
        pytest.param("Петров", False, True, id="no-yo-in-it"),
        pytest.param("ШЕДРИНА", False, False, id="a-misread-is-in-no-dictionary"),
        pytest.param("Белозерская", False, True, id="adjectival-surname"),
    ],
)
def test_dictionary_helpers(word: str, yo: bool, dictionary: bool) -> None:
    assert (spelt_with_yo(word), in_dictionary_as_name(word)) == (yo, dictionary)


@pytest.mark.parametrize(
    ("series_line", "expected"),
    [
        pytest.param("Серия МСЭ-2024 № 3849939", "МСЭ-2024", id="printed"),
        pytest.param("СЕРИЯ МСЭ-2074 № 3849939", None, id="null-a-year-no-blank-was-printed-in"),
    ],
)
def test_series_year_is_not_in_the_future(series_line: str, expected: str | None) -> None:
    page = _page(["Справка, подтверждающая факт установления инвалидности", series_line], "ocr")
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["document_series"] == expected
