"""Cause of disability, normalised to the contract's enum by the phrase list ``causes.txt``.

Basis: the causes listed in the Rules of recognising a person as disabled
(Постановление № 588 of 05.04.2022, п. 14) as printed on the certificate.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from mseflow.contract import Cause
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.dictionaries import load_pairs
from mseflow.extractors.layout import DocumentView, TextLine, first_found

LABELS = ("причина инвалидности", "причина")
CAUSE_MIN_SCORE = 88.0


def match_cause(text: str) -> tuple[Cause, int, int, float] | None:
    """The cause phrase best matching ``text``: (cause, start, end, score 0..1).

    >>> match_cause("Причина инвалидности: общее заболевание")[0].value
    'general_disease'
    >>> match_cause("трудовое увечъе")[0].value
    'work_injury'
    """
    low = text.lower()
    best: tuple[Cause, int, int, float] | None = None
    for code, phrase in load_pairs("causes"):
        al = fuzz.partial_ratio_alignment(phrase, low, score_cutoff=CAUSE_MIN_SCORE)
        if al is None:
            continue
        if best is None or al.score > best[3] * 100 + 0.01:
            best = (Cause(code), al.dest_start, al.dest_end, al.score / 100)
    return best


def _from_line(tl: TextLine, start: int) -> FieldValue | None:
    found = match_cause(tl.text[start:])
    if found is None:
        return None
    cause, a, b, score = found
    return FieldValue("disability_cause", cause.value, tl.evidence(start + a, start + b, score))


def extract_cause(view: DocumentView) -> FieldValue | None:
    """The cause phrase after its label (same line or the next)."""
    for hit, line, start in first_found(view, LABELS):
        fv = _from_line(line, start) or _from_line(hit.line, hit.end)
        if fv is not None:
            return fv
    return None


class CauseExtractor(Extractor):
    """Cause of disability."""

    code = "cause"
    keys = ("disability_cause",)
    version = 1

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the cause by its label."""
        fv = extract_cause(DocumentView(span.pages))
        return [fv] if fv is not None else []
