"""Dates found by their labels: established, valid until / «бессрочно», issue, re-examination.

Basis: certificate form of Order 1031н (дата установления, «на срок до»,
«дата очередного освидетельствования»); IPRA form of Order 486н points 17–18
(«на срок до: …» or «бессрочно», дата выдачи).
"""

from __future__ import annotations

import re

from mseflow.contract import DocType, Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.dates import find_dates
from mseflow.extractors.layout import DocumentView, first_found

LABELS: dict[str, tuple[str, ...]] = {
    "established_date": (
        "дата установления инвалидности",
        "инвалидность установлена с",
        "дата установления группы",
        "установлена с",
    ),
    "reexamination_date": (
        "дата очередного освидетельствования",
        "дата очередного переосвидетельствования",
        "очередное освидетельствование",
        "дата переосвидетельствования",
    ),
    "issue_date": (
        "дата выдачи ипра",
        "дата выдачи справки",
        "к протоколу проведения медико-социальной экспертизы",
        "дата выдачи",
        "дата разработки",
    ),
    "valid_until": (
        "на срок до",
        "срок до",
        "установлена до",
        "инвалидность установлена на срок до",
    ),
}
"""Labels per key, in order of preference."""

INDEFINITE = re.compile(r"бессрочн\w*", re.IGNORECASE)


def _labelled_date(view: DocumentView, key: str) -> FieldValue | None:
    for label in LABELS[key]:
        for hit, line, start in first_found(view, [label]):
            dates = [d for d in find_dates(line.text) if d.start >= start]
            if dates:
                d = dates[0]
                quality = hit.score / 100 * (1.0 if line is hit.line else 0.9)
                return FieldValue(key, d.value, line.evidence(d.start, d.end, quality))
    return None


def _indefinite(view: DocumentView) -> FieldValue | None:
    for hit, line, _start in first_found(view, LABELS["valid_until"] + ("срок",)):
        for tl in {hit.line, line}:
            m = INDEFINITE.search(tl.text)
            if m:
                return FieldValue("indefinite", True, tl.evidence(m.start(), m.end()))
    for tl in view.lines:
        m = INDEFINITE.search(tl.text)
        if m and len(tl.text) < 100 and "подчеркнуть" not in tl.text.lower():
            return FieldValue("indefinite", True, tl.evidence(m.start(), m.end(), 0.8))
    return None


class TermExtractor(Extractor):
    """Dates read by label: established, valid until / indefinite, issue, re-examination."""

    code = "term"
    keys = ("established_date", "valid_until", "indefinite", "issue_date", "reexamination_date")
    version = 1
    doc_types = frozenset({DocType.mse_certificate, DocType.ipra})

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Find each date by its label; «бессрочно» clears ``valid_until``."""
        view = DocumentView(span.pages)
        out = [
            fv
            for key in ("established_date", "issue_date", "reexamination_date")
            if (fv := _labelled_date(view, key)) is not None
        ]
        indefinite = _indefinite(view)
        if indefinite is not None:
            out.append(indefinite)
        else:
            out.append(FieldValue("indefinite", False, Evidence(confidence=0.5)))
            until = _labelled_date(view, "valid_until")
            if until is not None:
                out.append(until)
        return out
