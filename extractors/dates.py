"""Find and parse dates in a line of text (Yargy grammar in ``grammars/date.py``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from yargy import Parser
from yargy.morph import MorphAnalyzer
from yargy.tokenizer import MorphTokenizer

from mseflow.extractors.grammars.date import DATE
from mseflow.extractors.text import fold

_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\s?[.,]\s?(\d{1,2})\s?[.,]\s?(\d{4}|\d{2})(?!\d)")
_ISO = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s?-\s?(\d\d)\s?-\s?(\d\d)(?![\d])")
"""ISO «2024-02-01», also with the stray spaces OCR puts after a hyphen («2027- 05-17»)."""
_SPACED = re.compile(r"(?<![\d.\-])(\d{2}) (\d{2}) ((?:19|20)\d\d)(?![\d])")
_ABBREVIATED = re.compile(
    r"(?<!\d)[\"«]?(\d{1,2})[\"»]?\s*"
    r"(янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек)[а-я]*\.?\s*"
    r"((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
MONTH_STEMS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5,
    "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a text and its character range."""

    value: dt.date
    start: int
    end: int


class _Morph(MorphAnalyzer):
    """Yargy's analyzer on the process's one pymorphy3 analyzer (:func:`models.morph`), cached.

    Yargy's default builds a pymorphy2 analyzer of its own: a second copy of the same
    OpenCorpora dictionary, and ``pkg_resources`` imported to find it (~0.1 CPU s of
    every start-up, issue 13). The grammar only asks for the normal forms of month
    names and «год», which both dictionaries give alike.
    """

    __call__ = lru_cache(maxsize=10_000)(MorphAnalyzer.__call__)  # yargy's own cache size


@cache
def _parser() -> Parser:
    from mseflow.extractors.models import morph

    return Parser(DATE, tokenizer=MorphTokenizer(morph=_Morph(raw=morph())))


def _to_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


NUMBER_PART = re.compile(r"[\d./-]$")
"""What before a date shows it is the tail of a number («№ 2481.24.8/2026»)."""


def _number_fragment(text: str, start: int, end: int) -> bool:
    """A numeric «date» that is part of a document number, or mixes its separators."""
    seps = set(re.findall(r"(?<=\d)\s?([./,-])\s?(?=\d)", text[start:end]))
    if len(seps - {","}) > 1:
        return True  # «24.8/2026»: a number's tail, never a printed date
    return NUMBER_PART.search(text[:start].rstrip(" ")) is not None if start else False


def _yargy_dates(text: str) -> list[DateMatch]:
    out = []
    for match in _parser().findall(text):
        fact = match.fact
        value = _to_date(fact.year, fact.month, fact.day)
        if value is None or _number_fragment(text, match.span.start, match.span.stop):
            continue
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


_COLONED = re.compile(r"(?<![\d:.])(\d{2})\s?([.:])\s?(\d{2})\s?([.:])\s?((?:19|20)\d\d)(?![\d:])")
"""A dotted date whose dot OCR read as a colon («19:12.2025», «08:10:1975 г.»). Only with a
two-digit day and month and a four-digit year: «10:14» or «11:10:45» are times, never dates."""


def _ocr_coloned(text: str) -> list[DateMatch]:
    """Dates printed «dd.mm.yyyy» whose dots OCR read as colons (see :data:`_COLONED`)."""
    out = []
    for m in _COLONED.finditer(text):
        if ":" not in (m.group(2), m.group(4)):
            continue  # plain dotted dates are the other readers' matter
        value = _to_date(int(m.group(5)), int(m.group(3)), int(m.group(1)))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    return out


_LOST_SPACE = re.compile(
    r"(?<=[а-яёА-ЯЁ:]\s)(\d{2})(\d{2})\s((?:19|20)\d\d)(?=\s*(?:г\.?|года)?\s*$)"
)
"""A spaced date «30 01 1987» whose first space OCR lost («Дата рождения: 3001 1987»): only as
a label's whole value, closing the line after a word or a colon, so that no number («№ 1536»,
a passport's «4510 123456») is ever read as one."""


_LOST_DOT = re.compile(
    r"(?<=[а-яёА-ЯЁ:]\s)(\d{2})(?:(\d{2})\.|\.(\d{2}))((?:19|20)\d\d)(?=\s*(?:г\.?|года)?\s*$)"
)
"""A dotted date one of whose dots OCR lost («Дата выдачи ИПРА 0412.2022», «… 04.122022»): as
with :data:`_LOST_SPACE`, only as a label's whole value closing the line after a word or a
colon, never inside a number («№ 2586.12.75/2022», «1234.2022»)."""


def _lost_space(text: str) -> list[DateMatch]:
    """Spaced dates with the space between day and month lost (see :data:`_LOST_SPACE`), and
    dotted ones with a dot lost (:data:`_LOST_DOT`)."""
    out = []
    for m in _LOST_SPACE.finditer(text):
        value = _to_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    for m in _LOST_DOT.finditer(text):
        value = _to_date(int(m.group(4)), int(m.group(2) or m.group(3)), int(m.group(1)))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    return out


