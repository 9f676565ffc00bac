"""Cause of disability, normalised to the contract's enum by the phrase list ``causes.txt``.

Basis: the causes listed in the Rules of recognising a person as disabled
(Постановление № 588 of 05.04.2022, п. 14, and Постановление № 95 of 20.02.2006
before it) as printed on the certificate. The raw text stays in the evidence. A
wording in no list is ``other`` only where it is clearly the value of the
«Причина инвалидности» label; elsewhere it gives nothing.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from mseflow.contract import Cause
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.captions import captioned_blocks
from mseflow.extractors.dictionaries import load_pairs
from mseflow.extractors.keyvalue import Spot, find_values, is_hint, is_label_line, starts_label
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.options import choice_pieces
from mseflow.extractors.text import fold

CAUSE_MIN_SCORE = 88.0
UNKNOWN_QUALITY = 0.65
"""Confidence of ``other`` for a labelled cause in no list (just passes the threshold)."""


def match_cause(text: str) -> tuple[Cause, int, int, float] | None:
    """The cause phrase best matching ``text``: (cause, start, end, score 0..1).

    Among phrases that match about as well (within 3 points), the first in the list wins:
    the list is ordered by priority (Chernobyl before military service, and so on).

    >>> match_cause("Причина инвалидности: общее заболевание")[0].value
    'general_disease'
    >>> match_cause("трудовое увечъе")[0].value
    'work_injury'
    """
    low = fold(text).replace("«", '"').replace("»", '"')
    matches: list[tuple[float, int, Cause, int, int]] = []
    for rank, (code, phrase) in enumerate(load_pairs("causes")):
        if len(phrase) < 8:
            m = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", low)
            if m is None:
                continue
            score, start, end = 100.0, m.start(), m.end()
        else:
            al = fuzz.partial_ratio_alignment(phrase, low, score_cutoff=CAUSE_MIN_SCORE)
            if al is None or (al.dest_end - al.dest_start) < 0.85 * len(phrase):
                continue
            score, start, end = al.score, al.dest_start, al.dest_end
        matches.append((score, rank, Cause(code), start, end))
    if not matches:
        return None
    top = max(m[0] for m in matches)
    score, _, cause, start, end = min((m for m in matches if m[0] >= top - 3), key=lambda m: m[1])
    return cause, start, end, score / 100


WRAP_LINES = 3
"""Lines a cause may run on over below its first one (the longest wordings of п. 14)."""
RADIATION = re.compile(r"радиац", re.IGNORECASE)
SOURCE = re.compile(
    r"чернобыл|чаэс|ч\s*аэс|маяк|теча|семипалат|особого\s+риск|ядерн|радиоактивн", re.IGNORECASE
)
"""Every radiation cause of п. 14 names its source (Chernobyl, «Маяк» and the Techa, the
Semipalatinsk tests, units of special risk): a «радиационно обусловленное» cause whose
source was not read is not yet known — «… при исполнении обязанностей военной службы» alone
would read as a military injury."""
CHERNOBYL = re.compile(r"чернобыл|чаэс|ч\s*аэс", re.IGNORECASE)
OTHER_SOURCE = re.compile(r"маяк|теча|семипалат|особого\s+риск", re.IGNORECASE)
"""The radiation sources of п. 14 other than Chernobyl (ПО «Маяк» and the Techa, the
Semipalatinsk tests, units of special risk): the contract's ``other``. «Заболевание получено
при исполнении обязанностей военной службы в подразделениях особого риска» names no
«радиац…» and opens like a military injury, but its source makes it the radiation cause."""
MILITARY_LIKE = (Cause.military_injury, Cause.other)
SOURCE_LINES = 7
"""Lines below the cause's label line searched for the source its wrapping stopped short of."""
UNSOURCED_QUALITY = 0.3
"""Confidence of a radiation cause whose source was found nowhere: kept, never chosen."""


def _next_in_column(view: DocumentView, line: TextLine, column: float | None) -> TextLine | None:
    """The next line that reaches right of ``column`` (the label's left edge): a line of
    the column left of the label's, printed between (a two-column form lists its lines by
    height), is skipped."""
    nxt = view.next_line(line)
    for _ in range(2):
        if nxt is None or column is None or nxt.bbox[2] > column:
            return nxt
        nxt = view.next_line(nxt)  # wholly left of the value's column: the other column
    return nxt


def _wrapped(view: DocumentView, spot: Spot) -> str:
    """The cause's text with the lines it wraps onto («… военной службы (служебных» /
    «обязанностей) в связи с катастрофой на» / «Чернобыльской АЭС»): each next line that
    is no label and continues the sentence, or starts under the value, not at the margin."""
    text = spot.line.text[spot.start :]
    words = spot.line.words_in(spot.start, spot.start + 1)
    column = words[0].bbox[0] if words else None
    line = spot.line
    at = spot.label_line.text.lower().find(spot.label[:12]) if spot.label else -1
    label_words = spot.label_line.words_in(at, at + 1) if at >= 0 else []
    label_left = label_words[0].bbox[0] if label_words else None
    for _ in range(WRAP_LINES):
        nxt = _next_in_column(view, line, label_left)
        if nxt is None or text.rstrip().endswith(".") or is_label_line(nxt):
            break
        dangling = re.search(r"(?:\s(?:на|в|с|со|и|по|при|от|к|связи)|,)$", text.rstrip())
        under = (
            column is not None
            and column > spot.label_line.bbox[0] + 20
            and (abs(nxt.bbox[0] - column) <= 0.05 * (spot.line.bbox[2] - spot.line.bbox[0] + 1))
        )
        if not (nxt.text[:1].islower() or nxt.text.startswith("(") or dangling or under):
            break
        text, line = f"{text} {nxt.text}", nxt
    return text


