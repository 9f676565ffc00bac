"""Numerals the page pass lost: a lone digit or Roman numeral in a cell or on a fill-in rule.

Tesseract's page pass sometimes drops a short word standing alone far from the words of
its line: the degree «2» in the «трудовой деятельности» cell of the 486н table (point 8,
«Степень (1, 2, 3)»), the group «III» between «Группа инвалидности:» and «группа.» (family
10 scans). The field is then missed although the value is printed.

For each line of words, the wide gaps between words and the stretch right of its last word
are looked at in the rule-free page (the image OCR read): a small cluster of ink as tall as
the line's letters, standing clear of ink above and below (not a stamp, a signature or a
rule's remnant), is cut out and read again as one line through the same engine. Its
reading is kept only when it is one numeral (``NUMERAL``: 1–3, or stroke glyphs that
:mod:`mseflow.reading.roman` then counts) read with at least ``MIN_CONFIDENCE``: a lost
word of another kind, or a doubtful reading, is left out. At most ``MAX_CROPS`` crops a
page.
"""

from __future__ import annotations

import re
import statistics

import numpy as np

from mseflow.reading.engine import Engine
from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.page import Line, Word
from mseflow.reading.preprocess import Gray
from mseflow.reading.reread import crop_word

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


def find_lost_numerals(engine: Engine, clean: Gray, words: list[Word]) -> tuple[list[Word], int]:
    """The lost numerals of ``words``'s lines found on ``clean``, and how many crops were read."""
    ink = clean < INK_LEVEL
    found: list[Word] = []
    crops = 0
    for box in _spots(ink, group_words_into_lines(words)):
        if crops >= MAX_CROPS:
            break
        crops += 1
        word = _read(engine, clean, box)
        if word is not None:
            found.append(word)
    return found, crops


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
    crop = crop_word(clean, Word("", box))
    if crop is None:
        return None
    result = engine.read_crop(crop, NUMERAL_PSM)
    if result.timed_out or len(result.words) != 1:
        return None
    word = result.words[0]
    if word.confidence < MIN_CONFIDENCE or not NUMERAL.match(word.text):
        return None
    return Word(word.text.rstrip(".,"), box, word.confidence)
