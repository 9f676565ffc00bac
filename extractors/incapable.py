"""The express note that the person is completely incapable of work.

Basis: termination under item 5 of part 1 of art. 83 of the Labour Code needs an
express conclusion of complete incapacity; degree 3 of restriction alone is not
one (forms-reference: degrees; Order 486н). Phrasings: «нетрудоспособен»,
«полностью неспособен к трудовой деятельности», «неспособность к трудовой
деятельности», «трудовая деятельность противопоказана», «невозможность
(противопоказанность) осуществления трудовой деятельности».

A false «incapable» issues a termination obligation, so the note counts only where
the form states it: as the value of a labelled conclusion («Заключение о
трудоспособности: …», «Заключение: …») or as a ticked option. Headings, block
titles and prose never set it. Negated forms («не», «не установлена», «не лишён
трудоспособности», «ограничений нет»), unticked items and the notes about something
else («временной нетрудоспособности», «листок / лист нетрудоспособности») do not count.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from mseflow.contract import Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.keyvalue import cell_pieces, cell_runs, find_values, is_label_line
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.text import join_hyphenated
from mseflow.extractors.ticks import checkbox_for

WORK = {"LOWER": {"REGEX": r"^трудов"}}
ACTIVITY = {"LOWER": {"REGEX": r"^деятель[ни]ост"}}
SPECKS = {"TEXT": {"REGEX": r"^[<>~^*'`‚‘’,.]{1,2}$"}, "OP": "*"}
"""OCR specks a stain or show-through leaves between two words («к трудовои <. деятельности»)."""
PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "incapable": [
        [{"LOWER": {"REGEX": r"^[ни]етрудоспособ"}}],
        # «неспособен(на) к трудовой деятельности»: the form's gender ending in brackets
        # (the 379н card's «Заключение о характере и условиях труда»)
        [
            {"LOWER": {"REGEX": r"^[ни]еспособ"}},
            {"IS_PUNCT": True, "OP": "*"},
            {"LOWER": {"IN": ["на", "а"]}, "OP": "?"},
            {"IS_PUNCT": True, "OP": "*"},
            {"LOWER": "к"},
            WORK,
            SPECKS,
            ACTIVITY,
        ],
        [{"LOWER": "не"}, {"LOWER": {"REGEX": r"^способ"}}, {"LOWER": "к"}, WORK, SPECKS, ACTIVITY],
        [WORK, ACTIVITY, {"LOWER": {"REGEX": r"^противопоказан"}}],
        [{"LOWER": {"REGEX": r"^противопоказан"}}, WORK, ACTIVITY],
        [
            {"LOWER": {"REGEX": r"^(невозможност|противопоказанност)"}},
            {"IS_PUNCT": True, "OP": "*"},
            {"LOWER": {"REGEX": r"^противопоказанност"}, "OP": "?"},
            {"IS_PUNCT": True, "OP": "*"},
            {"LOWER": {"REGEX": r"^осуществлен"}, "OP": "?"},
            WORK,
            ACTIVITY,
        ],
    ]
}
PREFILTER = re.compile(r"трудоспособ|способ|противопоказан|невозможност", re.IGNORECASE)
"""Cheap test before the tokenizer runs: lines without these words cannot hold the note."""
CAN_MATCH = re.compile(
    r"[ни]етрудоспособ|трудов\S*\s*(?:[<>~^*'`‚‘’,.]{1,2}\s*)*деятель[ни]ост", re.IGNORECASE
)
"""What every pattern of ``PATTERNS`` needs (a token «нетрудоспособ…», or «трудов…» then
«деятельност…»): a text without it cannot match, so spaCy is not even loaded for it."""
NEGATION_BEFORE = {"не", "ие", "нет", "без"}
NEGATION_WORDS = {"не", "ие", "нет", "ни"}
"""«ие»: OCR reads «н» as «и» on stained and low-contrast scans («иеспособиость к трудовой
деятельиости»); the note's words accept it (:data:`PATTERNS`), so its negation must too."""
NEGATION_AFTER_WORDS = 3
"""A «не» among the first words after the note negates it («нетрудоспособным не признан»,
«… к трудовой деятельности не установлена»): a missed true note sends the record to review,
a false one issues a termination obligation."""
CLAUSE_BREAKS = {".", ";", ":", ")", "(", "•"}
NEGATION_AFTER = ("не указан", "не установлен", "отсутству", "нет", "не выявлен", "не име")
PARTIAL_AFTER = {"в", "во", "при", "с", "со", "на", "связанная", "связанной", "кроме"}
OTHER_MEANING = ("временн", "лист", "больничн", "пособ", "период", "дн", "случа")
"""Words before «нетрудоспособности» that make it a sick-leave matter, not this note."""
OPTIONS = re.compile(
    r"подчеркн|/\s*(?:не\s+)?(?:доступн|возможн|противопоказ|показан)|"
    r"(?:доступн|возможн|показан)\w*\s*/",
    re.IGNORECASE,
)
"""A blank form's choice («доступна / противопоказана (нужное подчеркнуть)»): the text
does not show which option is marked, so it proves nothing."""
NEGATED_PREDICATE = re.compile(r"\s*(?:не|нет)\b", re.IGNORECASE)
"""A line that starts with a negation: the predicate of the phrase above it."""
CONTINUES = re.compile(
    r"(-|\bк|\bтрудов\w*|осуществлени\w*|\(противопоказанность\)|полностью|невозможност\w*)$",
    re.IGNORECASE,
)
"""A value that goes on on the next line: its last word needs the words after it. The 486н
conclusion «невозможность (противопоказанность) осуществления трудовой деятельности» wraps
after its first word as often as after any other."""

