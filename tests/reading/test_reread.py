"""Honest OCR confidence: per-character rivals from Tesseract, doubtful numbers read twice.

Real Tesseract (the loaded tesserocr engine) on lines drawn with PIL.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading import reread
from mseflow.reading.engine import get_engine
from mseflow.reading.page import Glyph, Word
from mseflow.reading.reread import (
    AGREED,
    DISAGREED,
    confirm_numbers,
    doubt_margin,
    honest,
    is_number_word,
    same_number,
    second_reading,
)

pytest.importorskip("tesserocr")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def draw_line(*pieces: str, size: int = 34) -> tuple[np.ndarray, list[tuple[str, tuple]]]:
    """A white strip with ``pieces`` printed left to right; each piece's text and box."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (1600, 3 * size), 255)
    draw = ImageDraw.Draw(image)
    x, boxes = 20, []
    for piece in pieces:
        draw.text((x, size), piece, font=font, fill=0)
        box = draw.textbbox((x, size), piece, font=font)
        boxes.append((piece, tuple(float(v) for v in box)))
        x = box[2] + size // 2
    return np.asarray(image), boxes


@pytest.fixture(scope="module")
def engine():
    return get_engine("rus")


@pytest.fixture(scope="module")
def read_line(engine):
    gray, _ = draw_line("Дата", "13.05.2023", "№", "2431238", "Щукина", "Алёна")
    return engine.read(gray, 3, 60.0).words


def test_every_word_carries_its_characters(read_line) -> None:
    assert [w.text for w in read_line] == ["Дата", "13.05.2023", "№", "2431238", "Щукина", "Алёна"]
    for word in read_line:
        assert "".join(g.text for g in word.glyphs) == word.text
        assert all(0.0 <= g.confidence <= 1.0 and 0.0 <= g.margin <= 1.0 for g in word.glyphs)


@pytest.mark.parametrize(
    ("word", "char", "rivals"),
    [
        ("Щукина", "Щ", {"Ш", "Ц"}),
        ("13.05.2023", "0", {"О", "о", "9"}),
        ("13.05.2023", "3", {"З", "5", "8"}),
    ],
)
def test_a_confusable_character_names_its_rival(read_line, word, char, rivals) -> None:
    glyph = next(g for w in read_line if w.text == word for g in w.glyphs if g.text == char)
    assert glyph.rival in rivals
    assert glyph.margin < 1.0


def test_the_engine_reads_a_word_again_alone(engine) -> None:
    gray, boxes = draw_line("выдана", "17.09.2019", "г.")
    word = Word("17.09.2019", boxes[1][1], 0.9)
    assert same_number("17.09.2019", second_reading(engine, gray, word) or "")


@pytest.mark.parametrize("number", ["13", "07", "2431238"])
def test_a_short_number_is_read_again_as_digits(engine, number: str) -> None:
    gray, boxes = draw_line("Бюро", "№", number, size=22)
    assert same_number(number, second_reading(engine, gray, Word(number, boxes[2][1], 0.9)) or "")


class Recording:
    """The real engine, with a list of the whitelists its crop readings were given."""

    def __init__(self, engine) -> None:
        self.engine, self.whitelists = engine, []

    def read_crop(self, gray, psm, whitelist=""):
        self.whitelists.append(whitelist)
        return self.engine.read_crop(gray, psm, whitelist)


def test_a_digit_added_by_the_first_reading_is_contradicted_by_digits_only(engine) -> None:
    gray, boxes = draw_line("№", "243123")
    recording = Recording(engine)
    out, crops = confirm_numbers(recording, gray, [doubtful("2431238", boxes[1][1])])
    assert recording.whitelists == ["", reread.DIGIT_WHITELIST]
    assert out[0].confidence == DISAGREED


def test_a_second_reading_that_lost_digits_proves_nothing(engine) -> None:
    gray, boxes = draw_line("от", "2016", "г.")
    word = doubtful("13.05.2016", boxes[1][1], 0.7)  # the crop shows four digits of eight
    out, crops = confirm_numbers(engine, gray, [word])
    assert crops == 1
    assert out[0].confidence == 0.7


def test_the_same_count_of_digits_needs_one_reading(engine) -> None:
    gray, boxes = draw_line("№", "2431238")
    recording = Recording(engine)
    out, _ = confirm_numbers(recording, gray, [doubtful("2431238", boxes[1][1], 0.5)])
    assert recording.whitelists == [""]
    assert out[0].confidence == AGREED


def test_a_digit_whitelist_is_taken_off_after_the_crop(engine) -> None:
    gray, _ = draw_line("2431238", "Справка")
    digits = engine.read_crop(gray, 7, "0123456789").words
    assert "".join(w.text for w in digits).startswith("2431238")
    assert not any(ch.isalpha() for w in digits for ch in w.text)
    letters, _ = draw_line("Справка", "выдана")
    assert [w.text for w in engine.read(letters, 3, 60.0).words] == ["Справка", "выдана"]


