"""The HRIS export as typed tables: documents, employees, obligations, retractions.

Values stay typed here (``date``, ``bool``, ``int``, lists); the CSV writer
(:mod:`mseflow.records.csv_export`) and the XLSX writer (:mod:`mseflow.records.xlsx`)
format them for their dialect. The columns are in :mod:`mseflow.records.hris_columns`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mseflow.contract import Obligation, Record
from mseflow.employees import Employee, group_employees, snils_digits
from mseflow.records.hris_columns import (
    DOCUMENT_COLUMNS,
    EMPLOYEE_COLUMNS,
    OBLIGATION_COLUMNS,
    RETRACTION_COLUMNS,
    Table,
)
from mseflow.records.hris_labels import OBLIGATION_RU, label
from mseflow.records.personnel_map import PersonnelMap
from mseflow.records.sqlite import record_id as store_record_id


def obligation_lines(obligations: Iterable[Obligation]) -> list[str]:
    """``"<title>: <message> (основание: <basis>)"``, one line per obligation."""
    return [
        f"{label(OBLIGATION_RU, o.code)}: {o.message} (основание: {o.basis})" for o in obligations
    ]


@dataclass(frozen=True)
class Person:
    """How one record is tied to a person in the export."""

    employee_key: str | None = None
    personnel_number: str | None = None


def document_row(record_id: str, record: Record, person: Person) -> dict[str, Any]:
    """One typed per-document row."""
    data = record.model_dump()
    row = {c.key: data.get(c.key) for c in DOCUMENT_COLUMNS}
    row.update(
        record_id=record_id,
        pages=list(record.pages),
        status=str(record.validation.status),
        obligation_codes=[o.code for o in record.obligations],
        issue_codes=[i.code for i in record.validation.issues],
        employee_key=person.employee_key,
        personnel_number=person.personnel_number,
        review_status=record.review.status,
        obligations=obligation_lines(record.obligations),
    )
    return row


def obligation_rows(record_id: str, record: Record, person: Person) -> list[dict[str, Any]]:
    """One typed row per obligation of ``record``."""
    return [
        {
            "record_id": record_id,
            "employee_key": person.employee_key,
            "personnel_number": person.personnel_number,
            "doc_type": str(record.doc_type),
            "code": o.code,
            "message": o.message,
            "basis": o.basis,
        }
        for o in record.obligations
    ]


def retraction_row(record_id: str, record: Record, person: Person, reason: str) -> dict[str, Any]:
    """One typed row saying a record that went out before is no longer in force."""
    return {
        "record_id": record_id,
        "employee_key": person.employee_key,
        "personnel_number": person.personnel_number,
        "doc_type": str(record.doc_type),
        "document_series": record.document_series,
        "document_number": record.document_number,
        "reason": reason,
        "status": str(record.validation.status),
        "valid_until": record.valid_until,
    }


def merged_obligations(*records: Record | None) -> list[Obligation]:
    """Obligations of the documents, unique by code (the first document's text wins)."""
    seen: dict[str, Obligation] = {}
    for record in records:
        for obligation in record.obligations if record is not None else []:
            seen.setdefault(obligation.code, obligation)
    return list(seen.values())


def _first(*values: Any) -> Any:
    return next((v for v in values if v not in (None, [], "")), None)


def employee_row(
    employee: Employee, personnel_number: str | None, key: str | None = None
) -> dict[str, Any]:
    """One typed per-employee row: the current certificate and IPRA merged.

    The certificate decides the group, cause, dates and term; the IPRA the degree and
    the work recommendations; obligations are the union of both.
    """
    cert, ipra = employee.certificate, employee.ipra
    docs = [d for d in (cert, ipra) if d is not None]
    obligations = merged_obligations(cert, ipra)
    term_doc = cert or ipra
    return {
        "employee_key": key or employee.key,
        "personnel_number": personnel_number,
        "snils": _first(employee.snils, *(d.snils for d in docs)),
        "full_name": _first(*(d.full_name for d in docs), employee.full_name),
        "birth_date": _first(*(d.birth_date for d in docs), employee.birth_date),
        "in_force": bool(docs),
        "disability_group": _first(*(d.disability_group for d in docs)),
        "disability_cause": _first(*(d.disability_cause for d in docs)),
        "work_restriction_degree": _first(*(d.work_restriction_degree for d in docs[::-1])),
        "established_date": _first(*(d.established_date for d in docs)),
        "valid_until": term_doc.valid_until if term_doc else None,
        "indefinite": bool(term_doc and term_doc.indefinite),
        "reexamination_date": _first(*(d.reexamination_date for d in docs)),
        "incapable_of_work": any(d.incapable_of_work for d in docs),
        "contraindications": list(_first(*(d.contraindications for d in docs[::-1])) or []),
        "recommended_conditions": list(
            _first(*(d.recommended_conditions for d in docs[::-1])) or []
        ),
        "available_work": list(_first(*(d.available_work for d in docs[::-1])) or []),
        "obligation_codes": [o.code for o in obligations],
        "obligations": obligation_lines(obligations),
        "certificate_record_id": _record_id(cert),
        "certificate_series": cert.document_series if cert else None,
        "certificate_number": cert.document_number if cert else None,
        "certificate_issue_date": cert.issue_date if cert else None,
        "ipra_record_id": _record_id(ipra),
        "ipra_number": ipra.document_number if ipra else None,
        "ipra_issue_date": ipra.issue_date if ipra else None,
        "conflicts": employee.conflicts,
        "disabled_child": employee.disabled_child,
    }


def _record_id(record: Record | None) -> str | None:
    return store_record_id(record) if record is not None else None


@dataclass
class PersonIndex:
    """Every record of the export tied to its employee (one grouping for all tables)."""

    employees: list[Employee]
    by_record: dict[int, Employee]
    mapping: PersonnelMap | None = None

    @classmethod
    def build(cls, records: Iterable[Record], mapping: PersonnelMap | None = None) -> PersonIndex:
        """Group ``records`` by person (:func:`mseflow.employees.group_employees`)."""
        employees = group_employees(records)
        by_record = {id(doc): emp for emp in employees for doc in emp.documents}
        return cls(employees, by_record, mapping)

    def number_for(self, employee: Employee) -> str | None:
        """The employee's personnel number from the mapping CSV, if any."""
        if self.mapping is None:
            return None
        return self.mapping.number_for(employee.snils, employee.full_name, employee.birth_date)

    def person(self, record: Record) -> Person:
        """The employee key and personnel number for ``record``."""
        employee = self.by_record.get(id(record))
        if employee is None:
            return Person()
        return Person(stable_key(employee), self.number_for(employee))


def stable_key(employee: Employee) -> str:
    """``snils:<digits>`` whenever one of the person's documents has a СНИЛС, else the
    grouping key (``name:<normalised name>|<birth date>``): the same person keeps the
    same key whichever document was processed first."""
    digits = snils_digits(employee.snils)
    return f"snils:{digits}" if digits else employee.key


Pair = tuple[str, Record]


def build_tables(
    upserts: Sequence[Pair],
    retractions: Sequence[tuple[str, Record, str]],
    in_force: Sequence[Pair],
    mapping: PersonnelMap | None = None,
) -> tuple[Table, Table, Table, Table]:
    """The four export tables of one feed run.

    ``upserts``: new or changed records (a subset of ``in_force``, the same objects);
    ``retractions``: ``(record_id, record, reason)`` no longer in force; ``in_force``:
    every record that may go out today, for the per-employee state. Employees get a row
    when one of their documents is in ``upserts`` or ``retractions``.
    """
    index = PersonIndex.build([r for _, r in in_force] + [r for _, r, _ in retractions], mapping)
    documents = Table("documents", "Документы", DOCUMENT_COLUMNS)
    obligations = Table("obligations", "Обязанности", OBLIGATION_COLUMNS)
    retracted = Table("retractions", "Отзыв", RETRACTION_COLUMNS)
    for rid, record in upserts:
        person = index.person(record)
        documents.rows.append(document_row(rid, record, person))
        obligations.rows.extend(obligation_rows(rid, record, person))
    for rid, record, reason in retractions:
        retracted.rows.append(retraction_row(rid, record, index.person(record), reason))
    employees = Table("employees", "Сотрудники", EMPLOYEE_COLUMNS)
    live = {id(r) for _, r in in_force}
    touched = [r for _, r in upserts] + [r for _, r, _ in retractions]
    seen: set[int] = set()
    for record in touched:
        employee = index.by_record.get(id(record))
        if employee is None or id(employee) in seen:
            continue
        seen.add(id(employee))
        current = Employee(
            employee.key, employee.full_name, employee.birth_date, employee.snils,
            [d for d in employee.documents if id(d) in live],
        )  # fmt: skip
        employees.rows.append(
            employee_row(current, index.number_for(employee), stable_key(employee))
        )
    return documents, employees, obligations, retracted


def today_utc() -> dt.date:
    """The export date when none is given (UTC)."""
    return dt.datetime.now(dt.UTC).date()
