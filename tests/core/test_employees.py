"""Grouping records by person: СНИЛС first, then birth date plus a fuzzy normalised name."""

from __future__ import annotations

import datetime as dt

from mseflow.contract import Record
from mseflow.employees import employee_key, group_employees, normalise_name


def rec(doc_type: str, name: str | None, born: str | None, **kw: object) -> Record:
    return Record(
        source_path="x.pdf",
        source_sha256=kw.pop("sha", "a" * 64),  # type: ignore[arg-type]
        pages=[1],
        doc_type=doc_type,
        full_name=name,
        birth_date=dt.date.fromisoformat(born) if born else None,
        pipeline_version="t",
        **kw,
    )


def test_normalise_name_ignores_case_yo_spacing_and_punctuation() -> None:
    assert normalise_name("  ИВАНОВА  Алёна-Мария  П. ") == "иванова алена-мария п"


def test_key_prefers_snils_then_name_and_birth_date() -> None:
    assert employee_key(rec("ipra", "А Б", "1980-01-02", snils="112-233-445 95")) == (
        "snils:11223344595"
    )
    assert employee_key(rec("ipra", "Пётр Ёлкин", "1980-01-02")) == "name:петр елкин|1980-01-02"
    assert employee_key(rec("ipra", None, "1980-01-02")) is None


def test_certificate_and_ipra_of_one_person_match_despite_an_ocr_slip() -> None:
    cert = rec("mse_certificate", "Соловьёва Мария Ивановна", "1975-03-04", disability_group=2)
    ipra = rec("ipra", "СОЛОВЬЕВА МАРИЯ ИВАНОВНА", "1975-03-04", disability_group=3)
    slip = rec("ipra", "Соловьева Мария Иваповна", "1975-03-04")
    other = rec("ipra", "Соловьева Мария Ивановна", "1976-03-04")
    junk = rec("other", None, None)
    people = group_employees([cert, ipra, slip, other, junk])
    assert [len(p.documents) for p in people] == [3, 1]
    assert people[0].certificate is cert
    assert people[0].conflicts == ["group_differs"]


def test_current_document_skips_rejected_and_prefers_latest_issue() -> None:
    old = rec("ipra", "Иванов Иван", "1980-01-02", issue_date=dt.date(2020, 1, 1))
    new = rec("ipra", "Иванов Иван", "1980-01-02", issue_date=dt.date(2024, 1, 1))
    rejected = rec(
        "ipra",
        "Иванов Иван",
        "1980-01-02",
        issue_date=dt.date(2025, 1, 1),
        review={"status": "rejected", "by": "hr", "at": None},
    )
    (person,) = group_employees([old, new, rejected])
    assert person.ipra is new


def test_records_without_a_key_are_kept_apart() -> None:
    a = rec("ipra", None, None, sha="1" * 64)
    b = rec("ipra", None, None, sha="2" * 64)
    assert len(group_employees([a, b])) == 2
