"""Honest word confidence: the least sure character, and a second look at doubtful numbers.

Tesseract's word confidence is a mean over the word; a date with one digit read
3-for-5 still scores 0.9. Dates and document numbers are only as sure as their
least sure digit, so each OCR word's confidence is capped by its least sure
:class:`~mseflow.reading.page.Glyph`, and lowered further when a character that
has a confusable rival (3/5, 0/9, 1/7, Щ/Ш, ё/е) won by a small margin.

A word that matters (a run of digits: a date, a document number, a SNILS) and is
doubtful by those measures is read a second time, alone: its crop is cut from the
same page image, scaled to a comfortable height, padded, and given to the SAME
loaded engine as a single word. When the second reading agrees, the word keeps its confidence
(raised to at least ``AGREED``); when it disagrees, the word's confidence drops to
``DISAGREED``, under every field's threshold, so the resolver writes null rather
than a wrong number. Only doubtful words are re-read (about two crops per scanned
page); ``bench/reread_cost.py`` prints the CPU cost per page. Words without glyphs
(the tesseract-binary fallback) are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np

from mseflow.reading.engine import Engine, OcrResult
from mseflow.reading.page import Glyph, Word
from mseflow.reading.preprocess import Gray

DIGITS = frozenset("0123456789")
NUMBER_WORD = re.compile(r"^[№(]?\d[\d.,:/\-]*\d[.,)]?$")
"""A word that is a number of two digits or more, or a piece of one: a date «13.05.2023»,
«2431238», «05». A lone digit is left alone: a group or a degree («1 степени») is a stroke
or two the second reading takes for a Roman numeral or a letter (roman.py judges those)."""
DIGIT_WHITELIST = "0123456789.,/-"
"""Characters of the fallback reading, when the first second reading gives another count of
digits (none at all, or one dropped or added): measured on the tuning scans, the second
readings that lost a digit were mostly poor readings of right numbers, while a misread
number with an added digit was contradicted by the digits-only reading too."""
HOLDS_NUMBER = re.compile(r"\d\d")
"""A word with a number in it («МСЭ-2023», «2016г.»): re-read when doubtful."""
CROP_HEIGHT = 48
"""Height (px) a crop's text is scaled to before the second reading."""
MAX_UPSCALE = 3.0
PAD = 12
WORD_PSM = 8
"""Page segmentation for the second reading: a single word, all characters allowed.
Measured on the family-4 tuning scans (numbers whose truth is known, doubt margin under
0.2): it contradicted 15/15 misread numbers and 3/50 right ones; a digit whitelist
contradicted 5/50 right ones, a single line (psm 7) let 3 misreads through."""
DOUBT_MARGIN = 0.2
"""A digit whose digit rival came this close (:attr:`Glyph.margin`) makes its word doubtful."""
DOUBT_CONFIDENCE = 0.6
"""A number word under this word confidence is doubtful too."""
AGREED = 0.85
"""Least confidence of a doubtful number that the second reading confirmed."""
DISAGREED = 0.15
"""Confidence of a number the second reading contradicts (and of its run's other pieces)."""
MAX_LOST_DIGITS = 1
"""A second reading with more digits missing than this proves nothing («05.11.2026г.» read
as «.2»); with one missing it contradicts (a misread «23550.78.66» that added a digit)."""
RUN_GAP = 1.5
"""Number words closer than this many word heights on one line are one number («07 08 2016»)."""


def is_number_word(text: str) -> bool:
    """True for a word that is a number or a piece of one (a date, a document number).

    >>> [is_number_word(t) for t in ("13.05.2023", "2431238", "05", "№2431238", "МСЭ-2023", "г.")]
    [True, True, True, True, False, False]
    """
    return bool(NUMBER_WORD.match(text))


def crop_word(gray: Gray, word: Word) -> Gray | None:
    """The word's pixels with a margin, scaled to ``CROP_HEIGHT`` and padded white."""
    x0, y0, x1, y1 = (int(round(v)) for v in word.bbox)
    height = y1 - y0
    if height < 4 or x1 - x0 < 2:
        return None
    my, mx = max(2, int(0.25 * height)), max(3, int(0.4 * height))
    top, left = max(0, y0 - my), max(0, x0 - mx)
    crop = gray[top : min(gray.shape[0], y1 + my), left : min(gray.shape[1], x1 + mx)]
    if crop.size == 0:
        return None
    factor = min(MAX_UPSCALE, CROP_HEIGHT / height)
    if factor > 1.05:
        crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return cv2.copyMakeBorder(
        np.ascontiguousarray(crop), PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255
    )


