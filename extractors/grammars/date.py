"""Yargy grammar of a calendar date as printed on MSE forms.

Numeric «01.05.2026», «01.05.26», «01/05/2026», «01-05-2026» and spelled months
«1 мая 2026 г.», «"01" мая 2026 года» (the month name in any case).
"""

from __future__ import annotations

from yargy import and_, or_, rule
from yargy.interpretation import fact
from yargy.predicates import caseless, dictionary, eq, gte, in_, length_eq, lte, normalized

Date = fact("Date", ["day", "month", "year"])

MONTHS = {
    "январь": 1,
    "февраль": 2,
    "март": 3,
    "апрель": 4,
    "май": 5,
    "июнь": 6,
    "июль": 7,
    "август": 8,
    "сентябрь": 9,
    "октябрь": 10,
    "ноябрь": 11,
    "декабрь": 12,
}

DAY = and_(gte(1), lte(31)).interpretation(Date.day.custom(int))
MONTH = and_(gte(1), lte(12)).interpretation(Date.month.custom(int))
MONTH_NAME = dictionary(MONTHS).interpretation(Date.month.normalized().custom(MONTHS.get))
YEAR_4 = and_(gte(1900), lte(2100)).interpretation(Date.year.custom(int))
YEAR_2 = and_(length_eq(2), gte(0), lte(99)).interpretation(
    Date.year.custom(lambda v: 2000 + int(v) if int(v) <= 50 else 1900 + int(v))
)
SEP = in_({".", "/", "-", ","})
QUOTE = in_({'"', "«", "»", "'"})
YEAR_WORD = or_(rule(caseless("г"), eq(".").optional()), rule(normalized("год")))

NUMERIC = rule(DAY, SEP, MONTH, SEP, or_(YEAR_4, YEAR_2))
SPELLED = rule(QUOTE.optional(), DAY, QUOTE.optional(), MONTH_NAME, YEAR_4, YEAR_WORD.optional())

DATE = or_(NUMERIC, SPELLED).interpretation(Date)
"""Root rule: one date."""
