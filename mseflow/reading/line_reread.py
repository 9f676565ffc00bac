"""Lines that read badly on the page, read again on their own.

On a low-resolution, noisy or compressed scan Tesseract's page pass garbles some
lines (a stamp overlapping a fill-in, a faint date beside a dense label) while
the rest of the page reads well. Such a line is cut out of the image OCR saw,
with a margin, enlarged when its letters are small, and read again as one text
line (page segmentation mode 7) through the same loaded engine. The new reading
replaces the old one only when it is clearly surer and keeps about as many
characters: a surer reading that drops words is not better. Word for word, a second
reading that only swaps look-alikes («Ф.И.О.» → «Ф.И.0.», Latin for Cyrillic) keeps
the first: the page pass read the word with the page's context, the crop without.

Only lines with a low mean word confidence are read again, at most
``MAX_LINES_PER_PAGE`` per page: clean pages pay nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import cv2

from mseflow.reading.engine import Engine
from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.marks import overlap
from mseflow.reading.page import Line, Word
from mseflow.reading.preprocess import Gray
from mseflow.reading.reread import DOUBT_CONFIDENCE, HOLDS_NUMBER, is_doubtful

logger = logging.getLogger(__name__)

LINE_PSM = 7
"""Tesseract's «single text line» page segmentation mode."""
WEAK_LINE_CONFIDENCE = 0.6
"""A line whose mean word confidence is under this is read again."""
WEAK_WORD_CONFIDENCE = 0.5
"""A line holding a word read with less confidence than this is read again."""
MIN_LINE_CHARS = 4
"""Letters and digits a line needs to be worth a second reading."""
MIN_GAIN = 0.08
"""The new reading's mean confidence must beat the old one's by this much."""
MIN_KEPT_CHARS = 0.8
"""Share of the old reading's letters and digits the new reading must keep."""
MAX_LINES_PER_PAGE = 15
TARGET_LINE_HEIGHT_PX = 56.0
"""A line box this tall (10–12 pt text at 300 DPI) reads best; shorter lines are enlarged."""
MAX_ENLARGE = 2.0


def reread_weak_lines(engine: Engine, clean: Gray, words: list[Word]) -> tuple[list[Word], int]:
    """Read weak lines of ``words`` again on crops of ``clean``; return the words and how many
    lines were replaced."""
    lines = [line for line in group_words_into_lines(words) if is_weak(line)]
    lines.sort(key=lambda line: line.confidence)
    replaced: dict[int, list[Word]] = {}
    for line in lines[:MAX_LINES_PER_PAGE]:
        better = _reread(engine, clean, line)
        if better is not None:
            better = keep_doubt(line.words, better)
            replaced.update({id(w): [] for w in line.words})
            replaced[id(line.words[0])] = better
    if not replaced:
        return words, 0
    out: list[Word] = []
    for word in words:
        out.extend(replaced.get(id(word), [word]))
    count = sum(1 for v in replaced.values() if v)
    logger.debug("%d weak lines read again", count)
    return out, count


def keep_doubt(old: tuple[Word, ...] | list[Word], new: list[Word]) -> list[Word]:
    """The new line's numbers stay doubtful where the first reading's were.

    A doubtful number of the first reading (a close digit rival, a low confidence) is read a
    third time, alone, by :func:`mseflow.reading.reread.confirm_numbers`; a line reading that
    read it more surely does not settle it (measured: «МСЭ-2013» read «МСЭ-2015» by both the
    page and the line, the word alone read it right). So a new number word over a doubtful old
    one is left under the doubt threshold, and the word's own reading decides.
    """
    doubtful = [w.bbox for w in old if is_doubtful(w)]
    if not doubtful:
        return new
    return [
        replace(w, confidence=min(w.confidence, DOUBT_CONFIDENCE - 0.01))
        if HOLDS_NUMBER.search(w.text)
        and any(overlap(w.bbox[0], w.bbox[2], box[0], box[2]) > 0 for box in doubtful)
        else w
        for w in new
    ]


def is_weak(line: Line) -> bool:
    """A line with enough letters and digits and a low mean word confidence, or a word of
    three letters or digits or more read with a confidence under ``WEAK_WORD_CONFIDENCE``."""
    if _chars(line.words) < MIN_LINE_CHARS:
        return False
    if line.confidence < WEAK_LINE_CONFIDENCE:
        return True
    return any(w.confidence < WEAK_WORD_CONFIDENCE and _chars((w,)) >= 3 for w in line.words)


def _chars(words: tuple[Word, ...] | list[Word]) -> int:
    return sum(ch.isalnum() for w in words for ch in w.text)


def _mean(words: list[Word] | tuple[Word, ...]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def _reread(engine: Engine, clean: Gray, line: Line) -> list[Word] | None:
    x0, y0, x1, y1 = line.bbox
    height = max(1.0, y1 - y0)
    pad_y, pad_x = 0.35 * height, 0.5 * height
    top, bottom = max(0, int(y0 - pad_y)), min(clean.shape[0], int(y1 + pad_y) + 1)
    left, right = max(0, int(x0 - pad_x)), min(clean.shape[1], int(x1 + pad_x) + 1)
    if bottom - top < 8 or right - left < 8:
        return None
    crop = clean[top:bottom, left:right]
    scale = min(MAX_ENLARGE, max(1.0, TARGET_LINE_HEIGHT_PX / height))
    if scale > 1.05:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    else:
        scale = 1.0
    words = engine.read_crop(crop, LINE_PSM).words
    if not words:
        return None
    if _mean(words) < _mean(line.words) + MIN_GAIN:
        return None
    if _chars(words) < MIN_KEPT_CHARS * _chars(line.words):
        return None
    if len(words) == len(line.words):  # word for word: a look-alike swap is no news
        words = [
            old if old.text != new.text and _look_alike(old.text) == _look_alike(new.text) else new
            for old, new in zip(line.words, words, strict=True)
        ]
        if all(new is old for old, new in zip(line.words, words, strict=True)):
            return None
    kept = {id(w) for w in line.words}
    return [
        w
        if id(w) in kept
        else Word(
            w.text,
            (
                left + w.bbox[0] / scale,
                top + w.bbox[1] / scale,
                left + w.bbox[2] / scale,
                top + w.bbox[3] / scale,
            ),
            w.confidence,
            w.glyphs,
        )
        for w in words
    ]


LOOK_ALIKES = str.maketrans(
    {
        "0": "о",
        "3": "з",
        "6": "б",
        "1": "i",
        "l": "i",
        "|": "i",
        "a": "а",
        "c": "с",
        "e": "е",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "m": "м",
        "h": "н",
        "b": "в",
        "t": "т",
        "n": "п",
        "u": "и",
        "ё": "е",
    }
)
"""Digits and Latin letters that print like Cyrillic letters (and «ё» like «е»)."""


def _look_alike(text: str) -> str:
    """``text`` in lower case with look-alike characters made one: «Ф.И.0.» and «Ф.И.О.» are
    the same print, and a second reading that only swaps them is no better than the first."""
    return text.lower().translate(LOOK_ALIKES)
