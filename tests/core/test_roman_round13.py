"""Round 13: italic group numerals stood upright, «И»/«Н» told from «II», and a numeral read
with doubt confirmed by the engine's second reading of its crop (real Tesseract)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading.engine import OcrResult, get_engine
from mseflow.reading.page import Word
from mseflow.reading.roman import (
    CONFIRMED,
    DOUBTED,
    MAX_CONFIRMATIONS,
    count_strokes,
    reread_roman_numeral,
    reread_roman_numerals,
)

FONTS = "/usr/share/fonts/truetype/dejavu/"
ITALIC_SLANT = 0.22
"""tan 12.5°: the slope of an italic face's stems (the fill-ins of family 10 scans)."""


def numeral_line(numeral: str, font_file: str, slant: float = 0.0) -> tuple[np.ndarray, Word]:
    """«Группа инвалидности NUMERAL группа» at 300 DPI size, the numeral sheared by ``slant``
    (an italic numeral: top leaning right), and the word box of the numeral."""
    font = ImageFont.truetype(FONTS + font_file, 40)
    label = ImageFont.truetype(FONTS + "DejaVuSerif.ttf", 40)
    image = Image.new("L", (1100, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((20, 30), "Группа инвалидности", font=label, fill=0)
    x0, y0, x1, y1 = draw.textbbox((560, 30), numeral, font=font)
    glyph = Image.new("L", (x1 - x0 + 40, 120), 255)
    ImageDraw.Draw(glyph).text((20 - (x0 - 560), 30), numeral, font=font, fill=0)
    if slant:  # x_src = x + slant * (y - y1): rows above the baseline move right
        glyph = glyph.transform(
            glyph.size, Image.Transform.AFFINE, (1, slant, -slant * y1, 0, 1, 0), fillcolor=255
        )
    image.paste(glyph, (540, 0))
    width = x1 - x0
    draw.text((x1 + 40, 30), "группа", font=label, fill=0)
    box = (x0 - 2, y0, x0 + width + int(slant * (y1 - y0)) + 2, y1)
    return np.asarray(image), Word("И", box, 0.3)


@pytest.mark.parametrize("font_file", ["DejaVuSans.ttf", "DejaVuSerif.ttf"])
@pytest.mark.parametrize(("numeral", "strokes"), [("I", 1), ("II", 2), ("III", 3)])
def test_italic_numerals_are_stood_upright_and_counted(
    numeral: str, strokes: int, font_file: str
) -> None:
    gray, word = numeral_line(numeral, font_file, ITALIC_SLANT)
    assert count_strokes(gray, word) == strokes


@pytest.mark.parametrize("slant", [0.0, ITALIC_SLANT])
@pytest.mark.parametrize("letter", ["И", "Н"])
def test_letters_with_a_diagonal_or_a_bar_are_not_numerals(letter: str, slant: float) -> None:
    gray, word = numeral_line(letter, "DejaVuSans.ttf", slant)
    assert count_strokes(gray, word) is None
    assert reread_roman_numerals(gray, [word])[0].text == "И"


@pytest.mark.parametrize(
    ("numeral", "font_file", "slant"),
    [
        ("II", "DejaVuSerif.ttf", 0.0),  # serif «II» the page pass read «И» (family 10)
        ("II", "DejaVuSans.ttf", ITALIC_SLANT),  # italic «II» read «!» or «И»
        ("III", "DejaVuSans.ttf", ITALIC_SLANT),  # italic «III» read «!!» or «ИТ»
    ],
)
def test_a_doubtful_numeral_the_second_reading_agrees_with_is_sure(
    numeral: str, font_file: str, slant: float
) -> None:
    gray, word = numeral_line(numeral, font_file, slant)
    read = reread_roman_numeral(gray, word, get_engine("rus"))
    assert (read.text, read.confidence, read.confirmed) == (numeral, CONFIRMED, True)


def test_without_an_engine_the_page_confidence_stays() -> None:
    gray, word = numeral_line("II", "DejaVuSerif.ttf")
    assert reread_roman_numeral(gray, word).confidence == word.confidence


class FixedCropEngine:
    """The real engine, except that every crop reads as ``text`` at ``confidence``: a second
    reading chosen by the test (injected through the engine seam, as the fault tests do)."""

    def __init__(self, text: str = "Ш", confidence: float = 0.9) -> None:
        self.real = get_engine("rus")
        self.text, self.confidence = text, confidence
        self.crops = 0

    def read(self, gray: np.ndarray, psm: int, timeout_s: float) -> OcrResult:
        return self.real.read(gray, psm, timeout_s)

    def orientation(self, gray: np.ndarray) -> int:
        return self.real.orientation(gray)

    def read_crop(self, gray: np.ndarray, psm: int, whitelist: str = "") -> OcrResult:
        self.crops += 1
        if not self.text:
            return OcrResult([])
        return OcrResult([Word(self.text, (0, 0, gray.shape[1], gray.shape[0]), self.confidence)])


def test_a_numeral_the_second_reading_surely_contradicts_is_doubtful() -> None:
    gray, word = numeral_line("II", "DejaVuSerif.ttf")
    engine = FixedCropEngine("Ш", 0.9)  # three strokes read surely where two were counted
    read = reread_roman_numeral(gray, Word("П", word.bbox, 0.73), engine)
    assert (read.text, read.confidence, read.confirmed, engine.crops) == ("II", DOUBTED, False, 1)


@pytest.mark.parametrize(
    ("text", "confidence"),
    [("", 0.0), ("Е", 0.51), ("Г", 0.06)],  # what the engine read from clean serif «II» crops
)
def test_a_reading_that_proves_nothing_leaves_the_page_confidence(
    text: str, confidence: float
) -> None:
    gray, word = numeral_line("II", "DejaVuSerif.ttf")
    read = reread_roman_numeral(gray, Word("ТТ", word.bbox, 0.8), FixedCropEngine(text, confidence))
    assert (read.text, read.confidence, read.confirmed) == ("II", 0.8, False)


def test_a_surely_read_word_costs_no_second_reading() -> None:
    gray, word = numeral_line("II", "DejaVuSerif.ttf")
    engine = FixedCropEngine()
    read = reread_roman_numeral(gray, Word("П", word.bbox, 0.9), engine)
    assert (read.text, read.confidence, read.confirmed, engine.crops) == ("II", 0.9, False, 0)


@pytest.mark.parametrize(
    ("page_pass", "crop", "expected"),
    [
        pytest.param(0.73, "П", (CONFIRMED, True, 1), id="crop-agrees-confirmed"),
        pytest.param(CONFIRMED, "П", (CONFIRMED, False, 0), id="page-pass-at-exactly-0.85-not-confirmed"),
        pytest.param(0.73, "Ш", (DOUBTED, False, 1), id="crop-contradicts-not-confirmed"),
    ],
)  # fmt: skip
def test_only_a_second_reading_confirms(
    page_pass: float, crop: str, expected: tuple[float, bool, int]
) -> None:
    """Round 14: a crop-confirmed numeral is flagged (:attr:`Word.confirmed`); a page pass
    that happened to read the word at :data:`CONFIRMED` is not (no crop was read)."""
    gray, word = numeral_line("II", "DejaVuSerif.ttf")
    engine = FixedCropEngine(crop, 0.9)
    read = reread_roman_numeral(gray, Word("П", word.bbox, page_pass), engine)
    assert (read.confidence, read.confirmed, engine.crops) == expected


def test_confirmations_per_page_are_capped() -> None:
    gray, word = numeral_line("II", "DejaVuSerif.ttf")
    engine = FixedCropEngine()
    words = [Word("П", word.bbox, 0.5)] * (MAX_CONFIRMATIONS + 3)
    read = reread_roman_numerals(gray, words, engine)
    assert engine.crops == MAX_CONFIRMATIONS
    assert [w.confidence for w in read[-3:]] == [0.5] * 3


def test_the_flag_survives_the_page_assembly() -> None:
    """Round 14: a confirmed numeral keeps its flag when a two-up sheet's side is moved into
    place, and a comb of cells joined into one word is confirmed only when every cell is."""
    from mseflow.reading.comb import join_cells
    from mseflow.reading.two_up import _moved

    sure = Word("II", (10, 0, 20, 12), CONFIRMED, confirmed=True)
    assert _moved(sure, 100.0).confirmed
    assert _moved(sure, 100.0).bbox == (110, 0, 120, 12)
    cells = [Word(c, (10.0 * i, 0, 10.0 * i + 6, 12), 0.9) for i, c in enumerate("ЦОЙЛИ")]
    assert [w.confirmed for w in join_cells(cells)] == [False]
    cells = [
        Word(c, (10.0 * i, 0, 10.0 * i + 6, 12), CONFIRMED, confirmed=True)
        for i, c in enumerate("IIIII")
    ]
    assert [(w.text, w.confirmed) for w in join_cells(cells)] == [("IIIII", True)]