BARE_SUBJECT = re.compile(r"\W*трудов\w*\s+деятельност\w*\s*", re.IGNORECASE)
BARE_PREDICATE = re.compile(
    r"\s*(?:не\s+)?(?:противопоказан\w*|доступн\w*|возможн\w*|невозможн\w*)\s*[.;]?\s*",
    re.IGNORECASE,
)
"""A conclusion whose value is only «трудовая деятельность», its predicate alone on the next
line («противопоказана.», f13s5 0007): the two lines are one value, read to the end of the
second (a predicate line with more words, «противопоказана в ночное время», is not joined)."""


@cache
def _nlp_and_matcher() -> tuple[Any, Any]:
    """A blank Russian spaCy tokenizer and the phrase Matcher (env-notes trap 8), once."""
    from spacy.matcher import Matcher

    from mseflow.extractors.models import spacy_ru

    nlp = spacy_ru()
    matcher = Matcher(nlp.vocab)
    for name, patterns in PATTERNS.items():
        matcher.add(name, patterns)
    return nlp, matcher


def _clause(tokens: Any) -> list[str]:
    """Lower-cased words of ``tokens`` up to the first sentence or item break."""
    words = []
    for t in tokens:
        if t.text in CLAUSE_BREAKS:
            break
        words.append(t.lower_)
    return words


def _negated(doc: Any, start: int, end: int, line_end: int) -> bool:
    if any(w in NEGATION_BEFORE for w in _clause(reversed(doc[max(0, start - 3) : start]))):
        return True  # «не является полностью неспособным …», «не полностью …»
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    if any(w in NEGATION_WORDS for w in _clause(doc[end : end + NEGATION_AFTER_WORDS])):
        return True  # «… нетрудоспособным не признан», «… деятельности не установлена»
    if re.match(r"[ни]етрудоспособ", doc[start].lower_) and any(
        w.startswith(OTHER_MEANING) for w in before
    ):
        return True
    after = " ".join(t.lower_ for t in doc[end : end + 4])
    if any(after.startswith(n) or f" {n}" in f" {after}"[:20] for n in NEGATION_AFTER):
        return True
    next_word = doc[end].lower_ if end < len(doc) and doc[end].idx < line_end else ""
    return next_word in PARTIAL_AFTER


