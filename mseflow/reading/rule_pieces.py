"""Pieces of a table's vertical rules that OCR read as a letter («|», «l», «1»): dropped.

Rule erasing (:func:`mseflow.reading.preprocess.remove_rules`) takes out rules of some
length; on a badly thresholded or faded scan a vertical rule breaks into short pieces, and
a piece next to a cell's value is read as «|». The Roman numeral re-read then made it «I»,
and the degree of a 486н table row came out 1 where the cell says 3 (family 10,
bad_threshold): a wrong value where the cell's own digit was lost.

A word is such a piece when it is nothing but stroke glyphs, is thin (width at most
``MAX_WIDTH_SHARE`` of its height), and the page's ink runs on in its columns beyond its
box, above or below, for ``MIN_OVERRUN_SHARE`` of its height: a letter «l» or «I» stands
between blank line gaps, a rule runs through them. The test reads the page before the
rules were erased (there the rule is whole).
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from mseflow.reading.page import Word
from mseflow.reading.preprocess import Gray

STROKE_ONLY = re.compile(r"^[|!lIі1]{1,2}$")
MAX_WIDTH_SHARE = 0.2
MIN_OVERRUN_SHARE = 0.5
INK_SHARE = 0.3
"""A row of the strip counts as inked when its darkest pixel lies this share of the way
from the paper (around the word) to the strip's darkest ink: a faded rule (grey 120–140 on
white) counts."""


def drop_rule_pieces(gray: Gray, words: list[Word]) -> list[Word]:
    """``words`` without the pieces of vertical rules among them (see the module doc)."""
    return [word for word in words if not rule_piece(gray, word)]


def rule_piece(gray: Gray, word: Word) -> bool:
    """True when ``word`` is a piece of a vertical rule on ``gray`` (page pixels)."""
    if not STROKE_ONLY.match(word.text):
        return False
    x0, y0, x1, y1 = (int(round(v)) for v in word.bbox)
    height = y1 - y0
    if height < 8 or x1 - x0 > MAX_WIDTH_SHARE * height:
        return False
    reach = int(np.ceil(MIN_OVERRUN_SHARE * height))
    left, right = max(0, x0 - 1), min(gray.shape[1], x1 + 1)
    top, bottom = max(0, y0 - reach), min(gray.shape[0], y1 + reach)
    strip = gray[top:bottom, left:right]
    if strip.size == 0:
        return False
    around = gray[top:bottom, max(0, x0 - height) : min(gray.shape[1], x1 + height)]
    darkest = strip.min(axis=1).astype(np.float32)
    paper, ink = float(np.percentile(around, 90)), float(strip.min())
    if paper - ink < 40:
        return False
    inked = darkest <= paper - INK_SHARE * (paper - ink)
    above = inked[: y0 - top][::-1]
    below = inked[y1 - top :]
    return _leading(above) >= reach or _leading(below) >= reach


def _leading(flags: np.ndarray) -> int:
    """How many of ``flags`` are True from its start (allowing one-pixel breaks)."""
    closed = cv2.morphologyEx(
        flags.astype(np.uint8).reshape(-1, 1), cv2.MORPH_CLOSE, np.ones((3, 1), np.uint8)
    ).ravel()
    misses = np.flatnonzero(closed == 0)
    return int(misses[0]) if misses.size else int(closed.size)
