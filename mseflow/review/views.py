"""Template data for the three pages: queue rows, a record's fields, employees and due dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mseflow.contract import BBox, Record
from mseflow.employees import Employee
from mseflow.records.queue import QueueItem
from mseflow.records.reviews import REVIEWABLE_FIELDS, ReviewRow
from mseflow.records.sqlite import record_id
from mseflow.review.fields import FieldView, cause_choices, display, kind_of, value_label
from mseflow.review.pages import sheet_crops
from mseflow.review.service import DueItem
from mseflow.review.texts import (
    CONFLICT_LABELS,
    DECISION_LABELS,
    DOC_TYPE_LABELS,
    DUE_LABELS,
    METHOD_LABELS,
    REVIEW_LABELS,
    STATUS_LABELS,
    field_label,
    reason_text,
)

PERSON_FIELDS = {
    "mse_certificate": (
        "full_name", "birth_date", "snils", "document_series", "document_number", "issue_date",
        "issuer", "disability_group", "disability_cause", "established_date", "valid_until",
        "indefinite", "reexamination_date", "work_restriction_degree", "incapable_of_work",
    ),
    "ipra": (
        "full_name", "birth_date", "snils", "document_number", "issue_date", "issuer",
        "disability_group", "work_restriction_degree", "valid_until", "indefinite",
        "incapable_of_work", "contraindications", "recommended_conditions", "available_work",
    ),
}  # fmt: skip
"""Fields shown per document type, in the order of the printed form."""


def date_ru(value: dt.date | str | None) -> str:
    """``2027-06-01`` -> ``01.06.2027`` (empty for None)."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return day.strftime("%d.%m.%Y")


def queue_row(item: QueueItem) -> dict[str, Any]:
    """One queue row for the template."""
    return {
        "record_id": item.record_id,
        "doc_type": DOC_TYPE_LABELS.get(item.doc_type, item.doc_type),
        "status": item.status,
        "status_label": STATUS_LABELS.get(item.status, item.status),
        "reasons": [reason_text(code) for code in item.reasons],
        "confidence": round(item.confidence * 100),
        "full_name": item.full_name or "ФИО не прочитано",
        "review": REVIEW_LABELS.get(item.review_status or "", ""),
        "valid_until": date_ru(item.valid_until),
    }


def shown_fields(record: Record) -> tuple[str, ...]:
    """The fields the record page lists for this document type."""
    order = PERSON_FIELDS.get(str(record.doc_type), REVIEWABLE_FIELDS)
    extra = tuple(n for n in record.evidence if n in REVIEWABLE_FIELDS and n not in order)
    return order + extra


def page_views(record: Record) -> list[dict[str, Any]]:
    """The page images of the record page: a page, or each side of a two-up sheet the
    record's boxes were read on (``key`` names the image in ``/pages/{key}.png``)."""
    out: list[dict[str, Any]] = []
    for page in record.pages:
        crops = sheet_crops(record, page)
        if not crops:
            out.append({"key": str(page), "page": page, "label": f"Страница {page}"})
        for number, crop in enumerate(crops, 1):
            half = "левая" if crop[0] == 0 else "правая"
            label = f"Страница {page}, {half} половина листа"
            out.append({"key": f"{page}-{number}", "page": page, "label": label})
    return out


def view_key(record: Record, page: int | None, crop: BBox | None) -> str | None:
    """The page image a box of ``page`` read on ``crop`` (None: the whole page) is drawn on."""
    if page is None:
        return None
    if crop is None:
        return str(page)
    return f"{page}-{sheet_crops(record, page).index(crop) + 1}"


def field_views(record: Record, min_confidence: float) -> list[FieldView]:
    """Each shown field with its value, evidence box and confidence."""
    data = record.to_json_dict()
    views: list[FieldView] = []
    for name in shown_fields(record):
        evidence = record.evidence.get(name)
        confidence = evidence.confidence if evidence is not None else None
        views.append(
            FieldView(
                name=name,
                label=field_label(name),
                kind=kind_of(name),
                value=data.get(name),
                text=display(name, data.get(name)),
                confidence=confidence,
                page=evidence.page if evidence is not None else None,
                bbox=evidence.bbox if evidence is not None else None,
                low=confidence is not None and confidence < min_confidence,
                choices=cause_choices() if name == "disability_cause" else (),
                view=view_key(record, evidence.page, evidence.sheet_crop) if evidence else None,
            )
        )
    return views


