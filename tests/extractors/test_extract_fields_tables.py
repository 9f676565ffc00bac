"""Table-driven tests of the single-field readers: [text, expected]."""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.cause import match_cause
from mseflow.extractors.classify import split_documents
from mseflow.extractors.dates import parse_date
from mseflow.extractors.degree import extract_degree
from mseflow.extractors.group import read_group
from mseflow.extractors.incapable import find_note
from mseflow.extractors.layout import DocumentView
from mseflow.extractors.text import normalise_line, roman_to_int

from .pages import make_page

DATES = [
    ["01.05.2026", dt.date(2026, 5, 1)],
    ["01.05.26", dt.date(2026, 5, 1)],
    ["1 мая 2026 г.", dt.date(2026, 5, 1)],
    ["«01» мая 2026 года", dt.date(2026, 5, 1)],
    ["до 1 июля 2027г.", dt.date(2027, 7, 1)],
    ["3 ноября 1975", dt.date(1975, 11, 3)],
    ["12 ДЕКАБРЯ 1999 г.", dt.date(1999, 12, 12)],
    ["Дата рождения: 03.11.1975 г.", dt.date(1975, 11, 3)],
    ["01. 05.2026", dt.date(2026, 5, 1)],
    ["01/05/2026", dt.date(2026, 5, 1)],
    ["31.02.2026", None],
    ["класс 3.3", None],
    ["", None],
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


GROUPS = [
    ["Группа инвалидности: II (вторая)", 2],
    ["Группа инвалидности: П (вторая)", 2],
    ["Группа инвалидности: ll (вторая)", 2],
    ["Группа инвалидности: Ш", 3],
    ["Группа инвалидности: Т", 1],
    ["Группа инвалидности: И", 2],
    ["Группа инвалидности: I (первая)", 1],
    ["2 группа", 2],
    ["вторая группа", 2],
    ["Инвалидность установлена: третья группа", 3],
    ["1. Группа инвалидности: III", 3],
    ["группы 1", 1],
    ["Группа инвалидности: П (третья)", 3],
    ["инвалидность второй степени", None],
    ["группа крови 2", None],
]


@pytest.mark.parametrize(("text", "expected"), GROUPS)
def test_group_spellings(text: str, expected: int | None) -> None:
    found = read_group(normalise_line(text))
    assert (found[0] if found else None) == expected


DEGREES = [
    ["трудовая деятельность 2", 2],
    ["6) трудовая деятельность 3", 3],
    ["трудовая деятельность П", 2],
    ["трудовая деятельность 3-я", 3],
    ["Степень ограничения способности к трудовой деятельности: II", 2],
    ["степень ограничения способности к трудовой деятельности - вторая", 2],
    ["Ограничение способности к трудовой деятельности третьей степени", 3],
    ["16.6. трудовая деятельность значение не указано", None],
    ["инвалидность второй степени", None],
    ["четвертая степень выраженности стойких нарушений функций (90-100%)", None],
    ["трудовая деятельность класс 3.3", None],
    ["3-я степень 3-го класса условий труда", None],
    ["Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда", None],
]


@pytest.mark.parametrize(("text", "expected"), DEGREES)
def test_degree_pitfalls(text: str, expected: int | None) -> None:
    found = extract_degree(DocumentView([make_page([text])]))
    assert (found.value if found else None) == expected


INCAPABLE = [
    ["нетрудоспособен", True],
    ["Нетрудоспособна", True],
    ["полностью неспособен к трудовой деятельности", True],
    ["3 степень - неспособность к трудовой деятельности", True],
    ["трудовая деятельность противопоказана", True],
    ["Противопоказана трудовая деятельность", True],
    ["невозможность (противопоказанность) осуществления трудовой деятельности", True],
    ["не лишён трудоспособности", False],
    ["нетрудоспособность не указана", False],
    ["ограничений нет", False],
    ["трудовая деятельность противопоказана в ночное время", False],
    ["трудовая деятельность 3", False],
    ["Противопоказанные виды трудовой деятельности", False],
    # negations after the note, and before it across an adverb (real conclusion wordings)
    ["нетрудоспособным не признан", False],
    ["Заключение о трудоспособности: нетрудоспособной не признана", False],
    ["полная неспособность к трудовой деятельности не установлена", False],
    ["Не является полностью неспособным к трудовой деятельности", False],
    ["не полностью неспособен к трудовой деятельности", False],
    ["Заключение: нетрудоспособен. Не нуждается в сопровождении", True],
]


@pytest.mark.parametrize(("text", "expected"), INCAPABLE)
def test_incapable_phrasings_and_negations(text: str, expected: bool) -> None:
    assert (find_note(normalise_line(text)) is not None) == expected


def test_incapable_note_before_signature_line() -> None:
    lines = [
        "Индивидуальная программа реабилитации или абилитации инвалида",
        "Заключение: Невозможность (противопоказанность) осуществления трудовой деятельности",
        "С содержанием ИПРА инвалида согласен",
    ]
    assert extract_fields(split_documents([make_page(lines)])[0]).values["incapable_of_work"]


def test_incapable_split_over_lines_and_unticked_item() -> None:
    lines = [
        "ИПРА инвалида № 1.2.3/2024",
        "Заключение: полностью неспособен к тру-",
        "довой деятельности",
    ]
    span = DocumentSpan(split_documents([make_page(lines)])[0].doc_type, [make_page(lines)])
    assert extract_fields(span).values["incapable_of_work"] is True
    unticked = [
        "Индивидуальная программа реабилитации или абилитации инвалида",
        "[ ] Трудовая деятельность противопоказана",
    ]
    span = split_documents([make_page(unticked)])[0]
    assert extract_fields(span).values["incapable_of_work"] is False


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "Заключение о трудоспособности: полная неспособность к",
                "трудовой деятельности",
                "не установлена",
            ],
            False,
        ),
        (
            [
                "Заключение о трудоспособности: полная неспособность к",
                "трудовой деятельности",
                "Дата выдачи справки 19.03.2012 г.",
            ],
            True,
        ),
        (
            [
                "Заключение о трудоспособности: Не является полностью неспособным к трудовой",
                "деятельности",
            ],
            False,
        ),
    ],
)
def test_incapable_conclusion_over_three_lines(lines: list[str], expected: bool) -> None:
    page_lines = [
        "СПРАВКА",
        "подтверждающая факт установления инвалидности",
        "Серия МСЭ-2011 № 1234567",
        *lines,
    ]
    span = split_documents([make_page(page_lines)])[0]
    assert extract_fields(span).values["incapable_of_work"] is expected


