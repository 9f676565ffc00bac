"""The record model: the machine-readable form of ``shared/record-contract.md``.

Key names here are fixed by the contract; the project may add keys, never rename
or drop them. ``mseflow/schema/record.schema.json`` is generated from :class:`Record`
(``mseflow schema``) and a test keeps it in sync.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

BBox = list[float]
"""``[x0, y0, x1, y1]``: page pixels for OCR pages, PDF points for text-layer pages."""

SHEET_CROP_DESCRIPTION = (
    "only when the page is one of two pages side by side on one sheet: where that page lies "
    "on the sheet's image as read, [x0, y0, x1, y1] in pixels of the page image before any "
    "normalisation (the decoded frame, a PDF page rendered at the reading DPI); bbox is then "
    "in that page's own pixels, read from this crop"
)


def _absent(value: object) -> bool:
    return value is None


class DocType(StrEnum):
    """What a detected document is."""

    mse_certificate = "mse_certificate"
    ipra = "ipra"
    other = "other"
    unreadable = "unreadable"


class TextSource(StrEnum):
    """Where the document's text came from."""

    text_layer = "text_layer"
    ocr = "ocr"
    mixed = "mixed"


class Cause(StrEnum):
    """Normalised cause of disability."""

    general_disease = "general_disease"
    work_injury = "work_injury"
    occupational_disease = "occupational_disease"
    since_childhood = "since_childhood"
    military_injury = "military_injury"
    chernobyl = "chernobyl"
    other = "other"


class Severity(StrEnum):
    """How bad a validation issue is; the worst one sets the status."""

    error = "error"
    warning = "warning"
    info = "info"


class Status(StrEnum):
    """The verdict an HR officer acts on."""

    valid = "valid"
    needs_review = "needs_review"
    invalid = "invalid"


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", use_enum_values=True)


class Evidence(_Model):
    """Where an extracted value was read: page, box, the source text and a confidence."""

    page: int | None = Field(default=None, description="1-based page of the source file")
    bbox: BBox | None = Field(default=None, description="[x0, y0, x1, y1] in page pixels or points")
    text: str = Field(default="", description="the source text the value was read from")
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    sheet_crop: BBox | None = Field(
        default=None, exclude_if=_absent, description=SHEET_CROP_DESCRIPTION
    )


class Issue(_Model):
    """One validation finding; ``code`` is a stable snake_case identifier (docs/codes.md)."""

    code: str
    severity: Severity
    message: str
    fields: list[str] = Field(default_factory=list)


class Validation(_Model):
    """The verdict on a record and the issues behind it."""

    status: Status = Status.needs_review
    issues: list[Issue] = Field(default_factory=list)


class Obligation(_Model):
    """An employer obligation that follows from the record, with its legal basis."""

    code: str
    basis: str
    message: str
    kind: str = Field(
        default="instruction",
        description="instruction, request, review, information or legal_review",
    )
    requires_legal_review: bool = Field(
        default=False,
        description="leads towards transfer, suspension or termination: a lawyer decides",
    )
    documents: list[str] = Field(
        default_factory=list, description="what the employer must hold before acting on it"
    )


class Candidate(_Model):
    """One value an extractor proposed for a field, with where and how it was found.

    ``method`` says how: ``labelled_line``, ``next_line``, ``table_cell``,
    ``marked_option``, ``tick_box``, ``list_item``, ``prose``, ``ner``. The resolver
    picks a field's value among its candidates; all of them are kept here so a
    reviewer (and a later resolve) can see what was weighed.
    """

    value: Any = None
    method: str = ""
    extractor: str = ""
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    page: int | None = None
    bbox: BBox | None = None
    text: str = ""
    sheet_crop: BBox | None = Field(
        default=None, exclude_if=_absent, description=SHEET_CROP_DESCRIPTION
    )


class ReviewStatus(StrEnum):
    """What a person decided about a record in the review station."""

    confirmed = "confirmed"
    corrected = "corrected"
    rejected = "rejected"


class Review(_Model):
    """The latest human decision on a record; ``status`` is null while nobody has looked."""

    status: ReviewStatus | None = None
    by: str | None = None
    at: dt.datetime | None = None


class Record(_Model):
    """One detected document, as written to ``records.jsonl``."""

    source_path: str
    source_sha256: str
    pages: list[int] = Field(default_factory=list)
    doc_type: DocType
    text_source: TextSource | None = None
    full_name: str | None = None
    birth_date: dt.date | None = None
    document_series: str | None = None
    document_number: str | None = None
    issue_date: dt.date | None = None
    issuer: str | None = None
    disability_group: Literal[1, 2, 3] | None = None
    disability_cause: Cause | None = None
    work_restriction_degree: Literal[1, 2, 3] | None = None
    established_date: dt.date | None = None
    valid_until: dt.date | None = None
    indefinite: bool = False
    reexamination_date: dt.date | None = None
    incapable_of_work: bool = False
    contraindications: list[str] = Field(default_factory=list)
    recommended_conditions: list[str] = Field(default_factory=list)
    available_work: list[str] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    validation: Validation = Field(default_factory=Validation)
    obligations: list[Obligation] = Field(default_factory=list)
    pipeline_version: str
    # Keys added by the project (docs/record-contract.md, "Keys added by the project").
    snils: str | None = Field(
        default=None, description="СНИЛС as «123-456-789 01», only when its checksum holds"
    )
    form_version: str | None = Field(
        default=None,
        description="form the document was printed on: 1031n, 379n, 486n-2017, 486n-2019, "
        "545n, electronic-2026, fri-extract, bureau-letter",
    )
    candidates: dict[str, list[Candidate]] = Field(
        default_factory=dict, description="per field, every candidate value the resolver weighed"
    )
    review: Review = Field(default_factory=Review, description="the latest human decision")
    disabled_child: bool = Field(
        default=False,
        description="the document is a disabled child's (a child's IPRA, or a certificate of the "
        "category «ребенок-инвалид»): the employee is a parent or guardian, and the obligations "
        "are the parent's guarantees",
    )

    def to_json_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data (ISO dates, contract key order)."""
        return self.model_dump(mode="json")

    def to_json_line(self) -> str:
        """Return the record as one line of JSON Lines (UTF-8, not ASCII-escaped)."""
        return json.dumps(self.to_json_dict(), ensure_ascii=False, separators=(",", ":"))


CONTRACT_KEYS: tuple[str, ...] = tuple(
    name for name in Record.model_fields if name not in {"to_json_dict"}
)
"""The record keys in contract order."""


def record_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of :class:`Record` (what ``mseflow/schema/record.schema.json`` holds)."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/mseflow/mseflow/schema/record.schema.json"
    return schema


def render_json_schema() -> str:
    """Return the schema as the exact text committed in ``mseflow/schema/record.schema.json``."""
    return json.dumps(record_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