def find_note(text: str, line_end: int | None = None) -> tuple[int, int] | None:
    """Character range of an un-negated incapacity note in ``text``, or None.

    ``line_end``: where the first line ends when ``text`` joins two lines; a word
    after it does not make the note partial («… противопоказана» / «С содержанием …»).

    >>> find_note("Заключение: полностью неспособен к трудовой деятельности") is not None
    True
    >>> find_note("не лишён трудоспособности") is None
    True
    >>> find_note("период временной нетрудоспособности") is None
    True
    """
    if not PREFILTER.search(text) or not CAN_MATCH.search(text):
        return None
    nlp, matcher = _nlp_and_matcher()
    doc = nlp(text)
    for _, start, end in sorted(matcher(doc), key=lambda m: m[1]):
        if not _negated(doc, start, end, len(text) if line_end is None else line_end):
            return doc[start:end].start_char, doc[start:end].end_char
    return None


def _value_text(view: DocumentView, tl: TextLine, start: int) -> tuple[str, int]:
    """The value from ``start`` on, joined with the next line when it visibly goes on.

    A third line is joined too when the second ends the phrase and the third is its
    predicate («полная неспособность к / трудовой деятельности / не установлена»): the
    negation then reaches :func:`find_note`.
    """
    text = tl.text[start:]
    nxt = view.next_line(tl)
    if nxt is None or is_label_line(nxt):
        return text, len(text)
    if BARE_SUBJECT.fullmatch(text) and BARE_PREDICATE.fullmatch(nxt.text):
        return f"{text} {nxt.text}", len(text) + 1 + len(nxt.text)
    if not CONTINUES.search(text.rstrip()):
        if NEGATED_PREDICATE.match(nxt.text):  # «… неспособным к трудовой деятельности» /
            return f"{text} {nxt.text}", len(text)  # «не признан(а)»: the negation wrapped
        return text, len(text)
    joined = join_hyphenated([text, nxt.text])
    third = view.next_line(nxt)
    if third is not None and not is_label_line(third) and NEGATED_PREDICATE.match(third.text):
        joined = f"{joined} {third.text}"
    return joined, len(text)


NOTE_LABEL = re.compile(r"^\s*примечани[ея]\s*[:.]\s*", re.IGNORECASE)
"""«Примечание: трудовая деятельность противопоказана» under the IPRA's table of restrictions
(item 16): the note of degree 3 of the ability to work, stated as the table's remark. Only the
rest of the line counts, with every check of :func:`find_note` (negation, options, partial)."""


def _from_remarks(view: DocumentView) -> list[FieldValue]:
    out = []
    for tl in view.lines:
        m = NOTE_LABEL.match(tl.text)
        if m is None or not PREFILTER.search(tl.text):
            continue
        text, first_len = _value_text(view, tl, m.end())
        if OPTIONS.search(text):
            continue
        found = find_note(text, first_len)
        if found is None or found[0] >= first_len:
            continue
        a, b = m.end() + found[0], m.end() + min(found[1], first_len)
        out.append(
            FieldValue("incapable_of_work", True, _note_evidence(tl, a, b, 1.0), "labelled_line")
        )
    return out


def _from_labels(view: DocumentView) -> list[FieldValue]:
    out = []
    for spot in find_values(view, "incapable_of_work", label_below_ok=True):
        box = checkbox_for(spot.line, spot.line.page.checkboxes)
        if box is not None and not box.checked:
            continue
        text, first_len = _value_text(view, spot.line, spot.start)
        if OPTIONS.search(text):
            continue
        found = find_note(text, first_len)
        if found is None or found[0] >= first_len:
            continue
        a, b = spot.start + found[0], spot.start + min(found[1], first_len)
        ev = _note_evidence(spot.line, a, b, spot.score)
        out.append(FieldValue("incapable_of_work", True, ev, spot.method))
    return out


