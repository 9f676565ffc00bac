"""Group positioned words into visual lines (shared by the text layer and OCR)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mseflow.reading.page import Line, Word

LOOKBACK_ROWS = 3
MIN_OVERLAP = 0.5


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

    def overlap(self, word: Word) -> float:
        """Vertical overlap with ``word`` as a share of the smaller of the two heights."""
        inter = min(self.bottom, word.bbox[3]) - max(self.top, word.bbox[1])
        smaller = min(self.bottom - self.top, word.bbox[3] - word.bbox[1])
        return inter / smaller if smaller > 0 else 0.0


def group_words_into_lines(words: Iterable[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap with a line's median band.

    A short mark (a dash, a comma, a superscript) joins the line it overlaps
    instead of starting a line of its own. Lines come out top to bottom, words
    left to right.

    >>> ws = [Word("b", (10, 0, 12, 10)), Word("a", (0, 1, 8, 11)), Word("c", (0, 20, 5, 30))]
    >>> [line.text for line in group_words_into_lines(ws)]
    ['a b', 'c']
    >>> ws = [Word("Бюро", (0, 0, 40, 12)), Word("–", (45, 5, 50, 7)), Word("филиал", (55, 1, 90, 12))]
    >>> [line.text for line in group_words_into_lines(ws)]
    ['Бюро – филиал']
    """
    rows: list[_Row] = []
    for word in sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0])):
        candidates = [(row.overlap(word), i) for i, row in enumerate(rows[-LOOKBACK_ROWS:])]
        best = max(candidates, default=(0.0, -1))
        if best[0] >= MIN_OVERLAP:
            rows[len(rows) - len(candidates) + best[1]].add(word)
        else:
            row = _Row()
            row.add(word)
            rows.append(row)
    rows.sort(key=lambda r: (r.top + r.bottom) / 2)
    return [Line(tuple(sorted(row.words, key=lambda w: w.bbox[0]))) for row in rows]
