"""The express note that the person is completely incapable of work.

Basis: termination under item 5 of part 1 of art. 83 of the Labour Code needs an
express conclusion of complete incapacity; degree 3 of restriction alone is not
one (forms-reference: degrees; Order 486н). Phrasings: «нетрудоспособен»,
«полностью неспособен к трудовой деятельности», «неспособность к трудовой
деятельности», «трудовая деятельность противопоказана», «невозможность
(противопоказанность) осуществления трудовой деятельности». Negated forms
(«не лишён трудоспособности», «нетрудоспособность не указана», «ограничений
нет») and unticked items of the form do not count.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from mseflow.contract import Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.text import join_hyphenated
from mseflow.extractors.ticks import checkbox_for

WORK = {"LOWER": {"REGEX": r"^трудов"}}
ACTIVITY = {"LOWER": {"REGEX": r"^деятельност"}}
PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "incapable": [
        [{"LOWER": {"REGEX": r"^нетрудоспособ"}}],
        [{"LOWER": {"REGEX": r"^неспособ"}}, {"LOWER": "к"}, WORK, ACTIVITY],
        [{"LOWER": "не"}, {"LOWER": {"REGEX": r"^способ"}}, {"LOWER": "к"}, WORK, ACTIVITY],
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
NEGATION_BEFORE = {"не", "нет", "без"}
NEGATION_AFTER = ("не указан", "не установлен", "отсутству", "нет", "не выявлен")
PARTIAL_AFTER = {"в", "во", "при", "с", "со", "на", "связанная", "связанной", "кроме"}


@cache
def _nlp_and_matcher() -> tuple[Any, Any]:
    """A blank Russian spaCy tokenizer and the phrase Matcher (env-notes trap 8), once."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("ru")
    matcher = Matcher(nlp.vocab)
    for name, patterns in PATTERNS.items():
        matcher.add(name, patterns)
    return nlp, matcher


def _negated(doc: Any, start: int, end: int, line_end: int) -> bool:
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if any(w in NEGATION_BEFORE for w in before[-1:]):
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
    """
    nlp, matcher = _nlp_and_matcher()
    doc = nlp(text)
    for _, start, end in sorted(matcher(doc), key=lambda m: m[1]):
        if not _negated(doc, start, end, len(text) if line_end is None else line_end):
            return doc[start:end].start_char, doc[start:end].end_char
    return None


def _counts(tl: TextLine) -> bool:
    """Unticked items of the form do not count; everything else does."""
    box = checkbox_for(tl, tl.page.checkboxes)
    return box is None or box.checked


def extract_incapable(view: DocumentView) -> FieldValue:
    """True with evidence when some line (joined with the next) carries the note."""
    lines = view.lines
    for i, tl in enumerate(lines):
        if not _counts(tl):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page is tl.page else None
        text = join_hyphenated([tl.text, nxt.text]) if nxt is not None else tl.text
        found = find_note(text, len(tl.text))
        if found is not None and found[0] < len(tl.text):
            return FieldValue("incapable_of_work", True, tl.evidence(found[0], found[1]))
    return FieldValue("incapable_of_work", False, Evidence(confidence=0.5))


class IncapableExtractor(Extractor):
    """Whether the document records complete incapacity for work."""

    code = "incapable"
    keys = ("incapable_of_work",)
    version = 1

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Look for the note on every line."""
        return [extract_incapable(DocumentView(span.pages))]
