"""One resolver per field: weigh every candidate and pick the value, or null.

Each candidate's weight is its evidence confidence times how much its method is
trusted (a labelled line more than prose, prose more than a bare NER span). Weights
of candidates with the same value add up (with diminishing returns); the best value
wins when its weight reaches the field's threshold. When another value has a strong
candidate too, the field is in conflict: its evidence gets ``conflict=True`` (the rule
``conflicting_values`` sends the record to review) and its confidence drops, so a
value that might be wrong costs more than a null; a rival about as strong as the best
leaves the value null. Below the threshold the value is
null; every candidate is kept in the record either way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mseflow.contract import Candidate, Evidence
from mseflow.extractors.base import FieldValue
from mseflow.extractors.text import fold
from mseflow.reading.page import PageText

METHOD_WEIGHT: dict[str, float] = {
    "labelled_line": 1.0,
    "table_cell": 1.0,
    "marked_option": 1.0,
    "tick_box": 1.0,
    "list_item": 0.95,
    "next_line": 0.92,
    "prose": 0.8,
    "ner": 0.6,
}
"""How much a way of finding a value is trusted."""

THRESHOLD: dict[str, float] = {
    "incapable_of_work": 0.8,
    "indefinite": 0.7,
    "disability_cause": 0.6,
    "full_name": 0.55,
}
"""Least resolved weight for a field's value (others: :data:`DEFAULT_THRESHOLD`)."""
DEFAULT_THRESHOLD = 0.5
STRONG = 0.7
"""A candidate this heavy for another value makes a conflict."""
CONFLICT_PENALTY = 0.5
TIE = 0.85
"""A rival this close to the best candidate: nothing can be chosen, the value is null."""

FLAG_DEFAULTS: dict[str, Any] = {"indefinite": False, "incapable_of_work": False}
LIST_KEYS = ("contraindications", "recommended_conditions", "available_work")


@dataclass(slots=True)
class Proposal:
    """A candidate with the code of the extractor that proposed it."""

    value: FieldValue
    extractor: str

    @property
    def weight(self) -> float:
        """Evidence confidence times the method's trust."""
        return self.value.evidence.confidence * METHOD_WEIGHT.get(self.value.method, 0.7)


@dataclass(slots=True)
class Resolved:
    """The value chosen for a field (None when none passed), its evidence and the weighed."""

    value: Any
    evidence: Evidence | None
    candidates: list[Candidate] = field(default_factory=list)
    conflict: bool = False


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(sorted(str(v).lower() for v in value))
    if isinstance(value, str):
        return " ".join(fold(value).split())
    return value


def to_candidate(p: Proposal) -> Candidate:
    """The record's shape of a proposal."""
    ev = p.value.evidence
    value = p.value.value
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return Candidate(
        value=value,
        method=p.value.method,
        extractor=p.extractor,
        confidence=round(min(1.0, max(0.0, ev.confidence)), 3),
        page=ev.page,
        bbox=ev.bbox,
        text=ev.text,
    )


def _support(weights: Iterable[float]) -> float:
    """Combined weight: 1 - Π(1 - w) over the best few (agreement raises, never past 1)."""
    miss = 1.0
    for w in sorted(weights, reverse=True)[:3]:
        miss *= 1.0 - max(0.0, min(1.0, w))
    return 1.0 - miss


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or value is False


