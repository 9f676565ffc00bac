"""Documents grouped by person: a certificate and an IPRA of one employee, matched.

Records are matched by СНИЛС when both carry it, otherwise by birth date plus a
normalised name (case, «ё», spacing and punctuation ignored), with a fuzzy
tolerance for OCR slips in the name. Each :class:`Employee` names its current
certificate and IPRA (the latest by issue date that a person has not rejected
and that is not ``invalid``, when there is one) and the conflicts between them.

The review station's employees page, the per-employee HRIS export and the
PostgreSQL ``employees_current`` view all read this one grouping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from mseflow.contract import DocType, Record

NAME_MATCH_MIN = 90
"""rapidfuzz ``token_sort_ratio`` at or above which two names of one birth date match."""

PERSON_DOC_TYPES = frozenset({DocType.mse_certificate, DocType.ipra})

_NOT_NAME = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """``"ИВАНОВА  Алёна-Мария  П."`` -> ``"иванова алена-мария п"``: the matching form."""
    text = name.casefold().replace("ё", "е")
    text = _NOT_NAME.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def snils_digits(snils: str | None) -> str | None:
    """The 11 digits of a СНИЛС, or None."""
    if not snils:
        return None
    digits = re.sub(r"\D", "", snils)
    return digits if len(digits) == 11 else None


def employee_key(record: Record) -> str | None:
    """The key one person's records share: ``snils:<11 digits>`` or ``name:<name>|<birth date>``.

    None when the record carries neither a СНИЛС nor both a name and a birth date.
    """
    digits = snils_digits(record.snils)
    if digits:
        return f"snils:{digits}"
    if record.full_name and record.birth_date:
        return f"name:{normalise_name(record.full_name)}|{record.birth_date.isoformat()}"
    return None


@dataclass
class Employee:
    """One person and their documents."""

    key: str
    full_name: str | None
    birth_date: dt.date | None
    snils: str | None = None
    documents: list[Record] = field(default_factory=list)

    @property
    def certificate(self) -> Record | None:
        """The current certificate: latest issued, not rejected, not invalid if possible."""
        return current_document(self.documents, DocType.mse_certificate)

    @property
    def ipra(self) -> Record | None:
        """The current IPRA, chosen as :attr:`certificate` is."""
        return current_document(self.documents, DocType.ipra)

    @property
    def disabled_child(self) -> bool:
        """The current documents are a disabled child's: the employee is the parent or guardian.

        The name and birth date are then the child's, not the employee's; HR ties them to the
        parent's personnel number through the mapping CSV (``--mapping``).
        """
        return any(d.disabled_child for d in (self.certificate, self.ipra) if d is not None)

    @property
    def conflicts(self) -> list[str]:
        """Stable codes of disagreements between the current certificate and IPRA."""
        return document_conflicts(self.certificate, self.ipra)


def current_document(documents: Iterable[Record], doc_type: DocType) -> Record | None:
    """The document of ``doc_type`` that is in force for the person, or None."""
    candidates = [r for r in documents if r.doc_type == doc_type and r.review.status != "rejected"]
    if not candidates:
        return None

    def rank(record: Record) -> tuple[bool, dt.date, dt.date]:
        issued = record.issue_date or record.established_date or dt.date.min
        return (record.validation.status != "invalid", issued, record.valid_until or dt.date.max)

    return max(candidates, key=rank)


def document_conflicts(certificate: Record | None, ipra: Record | None) -> list[str]:
    """Codes of what the two current documents disagree on (empty when either is missing)."""
    if certificate is None or ipra is None:
        return []
    conflicts: list[str] = []
    if (
        certificate.disability_group is not None
        and ipra.disability_group is not None
        and certificate.disability_group != ipra.disability_group
    ):
        conflicts.append("group_differs")
    if certificate.indefinite != ipra.indefinite or (
        certificate.valid_until is not None
        and ipra.valid_until is not None
        and certificate.valid_until != ipra.valid_until
    ):
        conflicts.append("term_differs")
    if (
        certificate.birth_date is not None
        and ipra.birth_date is not None
        and certificate.birth_date != ipra.birth_date
    ):
        conflicts.append("birth_date_differs")
    return conflicts


def group_employees(records: Iterable[Record]) -> list[Employee]:
    """Group certificates and IPRAs by person; other and unreadable records are left out.

    Records with no key (no СНИЛС, and no name or birth date) each form an employee
    of their own, keyed by record so nothing is dropped.
    """
    employees: list[Employee] = []
    by_snils: dict[str, Employee] = {}
    for record in records:
        if record.doc_type not in PERSON_DOC_TYPES:
            continue
        employee = _find(employees, by_snils, record)
        if employee is None:
            employee = Employee(
                key=employee_key(record)
                or f"record:{record.source_sha256}:{min(record.pages, default=0)}",
                full_name=record.full_name,
                birth_date=record.birth_date,
            )
            employees.append(employee)
        employee.documents.append(record)
        digits = snils_digits(record.snils)
        if digits and employee.snils is None:
            employee.snils = record.snils
            by_snils[digits] = employee
    return employees


def _find(
    employees: list[Employee], by_snils: dict[str, Employee], record: Record
) -> Employee | None:
    digits = snils_digits(record.snils)
    if digits and digits in by_snils:
        return by_snils[digits]
    if not (record.full_name and record.birth_date):
        return None
    name = normalise_name(record.full_name)
    best: tuple[float, Employee | None] = (0.0, None)
    for employee in employees:
        if employee.birth_date != record.birth_date or not employee.full_name:
            continue
        if digits and employee.snils and snils_digits(employee.snils) != digits:
            continue
        score = fuzz.token_sort_ratio(name, normalise_name(employee.full_name))
        if score >= NAME_MATCH_MIN and score > best[0]:
            best = (score, employee)
    return best[1]
