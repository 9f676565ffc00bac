"""Re-read Roman numerals that the Russian model garbles.

Tesseract's ``rus`` model has no Latin «I», so «II (вторая)» comes back as
«П (вторая)», «III степени» as «Ш», «ПТ» or «|» (shared/env-notes.md trap 10).
A Roman numeral I–III is nothing but full-height vertical strokes, so for each
short word made of such glyphs the strokes are counted on the page image: the
columns where ink covers most of the glyph's height, grouped into runs. The word
is replaced by «I» × runs only when 1–3 clean strokes are found.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from mseflow.reading.page import Word
from mseflow.reading.preprocess import Gray

STROKE_WORD = re.compile(r"^(?:[|IlТПШ]{1,3}|ПТ|ТП|ПI|IП|Пl|lП)$")
"""Words that may be a misread Roman numeral («И», a common word, and digits are left alone)."""
FULL_HEIGHT = 0.75
MAX_STROKE_WIDTH = 0.3
MAX_OTHER_INK = 0.9  # serifs (slab: 0.63), bars of «П»/«Ш» stay below; «О», «ж», «IV» are over 1.2


def reread_roman_numerals(gray: Gray, words: list[Word]) -> list[Word]:
    """Return ``words`` with stroke-glyph words replaced by the numeral their strokes make."""
    out = []
    for word in words:
        strokes = count_strokes(gray, word) if STROKE_WORD.match(word.text) else None
        out.append(Word("I" * strokes, word.bbox, word.confidence) if strokes else word)
    return out


def count_strokes(gray: Gray, word: Word) -> int | None:
    """Full-height vertical strokes in the word's box (padded sideways), or None if unclear."""
    x0, y0, x1, y1 = (int(v) for v in word.bbox)
    height = y1 - y0
    if height < 8:
        return None
    pad = height // 2
    crop = gray[y0:y1, max(0, x0 - pad) : x1 + pad]
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    tall = ink.sum(axis=0) >= FULL_HEIGHT * height
    runs = _runs(tall)
    inner = [(a, b) for a, b in runs if a > 0 and b < len(tall)]  # not cut by the crop
    if len(inner) != len(runs) or not 1 <= len(runs) <= 3:
        return None
    if any(b - a > MAX_STROKE_WIDTH * height for a, b in runs):
        return None
    in_strokes = sum(int(ink[:, a:b].sum()) for a, b in runs)
    if int(ink.sum()) - in_strokes > MAX_OTHER_INK * in_strokes:  # curves, diagonals: a letter
        return None
    return len(runs)


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """Start/end indices of consecutive True values.

    >>> _runs(np.array([0, 1, 1, 0, 1, 0], dtype=bool))
    [(1, 3), (4, 5)]
    """
    runs: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate(flags):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(flags)))
    return runs
