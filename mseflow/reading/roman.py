"""Re-read Roman numerals that the Russian model garbles.

Tesseract's ``rus`` model has no Latin «I», so «II (вторая)» comes back as
«П (вторая)», «III степени» as «Ш», «ПТ» or «|» (shared/env-notes.md trap 10).
A Roman numeral I–III is nothing but full-height vertical strokes, so for each
short word made of such glyphs the strokes are counted on the page image: the
columns where ink covers most of the glyph's height, grouped into runs. The word
is replaced by «I» × runs only when 1–3 clean strokes are found; an italic numeral is
sheared upright first. A replaced word that the page pass read with doubt is read once more
on its own crop through the same engine, and is sure only when that reading's glyphs make
as many strokes («П», «И», «11» for «II»); another count leaves it doubtful (no guess).
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from mseflow.reading.engine import Engine
from mseflow.reading.page import Word
from mseflow.reading.preprocess import Gray
from mseflow.reading.reread import crop_word

STROKE_WORD = re.compile(r"^(?:1|(?=.*[^1])[|IlТПШИ1!]{1,3})$")
"""Words that may be a misread Roman numeral («1!», «Ш», «ПТ»; «И», «ИП», «ИТ» for a blurred or
italic «II»/«III», families 10 and 11); numbers stay. A lone «1» counts only when its glyph
shows two or three strokes (then it was «II»). Real letters «И», «ИП» show a diagonal or a
bar between their strokes (:data:`MAX_JOINED_ROWS`), or four strokes, and stay."""
FULL_HEIGHT = 0.75
MAX_STROKE_WIDTH = 0.3
MAX_GAP = 0.9  # slab-serif (monospace) bars stand ~0.7 × height apart
MAX_OTHER_INK = 0.9  # serifs (slab: 0.63), bars of «П»/«Ш» stay below; «О», «ж», «IV» are over 1.2
MAX_JOINED_ROWS = 0.25
"""Share of the middle rows between two strokes where something joins them: «II» has none,
the diagonal of «И» crosses most of them."""
MIN_BAR_ROWS = 2
"""Middle rows inked from one stroke to the next that make a bar («Н»); «II» has none."""
SLANTS = (0.0, 0.2, 0.3)
"""Shears tried, one after another, to stand a numeral upright: none (a roman face), then
the slope of an italic face's stems (tan 11°–17°: fill-ins typed in italics, family 10)."""
CONFIRMED = 0.85
"""Confidence of a numeral whose strokes the engine's second reading of its crop agrees with
(the word is marked :attr:`~mseflow.reading.page.Word.confirmed` too: the flag, not this
value, tells a crop-confirmed numeral from a page pass's reading)."""
DOUBTED = 0.4
"""Confidence of a numeral the second reading contradicts: under every threshold once a
field's quality is applied, so the field stays null rather than takes a guess."""
SURE_CONTRADICTION = 0.5
"""A second reading contradicts only when it reads stroke glyphs of another count this
surely. Measured on family 10: the engine reads clean serif «II» and «III» crops as
nothing, «Е» or «Г» at 0.06–0.5 (the ``rus`` model has no Latin «I»): no contradiction,
the page pass's confidence stays."""
MAX_CONFIRMATIONS = 8
"""Crops read again per page at most (a page prints a group and a degree or two)."""
STROKES_OF = {
    "I": 1, "l": 1, "|": 1, "1": 1, "!": 1, "Т": 1, "Г": 1, "i": 1,
    "П": 2, "И": 2, "Н": 2, "Ц": 2, "Ш": 3, "Щ": 3,
}  # fmt: skip
"""Full-height strokes of each glyph the ``rus`` model reads a Roman numeral as."""
NUMERAL_PSM = 7
"""Tesseract's «single text line» mode for the second reading: measured on serif «II» crops
(family 10), the single-word mode (8) read «Е», the line mode «П» and «И»."""
IGNORED = frozenset(".,:;()[]{}'\"-–")


def reread_roman_numerals(
    gray: Gray, words: list[Word], engine: Engine | None = None
) -> list[Word]:
    """Return ``words`` with stroke-glyph words replaced by the numeral their strokes make.

    With ``engine``, a replaced word that was not read surely is read again on its crop
    (:func:`second_reading`): it is sure when the engine's glyphs have as many strokes as
    were counted, doubtful when they surely have another count.
    """
    budget = [MAX_CONFIRMATIONS]
    return [reread_roman_numeral(gray, word, engine, budget) for word in words]


def reread_roman_numeral(
    gray: Gray, word: Word, engine: Engine | None = None, budget: list[int] | None = None
) -> Word:
    """One word of :func:`reread_roman_numerals` (``budget``: confirmations left, shared)."""
    found = measure_numeral(gray, word) if STROKE_WORD.match(word.text) else None
    if found is None:
        return word
    strokes, box = found
    if word.text == "1" and strokes == 1:
        return word  # a real digit one: leave it
    numeral = "I" * strokes
    confidence, confirmed = word.confidence, word.confirmed
    if engine is not None and confidence < CONFIRMED and (budget is None or budget[0] > 0):
        if budget is not None:
            budget[0] -= 1
        text, sureness = second_reading(engine, gray, box)
        read = strokes_read(text)
        if read == strokes:
            confidence, confirmed = CONFIRMED, True
        elif read is not None and sureness >= SURE_CONTRADICTION:
            confidence = min(confidence, DOUBTED)
    return Word(numeral, word.bbox, confidence, confirmed=confirmed)


