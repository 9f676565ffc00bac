"""ФИО (nominative, as printed) and the date of birth.

Candidates for the name: the words after «Фамилия, имя, отчество (при наличии)» /
«Ф.И.О.» (same line, next cell, next line; the label may wrap), after «Выдана» on the
1031н certificate (dative: put back into the nominative), and in prose («выдана
гражданину …», «гражданка … признана инвалидом»). Natasha's NER is one more
candidate source where the rules find no name on a labelled line; it is loaded
once, lazily, and runs only on those few lines. The printed words are kept, never
natasha's normal form (it turns female surnames masculine, env-notes trap 9).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.dates import find_dates
from mseflow.extractors.keyvalue import Spot, find_values
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.names import (
    NAME_WORD,
    PARTICLES,
    is_first_name,
    to_nominative,
)
from mseflow.extractors.text import fix_lookalikes

STOP_WORDS = {
    "дата", "год", "рождения", "адрес", "пол", "гражданство", "серия", "группа", "бюро",
    "справка", "выдана", "фамилия", "имя", "отчество", "российской", "федерации", "россии",
    "инвалидность", "инвалид", "при", "наличии", "мсэ", "фку", "гб", "минтруда", "главное",
    "паспорт", "снилс", "место", "жительства", "по", "области", "края", "республики",
}  # fmt: skip
PROSE = re.compile(
    r"(?:выдан[аоы]?|гражданину|гражданке|гражданин|гражданка|инвалиду)\s+(?=[А-ЯЁ])",
    re.IGNORECASE,
)
DATIVE_LABELS = ("выдана",)
TOKEN_EDGE = ",.;:’‘'`\"«»|_"
"""Punctuation and OCR litter at a name word's edges."""
SCRAP_QUALITY = 0.5
"""Confidence kept by an OCR-read name with a one- or two-letter word in it."""
LOWER_NAME = re.compile(r"^[а-яё]{3,}$")
OBLIQUE_PATRONYMIC = re.compile(r"(?:ича|ичу|ичем|вны|вне|вной|вну|чны|чне|чной)$", re.IGNORECASE)
"""Patronymic endings of the genitive, dative and instrumental (never the nominative)."""


@cache
def _ner() -> tuple[Any, Any]:
    """Natasha's segmenter and NER tagger (about 1 s to load; once per process)."""
    from mseflow.extractors.models import natasha_ner

    return natasha_ner()


def _ner_span(text: str) -> tuple[int, int] | None:
    from natasha import Doc

    segmenter, tagger = _ner()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    spans = [s for s in doc.spans if s.type == "PER"]
    return (spans[0].start, spans[0].stop) if spans else None


def _name_words(line: TextLine, start: int) -> tuple[int, int] | None:
    """Character range of 2–3 name words from ``start`` (surname first; «оглы» kept)."""
    first, last, count, broken = None, None, 0, False
    for (a, _b), word in zip(line.offsets, line.text.split(" "), strict=True):
        if a < start:
            continue
        token = word.strip(TOKEN_EDGE)
        if broken and NAME_WORD.match(token):
            last, broken = a + len(token), False  # «АЛЕХИНА- СЕМИНА»: one double surname
            continue
        if count == 0 and token.endswith("-") and NAME_WORD.match(token[:-1]):
            first, last, count, broken = a, a + len(token), 1, True
            continue
        if count == 1 and LOWER_NAME.match(token) and is_first_name(token):
            token = token[:1].upper() + token[1:]  # OCR lost the capital: «Черных ильдару»
        if count >= 2 and token.lower() in PARTICLES:
            last = a + len(token)
            break
        if count == 3:
            break
        if not NAME_WORD.match(token) or token.lower() in STOP_WORDS:
            if count:
                break
            if a - start > 12:
                break
            continue
        first = a if first is None else first
        last, count = a + len(token), count + 1
    return (first, last) if count >= 2 and first is not None and last is not None else None


def _printed_words(line: TextLine, start: int, end: int) -> list[str]:
    words = [fix_lookalikes(w.text.strip(TOKEN_EDGE)) for w in line.words_in(start, end)]
    words = [w[:1].upper() + w[1:] if LOWER_NAME.match(w) else w for w in words]
    out: list[str] = []
    for w in words:
        if out and out[-1].endswith("-"):
            out[-1] += w  # a double surname OCR split after its hyphen
        elif w:
            out.append(w)
    return out


def _candidate(
    line: TextLine, a: int, b: int, quality: float, method: str, dative: bool
) -> FieldValue:
    words = _printed_words(line, a, b)
    if dative or method == "prose":
        words, sure = to_nominative(words)
        quality *= sure
    elif len(words) >= 3 and OBLIQUE_PATRONYMIC.search(words[-1]):
        # printed in another case where the nominative was expected (the patronymic's
        # ending shows it; a name without one, «Ким Лан», is never declined): take it back
        nominative, sure = to_nominative(words)
        if sure < 1.0 and nominative != words:
            # printed in another case where the nominative was expected: take it back, less sure
            words, quality = nominative, quality * 0.85
    if line.page.source == "ocr" and any(len(w) < 3 for w in words if w.lower() not in PARTICLES):
        quality *= SCRAP_QUALITY  # «БО НДАРЕНКО-…»: a scrap of a word OCR split
    return FieldValue("full_name", " ".join(words), line.evidence(a, b, quality), method)