def second_reading(engine: Engine, gray: Gray, word: Word) -> str | None:
    """The word read again alone, as a single word; None when nothing came."""
    crop = crop_word(gray, word)
    if crop is None:
        return None
    text = _text(engine.read_crop(crop, WORD_PSM))
    if len(_digits(text)) != len(_digits(word.text)):
        # nothing read («13» as «Ч:»), or a digit dropped or added: ask for digits only
        text = _text(engine.read_crop(crop, WORD_PSM, DIGIT_WHITELIST)) or text
    return text or None


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch in DIGITS)


def _text(result: OcrResult) -> str:
    return "" if result.timed_out else "".join(w.text for w in result.words)


def same_number(first: str, second: str) -> bool:
    """True when two readings of a number give the same digits in the same order.

    >>> same_number("13.05.2023", "13.05.2023."), same_number("13.05.2023", "13.06.2023")
    (True, False)
    """
    digits = _digits(first)
    return bool(digits) and digits == _digits(second)


def least_glyph(glyphs: tuple[Glyph, ...]) -> float:
    """The confidence of the least sure character (1.0 for no glyphs)."""
    return min((g.confidence for g in glyphs), default=1.0)


def doubt_margin(word: Word) -> float:
    """The smallest margin by which a digit of ``word`` beat a digit rival (1.0: none did).

    >>> doubt_margin(Word("35", (0, 0, 9, 9), 0.9, (Glyph("3", 0.99, "5", 0.06), Glyph("5", 0.99, "$", 0.02))))
    0.06
    """
    return min(
        (g.margin for g in word.glyphs if g.text in DIGITS and g.rival in DIGITS), default=1.0
    )


def is_doubtful(word: Word) -> bool:
    """A number word whose reading may be wrong: a close digit rival or a low confidence."""
    if not word.glyphs or not (is_number_word(word.text) or HOLDS_NUMBER.search(word.text)):
        return False
    return doubt_margin(word) < DOUBT_MARGIN or word.confidence < DOUBT_CONFIDENCE


def honest(word: Word) -> Word:
    """``word`` no surer than its least sure character."""
    least = least_glyph(word.glyphs)
    return replace(word, confidence=round(least, 3)) if least < word.confidence else word


def confirm_numbers(engine: Engine, gray: Gray, words: list[Word]) -> tuple[list[Word], int]:
    """Words with honest confidences, doubtful numbers read a second time on ``gray``.

    Returns the words and how many crops were re-read. A contradicted number spreads its
    doubt to the number words beside it on its line (the pieces of «07 08 2016»), across a
    month name («25 февраля 2013» read «2018» by the page pass, «2013» by the crop: the
    date's mean confidence stayed over the threshold when only its year was doubted).
    """
    out = [honest(w) for w in words]
    contradicted: list[int] = []
    crops = 0
    for i, word in enumerate(out):
        if not is_doubtful(word):
            continue
        second = second_reading(engine, gray, word) or ""
        crops += 1
        if same_number(word.text, second):
            out[i] = replace(word, confidence=max(word.confidence, AGREED))
        elif len(_digits(second)) >= len(_digits(word.text)) - MAX_LOST_DIGITS:
            contradicted.append(i)
        # a second reading that lost more digits is a poor reading, not a contradiction
    for i in contradicted:
        for j in _run(out, i):
            out[j] = replace(out[j], confidence=min(out[j].confidence, DISAGREED))
    return out, crops


def _run(words: list[Word], i: int) -> list[int]:
    """Indices of the number words next to ``words[i]`` on its line (itself included), and of
    month names between them: «25 февраля 2013» is one date, as «07 08 2016» is."""
    found = [i]
    for step in (-1, 1):
        j, last = i + step, words[i]
        while 0 <= j < len(words) and _date_piece(words[j].text) and _beside(last, words[j]):
            found.append(j)
            last, j = words[j], j + step
    return found


MONTH_WORD = re.compile(
    r"^(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*$",
    re.IGNORECASE,
)
"""A month written in words, the middle of a date «1 марта 2013»."""


def _date_piece(text: str) -> bool:
    """A number word or a month name: a piece of one date with its neighbours.

    >>> [_date_piece(t) for t in ("25", "февраля", "2013", "г.", "группа")]
    [True, True, True, False, False]
    """
    return is_number_word(text) or MONTH_WORD.match(text) is not None


def _beside(a: Word, b: Word) -> bool:
    """True when ``b`` stands on ``a``'s line within ``RUN_GAP`` heights of it."""
    height = max(1.0, a.bbox[3] - a.bbox[1])
    overlap = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    gap = max(b.bbox[0] - a.bbox[2], a.bbox[0] - b.bbox[2])
    return overlap > 0.5 * height and gap < RUN_GAP * height
