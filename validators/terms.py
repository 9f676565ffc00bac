"""Group terms and the calendar arithmetic the term rules need.

Group I is set for 2 years, groups II and III for 1 year, or without a term
(«бессрочно»); the term «до» is the first day of the month following the month
of the next re-examination (Постановление Правительства РФ № 588 от 05.04.2022,
пп. 9, 13). So a term counted from the date the group was established lies in
``[N years, N years + 2 months]``.

From 01.03.2020 to 01.07.2022 inclusive the Временный порядок признания лица
инвалидом (Постановления Правительства РФ № 467 от 09.04.2020 и № 1697 от
16.10.2020, продлённые до 01.07.2022) extended a group whose re-examination fell
due by **6 months**, without an examination: the extension «устанавливается с
даты, до которой была установлена инвалидность при предыдущем
освидетельствовании», and the bureau decided it (and issued the new certificate
and IPRA) at the latest 3 working days *before* that date. Such a genuine
certificate has a 6-month term and may be issued before its established date.
"""

from __future__ import annotations

import calendar
import datetime as dt

TERM_SLACK_MONTHS = 2
"""How far past the anniversary the «до» date may fall (re-examination month + 1)."""
TEMPORARY_PROCEDURE = (dt.date(2020, 3, 1), dt.date(2022, 7, 1))
"""First and last day a group could be extended under the temporary procedure (inclusive)."""
EXTENSION_MONTHS = 6
"""The term of an extension under the temporary procedure."""
EXTENSION_DECIDED_BEFORE_MONTHS = 2
"""How long before the extension's start its certificate or IPRA may be issued (accepted)."""


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


def extension_window(start: dt.date) -> tuple[dt.date, dt.date] | None:
    """The «до» window of a 6-month extension starting on ``start``, if the temporary procedure ran.

    >>> extension_window(dt.date(2021, 4, 1))
    (datetime.date(2021, 10, 1), datetime.date(2021, 12, 1))
    >>> extension_window(dt.date(2023, 4, 1)) is None
    True
    """
    first, last = TEMPORARY_PROCEDURE
    if not first <= start <= last:
        return None
    low = add_months(start, EXTENSION_MONTHS)
    return low, add_months(low, TERM_SLACK_MONTHS)


def term_windows(start: dt.date, group: int) -> list[tuple[dt.date, dt.date]]:
    """Every lawful «до» window for ``group`` set on ``start``: the group's, and an extension's.

    >>> len(term_windows(dt.date(2021, 4, 1), 2)), len(term_windows(dt.date(2024, 4, 1), 2))
    (2, 1)
    """
    windows = [term_window(start, group)]
    extension = extension_window(start)
    if extension is not None:
        windows.append(extension)
    return windows


def in_any_window(value: dt.date, windows: list[tuple[dt.date, dt.date]]) -> bool:
    """Whether ``value`` lies in one of ``windows`` (ends included)."""
    return any(low <= value <= high for low, high in windows)


def is_temporary_extension(established: dt.date | None, until: dt.date | None) -> bool:
    """Whether a term reads as a 6-month extension under the temporary procedure.

    >>> is_temporary_extension(dt.date(2021, 4, 1), dt.date(2021, 10, 1))
    True
    >>> is_temporary_extension(dt.date(2021, 4, 1), dt.date(2022, 4, 1))
    False
    """
    if established is None or until is None:
        return False
    window = extension_window(established)
    return window is not None and window[0] <= until <= window[1]


def issued_ahead_of_extension(
    established: dt.date | None, until: dt.date | None, issued: dt.date | None
) -> bool:
    """A document issued before ``established`` because it carries a temporary extension.

    The bureau decided an extension before the old term ran out, so its certificate and
    IPRA are dated up to :data:`EXTENSION_DECIDED_BEFORE_MONTHS` before the new start.

    >>> issued_ahead_of_extension(dt.date(2021, 4, 1), dt.date(2021, 10, 1), dt.date(2021, 3, 25))
    True
    >>> issued_ahead_of_extension(dt.date(2021, 4, 1), dt.date(2022, 4, 1), dt.date(2021, 3, 25))
    False
    """
    if established is None or issued is None or not is_temporary_extension(established, until):
        return False
    return add_months(established, -EXTENSION_DECIDED_BEFORE_MONTHS) <= issued < established