def second_reading(
    engine: Engine, gray: Gray, box: tuple[float, float, float, float]
) -> tuple[str, float]:
    """The numeral's crop (its strokes and the word box) read again alone, and the reading's
    least word confidence."""
    crop = crop_word(gray, Word("", box))
    if crop is None:
        return "", 0.0
    result = engine.read_crop(crop, NUMERAL_PSM)
    if result.timed_out or not result.words:
        return "", 0.0
    return "".join(w.text for w in result.words), min(w.confidence for w in result.words)


def strokes_read(text: str) -> int | None:
    """Strokes of the glyphs a second reading gave, or None when a glyph is not a stroke one.

    >>> [strokes_read(t) for t in ("П", "II", "Ш.", "ИТ", "1П", "О", "")]
    [2, 2, 3, 3, 3, None, None]
    """
    glyphs = [ch for ch in text if ch not in IGNORED]
    if not glyphs or any(ch not in STROKES_OF for ch in glyphs):
        return None
    return sum(STROKES_OF[ch] for ch in glyphs)


def count_strokes(gray: Gray, word: Word) -> int | None:
    """Full-height vertical strokes of the numeral at ``word``, or None if it is not one."""
    found = measure_numeral(gray, word)
    return found[0] if found else None


def measure_numeral(gray: Gray, word: Word) -> tuple[int, tuple[float, float, float, float]] | None:
    """Strokes of the numeral at ``word`` and the box they and the word cover, or None.

    Tesseract's box for a misread numeral may cover only one of its bars, so the
    strokes are taken from a wider strip: the stroke nearest the box, and its
    neighbours closer than ``MAX_GAP`` × height. An italic numeral is stood upright
    first (:data:`SLANTS`).
    """
    x0, y0, x1, y1 = (int(v) for v in word.bbox)
    height = y1 - y0
    if height < 8:
        return None
    left = max(0, x0 - 2 * height)
    strip = gray[y0:y1, left : x1 + 2 * height]
    if strip.size == 0:
        return None
    _, ink = cv2.threshold(strip, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    for slant in SLANTS:
        upright, shift = _upright(ink, slant)
        strokes = _clean_strokes(upright, x0 - left + shift, x1 - left + shift, height)
        if strokes is not None:
            a, b = strokes[0][0] - shift + left, strokes[-1][1] - shift + left
            return len(strokes), (min(x0, a), y0, max(x1, b), y1)
    return None


def _upright(ink: np.ndarray, slant: float) -> tuple[np.ndarray, int]:
    """``ink`` sheared by ``slant`` (top rows moved left), and how far its middle row moved."""
    if not slant:
        return ink, 0
    height, width = ink.shape
    pad = int(np.ceil(slant * height))
    matrix = np.float32([[1, slant, pad - slant * (height - 1)], [0, 1, 0]])
    sheared = cv2.warpAffine(
        ink, matrix, (width + pad, height), flags=cv2.INTER_NEAREST, borderValue=0
    )
    return sheared, round(pad - slant * (height - 1) / 2)


def _clean_strokes(ink: np.ndarray, x0: int, x1: int, height: int) -> list[tuple[int, int]] | None:
    """1–3 thin full-height strokes near ``x0``–``x1``, with little ink beside or between them."""
    strokes = _numeral_strokes(_runs(ink.sum(axis=0) >= FULL_HEIGHT * height), x0, x1, height)
    if strokes is None or any(b - a > MAX_STROKE_WIDTH * height for a, b in strokes):
        return None
    margin = int(0.15 * height)
    glyph_left, glyph_right = min(x0, strokes[0][0]), max(x1, strokes[-1][1])
    span = ink[:, max(0, glyph_left - margin) : glyph_right + margin]
    in_strokes = sum(int(ink[:, a:b].sum()) for a, b in strokes)
    if int(span.sum()) - in_strokes > MAX_OTHER_INK * in_strokes:  # curves, diagonals: a letter
        return None
    middle = ink[int(0.3 * height) : int(0.7 * height) + 1].astype(np.int16)
    for first, second in zip(strokes, strokes[1:], strict=False):
        if _joined(middle[:, sum(first) // 2 : sum(second) // 2 + 1]):  # «И», «Н»: letters
            return None
    return strokes


def _joined(between: np.ndarray) -> bool:
    """True when something stands between two strokes (``between``: the middle rows from one
    stroke's centre to the next's): a third run of ink in more than ``MAX_JOINED_ROWS`` of the
    rows (the diagonal of «И»), or ``MIN_BAR_ROWS`` rows without white (the bar of «Н»)."""
    runs = between[:, 0] + (np.diff(between, axis=1) == 1).sum(axis=1)
    barred = int(between.all(axis=1).sum())
    return barred >= MIN_BAR_ROWS or float((runs > 2).mean()) > MAX_JOINED_ROWS


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
