"""Property tests of the parsers through their public entry points: printed value in, same value out.

Dates (``find_dates``), groups (``read_group``), degrees (``read_degree``), terms and
names (``extract_fields`` over a certificate page). Each property prints a value
the way the real forms print it, among words of the form, and checks that what is
read at that place is that value. The tests accept a parser that reads more
formats; they never accept a wrong value (a null is allowed only where the
property says so).
"""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from mseflow.extractors import extract_fields
from mseflow.extractors.classify import split_documents
from mseflow.extractors.dates import find_dates
from mseflow.extractors.degree import read_degree
from mseflow.extractors.group import read_group
from mseflow.fixtures.people import draw_person
from mseflow.reading.page import Line, PageText, Word

MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
FORM_WORDS = st.lists(
    st.sampled_from(
        ["дата", "выдачи", "справки", "бюро", "медико-социальной", "экспертизы", "филиал", "серия"]
    ),
    max_size=4,
).map(" ".join)
DATES = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2099, 12, 31))


def _dotted(d: dt.date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def _quoted(d: dt.date) -> str:
    return f"«{d.day:02d}» {MONTHS[d.month - 1]} {d.year} г."


def _spelled_month(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year} года"


DATE_FORMATS = st.sampled_from([_dotted, _quoted, _spelled_month])


@settings(max_examples=120, deadline=None)
@given(DATES, DATE_FORMATS, FORM_WORDS, FORM_WORDS)
def test_a_printed_date_is_read_as_that_date(
    date: dt.date, fmt: object, before: str, after: str
) -> None:
    printed = fmt(date)  # type: ignore[operator]
    text = f"{before} {printed} {after}".strip()
    start = text.index(printed)
    end = start + len(printed)
    here = [m for m in find_dates(text) if m.start < end and start < m.end]
    assert here, text
    assert {m.value for m in here} == {date}, text


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.sampled_from([29, 30, 31]), st.integers(1990, 2099), FORM_WORDS)
def test_an_impossible_date_is_never_read_as_another(
    month: int, day: int, year: int, before: str
) -> None:
    try:
        dt.date(year, month, day)
    except ValueError:
        pass
    else:
        return  # a real date: the other property covers it
    printed = f"{day:02d}.{month:02d}.{year}"
    text = f"{before} {printed}".strip()
    start = text.index(printed)
    assert not [m for m in find_dates(text) if m.start < start + len(printed) and start < m.end]


ROMAN = {1: "I", 2: "II", 3: "III"}
SPELLED = {1: "первая", 2: "вторая", 3: "третья"}
OCR_ROMAN = {1: "I", 2: "П", 3: "Ш"}  # env-notes trap 10: OCR reads II as П, III as Ш


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 3),
    st.sampled_from(
        [
            "Группа инвалидности: {roman} ({spelled})",
            "Группа инвалидности: {ocr} ({spelled})",
            "{spelled} группа",
            "Группа инвалидности: {roman}",
            "инвалид {roman} группы",
        ]
    ),
    FORM_WORDS,
)
def test_a_printed_group_is_read_as_that_group(group: int, template: str, before: str) -> None:
    line = f"{before} " + template.format(
        roman=ROMAN[group], spelled=SPELLED[group], ocr=OCR_ROMAN[group]
    )
    found = read_group(line.strip())
    assert found is not None, line
    assert found[0] == group, line


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 3),
    st.sampled_from(["{arabic}", "{roman}", "{arabic} степень", "{spelled} степень"]),
)
def test_a_printed_degree_is_read_as_that_degree(degree: int, template: str) -> None:
    spelled = {1: "первая", 2: "вторая", 3: "третья"}[degree]
    label = "трудовая деятельность"
    line = f"{label} " + template.format(arabic=degree, roman=ROMAN[degree], spelled=spelled)
    found = read_degree(line, len(label))
    assert found is not None, line
    assert found[0] == degree, line


def _page(lines: list[str]) -> PageText:
    """A text-layer page with ``lines`` (boxes consistent, 6 pt per character)."""
    page = PageText(number=1, source="text_layer", width=595, height=842)
    for i, text in enumerate(lines):
        x, y, words = 40.0, 40.0 + 20 * i, []
        for token in text.split():
            words.append(Word(token, (x, y, x + 6 * len(token), y + 12), 1.0))
            x += 6 * (len(token) + 1)
        page.lines.append(Line(tuple(words)))
    return page


def _certificate_values(name: str, birth: dt.date, until: str) -> dict[str, object]:
    lines = [
        "Бюро № 5 - филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России",
        "СПРАВКА,",
        "подтверждающая факт установления инвалидности",
        "Серия МСЭ-2015 № 2431238",
        f"Фамилия, имя, отчество: {name}",
        f"Дата рождения: {_dotted(birth)}",
        "Дата установления инвалидности: 01.06.2025",
        "Группа инвалидности: II (вторая)",
        "Причина инвалидности: общее заболевание",
        f"Инвалидность установлена на срок до {until}",
        "Дата выдачи справки: 05.06.2025",
    ]
    [span] = split_documents([_page(lines)])
    assert span.doc_type == "mse_certificate"
    return dict(extract_fields(span).values)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), DATES, st.sampled_from([_dotted, _quoted]))
def test_name_birth_date_and_term_of_a_certificate_are_read_as_printed(
    seed: int, until: dt.date, fmt: object
) -> None:
    person = draw_person(random.Random(seed), dt.date(1950, 1, 1), dt.date(2005, 12, 31))
    values = _certificate_values(person.full_name, person.birth_date, fmt(until))  # type: ignore[operator]
    assert values.get("full_name") == person.full_name
    assert values.get("birth_date") == person.birth_date
    assert values.get("valid_until") == until
    assert not values.get("indefinite")


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10**6))
def test_an_indefinite_term_is_never_read_as_a_date(seed: int) -> None:
    person = draw_person(random.Random(seed), dt.date(1950, 1, 1), dt.date(2005, 12, 31))
    values = _certificate_values(person.full_name, person.birth_date, "бессрочно")
    assert values.get("indefinite") is True
    assert values.get("valid_until") is None
