"""Synthetic people and spellings: gender agreement, dates, groups and degrees."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mseflow.fixtures.people import draw_person, feminine_surname, full_years
from mseflow.fixtures.spelling import format_date, format_degree, format_group


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("Смирнов", "Смирнова"),
        ("Никитин", "Никитина"),
        ("Покровский", "Покровская"),
        ("Шевченко", "Шевченко"),
    ],
)
def test_feminine_surname(male: str, female: str) -> None:
    assert feminine_surname(male) == female


def test_drawn_names_agree_in_gender() -> None:
    rng = random.Random(1)
    for _ in range(200):
        person = draw_person(rng, dt.date(1960, 1, 1), dt.date(2000, 1, 1))
        if person.female:
            assert person.patronymic.endswith("на")
            assert person.surname.endswith(("а", "ая", "ко"))
        else:
            assert person.patronymic.endswith(("ич",))
        assert dt.date(1960, 1, 1) <= person.birth_date <= dt.date(2000, 1, 1)


@pytest.mark.parametrize(
    ("value", "style", "printed"),
    [
        (dt.date(2026, 5, 1), "numeric", "01.05.2026"),
        (dt.date(2026, 5, 1), "words", "1 мая 2026 г."),
        (dt.date(2027, 12, 31), "words", "31 декабря 2027 г."),
    ],
)
def test_format_date(value: dt.date, style: str, printed: str) -> None:
    assert format_date(value, style) == printed


def test_group_and_degree_spellings() -> None:
    assert format_group(2, "roman_word") == "II (вторая)"
    assert format_group(3, "digit_group") == "3 группа"
    assert format_group(1, "word_group") == "первая группа"
    assert format_group(3, "roman") == "III"
    assert format_degree(3, "digit_degree") == "3 степень"
    assert format_degree(3, "roman_degree") == "III степени"
    assert format_degree(2, "digit") == "2"


def test_full_years() -> None:
    assert full_years(dt.date(1980, 5, 2), dt.date(2024, 5, 1)) == 43
    assert full_years(dt.date(1980, 5, 2), dt.date(2024, 5, 2)) == 44
