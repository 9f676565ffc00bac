"""Round 15: a misreading is not an error of the document; one file's two documents are checked
against each other.

* ``date_order_invalid`` leaves out a date after the processing date: ``date_in_future``
  already sends it to review, and out of order it would make a misread «до» date taken for the
  established one an error of the document (family 13's register printout whose «НА СРОК ДО»
  a sleeve's glare erased).
* An IPRA issue date before the year of the IPRA's own registration number («…/2026»,
  примечание 1 к форме ИПРА, приказ № 486н) is not the IPRA's (the passport's «дата выдачи» of
  point 14, a misread year): the rules that turn on the issue date take the number's year for
  it (``cross_ipra_before_certificate``, ``ipra_recommendations_missing``,
  ``ipra_recommendations_unexpected``).
* The one certificate and the one IPRA of a file are checked against each other when they are
  the same person on what both read, though the name's case differs (a dative «Мельнику Семён
  Романович» from «Выдана Мельнику Семёну …»).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import Record
from mseflow.validators import validate_record
from mseflow.validators.validity import issue_year, issued_before_drawn_up

from .builders import TODAY, D, cert, ipra
from .test_validators_cross import _cross_codes

SAME_FILE = {"source_sha256": "f" * 64, "source_path": "in/both.pdf"}
NO_WORK_BLOCK: dict[str, Any] = {
    "contraindications": [],
    "recommended_conditions": [],
    "available_work": [],
}

# (id, record, codes it must carry, codes it must not carry)
SINGLE = [
    ("established-date-in-the-future-is-no-order-error", cert(established_date=D(2026, 11, 1), valid_until=None, reexamination_date=None, indefinite=True), ["date_in_future"], ["date_order_invalid"]),
    ("issue-date-in-the-future-is-no-order-error", cert(issue_date=D(2026, 1, 5)), ["date_in_future"], ["date_order_invalid"]),
    ("past-dates-out-of-order-stay-an-error", cert(issue_date=D(2025, 3, 1)), ["date_order_invalid"], ["date_in_future"]),
    ("birth-after-established-stays-an-error", cert(birth_date=D(2025, 4, 1)), ["date_order_invalid"], []),
    ("misread-issue-date-of-a-2026-ipra-with-no-work-block", ipra(document_number="1230.19.16/2025", issue_date=D(2004, 9, 29), **NO_WORK_BLOCK), ["ipra_recommendations_missing"], []),
    ("misread-issue-date-of-a-2018-ipra-with-a-work-block", ipra(document_number="770.24.30/2018", issue_date=D(2001, 1, 4)), ["ipra_recommendations_unexpected"], []),
    ("misread-issue-date-of-a-2018-ipra-without-a-work-block", ipra(document_number="770.24.30/2018", issue_date=D(2001, 1, 4), **NO_WORK_BLOCK), [], ["ipra_recommendations_missing", "ipra_recommendations_unexpected"]),
    ("issue-date-in-the-number-s-year-decides-as-before", ipra(document_number="770.24.30/2018", issue_date=D(2018, 5, 4)), ["ipra_recommendations_unexpected"], []),
    ("issued-the-year-after-the-number-decides-as-before", ipra(document_number="770.24.30/2018", issue_date=D(2019, 1, 10), **NO_WORK_BLOCK), ["ipra_recommendations_missing"], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("record", "raised", "absent"), [pytest.param(*row[1:], id=row[0]) for row in SINGLE]
)
def test_single_rules(record: Record, raised: list[str], absent: list[str]) -> None:
    got = {issue.code for issue in validate_record(record, today=TODAY).issues}
    assert set(raised) <= got
    assert not set(absent) & got


# (id, IPRA's number, its issue date read, drawn up before?, the year the rules take)
NUMBER_YEARS = [
    ("passport-date-before-the-number-s-year", "1230.19.16/2026", D(2004, 9, 29), True, 2026),
    ("same-year", "1230.19.16/2026", D(2026, 3, 20), False, 2026),
    ("issued-in-january-after-a-december-number", "1230.19.16/2025", D(2026, 1, 9), False, 2026),
    ("no-number", None, D(2004, 9, 29), False, 2004),
    ("number-of-another-shape", "12345", D(2004, 9, 29), False, 2004),
]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "issued", "before", "year"),
    [pytest.param(*row[1:], id=row[0]) for row in NUMBER_YEARS],
)
def test_issue_year(number: str | None, issued: dt.date, before: bool, year: int) -> None:
    record = ipra(document_number=number, issue_date=issued)
    assert issued_before_drawn_up(record) is before
    assert issue_year(record) == year


# (id, certificate, IPRA, cross codes on the certificate, cross codes on the IPRA)
PAIRS = [
    ("passport-date-taken-for-the-issue-date", cert(), ipra(document_number="123.4.56/2025", issue_date=D(2004, 9, 29)), [], []),
    ("number-s-year-before-the-group-s", cert(), ipra(document_number="123.4.56/2024", issue_date=D(2004, 9, 29)), [], ["cross_ipra_before_certificate"]),
    ("ipra-issued-before-in-its-number-s-year-stays-an-error", cert(), ipra(document_number="123.4.56/2025", issue_date=D(2025, 3, 1)), [], ["cross_ipra_before_certificate"]),
    ("same-file-dative-surname-group-mismatch", cert(full_name="Мельнику Семён Романович", disability_group=3, **SAME_FILE), ipra(full_name="Мельник Семён Романович", **SAME_FILE), ["cross_group_mismatch"], ["cross_group_mismatch"]),
    ("same-file-name-lost-on-one-side", cert(full_name=None, disability_group=3, **SAME_FILE), ipra(**SAME_FILE), ["cross_group_mismatch"], ["cross_group_mismatch"]),
    ("same-file-other-birth-date-not-paired", cert(full_name="Мельнику Семён Романович", birth_date=D(1981, 5, 12), disability_group=3, **SAME_FILE), ipra(full_name="Мельник Семён Романович", **SAME_FILE), [], []),
    ("other-files-dative-surname-not-paired", cert(full_name="Мельнику Семён Романович", disability_group=3), ipra(full_name="Мельник Семён Романович"), [], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("pair", "expected"), [pytest.param(r[1:3], r[3:], id=r[0]) for r in PAIRS]
)
def test_pairs(pair: tuple[Record, Record], expected: tuple[list[str], list[str]]) -> None:
    assert _cross_codes(list(pair)) == list(expected)
