"""ФИО as printed (nominative where the form prints it so) and the date of birth.

Natasha's NER (models shipped in the ``natasha`` package, loaded once, lazily)
finds the person span on the labelled line; the printed words are kept, never
natasha's normal form (it turns female surnames masculine, env-notes trap 9).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.dates import find_dates
from mseflow.extractors.layout import DocumentView, TextLine, first_found
from mseflow.extractors.text import fix_lookalikes

NAME_LABELS = (
    "фамилия, имя, отчество",
    "фамилия имя отчество",
    "ф.и.о.",
    "фио",
)
BIRTH_LABELS = ("дата рождения", "число, месяц, год рождения", "год рождения")
NOISE = re.compile(r"\(при наличии\)|\(последнее - при наличии\)", re.IGNORECASE)
NAME_WORD = re.compile(r"^[А-ЯЁ][А-ЯЁа-яё]+(?:-[А-ЯЁ][А-ЯЁа-яё]+)?$")
STOP_WORDS = {"дата", "год", "рождения", "адрес", "пол", "гражданство", "серия", "группа"}


@cache
def _ner() -> tuple[Any, Any]:
    """Natasha's segmenter and NER tagger (about 1 s to load; once per process)."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _ner_span(text: str) -> tuple[int, int] | None:
    from natasha import Doc

    segmenter, tagger = _ner()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    spans = [s for s in doc.spans if s.type == "PER"]
    return (spans[0].start, spans[0].stop) if spans else None


def _name_words(line: TextLine, start: int) -> tuple[int, int] | None:
    """Character range of 2–3 capitalised words starting at ``start`` (the form's order)."""
    pos, first, last, count = start, None, None, 0
    for (a, _b), word in zip(line.offsets, line.text.split(" "), strict=True):
        if a < pos:
            continue
        token = word.strip(",.;:")
        if not NAME_WORD.match(token) or token.lower() in STOP_WORDS:
            if count:
                break
            continue
        first = a if first is None else first
        last, count = a + len(token), count + 1
        if count == 3:
            break
    return (first, last) if count >= 2 and first is not None and last is not None else None


def _printed_name(line: TextLine, start: int, end: int) -> str:
    words = [fix_lookalikes(w.text.strip(",.;:")) for w in line.words_in(start, end)]
    return " ".join(w for w in words if w)


def _find_name(line: TextLine, start: int) -> tuple[int, int, float] | None:
    tail = NOISE.sub(lambda m: " " * len(m.group()), line.text[start:])
    found = _ner_span(tail)
    if found is not None and len(tail[found[0] : found[1]].split()) >= 2:
        return start + found[0], start + found[1], 1.0
    words = _name_words(line, start + len(tail) - len(tail.lstrip()))
    return (*words, 0.85) if words else None


def extract_name(view: DocumentView) -> FieldValue | None:
    """The printed ФИО after its label (same line or the next)."""
    for hit, line, start in first_found(view, NAME_LABELS):
        found = _find_name(line, start)
        if found is not None:
            a, b, quality = found
            evidence = line.evidence(a, b, quality * hit.score / 100)
            return FieldValue("full_name", _printed_name(line, a, b), evidence)
    return None


def extract_birth_date(view: DocumentView) -> FieldValue | None:
    """The date after «Дата рождения»."""
    for hit, line, start in first_found(view, BIRTH_LABELS):
        dates = [d for d in find_dates(line.text) if d.start >= start]
        if dates:
            d = dates[0]
            return FieldValue("birth_date", d.value, line.evidence(d.start, d.end, hit.score / 100))
    return None


class PersonExtractor(Extractor):
    """ФИО and date of birth."""

    code = "person"
    keys = ("full_name", "birth_date")
    version = 1

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the name and date of birth by their labels."""
        view = DocumentView(span.pages)
        return [fv for fv in (extract_name(view), extract_birth_date(view)) if fv is not None]
