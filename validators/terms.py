"""Group terms and the calendar arithmetic the term rules need.

Group I is set for 2 years, groups II and III for 1 year, or without a term
(«бессрочно»); the term «до» is the first day of the month following the month
of the next re-examination (Постановление Правительства РФ № 588 от 05.04.2022,
пп. 9, 13). So a term counted from the date the group was established lies in
``[N years, N years + 2 months]``.
"""

from __future__ import annotations

import calendar
import datetime as dt

TERM_SLACK_MONTHS = 2
"""How far past the anniversary the «до» date may fall (re-examination month + 1)."""


def add_years(value: dt.date, years: int) -> dt.date:
    """Same day ``years`` later; 29 February becomes 28 February.

    >>> add_years(dt.date(2024, 2, 29), 1)
    datetime.date(2025, 2, 28)
    """
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def add_months(value: dt.date, months: int) -> dt.date:
    """Same day ``months`` later (or earlier), clamped to the month's last day.

    >>> add_months(dt.date(2025, 12, 31), 2)
    datetime.date(2026, 2, 28)
    >>> add_months(dt.date(2025, 3, 15), -3)
    datetime.date(2024, 12, 15)
    """
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(value.day, last))


def term_years(group: int | None) -> int | None:
    """Years a group is set for: 2 for group I, 1 for groups II and III, ``None`` if unknown.

    >>> [term_years(g) for g in (1, 2, 3, None)]
    [2, 1, 1, None]
    """
    if group == 1:
        return 2
    if group in (2, 3):
        return 1
    return None


def term_window(start: dt.date, group: int) -> tuple[dt.date, dt.date]:
    """The earliest and the latest «до» date for a group established on ``start``.

    >>> term_window(dt.date(2025, 3, 10), 2)
    (datetime.date(2026, 3, 10), datetime.date(2026, 5, 10))
    """
    years = term_years(group)
    if years is None:
        raise ValueError(f"no term for group {group!r}")
    anniversary = add_years(start, years)
    return anniversary, add_months(anniversary, TERM_SLACK_MONTHS)


def first_of_next_month(value: dt.date) -> dt.date:
    """The 1st of the month after ``value``'s month.

    >>> first_of_next_month(dt.date(2025, 12, 15))
    datetime.date(2026, 1, 1)
    """
    return dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
