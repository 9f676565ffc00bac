"""Numerals the page pass lost: a lone digit or Roman numeral in a cell or on a fill-in rule.

Tesseract's page pass sometimes drops a short word standing alone far from the words of
its line: the degree «2» in the «трудовой деятельности» cell of the 486н table (point 8,
«Степень (1, 2, 3)»), the group «III» between «Группа инвалидности:» and «группа.» (family
10 scans). The field is then missed although the value is printed.

For each line of words, the wide gaps between words and the stretch right of its last word
are looked at in the rule-free page (the image OCR read): a small cluster of ink as tall as
the line's letters, standing clear of ink above and below (not a stamp, a signature or a
rule's remnant), is cut out and read again as one line through the same engine (at two scales). Its
reading is kept only when it is one numeral (``NUMERAL``: 1–3, or stroke glyphs that
:mod:`mseflow.reading.roman` then counts) read with at least ``MIN_CONFIDENCE``: a lost
word of another kind, or a doubtful reading, is left out. At most ``MAX_CROPS`` crops a
page. A lone «З» read with doubt (the look-alike of «3») counts as lost too.
"""

from __future__ import annotations

import re
import statistics

import cv2
import numpy as np

from mseflow.reading.engine import Engine
from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.page import Line, Word
from mseflow.reading.preprocess import Gray
from mseflow.reading.reread import PAD, crop_word

INK_LEVEL = 128
"""A pixel of the rule-free page darker than this is ink."""
MIN_GAP = 1.5
"""A gap between two words this many letter heights wide may hold a lost word."""
EDGE = 0.4
"""Letter heights kept clear beside the neighbouring words (their last or first letter)."""
JOIN = 0.8
"""Ink columns closer than this many letter heights are one cluster (the bars of «III»)."""
MIN_HEIGHT = 0.6
MAX_HEIGHT = 1.6
MAX_WIDTH = 2.2
"""A cluster's least and most height and most width, in letter heights: one to three
glyphs (a cell's value may sit lower or higher than its row's label)."""
CLEAR = 0.5
"""Letter heights above and below a cluster that must be nearly free of ink."""
MAX_CLEAR_INK = 0.04
MIN_LETTER_HEIGHT = 10
NUMERAL = re.compile(r"^(?:[123]|[|IlТПШИ1!]{1,3})[.,]?$")
"""What a lost word may be read as to be kept: a degree or group digit, or stroke glyphs."""
NUMERAL_PSM = 7
MIN_CONFIDENCE = 0.6
MAX_CROPS = 6
DIGIT_LOOK_ALIKES = frozenset({"З", "з"})
"""Letters the ``rus`` model reads for a lone «3» (f11: «трудовой деятельности З» at 0.16).
Such a word read with less than ``MAX_LOOK_ALIKE_CONFIDENCE``, alone in a gap, counts as
lost: its crop is read again and a numeral reading replaces it."""
MAX_LOOK_ALIKE_CONFIDENCE = 0.5
GLYPH_HEIGHT = 26.0
"""Pixels a lost glyph is scaled to before it is read: measured on a lone sans «3» (family
11), read «3» at 0.87–0.90 at 24–34 px, «Е)» at 48 px (the word crops' height), «с» at 72."""


def find_lost_numerals(
    engine: Engine, clean: Gray, words: list[Word]
) -> tuple[list[Word], list[Word], int]:
    """The lost numerals of ``words``'s lines found on ``clean``, the doubtful look-alike
    words they stand for (:data:`DIGIT_LOOK_ALIKES`), and how many crops were read."""
    ink = clean < INK_LEVEL
    doubtful = [w for w in words if _look_alike(w)]
    kept = [w for w in words if not _look_alike(w)] if doubtful else words
    found: list[Word] = []
    crops = 0
    for box in _spots(ink, group_words_into_lines(kept)):
        if crops >= MAX_CROPS:
            break
        crops += 1
        word = _read(engine, clean, box)
        if word is not None:
            found.append(word)
    gone = [w for w in doubtful if any(_inside(w.bbox, f.bbox) for f in found)]
    return found, gone, crops


def _look_alike(word: Word) -> bool:
    return word.text in DIGIT_LOOK_ALIKES and word.confidence < MAX_LOOK_ALIKE_CONFIDENCE