def doubtful(text: str, box: tuple, confidence: float = 0.93) -> Word:
    """An OCR word whose first digit won over a digit rival by a hair."""
    first = next(i for i, ch in enumerate(text) if ch.isdigit())
    glyphs = tuple(
        Glyph(ch, 0.99, "5" if i == first else "", 0.02 if i == first else 1.0)
        for i, ch in enumerate(text)
    )
    return Word(text, box, confidence, glyphs)


def test_a_number_inside_a_word_is_read_again_too(engine) -> None:
    gray, boxes = draw_line("Серия", "МСЭ-2023")
    out, crops = confirm_numbers(engine, gray, [doubtful("МСЭ-2025", boxes[1][1])])
    assert crops == 1
    assert out[0].confidence == DISAGREED


def test_a_contradicted_number_drops_under_every_threshold(engine) -> None:
    gray, boxes = draw_line("от", "13.05.2023", "г.")
    words = [Word("от", boxes[0][1], 0.96), doubtful("18.05.2023", boxes[1][1])]
    out, crops = confirm_numbers(engine, gray, words)
    assert crops == 1
    assert out[1].confidence == DISAGREED
    assert out[0].confidence == 0.96


def test_a_confirmed_number_is_raised(engine) -> None:
    gray, boxes = draw_line("от", "13.05.2023", "г.")
    out, crops = confirm_numbers(engine, gray, [doubtful("13.05.2023", boxes[1][1], 0.4)])
    assert crops == 1
    assert out[0].confidence == AGREED


def test_the_doubt_spreads_over_the_pieces_of_a_spaced_date(engine) -> None:
    gray, boxes = draw_line("от", "07", "08", "2016", "протокол")
    words = [
        Word("от", boxes[0][1], 0.95),
        doubtful("01", boxes[1][1]),  # printed 07
        Word("08", boxes[2][1], 0.95),
        Word("2016", boxes[3][1], 0.95),
        Word("протокол", boxes[4][1], 0.95),
    ]
    out, _ = confirm_numbers(engine, gray, words)
    assert [w.confidence for w in out] == [0.95, DISAGREED, DISAGREED, DISAGREED, 0.95]


def test_sure_words_are_not_read_again(engine, monkeypatch) -> None:
    gray, boxes = draw_line("от", "13.05.2023")
    sure = Word("13.05.2023", boxes[1][1], 0.95, tuple(Glyph(c, 0.99) for c in "13.05.2023"))
    monkeypatch.setattr(reread, "second_reading", lambda *a: pytest.fail("re-read a sure word"))
    out, crops = confirm_numbers(engine, gray, [Word("от", boxes[0][1], 0.96), sure])
    assert crops == 0
    assert [w.confidence for w in out] == [0.96, 0.95]


@pytest.mark.parametrize(
    ("glyphs", "confidence", "expected"),
    [
        ((Glyph("3", 0.99), Glyph("5", 0.41)), 0.9, 0.41),
        ((Glyph("3", 0.99), Glyph("5", 0.98)), 0.9, 0.9),
        ((), 0.7, 0.7),
    ],
)
def test_a_word_is_no_surer_than_its_least_sure_character(glyphs, confidence, expected) -> None:
    assert honest(Word("35", (0, 0, 9, 9), confidence, glyphs)).confidence == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13.05.2023", True),
        ("2431238", True),
        ("07", True),
        ("1", False),
        ("2505.61.86/2016", True),
        ("021-901-975", True),
        ("МСЭ-2023", False),
        ("г.", False),
        ("Щукина", False),
    ],
)
def test_which_words_are_numbers(text: str, expected: bool) -> None:
    assert is_number_word(text) is expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("13.05.2023", "13.05.2023", True),
        ("13.05.2023", "13.05.2023.", True),
        ("13.05.2023", "13,05.2023", True),
        ("13.05.2023", "13.06.2023", False),
        ("2431238", "243123", False),
        ("07", "", False),
    ],
)
def test_two_readings_agree_on_the_digits(first: str, second: str, expected: bool) -> None:
    assert same_number(first, second) is expected


def test_only_digit_rivals_make_a_number_doubtful() -> None:
    letter_rival = Word("30", (0, 0, 9, 9), 0.9, (Glyph("3", 0.99, "З", 0.01), Glyph("0", 0.99)))
    digit_rival = Word("30", (0, 0, 9, 9), 0.9, (Glyph("3", 0.99, "5", 0.07), Glyph("0", 0.99)))
    assert doubt_margin(letter_rival) == 1.0
    assert doubt_margin(digit_rival) == 0.07
