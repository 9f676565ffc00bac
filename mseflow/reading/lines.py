"""Group positioned words into visual lines (shared by the text layer and OCR)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mseflow.reading.columns import split_columns
from mseflow.reading.comb import join_cells
from mseflow.reading.page import Line, Word

LOOKBACK_ROWS = 3
MIN_OVERLAP = 0.5
TALL_WORD_FACTOR = 2.5
"""A word taller than this many median word heights is OCR noise (a column of item
numbers read as one word spanning many rows); it is dropped."""


@dataclass
class _Row:
    words: list[Word] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    def add(self, word: Word) -> None:
        """Add a word; the row's band is the median of its words' tops and bottoms."""
        self.words.append(word)
        tops = sorted(w.bbox[1] for w in self.words)
        bottoms = sorted(w.bbox[3] for w in self.words)
        self.top, self.bottom = tops[len(tops) // 2], bottoms[len(bottoms) // 2]

    def overlap(self, top: float, bottom: float) -> float:
        """Vertical overlap with the band ``top``–``bottom`` as a share of the smaller height."""
        inter = min(self.bottom, bottom) - max(self.top, top)
        smaller = min(self.bottom - self.top, bottom - top)
        return inter / smaller if smaller > 0 else 0.0


def group_words_into_lines(words: Iterable[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap with a line's median band.

    A short mark (a dash, a comma, a superscript) joins the line it overlaps
    instead of starting a line of its own. Lines come out top to bottom, words
    left to right; characters written one per cell are joined into words
    (:func:`mseflow.reading.comb.join_cells`), and a page printed in two columns
    gives one column's lines after the other's (:func:`mseflow.reading.columns.split_columns`).

    >>> ws = [Word("b", (10, 0, 12, 10)), Word("a", (0, 1, 8, 11)), Word("c", (0, 20, 5, 30))]
    >>> [line.text for line in group_words_into_lines(ws)]
    ['a b', 'c']
    >>> ws = [Word("Бюро", (0, 0, 40, 12)), Word("–", (45, 5, 50, 7)), Word("филиал", (55, 1, 90, 12))]
    >>> [line.text for line in group_words_into_lines(ws)]
    ['Бюро – филиал']
    """
    return split_columns(_group(drop_tall_words(list(words))), _group)


def _group(kept: list[Word]) -> list[Line]:
    """Words into lines by vertical overlap (no look at columns)."""
    rows: list[_Row] = []
    for word in sorted(kept, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0])):
        candidates = [
            (row.overlap(word.bbox[1], word.bbox[3]), i)
            for i, row in enumerate(rows[-LOOKBACK_ROWS:])
        ]
        best = max(candidates, default=(0.0, -1))
        if best[0] >= MIN_OVERLAP:
            rows[len(rows) - len(candidates) + best[1]].add(word)
        else:
            row = _Row()
            row.add(word)
            rows.append(row)
    rows.sort(key=lambda r: (r.top + r.bottom) / 2)
    return [
        Line(tuple(join_cells(sorted(row.words, key=lambda w: w.bbox[0]))))
        for row in _merge_adjacent(rows)
    ]


def drop_tall_words(words: list[Word]) -> list[Word]:
    """Words no taller than ``TALL_WORD_FACTOR`` × the median word height.

    >>> ws = [Word("a", (0, 0, 5, 10)), Word("b", (6, 0, 9, 10)), Word("1.2.3.", (0, 0, 4, 90))]
    >>> [w.text for w in drop_tall_words(ws)]
    ['a', 'b']
    """
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    if not heights:
        return words
    limit = TALL_WORD_FACTOR * heights[len(heights) // 2]
    return [w for w in words if w.bbox[3] - w.bbox[1] <= limit]


def _merge_adjacent(rows: list[_Row]) -> list[_Row]:
    """Join neighbouring rows whose bands still overlap (a row split by mixed word heights)."""
    merged: list[_Row] = []
    for row in rows:
        if merged and merged[-1].overlap(row.top, row.bottom) > MIN_OVERLAP:
            for word in row.words:
                merged[-1].add(word)
        else:
            merged.append(row)
    return merged