def _iso_forms(text: str) -> list[DateMatch]:
    """ISO «2024-02-01» and abbreviated months «01 февр. 2024» (they win over the grammar)."""
    out = []
    for m in _ISO.finditer(text):
        value = _to_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    for m in _ABBREVIATED.finditer(text):
        month = MONTH_STEMS[m.group(2).lower()]
        value = _to_date(int(m.group(3)), month, int(m.group(1)))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    return out


_CELL_RUN = re.compile(
    r"(?<![\w.,/-])(?<!\d\s)(?<!\d\|)\d(?:(?:[ |]*[.,/-][ |]*|[ |]{1,3})\d){7,}(?![ |]*\d)(?![\w.,/-])"
)
"""A date typed or printed one character per box («2 2 . 0 2 . 2 0 2 5», «| 2 | 2 | 0 | 2 |…»,
the boxed character cells of a machine-readable blank): single digits, each apart from the
next by a space or a cell's rule, the day's and the month's dots in their own boxes or none."""
_CELL_SEP = re.compile(r"[.,/-]")


def _cells(text: str) -> list[DateMatch]:
    """Dates in boxed character cells (see :data:`_CELL_RUN`): eight digits, day–month–year,
    the separators (if any) after the day and the month only; never part of a longer run
    (a number or a СНИЛС in cells)."""
    out = []
    for m in _CELL_RUN.finditer(text):
        run = m.group()
        digits = re.sub(r"\D", "", run)
        if len(digits) != 8 or digits[4:6] not in ("19", "20"):
            continue
        seps = [len(re.sub(r"\D", "", run[: s.start()])) for s in _CELL_SEP.finditer(run)]
        if seps and seps != [2, 4]:
            continue
        value = _to_date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    return out


def _spaced(text: str) -> list[DateMatch]:
    """Spaced «01 02 2024» (two-digit day and month, four-digit year)."""
    out = []
    for m in _SPACED.finditer(text):
        value = _to_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    return out


OCR_DIGITS = str.maketrans("бБзЗОоlI|[]/!(){}", "66330011111110000")
"""Glyphs OCR reads for a digit: straight strokes and brackets for «1» («]3», «/4», «[2»),
round ones for «0» («(6» in «"(6" августа» is «06»), «З» for «3», «б» for «6»."""
_OCR_DAY = re.compile(
    r"(?<![\w\]\[|/!(){}])([0-9бБзЗОоlI|\[\]/!(){}]{1,2})(?=\s*[\"»“”]?\s*(?:январ|феврал|март|апрел|ма[яй]|"
    r"июн|июл|август|сентябр|октябр|ноябр|декабр|янв|фев|мар|апр|авг|сен|окт|ноя|дек))",
    re.IGNORECASE,
)
STRAY = frozenset("[]/!(){}")
"""Glyphs that are a digit only beside a real one («]3»); alone they are litter («] ноября»)."""


ROUND_LOOKALIKES = frozenset("бБзЗОо")
"""Look-alikes that stand for one digit only (round «О» for «0», «б» for «6», «З» for «3»)."""
DAY_QUOTES = frozenset('«"“„')


def _day_digits(token: str, quoted: bool = False) -> str:
    """A day token read partly as look-alike glyphs, as digits; unchanged when unsure.

    Two look-alikes and no digit («II») may be «11» or «01» or litter: left alone, so no date
    — unless the day stands in the form's quotes and both are round look-alikes, each one
    digit only («"Об" января» is «06»: no word stands quoted before a month).
    """
    if token.isdigit():
        return token
    digits = sum(c.isdigit() for c in token)
    if len(token) == 2 and digits == 0:
        if quoted and all(c in ROUND_LOOKALIKES for c in token):
            return token.translate(OCR_DIGITS)
        return token
    if len(token) == 1 and token in STRAY:
        return token
    return token.translate(OCR_DIGITS)


def _ocr_day_digits(text: str) -> str:
    """A day OCR read as letters before a month name («б августа», «]3 октября»): digits,
    same length (offsets still map to the words); a speck read as a comma between the month
    and the year («19 марта, 2026 г.») a space."""
    text = _MONTH_COMMA.sub(lambda m: m.group(1) + " ", text)
    return _OCR_DAY.sub(
        lambda m: _day_digits(m.group(1), m.start() > 0 and text[m.start() - 1] in DAY_QUOTES),
        text,
    )


_MONTH_COMMA = re.compile(
    r"(?<=[\d»”\x22]\s)(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|"
    r"декабря),"
    r"(?=\s*(?:19|20)\d\d(?!\d))",
    re.IGNORECASE,
)
"""«19 марта, 2026 г.»: a comma OCR read from a speck between a day's month and its year."""


MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_DAMAGED_MONTH = re.compile(
    r"(?<![\w.])[\"«“]?(\d{1,2})[\"»”]?\s*([а-яё]{5,9})\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
"""A day, a word and a year (««14» абгиста 2011 г.»): the word may be a month name whose
letters OCR misread (a serif «в» as «б», «у» as «и»: «абгиста», «янбаря», «сентабря»)."""


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _damaged_month(word: str) -> int | None:
    """The month a misread month name stands for: the one name within two edits (one for a
    word under seven letters), none when two names are as near («июия»: «июня» or «июля»)."""
    word = fold(word)
    scored = sorted((_edit_distance(word, name), i + 1) for i, name in enumerate(MONTHS_GENITIVE))
    best, month = scored[0]
    if best == 0 or best > (1 if len(word) < 7 else 2) or scored[1][0] == best:
        return None
    return month


def _day_month_year(
    pattern: re.Pattern[str], text: str, month_of: Callable[[str], int | None]
) -> list[DateMatch]:
    """Dates of ``pattern``'s matches in ``text``: its groups day, month word, year."""
    out = []
    for m in pattern.finditer(text):
        month = month_of(m.group(2))
        value = _to_date(int(m.group(3)), month, int(m.group(1))) if month else None
        if value is not None:
            out.append(DateMatch(value, m.start(), m.end()))
    return out


def _damaged_months(text: str) -> list[DateMatch]:
    """Dates whose spelled month OCR damaged (see :data:`_DAMAGED_MONTH`)."""
    return _day_month_year(_DAMAGED_MONTH, text, _damaged_month)


_NAMED_PARTS = re.compile(
    r"(?<![\w])день\s*[:\-]?\s*[\"«]?(\d{1,2})[\"»]?\s*,?\s*месяц\s*(?:прописью\s*)?[:\-]?\s*"
    r"([а-яё]{3,9}|\d{1,2})\s*,?\s*год\s*[:\-]?\s*((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
"""«день 20 месяц марта год 2026»: point 18 of the 486н IPRA as its Word template prints it
(«Дата выдачи ИПРА инвалида: день ___ месяц прописью ___ год ___», the ФРИ's template, see
``fixtures/family13/SOURCES.md``); the month as a word or its number."""


def _month_word(word: str) -> int | None:
    """The month of a month name in any case («марта», «март»), also a misread one."""
    if word.isdigit():
        return int(word)
    return MONTH_STEMS.get(fold(word)[:3]) or _damaged_month(word)


def _named_parts(text: str) -> list[DateMatch]:
    """Dates printed as labelled parts (see :data:`_NAMED_PARTS`)."""
    return _day_month_year(_NAMED_PARTS, text, _month_word)


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, left to right; never raises.

    >>> [d.value.isoformat() for d in find_dates("с 01.05.2026 до 1 июня 2027 г.")]
    ['2026-05-01', '2027-06-01']
    >>> [d.value.isoformat() for d in find_dates("2024-02-01, 01 февр. 2024, 01 02 2024г.")]
    ['2024-02-01', '2024-02-01', '2024-02-01']
    >>> [d.value.isoformat() for d in find_dates("б августа 2026 г.")]
    ['2026-08-06']
    >>> [d.value.isoformat() for d in find_dates("выдачи 19:12.2025 г., сформировано 02.07.2026 10:14:26")]
    ['2025-12-19', '2026-07-02']
    >>> [d.value.isoformat() for d in find_dates("Дата выдачи 2 3 . 0 2 . 2 0 2 5")]
    ['2025-02-23']
    >>> [d.value.isoformat() for d in find_dates("Дата выдачи ИПР: «14» абгиста 2011 г.")]
    ['2011-08-14']
    >>> [d.value.isoformat() for d in find_dates("19 марта, 2026 г.")]
    ['2026-03-19']
    >>> [d.value.isoformat() for d in find_dates("Дата выдачи ИПРА: день 20 месяц марта год 2026")]
    ['2026-03-20']
    """
    return list(_dates_of(text))


@lru_cache(maxsize=8192)
def _dates_of(text: str) -> tuple[DateMatch, ...]:
    """:func:`find_dates`, kept per text: the term, person and status extractors ask the
    same lines again (the matches are frozen, so one tuple serves every caller)."""
    text = _ocr_day_digits(text)
    found = _iso_forms(text) + _cells(text) + _named_parts(text)
    for extra in (
        _yargy_dates(text)
        + _ocr_dotted(text)
        + _spaced(text)
        + _ocr_coloned(text)
        + _lost_space(text)
        + _damaged_months(text)
    ):
        if not any(d.start < extra.end and extra.start < d.end for d in found):
            found.append(extra)
    return tuple(sorted(found, key=lambda d: d.start))


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text``, or None.

    >>> parse_date("«15» марта 1984 года")
    datetime.date(1984, 3, 15)
    """
    found = find_dates(text)
    return found[0].value if found else None
