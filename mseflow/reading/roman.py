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

STROKE_WORD = re.compile(r"^(?:1|(?=.*[^1])[|IlТПШ1!]{1,3}|ПТ|ТП|ПI|IП|Пl|lП|ИП|ПИ)$")
"""Words that may be a misread Roman numeral («1!», «Ш»; «ИП» for a blurred «II» on a carbon
copy, family 10); «И» (a common word) and numbers stay. A lone «1» counts only when its glyph
shows two or three strokes (then it was «II»). Real letters «ИП» show four strokes and
stay."""
FULL_HEIGHT = 0.75
MAX_STROKE_WIDTH = 0.3
MAX_GAP = 0.9  # slab-serif (monospace) bars stand ~0.7 × height apart
MAX_OTHER_INK = 0.9  # serifs (slab: 0.63), bars of «П»/«Ш» stay below; «О», «ж», «IV» are over 1.2


def reread_roman_numerals(gray: Gray, words: list[Word]) -> list[Word]:
    """Return ``words`` with stroke-glyph words replaced by the numeral their strokes make."""
    out = []
    for word in words:
        strokes = count_strokes(gray, word) if STROKE_WORD.match(word.text) else None
        if word.text == "1" and strokes == 1:
            strokes = None  # a real digit one: leave it
        out.append(Word("I" * strokes, word.bbox, word.confidence) if strokes else word)
    return out


def count_strokes(gray: Gray, word: Word) -> int | None:
    """Full-height vertical strokes of the numeral at ``word``, or None if it is not one.

    Tesseract's box for a misread numeral may cover only one of its bars, so the
    strokes are taken from a wider strip: the stroke nearest the box, and its
    neighbours closer than ``MAX_GAP`` × height.
    """
    x0, y0, x1, y1 = (int(v) for v in word.bbox)
    height = y1 - y0
    if height < 8:
        return None
    left = max(0, x0 - 2 * height)
    strip = gray[y0:y1, left : x1 + 2 * height]
    _, ink = cv2.threshold(strip, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    strokes = _numeral_strokes(
        _runs(ink.sum(axis=0) >= FULL_HEIGHT * height), x0 - left, x1 - left, height
    )
    if strokes is None or any(b - a > MAX_STROKE_WIDTH * height for a, b in strokes):
        return None
    margin = int(0.15 * height)
    glyph_left, glyph_right = min(x0 - left, strokes[0][0]), max(x1 - left, strokes[-1][1])
    span = ink[:, max(0, glyph_left - margin) : glyph_right + margin]
    in_strokes = sum(int(ink[:, a:b].sum()) for a, b in strokes)
    if int(span.sum()) - in_strokes > MAX_OTHER_INK * in_strokes:  # curves, diagonals: a letter
        return None
    return len(strokes)


def _numeral_strokes(
    runs: list[tuple[int, int]], x0: int, x1: int, height: int
) -> list[tuple[int, int]] | None:
    """The run nearest the word box and its close neighbours; None when there are not 1–3."""
    near = [i for i, (a, b) in enumerate(runs) if b >= x0 - height // 2 and a <= x1 + height // 2]
    if not near:
        return None
    first = last = near[0]
    while first > 0 and runs[first][0] - runs[first - 1][1] <= MAX_GAP * height:
        first -= 1
    while last + 1 < len(runs) and runs[last + 1][0] - runs[last][1] <= MAX_GAP * height:
        last += 1
    chosen = runs[first : last + 1]
    return chosen if 1 <= len(chosen) <= 3 else None


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