def _with_source(view: DocumentView | None, spot: Spot, text: str) -> tuple[str, float]:
    """A radiation cause's text run on to the line naming its source (the wrap stopped short:
    OCR put a full stop mid-sentence, capitals hid the continuation), and the quality left:
    1.0 with the source found, :data:`UNSOURCED_QUALITY` without."""
    if view is None:
        return text, UNSOURCED_QUALITY
    line: TextLine | None = spot.line
    lines: list[str] = [spot.line.text[spot.start :]]
    for _ in range(SOURCE_LINES):
        line = view.next_line(line)
        if line is None or line.page is not spot.line.page or is_label_line(line):
            break
        lines.append(line.text)
        if SOURCE.search(line.text):
            return " ".join(lines), 1.0
    return text, UNSOURCED_QUALITY


def _lists_causes(text: str) -> bool:
    """A printed list of causes to choose from («общее заболевание / трудовое увечье»)."""
    pieces = choice_pieces(text)
    return sum(match_cause(p) is not None for p in pieces) >= 2


def _from_spot(spot: Spot, view: DocumentView | None = None) -> FieldValue | None:
    tl = spot.line
    if _lists_causes(tl.text[spot.start :]):
        return None  # the marked one is read from the mark (extractors/options.py)
    text = _wrapped(view, spot) if view is not None else tl.text[spot.start :]
    quality, radiation = 1.0, RADIATION.search(text) is not None
    if radiation and not SOURCE.search(text):
        text, quality = _with_source(view, spot, text)
    found = match_cause(text)
    source = SOURCE.search(text) if radiation else None
    chernobyl = source is not None and CHERNOBYL.match(source.group()) is not None
    other_source = OTHER_SOURCE.search(text) is not None and not CHERNOBYL.search(text)
    if other_source and found is not None and found[0] in MILITARY_LIKE:
        found = (Cause.other, found[1], found[2], found[3])
    if chernobyl and (found is None or found[0] is not Cause.chernobyl):
        # «… радиационно обусловленное … Чернобыльской А9С»: the source OCR spoilt for the
        # phrase list still names the disaster (the contract: all Chernobyl causes)
        found = (Cause.chernobyl, 0, min(len(text), len(tl.text) - spot.start), 0.9)
    if found is not None:
        cause, a, b, score = found
        score *= quality
        b = min(b, len(tl.text) - spot.start)  # evidence boxes on the label's line
        ev = tl.evidence(spot.start + a, spot.start + max(a + 1, b), score * spot.score)
        return FieldValue("disability_cause", cause.value, ev, spot.method)
    value = tl.text[spot.start : spot.end]
    if is_hint(value) or len(re.findall(r"[А-Яа-яЁё]{3,}", value)) < 2:
        return None
    if re.search(r"\d", value) or starts_label(value):
        return None  # a date, a number or another label: not a cause in words
    ev = tl.evidence(spot.start, spot.end, UNKNOWN_QUALITY * quality * spot.score)
    return FieldValue("disability_cause", Cause.other.value, ev, spot.method)


CAUSE_CAPTION = re.compile(r"причина(?:\s+установления)?(?:\s+инвалидности)?", re.IGNORECASE)
"""The caption under the cause's rule: «(причина)», «(причина инвалидности)», «(причина
установления инвалидности)» (:mod:`mseflow.extractors.captions`)."""


def captioned_cause(view: DocumentView) -> list[FieldValue]:
    """The cause typed over its caption, on up to three lines («заболевание, связанное с
    последствиями радиационных воздействий вследствие» / «ядерных испытаний на
    Семипалатинском полигоне» over «(причина инвалидности)»). A wording in no list is
    ``other`` at :data:`UNKNOWN_QUALITY`, as a labelled one is."""
    out: list[FieldValue] = []
    for block in captioned_blocks(view, CAUSE_CAPTION):
        text = " ".join(tl.text for tl in block)
        if _lists_causes(text):
            continue  # a printed list to choose from: the mark decides
        found = match_cause(text)
        other_source = OTHER_SOURCE.search(text) is not None and not CHERNOBYL.search(text)
        if CHERNOBYL.search(text) and (found is None or found[0] is not Cause.chernobyl):
            found = (Cause.chernobyl, 0, len(block[0].text), 0.9)
        elif other_source and (found is None or found[0] in MILITARY_LIKE):
            found = (Cause.other, 0, len(block[0].text), 0.9)
        first = block[0]
        if found is not None:
            cause, a, b, score = found
            a, b = min(a, len(first.text) - 1), min(max(b, a + 1), len(first.text))
            ev = first.evidence(max(0, a), b, score)
            out.append(FieldValue("disability_cause", cause.value, ev, "next_line"))
            continue
        if len(re.findall(r"[А-Яа-яЁё]{3,}", text)) < 2 or re.search(r"\d", text):
            continue  # a date, a number or a stray word: not a cause in words
        if starts_label(text) or is_hint(text):
            continue
        ev = first.evidence(0, len(first.text), UNKNOWN_QUALITY)
        out.append(FieldValue("disability_cause", Cause.other.value, ev, "next_line"))
    return out


def cause_candidates(view: DocumentView) -> list[FieldValue]:
    """The cause after its label (same line, next cell or next line), or over its caption."""
    out = captioned_cause(view)
    for spot in find_values(view, "disability_cause"):
        fv = _from_spot(spot, view)
        if fv is not None:
            out.append(fv)
    return out


class CauseExtractor(Extractor):
    """Cause of disability."""

    code = "cause"
    keys = ("disability_cause",)
    version = 8

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the cause by its label."""
        return cause_candidates(DocumentView(span.pages))