def resolve(key: str, proposals: list[Proposal]) -> Resolved:
    """Pick ``key``'s value among ``proposals``."""
    candidates = [to_candidate(p) for p in proposals if not _is_empty(p.value.value)]
    real = [p for p in proposals if not _is_empty(p.value.value)]
    if not real:
        default = FLAG_DEFAULTS.get(key, [] if key in LIST_KEYS else None)
        ev = next((p.value.evidence for p in proposals), None)
        return Resolved(default, ev if default is not None else None, candidates)
    if key in LIST_KEYS:
        return _resolve_list(real, candidates)
    groups: dict[Any, list[Proposal]] = {}
    for p in real:
        groups.setdefault(_norm(p.value.value), []).append(p)
    scored = sorted(
        ((_support(p.weight for p in ps), ps) for ps in groups.values()),
        key=lambda item: item[0],
        reverse=True,
    )
    best_score, best = scored[0]
    top = max(best, key=lambda p: p.weight)
    rivals = [max(p.weight for p in ps) for _s, ps in scored[1:]]
    rivals = [w for w in rivals if w >= STRONG]
    conflict = bool(rivals)
    tie = conflict and max(rivals) >= TIE * top.weight
    value = top.value.value
    score = best_score * (CONFLICT_PENALTY if conflict else 1.0)
    evidence = top.value.evidence.model_copy()
    evidence.confidence = round(max(0.0, min(1.0, score)), 3)
    if conflict:
        evidence.conflict = True  # type: ignore[attr-defined]
    if tie or score < THRESHOLD.get(key, DEFAULT_THRESHOLD):
        value = FLAG_DEFAULTS.get(key)
        return Resolved(value, evidence if conflict else None, candidates, conflict)
    return Resolved(value, evidence, candidates, conflict)


def _resolve_list(proposals: list[Proposal], candidates: list[Candidate]) -> Resolved:
    """The heaviest candidate list, joined with the lists found the same way (other sections)."""
    top = max(proposals, key=lambda p: p.weight)
    seen: dict[str, Any] = {}
    for p in sorted(proposals, key=lambda p: p.weight, reverse=True):
        if p.value.method != top.value.method or p.extractor != top.extractor:
            continue
        for item in p.value.value:
            seen.setdefault(" ".join(str(item).lower().split()), item)
    return Resolved(list(seen.values()), top.value.evidence, candidates)


BARE_NUMERAL = re.compile(r"^[\s:|(]*(?:I{1,3}|[ПШ]|[1-3])[\s.|)]*$")
"""A group printed as a Roman numeral or digit alone: OCR may have lost or doubled a stroke."""
MISREAD_GROUP = {1: 2, 2: 1}
"""The group a lost or doubled stroke turns a numeral into (I ↔ II); «III» ↔ «II» keeps
the one-year term, so the term cannot tell them apart."""


def crop_confirmed(ev: Evidence, pages: Sequence[PageText]) -> bool:
    """The numeral behind ``ev`` is a Roman numeral whose crop the engine read again alone
    with the same strokes: its words are :attr:`~mseflow.reading.page.Word.confirmed` (set by
    :mod:`mseflow.reading.roman`; a page pass's own confidence, even a high one, is no second
    reading). Only the numeral's words inside the evidence box count."""
    if ev.bbox is None:
        return False
    x0, y0, x1, y1 = ev.bbox
    words = [
        w
        for page in pages
        if page.number == ev.page and page.source == "ocr"
        for line in page.lines
        for w in line.words
        if w.bbox[0] >= x0 - 1
        and w.bbox[2] <= x1 + 1
        and w.bbox[1] >= y0 - 1
        and w.bbox[3] <= y1 + 1
    ]
    numerals = [w for w in words if ROMAN_WORD.match(w.text)]
    return bool(numerals) and all(w.confirmed for w in numerals)


ROMAN_WORD = re.compile(r"^I{1,3}[.,)]?$")
"""A word the stroke count made («I», «II», «III»: the ``rus`` model has no Latin «I»)."""