def _inside(
    box: tuple[float, float, float, float], outer: tuple[float, float, float, float]
) -> bool:
    """The centre of ``box`` lies in ``outer``."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


def _spots(ink: np.ndarray, lines: list[Line]) -> list[tuple[float, float, float, float]]:
    """Boxes of ink clusters in the wide gaps of ``lines`` that may be lost numerals."""
    spots = []
    width = ink.shape[1]
    for line in lines:
        heights = [w.bbox[3] - w.bbox[1] for w in line.words]
        height = statistics.median(heights)
        if height < MIN_LETTER_HEIGHT:
            continue
        top = int(statistics.median(w.bbox[1] for w in line.words))
        bottom = int(top + height)
        edges = [w.bbox[2] for w in line.words]
        starts = [w.bbox[0] for w in line.words[1:]] + [width]
        for left, right in zip(edges, starts, strict=True):
            if right - left < MIN_GAP * height:
                continue
            a, b = int(left + EDGE * height), int(right - EDGE * height)
            spots.extend(_clusters(ink, top, bottom, a, b, height))
    return spots


def _clusters(
    ink: np.ndarray, top: int, bottom: int, a: int, b: int, height: float
) -> list[tuple[float, float, float, float]]:
    """Ink clusters of one gap that are as tall as a letter, small, and stand clear; each box
    spans the line's band too, so that the word stays on its line (a cell's value may sit
    lower or higher than its row's label)."""
    band = ink[top:bottom, a:b]
    if band.size == 0:
        return []
    columns = np.flatnonzero(band.any(axis=0))
    if columns.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(columns) > JOIN * height)
    out = []
    for group in np.split(columns, breaks + 1):
        x0, x1 = a + int(group[0]), a + int(group[-1]) + 1
        rows = _glyph_rows(ink, top, bottom, x0, x1, height)
        if rows is None or x1 - x0 > MAX_WIDTH * height:
            continue
        out.append((float(x0), float(min(top, rows[0])), float(x1), float(max(bottom, rows[1]))))
    return out


def _glyph_rows(
    ink: np.ndarray, top: int, bottom: int, x0: int, x1: int, height: float
) -> tuple[int, int] | None:
    """The rows of the glyph in columns ``x0``–``x1`` that meets the line's band, when it is
    as tall as a letter (``MIN_HEIGHT``–``MAX_HEIGHT``) and stands clear of ink above and
    below (a glyph, not a piece of a stamp, a signature or a rule)."""
    reach = int(height)
    start = max(0, top - reach)
    window = ink[start : bottom + reach, x0:x1]
    rows = np.flatnonzero(window.any(axis=1))
    if rows.size == 0:
        return None
    blocks = np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1)
    block = next((b for b in blocks if b[-1] >= top - start and b[0] < bottom - start), None)
    if block is None:
        return None
    r0, r1 = start + int(block[0]), start + int(block[-1]) + 1
    if not MIN_HEIGHT * height <= r1 - r0 <= MAX_HEIGHT * height:
        return None
    clear = int(CLEAR * height)
    above, below = ink[max(0, r0 - clear) : max(0, r0 - 1), x0:x1], ink[r1 + 1 : r1 + clear, x0:x1]
    if any(part.size and float(part.mean()) > MAX_CLEAR_INK for part in (above, below)):
        return None
    return r0, r1


def _read(engine: Engine, clean: Gray, box: tuple[float, float, float, float]) -> Word | None:
    """The numeral at ``box``: its crop read at ``GLYPH_HEIGHT``, then at the word crops'
    height (:func:`mseflow.reading.reread.crop_word`) when the first gave no numeral; the
    engine reads some lone glyphs only at one of them (a sans «3» at 26 px, a serif «2» and
    «III» at 48)."""
    for crop in (_glyph_crop(clean, box), crop_word(clean, Word("", box))):
        if crop is None:
            continue
        result = engine.read_crop(crop, NUMERAL_PSM)
        if result.timed_out or len(result.words) != 1:
            continue
        word = result.words[0]
        if word.confidence >= MIN_CONFIDENCE and NUMERAL.match(word.text):
            return Word(word.text.rstrip(".,"), box, word.confidence)
    return None


def _glyph_crop(clean: Gray, box: tuple[float, float, float, float]) -> Gray | None:
    """The glyph's pixels with a margin, scaled to ``GLYPH_HEIGHT`` and padded white."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    height = y1 - y0
    if height < 4 or x1 - x0 < 2:
        return None
    my, mx = max(2, int(0.25 * height)), max(3, int(0.4 * height))
    crop = clean[max(0, y0 - my) : y1 + my, max(0, x0 - mx) : x1 + mx]
    if crop.size == 0:
        return None
    factor = GLYPH_HEIGHT / height
    if abs(factor - 1.0) > 0.05:
        method = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
        crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=method)
    return cv2.copyMakeBorder(
        np.ascontiguousarray(crop), PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255
    )