CAUSES = [
    ["Причина инвалидности: общее заболевание", "general_disease"],
    ["трудовое увечъе", "work_injury"],
    ["профессиональное заболевание", "occupational_disease"],
    ["инвалидность с детства", "since_childhood"],
    ["военная травма", "military_injury"],
    ["заболевание, связанное с катастрофой на Чернобыльской АЭС", "chernobyl"],
    ["обшее заболевание", "general_disease"],
    ["не указана", None],
]


@pytest.mark.parametrize(("text", "expected"), CAUSES)
def test_causes(text: str, expected: str | None) -> None:
    found = match_cause(normalise_line(text))
    assert (found[0].value if found else None) == expected


NUMBERS = [
    ["Серия МСЭ-2015 № 2431238", ("МСЭ-2015", "2431238")],
    ["Серия MCЭ-2015 N 2431238", ("МСЭ-2015", "2431238")],
    ["Серия МСЭ - 2021 №2431238", ("МСЭ-2021", "2431238")],
    ["Серия МСЗ-2015 No 0012345", ("МСЭ-2015", "0012345")],
    ["Серия МСЭ-2015", ("МСЭ-2015", None)],
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_certificate_numbers(text: str, expected: tuple[str, str | None]) -> None:
    page = make_page(["Справка, подтверждающая факт установления инвалидности", text])
    values = extract_fields(split_documents([page])[0]).values
    assert (values.get("document_series"), values.get("document_number")) == expected


IPRA_NUMBERS = [
    ["ИПРА инвалида № 123.4.56/2024 к протоколу", "123.4.56/2024"],
    ["ИПРА инвалида № 1234.56.77/2019", "1234.56.77/2019"],
    ["ИПРА инвалида № 123. 4.56 /2024", "123.4.56/2024"],
]


@pytest.mark.parametrize(("text", "expected"), IPRA_NUMBERS)
def test_ipra_numbers(text: str, expected: str) -> None:
    page = make_page(["Индивидуальная программа реабилитации или абилитации инвалида", text])
    assert extract_fields(split_documents([page])[0]).values["document_number"] == expected


@pytest.mark.parametrize(
    ("token", "expected"), [["II", 2], ["П", 2], ["Ш", 3], ["I", 1], ["IV", None]]
)
def test_roman(token: str, expected: int | None) -> None:
    assert roman_to_int(token) == expected
