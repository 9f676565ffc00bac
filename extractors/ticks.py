"""Tie tick boxes to the line they mark: the box sits immediately left of the label."""

from __future__ import annotations

from collections.abc import Sequence

from mseflow.extractors.layout import TextLine
from mseflow.reading.page import Checkbox, Word

MAX_GAP_SIDES = 4.0
"""The label's first word starts at most this many box widths right of the box."""


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