def candidate_rows(record: Record) -> dict[str, list[dict[str, Any]]]:
    """Per field, the candidates the resolver weighed, in words.

    A field whose only reading is the value shown gets none (nothing to choose).
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    data = record.to_json_dict()
    for name, candidates in record.candidates.items():
        if all(_same(c.value, data.get(name)) for c in candidates):
            continue
        rows[name] = [
            {
                "value": value_label(name, c.value) if name in REVIEWABLE_FIELDS else str(c.value),
                "raw": display(name, c.value) if name in REVIEWABLE_FIELDS else str(c.value),
                "method": METHOD_LABELS.get(c.method, c.method),
                "confidence": round(c.confidence * 100),
                "page": c.page,
                "view": view_key(record, c.page, c.sheet_crop),
                "bbox": c.bbox,
            }
            for c in candidates
        ]
    return rows


def _same(candidate: Any, value: Any) -> bool:
    return candidate == value or str(candidate) == str(value)


def history_rows(rows: list[ReviewRow]) -> list[dict[str, Any]]:
    """The audit trail, newest first, a line per changed field."""
    out = []
    for row in reversed(rows):
        if row.field is not None and row.old_value == row.new_value:
            continue
        out.append(
            {
                "at": row.at.astimezone().strftime("%d.%m.%Y %H:%M"),
                "reviewer": row.reviewer,
                "decision": DECISION_LABELS.get(str(row.decision), str(row.decision)),
                "field": field_label(row.field) if row.field else "",
                "old": value_label(row.field, row.old_value) if row.field else "",
                "new": value_label(row.field, row.new_value) if row.field else "",
                "comment": row.comment,
            }
        )
    return out


def issue_text(issue: Any) -> str:
    """The rule's Russian text, with the fields it names when the issue names them."""
    text = reason_text(issue.code)
    message = issue.message or ""
    return message if message.startswith(f"{text}: ") else text


def validation_view(record: Record) -> dict[str, Any]:
    """Status, issues and obligations in Russian."""
    return {
        "status": str(record.validation.status),
        "status_label": STATUS_LABELS.get(str(record.validation.status), ""),
        "issues": [
            {"code": i.code, "severity": str(i.severity), "text": issue_text(i)}
            for i in record.validation.issues
        ],
        "obligations": [
            {
                "code": o.code,
                "text": o.message,
                "basis": o.basis,
                "legal": bool(getattr(o, "requires_legal_review", False)),
            }
            for o in record.obligations
        ],
        "review": REVIEW_LABELS.get(str(record.review.status or ""), ""),
    }


@dataclass(frozen=True)
class EmployeeRow:
    """One person on the employees page."""

    key: str
    full_name: str
    birth_date: str
    group: str
    term: str
    reexamination: str
    degree: str
    contraindications: list[str]
    obligations: list[str]
    conflicts: list[str]
    documents: list[dict[str, str]]
    disabled_child: bool = False


def employee_row(employee: Employee) -> EmployeeRow:
    """The employee's current facts, documents and conflicts, in words."""
    cert, ipra = employee.certificate, employee.ipra
    main = cert or ipra
    term = ""
    if main is not None:
        term = "бессрочно" if main.indefinite else date_ru(main.valid_until)
    obligations = list(
        dict.fromkeys(o.message for doc in (cert, ipra) if doc for o in doc.obligations)
    )
    return EmployeeRow(
        key=employee.key,
        full_name=employee.full_name or "—",
        birth_date=date_ru(employee.birth_date),
        group=value_label("disability_group", main.disability_group) if main else "",
        term=term,
        reexamination=date_ru(cert.reexamination_date) if cert else "",
        degree=str((ipra or cert).work_restriction_degree or "") if (ipra or cert) else "",
        contraindications=list(ipra.contraindications) if ipra else [],
        obligations=obligations,
        conflicts=[CONFLICT_LABELS.get(c, c) for c in employee.conflicts],
        documents=[_document(doc) for doc in employee.documents],
        disabled_child=employee.disabled_child,
    )


def _document(record: Record) -> dict[str, str]:
    return {
        "record_id": record_id(record),
        "doc_type": DOC_TYPE_LABELS.get(str(record.doc_type), str(record.doc_type)),
        "issued": date_ru(record.issue_date),
        "status_label": STATUS_LABELS.get(str(record.validation.status), ""),
        "status": str(record.validation.status),
        "review": REVIEW_LABELS.get(str(record.review.status or ""), ""),
    }


def due_row(item: DueItem) -> dict[str, Any]:
    """One line of the due list."""
    when = (
        "просрочено" if item.days < 0 else "сегодня" if item.days == 0 else f"через {item.days} дн."
    )
    return {
        "what": DUE_LABELS.get(item.kind, item.kind),
        "date": date_ru(item.date),
        "when": when,
        "overdue": item.days < 0,
        "full_name": item.employee.full_name or "—",
        "record_id": record_id(item.record),
    }
