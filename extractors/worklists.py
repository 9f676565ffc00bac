"""Ticked items of the IPRA work block: contraindications, recommended conditions, available work.

Basis: IPRA form (Order 486н), block «Рекомендации о показанных и
противопоказанных видах трудовой деятельности …»; IPRAs issued from 01.01.2019
carry it. Each item is printed on its own line with a tick box immediately left
of its label; a ticked box means the item applies; the section heading above
the item says which list it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mseflow.contract import DocType, Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.dictionaries import snap
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.text import fix_lookalikes, normalise_line
from mseflow.extractors.ticks import checkbox_for, label_words
from mseflow.reading.page import Checkbox, union_boxes

LIST_KEYS = ("contraindications", "recommended_conditions", "available_work")
HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("", re.compile(r"показанных\s+и\s+противопоказанных", re.IGNORECASE)),
    ("contraindications", re.compile(r"противопоказан", re.IGNORECASE)),
    ("recommended_conditions", re.compile(r"условия\s+труда|условиям\s+труда", re.IGNORECASE)),
    ("available_work", re.compile(r"доступн\w*\s+вид|показанн\w*\s+вид", re.IGNORECASE)),
)
BULLET = re.compile(r"^[\s\-•·*—–_|\[\]]*(?:\d{1,2}[.)]\s*)*")
TRAILING = re.compile(r"[\s;,.]+$")


@dataclass(slots=True)
class Item:
    """One ticked item: its list, cleaned label and where it was read."""

    key: str
    text: str
    lines: list[TextLine]
    box: Checkbox
    score: float


def heading_key(text: str) -> str | None:
    """The list a heading line opens ("" for the block title), or None for other lines."""
    for key, pattern in HEADINGS:
        if pattern.search(text):
            return key
    return None


def clean_label(text: str) -> str:
    """Label text without bullets, numbering, trailing punctuation; single spaces.

    >>> clean_label("1. работы  на высоте;")
    'работы на высоте'
    """
    text = normalise_line(text).replace('"', "")
    return TRAILING.sub("", BULLET.sub("", text)).strip()


def classify_item(text: str, section: str) -> tuple[str, str, float] | None:
    """(list, phrase, score): a phrase known to a list wins; else the section decides."""
    for key in LIST_KEYS:
        phrase, score = snap(text, key)
        if score:
            return key, phrase, score
    return (section, text, 0.7) if section in LIST_KEYS else None


def _continuations(view: DocumentView, tl: TextLine, x0: float, box: Checkbox) -> list[TextLine]:
    """Lines that carry on a wrapped label: aligned with it, right of the box, just below."""
    out, cur = [], tl
    height = max(tl.bbox[3] - tl.bbox[1], 1.0)
    while (nxt := view.next_line(cur)) is not None and len(out) < 3:
        if checkbox_for(nxt, nxt.page.checkboxes) is not None or heading_key(nxt.text):
            break
        if nxt.bbox[0] < box.bbox[2] or abs(nxt.bbox[0] - x0) > 1.5 * height:
            break
        if nxt.bbox[1] - cur.bbox[3] > 1.2 * height:
            break
        out.append(nxt)
        cur = nxt
    return out


EMPTY_BOX_GLYPHS = {"О", "о", "0", "□", "[]", "П", "|", "[", "]", "П]", "[]."}
"""What OCR makes of an empty box the detector missed; anything else there is a tick."""


def undetected_tick(tl: TextLine) -> Checkbox | None:
    """A ticked box the detector missed, read by OCR as a junk first word in the box column.

    Only on pages that have detected boxes, at their column, and only when the
    rest of the line is a known phrase (checked by the caller).
    """
    boxes = tl.page.checkboxes
    if not boxes or len(tl.words) < 2:
        return None
    first = tl.words[0]
    column = _median_x(boxes)
    side = max(b.bbox[2] - b.bbox[0] for b in boxes)
    junk = not re.search(r"[а-яА-Я]{3}", first.text) and first.text not in EMPTY_BOX_GLYPHS
    if junk and abs(first.bbox[0] - column) <= side:
        return Checkbox(first.bbox, checked=True, confidence=0.5)
    return None


def _median_x(boxes: list[Checkbox]) -> float:
    xs = sorted(b.bbox[0] for b in boxes)
    return xs[len(xs) // 2]


def _guessed_item(tl: TextLine, section: str) -> Item | None:
    box = undetected_tick(tl)
    if box is None:
        return None
    text = clean_label(" ".join(fix_lookalikes(w.text) for w in tl.words[1:]))
    found = classify_item(text, section)
    if found is None or found[2] == 0.7:
        return None
    return Item(found[0], found[1], [tl], box, found[2] * 0.5)


def read_items(view: DocumentView) -> list[Item]:
    """Every ticked item in reading order, with its list."""
    items: list[Item] = []
    section = ""
    for tl in view.lines:
        box = checkbox_for(tl, tl.page.checkboxes)
        if box is None and (guess := _guessed_item(tl, section)) is not None:
            items.append(guess)
            continue
        if box is None:
            section = heading_key(tl.text) if heading_key(tl.text) is not None else section
            continue
        if not box.checked:
            continue
        words = label_words(box, tl)
        extra = _continuations(view, tl, words[0].bbox[0], box)
        raw = " ".join([*(fix_lookalikes(w.text) for w in words), *(x.text for x in extra)])
        found = classify_item(clean_label(raw), section)
        if found is not None:
            items.append(Item(found[0], found[1], [tl, *extra], box, found[2]))
    return items


def _evidence(items: list[Item]) -> Evidence:
    page = items[0].lines[0].page
    on_page = [i for i in items if i.lines[0].page is page]
    boxes = [tl.bbox for i in on_page for tl in i.lines] + [i.box.bbox for i in on_page]
    conf = [min(tl.confidence for tl in i.lines) * i.box.confidence for i in items]
    return Evidence(
        page=page.number,
        bbox=[round(v, 2) for v in union_boxes(boxes)],
        text="; ".join(i.text for i in items),
        confidence=round(sum(conf) / len(conf), 3),
    )


class WorkListsExtractor(Extractor):
    """Ticked items of the IPRA work block, by list."""

    code = "worklists"
    keys = LIST_KEYS
    version = 1
    doc_types = frozenset({DocType.ipra, DocType.mse_certificate})

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Group the ticked items by list; unique, in printed order."""
        items = read_items(DocumentView(span.pages))
        out = []
        for key in LIST_KEYS:
            mine = [i for i in items if i.key == key]
            values = list(dict.fromkeys(i.text for i in mine))
            out.append(FieldValue(key, values, _evidence(mine) if mine else Evidence()))
        return out
