"""Document classification/splitting and field extraction.

Public API used by :mod:`mseflow.pipeline`:

* :func:`split_documents` — pages of one input -> :class:`DocumentSpan` per document;
* :func:`extract_fields` — one span -> :class:`Extraction` (values, evidence, confidence);
* :data:`EXTRACTORS` — the registry; :data:`EXTRACTORS_VERSION` — a hash of its codes
  and versions (changing an extractor changes it).
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from mseflow.contract import Candidate, DocType, Evidence
from mseflow.extractors.base import DocumentSpan, Extraction, Extractor, FieldValue
from mseflow.extractors.cause import CauseExtractor
from mseflow.extractors.classify import form_version, split_documents
from mseflow.extractors.degree import DegreeExtractor, degree_from_note
from mseflow.extractors.group import GroupExtractor
from mseflow.extractors.incapable import IncapableExtractor
from mseflow.extractors.issuer import IssuerExtractor
from mseflow.extractors.numbers import NumbersExtractor
from mseflow.extractors.options import OptionsExtractor
from mseflow.extractors.person import PersonExtractor
from mseflow.extractors.resolve import (
    Proposal,
    corroborate_term,
    cross_check_group,
    established_after_issue,
    resolve,
)
from mseflow.extractors.snils import SnilsExtractor
from mseflow.extractors.term import TermExtractor
from mseflow.extractors.worklists import WorkListsExtractor

EXTRACTORS: tuple[Extractor, ...] = (
    PersonExtractor(),
    SnilsExtractor(),
    NumbersExtractor(),
    IssuerExtractor(),
    GroupExtractor(),
    CauseExtractor(),
    DegreeExtractor(),
    TermExtractor(),
    IncapableExtractor(),
    OptionsExtractor(),
    WorkListsExtractor(),
)
"""Every extractor, in the order they run."""

EXTRACTORS_VERSION: str = hashlib.sha256(
    ";".join(f"{e.code}:{e.version}" for e in EXTRACTORS).encode()
).hexdigest()[:10]
"""Short hash over the extractors' codes and versions."""

CORE_KEYS: dict[DocType, tuple[str, ...]] = {
    DocType.mse_certificate: (
        "full_name",
        "birth_date",
        "document_series",
        "document_number",
        "issuer",
        "disability_group",
        "disability_cause",
    ),
    DocType.ipra: ("full_name", "birth_date", "document_number", "issuer", "issue_date"),
}
"""Keys every document of a type should yield: the share found feeds the confidence."""

LIST_DEFAULTS: dict[str, Any] = {
    "contraindications": [],
    "recommended_conditions": [],
    "available_work": [],
    "indefinite": False,
    "incapable_of_work": False,
}


def _is_empty(value: Any) -> bool:
    return value is None or value is False or value == []


def _record_confidence(
    span: DocumentSpan, values: dict[str, Any], ev: dict[str, Evidence]
) -> float:
    """Mean evidence confidence of the found values, scaled by the share of core keys found."""
    core = CORE_KEYS.get(span.doc_type, ())
    present = {k for k, v in values.items() if not _is_empty(v)}
    coverage = sum(k in present for k in core) / len(core) if core else 1.0
    confs = [ev[k].confidence for k in sorted(present) if k in ev]  # one order: one sum
    mean = math.fsum(confs) / len(confs) if confs else 0.0
    return round(mean * (0.5 + 0.5 * coverage), 3)


def _form_version_evidence(span: DocumentSpan) -> Evidence | None:
    tag, page, index = form_version(span)
    if not tag or page is None:
        return None
    line = page.lines[index] if index is not None else None
    return Evidence(
        page=page.number,
        bbox=list(line.bbox) if line is not None and line.words else None,
        text=tag,
        confidence=0.9 if line is not None else 0.6,
    )


def _reconcile_term(values: dict[str, Any], evidence: dict[str, Evidence]) -> None:
    """«Бессрочно» and a term date both read: keep the stronger, flag both for review."""
    if not (values.get("indefinite") and values.get("valid_until")):
        return
    ind, until = evidence.get("indefinite"), evidence.get("valid_until")
    if ind is None or until is None:
        return
    if ind.confidence >= until.confidence:
        values["valid_until"] = None
    else:
        values["indefinite"] = False
    for ev in (ind, until):
        ev.conflict = True  # type: ignore[attr-defined]
        ev.confidence = round(ev.confidence * 0.5, 3)


def propose(span: DocumentSpan) -> dict[str, list[Proposal]]:
    """Every candidate of every key from every extractor that applies to the span's type."""
    proposals: dict[str, list[Proposal]] = {}
    for extractor in EXTRACTORS:
        if span.doc_type not in extractor.doc_types:
            continue
        for fv in extractor.extract(span):
            if fv.key in extractor.keys:
                proposals.setdefault(fv.key, []).append(Proposal(fv, extractor.code))
    return proposals


def extract_fields(span: DocumentSpan) -> Extraction:
    """Run every extractor that applies to the span's type and resolve each key.

    ``other`` yields no values.
    """
    if span.doc_type not in (DocType.mse_certificate, DocType.ipra):
        return Extraction()
    values: dict[str, Any] = dict(LIST_DEFAULTS)
    evidence: dict[str, Evidence] = {}
    candidates: dict[str, list[Candidate]] = {}
    for extractor in EXTRACTORS:
        if span.doc_type in extractor.doc_types:
            for key in extractor.keys:
                values.setdefault(key, None)
    for key, proposals in propose(span).items():
        resolved = resolve(key, proposals)
        values[key] = resolved.value
        if resolved.evidence is not None and (not _is_empty(resolved.value) or resolved.conflict):
            evidence[key] = resolved.evidence
        if resolved.candidates:
            candidates[key] = resolved.candidates
    _reconcile_term(values, evidence)
    established_after_issue(values, evidence)
    cross_check_group(values, evidence, span.pages)
    corroborate_term(values, evidence, candidates)
    if span.doc_type is DocType.ipra:
        degree_from_note(values, evidence, candidates, span.pages)
    form = _form_version_evidence(span)
    if form is not None:
        evidence["form_version"] = form
    return Extraction(values, evidence, _record_confidence(span, values, evidence), candidates)


__all__ = [
    "EXTRACTORS",
    "EXTRACTORS_VERSION",
    "DocumentSpan",
    "Extraction",
    "Extractor",
    "FieldValue",
    "extract_fields",
    "propose",
    "split_documents",
]
