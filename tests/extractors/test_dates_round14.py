"""Round 14: a comma OCR read from a speck between a spelled month and its year.

«19 марта, 2026 г.» (family 12's rotated scans): the day, the month's genitive and the year
are a date; a comma elsewhere («марта, 2026» with no day, a list «1 марта, 2026 …» of numbers)
is left as it is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.extractors.dates import find_dates

D = dt.date

CASES = [
    ("19 марта, 2026 г.", [D(2026, 3, 19)]),
    ("5 марта, 2027 г.", [D(2027, 3, 5)]),
    ("«21» августа, 2026 г.", [D(2026, 8, 21)]),
    ("дата установления инвалидности 1 декабря, 2025", [D(2025, 12, 1)]),
    ("19 марта 2026 г.", [D(2026, 3, 19)]),
    ("марта, 2026", []),
    ("в марте, 2026 году", []),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_comma_between_month_and_year(text: str, want: list[dt.date]) -> None:
    assert [d.value for d in find_dates(text)] == want
