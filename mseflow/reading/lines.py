"""Group positioned words into visual lines (shared by the text layer and OCR)."""

from __future__ import annotations

from collections.abc import Iterable

from mseflow.reading.page import Line, Word


def group_words_into_lines(words: Iterable[Word], *, tolerance: float = 0.5) -> list[Line]:
    """Cluster words whose vertical centres lie within ``tolerance`` × word height.

    Lines come out top to bottom, words left to right.

    >>> ws = [Word("b", (10, 0, 12, 10)), Word("a", (0, 1, 8, 11)), Word("c", (0, 20, 5, 30))]
    >>> [line.text for line in group_words_into_lines(ws)]
    ['a b', 'c']
    """
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0])):
        centre = (word.bbox[1] + word.bbox[3]) / 2
        height = max(word.bbox[3] - word.bbox[1], 1.0)
        if rows:
            last = rows[-1]
            last_centre = sum((w.bbox[1] + w.bbox[3]) / 2 for w in last) / len(last)
            if abs(centre - last_centre) <= tolerance * height:
                last.append(word)
                continue
        rows.append([word])
    return [Line(tuple(sorted(row, key=lambda w: w.bbox[0]))) for row in rows]
