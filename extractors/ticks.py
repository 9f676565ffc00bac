"""Marks that tick a line: drawn boxes (vector or raster), tick glyphs and «да/нет» cells.

A drawn box sits left of its label (the 486н form) or in a column right of it
(tables). A glyph is a printed or OCR'd character doing a box's work: V ✓ ✔ X ×
■ ☑ ☒ [x] (+) …; an empty box glyph (□ ☐ [ ] ( )) says the option is not chosen.
A value cell of a table («да», «нет», «нуждается» / «не нуждается», «доступны» /
«недоступны», «возможна» / «невозможна», «присутствует» / «отсутствует»: the
wordings of the ФРИ extract printout) says the same in words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mseflow.extractors.layout import TextLine
from mseflow.extractors.text import squash
from mseflow.reading.page import Checkbox, Word

MAX_GAP_SIDES = 4.0
"""The label's first word starts at most this many box widths right of the box."""

TICK_GLYPHS = frozenset(
    [
        "V",
        "v",
        "√",
        "✓",
        "✔",
        "✗",
        "✘",
        "X",
        "x",
        "Х",
        "х",
        "×",
        "■",
        "▪",
        "▮",
        "█",
        "●",
        "◼",
        "☑",
        "☒",
        "☓",
        "⊠",
        "⊗",
        "+",
        "[x]",
        "[X]",
        "[х]",
        "[Х]",
        "[v]",
        "[V]",
        "[✓]",
        "[✔]",
        "[+]",
        "(x)",
        "(X)",
        "(х)",
        "(Х)",
        "(v)",
        "(V)",
        "(+)",
        "(✓)",
        "[■]",
        "(■)",
        "[*]",
        "⊕",
    ]
)
"""Glyphs standing for a ticked box (Latin and Cyrillic x look alike in print and OCR)."""

EMPTY_GLYPHS = frozenset(
    ["□", "☐", "◻", "❏", "❑", "○", "◯", "[]", "()", "[_]", "(_)", "[ ]", "( )"]
)
"""Glyphs standing for an empty box."""

OCR_TICK_CELL = frozenset(
    {"У", "у", "Y", "Хх", "хх", "ХХ", "хХ", "XX", "Xx", "xx", "\\", "/", "\\/", "\\|"}
)
"""A tick «V» / cross «X» alone in a table's mark column as the Russian model reads it: the
Cyrillic «У», a doubled «Хх» (a pen's cross drawn twice), or one slanted stroke «\\» / «/»
(a hand «V» or «✓» whose other stroke the scan thinned away: what is left of a mark is still
a mark; no printed text of the form stands alone in the column). Only in a cell of its own
right of the option (where the preposition «у» of a label never stands alone); a bare «|» (a
table rule) is never one."""

OCR_EMPTY_BOX = frozenset({"О", "о", "0", "□", "[]", "П", "|", "[", "]", "П]", "[]."})
"""What OCR makes of an empty box the detector missed (only trusted on OCR pages)."""

YES = re.compile(
    r"^(да|\+|есть|имеется|нуждается|доступн\w*|возможн\w*|рекомендован\w*|"
    r"присутствует( нарушение функции организма)?|отмечено|выбрано)$"
)
NO = re.compile(
    r"^(нет|-+|не нуждается|недоступн\w*|не доступн\w*|невозможн\w*|не возможн\w*|"
    r"не рекомендован\w*|отсутствует"
    r"( нарушение функции организма)?|не отмечено)$"
)


@dataclass(frozen=True, slots=True)
class Mark:
    """A line's mark: ticked or not, what made it, its confidence and the words it used."""

    ticked: bool
    kind: str
    """``box`` (drawn box), ``glyph`` (tick character) or ``cell`` («да/нет» column)."""
    confidence: float
    words: tuple[Word, ...] = ()
    bbox: tuple[float, float, float, float] | None = None


def _centre_y(box: Sequence[float]) -> float:
    return (box[1] + box[3]) / 2


def _overlaps_vertically(box: Checkbox, tl: TextLine) -> bool:
    x0, y0, x1, y1 = tl.bbox
    return y0 <= _centre_y(box.bbox) <= y1 or box.bbox[1] <= _centre_y(tl.bbox) <= box.bbox[3]


def label_words(box: Checkbox, tl: TextLine) -> list[Word]:
    """The line's words right of the box (words drawn over the box are OCR'd box glyphs)."""
    right = box.bbox[2] - 0.3 * (box.bbox[2] - box.bbox[0])
    return [w for w in tl.words if (w.bbox[0] + w.bbox[2]) / 2 > right]


def _gap(box: Checkbox, tl: TextLine) -> float | None:
    words = label_words(box, tl)
    if not words:
        return None
    return words[0].bbox[0] - box.bbox[2]


def checkbox_for(tl: TextLine, boxes: Sequence[Checkbox]) -> Checkbox | None:
    """The box immediately left of the first word of ``tl``, if any."""
    best: tuple[float, Checkbox] | None = None
    for box in boxes:
        if not _overlaps_vertically(box, tl):
            continue
        side = max(box.bbox[2] - box.bbox[0], 1.0)
        gap = _gap(box, tl)
        if gap is None or gap > MAX_GAP_SIDES * side or gap < -side:
            continue
        words_left = [w for w in tl.words if w.bbox[2] < box.bbox[0] - side]
        if len(words_left) > 1:
            continue
        if best is None or abs(gap) < best[0]:
            best = (abs(gap), box)
    return best[1] if best else None


def column_box_for(tl: TextLine, boxes: Sequence[Checkbox]) -> Checkbox | None:
    """A box in a column right of the line's words (a tick column of a table)."""
    if not tl.words:
        return None
    last = tl.words[-1].bbox[2]
    right = [b for b in boxes if _overlaps_vertically(b, tl) and b.bbox[0] >= last - 1.0]
    return min(right, key=lambda b: b.bbox[0]) if right else None


def split_cells(words: Sequence[Word], factor: float = 1.8) -> list[list[Word]]:
    """Words split where the gap between neighbours exceeds ``factor`` × the word height."""
    cells: list[list[Word]] = []
    for w in words:
        height = max(w.bbox[3] - w.bbox[1], 1.0)
        if cells and w.bbox[0] - cells[-1][-1].bbox[2] <= factor * height:
            cells[-1].append(w)
        else:
            cells.append([w])
    return cells


def glyph_state(text: str, *, ocr: bool = False) -> bool | None:
    """True for a tick glyph, False for an empty-box glyph, None for anything else."""
    token = text.strip()
    if token in TICK_GLYPHS:
        return True
    if token in EMPTY_GLYPHS or (ocr and token in OCR_EMPTY_BOX):
        return False
    return None


def cell_state(text: str) -> bool | None:
    """True for a «да»-like value cell, False for a «нет»-like one, None otherwise."""
    key = squash(text) if text.strip() not in {"+", "-", "—", "–"} else text.strip()
    key = "-" if key in {"—", "–"} else key
    if NO.match(key):
        return False
    if YES.match(key):
        return True
    return None