def cross_check_group(
    values: dict[str, Any], evidence: dict[str, Evidence], pages: Sequence[PageText] = ()
) -> None:
    """Distrust a group read from a bare numeral when the term fits the neighbour's group.

    Group I is set for 2 years, groups II and III for 1 year (Постановление № 588,
    пп. 9, 13; the 2020–22 six-month extensions count as fitting,
    :mod:`mseflow.validators.terms`). A bare «II» on a document whose term from the date
    established is two years is more likely a misread «I» than a wrong term: the value
    becomes null (its candidates stay in the record) rather than a wrong group.

    A numeral its crop's second reading confirmed (:func:`crop_confirmed`, on ``pages``) was
    read twice with the same strokes: it stands, and the term that does not fit it is the
    document's own fault, flagged by the rule ``group_term_mismatch`` (the certificate is
    invalid) rather than hidden by a null.
    """
    from mseflow.validators.terms import in_any_window, term_windows

    group, est, until = (
        values.get(k) for k in ("disability_group", "established_date", "valid_until")
    )
    ev = evidence.get("disability_group")
    if values.get("indefinite") or ev is None or not isinstance(group, int):
        return
    if not isinstance(est, dt.date) or not isinstance(until, dt.date) or until <= est:
        return
    other = MISREAD_GROUP.get(group)
    if other is None or not BARE_NUMERAL.match(ev.text or ""):
        return
    if in_any_window(until, term_windows(est, group)) or not in_any_window(
        until, term_windows(est, other)
    ):
        return
    if crop_confirmed(ev, pages):
        return
    ev.confidence = round(ev.confidence * CONFLICT_PENALTY, 3)
    if ev.confidence < THRESHOLD.get("disability_group", DEFAULT_THRESHOLD):
        values["disability_group"] = None
        del evidence["disability_group"]


CORROBORATED = 0.6
"""Confidence of a doubtful term's end that the law's term for the group confirms."""


def corroborate_term(
    values: dict[str, Any], evidence: dict[str, Evidence], candidates: dict[str, list[Candidate]]
) -> None:
    """A term's end read with doubt (every reading agrees, each below the threshold) is kept
    when it is what the law allows for the group set on the date established, both read
    surely: the 1st of a month (the term runs to the 1st of the month after the
    re-examination's) inside the group's window from that date (Постановление № 588, пп. 9,
    13; :mod:`mseflow.validators.terms`). A misread digit of its month or year leaves the
    window, and one of its day leaves the 1st; a date outside stays null."""
    from mseflow.validators.terms import in_any_window, term_windows

    if values.get("valid_until") is not None or values.get("indefinite"):
        return
    est, group = values.get("established_date"), values.get("disability_group")
    if not isinstance(est, dt.date) or group not in (1, 2, 3) or "valid_until" in evidence:
        return  # no sure start or group, or the readings conflict (reviewed as such)
    read = [c for c in candidates.get("valid_until", []) if isinstance(c.value, str)]
    if len({c.value for c in read}) != 1:
        return
    value = dt.date.fromisoformat(read[0].value)
    if value.day != 1 or not in_any_window(value, term_windows(est, group)):
        return
    best = max(read, key=lambda c: c.confidence)
    values["valid_until"] = value
    evidence["valid_until"] = Evidence(
        page=best.page, bbox=best.bbox, text=best.text, confidence=CORROBORATED
    )


def established_after_issue(values: dict[str, Any], evidence: dict[str, Evidence]) -> None:
    """An establishment date later than the certificate's own issue date is no establishment
    date: the certificate is issued on the decision that establishes the disability (Правила
    признания лица инвалидом, Постановление № 588, пп. 36, 38; 1031н: «Дата установления
    инвалидности» ≤ «Дата выдачи справки»), so a later date is another one the label's
    damaged words led to («ИНВАЛИДНОСТЬ УСТАНОВЛЕНА : 01.11.2027», OCR having lost «НА СРОК
    ДО»). Null, its evidence flagged; the one exception is a temporary extension issued
    ahead of its start (:func:`mseflow.validators.terms.issued_ahead_of_extension`)."""
    from mseflow.validators.terms import issued_ahead_of_extension

    est, issue = values.get("established_date"), values.get("issue_date")
    if not isinstance(est, dt.date) or not isinstance(issue, dt.date) or est <= issue:
        return
    if issued_ahead_of_extension(est, values.get("valid_until"), issue):
        return
    values["established_date"] = None
    ev = evidence.get("established_date")
    if ev is not None:
        ev.conflict = True  # type: ignore[attr-defined]
        ev.confidence = round(ev.confidence * CONFLICT_PENALTY, 3)
