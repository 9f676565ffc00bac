"""Roman numerals misread by the Russian model are re-read by counting strokes."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading.page import Word
from mseflow.reading.roman import count_strokes, reread_roman_numerals

FONTS = "/usr/share/fonts/truetype/dejavu/"


def glyph_page(text: str, font_file: str) -> tuple[np.ndarray, Word]:
    font = ImageFont.truetype(FONTS + font_file, 42)
    image = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((100, 30), text + " степени", font=font, fill=0)
    x0, y0, x1, y1 = draw.textbbox((100, 30), text, font=font)
    return np.asarray(image), Word("Ш", (x0, y0, x1, y1), 0.5)


@pytest.mark.parametrize("font_file", ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"])
@pytest.mark.parametrize(
    ("drawn", "strokes"), [("I", 1), ("II", 2), ("III", 3), ("Ш", 3), ("П", 2)]
)
def test_strokes_are_counted(drawn: str, strokes: int, font_file: str) -> None:
    gray, word = glyph_page(drawn, font_file)
    assert count_strokes(gray, word) == strokes
    assert reread_roman_numerals(gray, [word])[0].text == "I" * strokes


@pytest.mark.parametrize("drawn", ["О", "ж", "IV"])
def test_other_glyphs_are_left_alone(drawn: str) -> None:
    gray, word = glyph_page(drawn, "DejaVuSans.ttf")
    assert count_strokes(gray, word) is None
    plain = Word("слово", word.bbox)
    assert reread_roman_numerals(gray, [plain]) == [plain]


@pytest.mark.parametrize(("drawn", "expected"), [("1", "1"), ("II", "II")])
def test_a_lone_one_is_replaced_only_when_it_shows_two_strokes(drawn: str, expected: str) -> None:
    gray, word = glyph_page(drawn, "DejaVuSans.ttf")
    one = Word("1", word.bbox, 0.5)
    assert reread_roman_numerals(gray, [one])[0].text == expected
