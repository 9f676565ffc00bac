"""Find and parse dates in a line of text (Yargy grammar in ``grammars/date.py``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from yargy import Parser

from mseflow.extractors.grammars.date import DATE

_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\s?[.,]\s?(\d{1,2})\s?[.,]\s?(\d{4}|\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a text and its character range."""

    value: dt.date
    start: int
    end: int


@cache
def _parser() -> Parser:
    return Parser(DATE)


def _to_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _yargy_dates(text: str) -> list[DateMatch]:
    out = []
    for match in _parser().findall(text):
        fact = match.fact
        value = _to_date(fact.year, fact.month, fact.day)
        if value is not None:
            out.append(DateMatch(value, match.span.start, match.span.stop))
    return out


def _ocr_dotted(text: str) -> list[DateMatch]:
    """Dates OCR split with stray spaces («01. 05.2026»), which the tokenizer misses."""
    out = []
    for m in _DOTTED.finditer(text):
        year = int(m.group(3))
        year = year if year > 99 else (2000 + year if year <= 50 else 1900 + year)
        value = _to_date(year, int(m.group(2)), int(m.group(1)))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    return out


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, left to right; never raises.

    >>> [d.value.isoformat() for d in find_dates("с 01.05.2026 до 1 июня 2027 г.")]
    ['2026-05-01', '2027-06-01']
    """
    found = _yargy_dates(text)
    for extra in _ocr_dotted(text):
        if not any(d.start < extra.end and extra.start < d.end for d in found):
            found.append(extra)
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text``, or None.

    >>> parse_date("«15» марта 1984 года")
    datetime.date(1984, 3, 15)
    """
    found = find_dates(text)
    return found[0].value if found else None