SPECK_WORD = re.compile(r"^[<>~^*'`‚‘’,.]{1,2}$")
"""A word that is only an OCR speck (the tokens :data:`SPECKS` lets through)."""


def _note_evidence(tl: TextLine, start: int, end: int, quality: float) -> Evidence:
    """Evidence for the note at ``[start, end)``; specks inside it are no word of the note,
    so their (low) OCR confidence does not count."""
    ev = tl.evidence(start, end, quality)
    words = [w for w in tl.words_in(start, end) if not SPECK_WORD.match(w.text)]
    if words and len(words) < len(tl.words_in(start, end)):
        conf = sum(w.confidence for w in words) / len(words)
        ev.confidence = round(max(0.0, min(1.0, conf * quality)), 3)
    return ev


def _from_ticks(view: DocumentView) -> list[FieldValue]:
    out = []
    for tl in view.lines:
        if not tl.page.checkboxes or not PREFILTER.search(tl.text):
            continue
        box = checkbox_for(tl, tl.page.checkboxes)
        if box is None or not box.checked:
            continue
        text, first_len = _value_text(view, tl, 0)
        found = find_note(text, first_len) if not OPTIONS.search(text) else None
        if found is not None and found[0] < first_len:
            ev = tl.evidence(found[0], min(found[1], first_len), box.confidence)
            out.append(FieldValue("incapable_of_work", True, ev, "tick_box"))
    return out


NEED_NOTE = re.compile(r"(?<!\w)[ни]е\s+нуждается\s*\(", re.IGNORECASE)
"""The 486н IPRA's measures of professional rehabilitation (professional orientation, help in
finding work): the column «Заключение о нуждаемости (ненуждаемости)» answers «не нуждается» and
may give the reason in brackets, «не нуждается (полностью неспособен к трудовой деятельности)»
— a conclusion of the bureau, read like a labelled one (families 9 and 13 print it)."""
NEED_CELL_LINES = 3
"""Lines under its first one a bracketed reason in a narrow cell may take."""


def _from_need_cells(view: DocumentView) -> list[FieldValue]:
    """The note as the bracketed reason of a «не нуждается» conclusion, also wrapped inside its
    table cell with the other columns' words on the same lines («Профессиональная   не нуждается
    (полностью» / «ориентация   неспособен к трудовой» / «деятельности)»)."""
    out = []
    for i, tl in enumerate(view.lines):
        m = NEED_NOTE.search(tl.text)
        if m is None:
            continue
        words = tl.words_in(m.start(), m.start() + 1)
        if not words:
            continue
        cell_end = next((b for a, b, _x0, _x1 in cell_runs(tl) if a <= m.start() < b), len(tl.text))
        text = tl.text[m.start() : cell_end]
        for _other, piece in cell_pieces(view.lines, i, words[0].bbox[0])[:NEED_CELL_LINES]:
            if ")" in text:
                break
            text = f"{text} {piece}"
        reason = text[text.index("(") + 1 :]
        if ")" not in reason or OPTIONS.search(reason):
            continue  # the reason must close: a cut cell proves nothing
        reason = reason[: reason.index(")")]
        if find_note(reason) is None:
            continue
        ev = tl.evidence(m.start(), cell_end, 1.0)
        out.append(FieldValue("incapable_of_work", True, ev, "table_cell"))
    return out


def incapable_candidates(view: DocumentView) -> list[FieldValue]:
    """True candidates from labelled conclusions and ticked options (none: false)."""
    out = _from_labels(view) + _from_remarks(view) + _from_ticks(view) + _from_need_cells(view)
    return out or [FieldValue("incapable_of_work", False, Evidence(confidence=0.5))]


class IncapableExtractor(Extractor):
    """Whether the document records complete incapacity for work."""

    code = "incapable"
    keys = ("incapable_of_work",)
    version = 5

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Look for the note in labelled conclusions and ticked options."""
        return incapable_candidates(DocumentView(span.pages))