NOT_THE_PERSON = re.compile(r"представител|руководител|врач|специалист|эксперт", re.IGNORECASE)
"""Labels of other people's names (486н point 15: the legal representative; signatures)."""


def _from_spot(spot: Spot) -> list[FieldValue]:
    after_label = (
        spot.label_line.text + " " + (spot.line.text if spot.line is not spot.label_line else "")
    )
    if NOT_THE_PERSON.search(after_label):
        return []
    dative = spot.label.startswith(DATIVE_LABELS)  # «Выдана …», «Программа выдана на имя …»
    words = _name_words(spot.line, spot.start)
    if words is not None:
        return [_candidate(spot.line, *words, spot.score, spot.method, dative)]
    tail = spot.line.text[spot.start : spot.end]
    found = _ner_span(tail) if len(tail) >= 5 else None
    if found is not None and len(tail[found[0] : found[1]].split()) >= 2:
        a, b = spot.start + found[0], spot.start + found[1]
        return [_candidate(spot.line, a, b, spot.score, "ner", dative)]
    return []


def _from_prose(view: DocumentView) -> list[FieldValue]:
    out = []
    for tl in view.lines:
        for m in PROSE.finditer(tl.text):
            words = _name_words(tl, m.end())
            if words is not None and words[0] - m.end() <= 1:
                out.append(_candidate(tl, *words, 0.9, "prose", True))
    return out


def name_candidates(view: DocumentView) -> list[FieldValue]:
    """Every full-name candidate: labelled values, «Выдана …», prose."""
    out: list[FieldValue] = []
    for spot in find_values(view, "full_name"):
        out.extend(_from_spot(spot))
    seen = {(fv.evidence.page, tuple(fv.evidence.bbox or ())) for fv in out}
    for fv in _from_prose(view) + _name_before_birth(view):
        where = (fv.evidence.page, tuple(fv.evidence.bbox or ()))
        if where not in seen:
            seen.add(where)
            out.append(fv)
    return out


BORN_AFTER = re.compile(
    r"^\s*(?:г\.\s*р\.|(?:г\.\s*)?года\s+рождения|г\.\s*рождения)", re.IGNORECASE
)
"""«03.11.1975 г.р.», «… года рождения», «… г. года рождения» (a printout's doubled year word)."""
BORN_BEFORE = re.compile(r"(?:родивш\w+|рожденн?\w*|род\.)\s*$", re.IGNORECASE)


def _prose_birth(view: DocumentView) -> list[FieldValue]:
    """«Иванов Иван Иванович, 03.11.1975 г.р.», «родившейся 3 ноября 1975 года»."""
    out = []
    for tl in view.lines:
        low = tl.text.lower()
        if "рожд" not in low and "г.р" not in low and "г. р" not in low and "родивш" not in low:
            continue
        for d in find_dates(tl.text):
            if BORN_AFTER.match(tl.text[d.end :]) or BORN_BEFORE.search(tl.text[: d.start]):
                out.append(
                    FieldValue("birth_date", d.value, tl.evidence(d.start, d.end, 0.9), "prose")
                )
    return out


def _name_before_birth(view: DocumentView) -> list[FieldValue]:
    """The name printed just before «…, 03.11.1975 г.р.» (letter-style printouts)."""
    out = []
    for tl in view.lines:
        low = tl.text.lower()
        if "г.р" not in low and "г. р" not in low and "рожд" not in low:
            continue
        for d in find_dates(tl.text):
            if not BORN_AFTER.match(tl.text[d.end :]):
                continue
            head = tl.text[: d.start].rstrip(" ,")
            for a, _b in tl.offsets:
                words = _name_words(tl, a)
                if words is not None and words[1] >= len(head) - 1 and words[0] >= a:
                    out.append(_candidate(tl, *words, 0.9, "prose", False))
                    break
    return out


def birth_candidates(view: DocumentView) -> list[FieldValue]:
    """The date after «Дата рождения» (same line, next cell, next line), and in prose."""
    out = _prose_birth(view)
    for spot in find_values(view, "birth_date"):
        dates = [d for d in find_dates(spot.line.text) if d.start >= spot.start]
        if dates:
            d = dates[0]
            ev = spot.line.evidence(d.start, d.end, spot.score)
            out.append(FieldValue("birth_date", d.value, ev, spot.method))
    return out


class PersonExtractor(Extractor):
    """ФИО and date of birth."""

    code = "person"
    keys = ("full_name", "birth_date")
    version = 3

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the name and date of birth by their labels and from prose."""
        view = DocumentView(span.pages)
        return name_candidates(view) + birth_candidates(view)
