"""Struck-out lines: a horizontal stroke through the middle of a line's words.

A list printed whole with the officer's «ненужное зачёркнуто» (strike out what does not
apply) keeps its chosen options plain and crosses the others out. The strokes are found
here, for every line of a page: on a text layer from the page's vector strokes, on a scan
from the long horizontal runs of ink (:func:`mseflow.reading.preprocess.horizontal_runs`).
A stroke counts when its middle lies within ``STRIKE_BAND`` of a line's height from the
line's top and it runs under at least one of the line's words over half its width; an
underline (below the words) or a table rule (between lines) is not one. Whether a struck
line is an option dropped is for the extractors to judge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mseflow.reading.page import BoxTuple, Line

STRIKE_BAND = (0.3, 0.75)
"""Where a strike runs, as a share of the line's height from its top."""
MIN_WORD_COVER = 0.5
"""Share of a word's width a stroke must cover to strike it."""


def find_strikes(lines: Sequence[Line], strokes: Iterable[BoxTuple]) -> list[BoxTuple]:
    """The ``strokes`` (boxes, top-left origin) that strike through a word of ``lines``.

    >>> from mseflow.reading.page import Word
    >>> line = Line((Word("сокращённый", (10, 100, 60, 112)), Word("день", (62, 100, 80, 112))))
    >>> find_strikes([line], [(8, 106, 82, 107), (8, 113, 82, 114)])
    [(8, 106, 82, 107)]
    """
    found: list[BoxTuple] = []
    for stroke in strokes:
        if any(_strikes(line, stroke) for line in lines):
            found.append(stroke)
    return found


def _strikes(line: Line, stroke: BoxTuple) -> bool:
    x0, y0, x1, y1 = line.bbox
    height = y1 - y0
    middle = (stroke[1] + stroke[3]) / 2
    if height <= 0 or not y0 + STRIKE_BAND[0] * height <= middle <= y0 + STRIKE_BAND[1] * height:
        return False
    if stroke[3] - stroke[1] > 0.4 * height:
        return False
    return any(
        min(stroke[2], w.bbox[2]) - max(stroke[0], w.bbox[0])
        >= MIN_WORD_COVER * (w.bbox[2] - w.bbox[0])
        for w in line.words
    )


def struck_share(line: Line, strikes: Sequence[BoxTuple]) -> float:
    """Share of ``line``'s word width that the page's strikes run through.

    >>> from mseflow.reading.page import Word
    >>> line = Line((Word("работа", (10, 100, 40, 112)), Word("сидя", (42, 100, 60, 112))))
    >>> struck_share(line, [(8, 106, 41, 107)])
    0.625
    """
    total = sum(w.bbox[2] - w.bbox[0] for w in line.words)
    if total <= 0:
        return 0.0
    covered = 0.0
    for w in line.words:
        if any(_strikes(Line((w,)), s) and _cover(w.bbox, s) for s in strikes):
            covered += w.bbox[2] - w.bbox[0]
    return round(covered / total, 3)


def _cover(box: BoxTuple, stroke: BoxTuple) -> bool:
    return min(stroke[2], box[2]) - max(stroke[0], box[0]) >= MIN_WORD_COVER * (box[2] - box[0])
