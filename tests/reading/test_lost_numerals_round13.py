"""Round 13: a numeral the page pass lost, read again from its crop (real Tesseract).

One row per layout: the degree alone in the «Степень» cell of the 486н table's row
(point 8), the group between «Группа инвалидности:» and «группа» — and what must give
nothing: a piece of a rule running through the row, a word that is not a numeral, a
blot, a cell left empty.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading.engine import get_engine
from mseflow.reading.lost_numerals import find_lost_numerals
from mseflow.reading.page import Word

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
Paint = Callable[[ImageDraw.ImageDraw, int, int], None]


def row_page(label: str, at: int, paint: Paint) -> tuple[np.ndarray, list[Word]]:
    """A 300-DPI strip with ``label`` at the left (its words known, as the page pass read
    them) and ``paint`` drawing what stands at x = ``at`` on the same line."""
    font = ImageFont.truetype(FONT, 36)
    image = Image.new("L", (2400, 160), 255)
    draw = ImageDraw.Draw(image)
    words, x = [], 60
    for text in label.split():
        box = draw.textbbox((x, 60), text, font=font)
        draw.text((x, 60), text, font=font, fill=0)
        words.append(Word(text, tuple(float(v) for v in box), 0.95))
        x = box[2] + 14
    paint(draw, at, 60)
    return np.asarray(image), words


def text(value: str) -> Paint:
    font = ImageFont.truetype(FONT, 36)
    return lambda draw, x, y: draw.text((x, y), value, font=font, fill=0)


def rule(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    """A piece of a vertical rule left from erasing: through the row and beyond it."""
    draw.rectangle((x, 0, x + 3, 159), fill=0)


def blot(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    """A blot of ink taller than the letters (a stamp's piece)."""
    draw.ellipse((x, y - 40, x + 70, y + 80), fill=0)


def nothing(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    """An empty cell."""


@pytest.mark.parametrize(
    ("label", "paint", "want"),
    [
        ("трудовой деятельности", text("2"), ["2"]),  # the degree's cell, family 10
        ("трудовой деятельности", text("3"), ["3"]),
        ("Группа инвалидности:", text("III"), ["III"]),  # stroke glyphs, counted by roman.py
        ("трудовой деятельности", rule, []),
        ("трудовой деятельности", text("да"), []),  # a word, not a numeral
        ("трудовой деятельности", blot, []),
        ("трудовой деятельности", nothing, []),
    ],
)
def test_lost_numerals(label: str, paint: Paint, want: list[str]) -> None:
    from mseflow.reading.roman import reread_roman_numerals

    gray, words = row_page(label, 1200, paint)
    engine = get_engine("rus")
    found, _gone, _crops = find_lost_numerals(engine, gray, words)
    assert [w.text for w in reread_roman_numerals(gray, found, engine)] == want
    for word in found:  # the crop's box, on the page
        assert 1195 <= word.bbox[0] < word.bbox[2] <= 1320


def test_a_lone_three_read_as_its_look_alike_is_replaced() -> None:
    """«способности к трудовой деятельности З» (family 11): the page pass read the cell's
    «3» as «З» at 0.16; its crop reads «3»."""
    gray, words = row_page("трудовой деятельности", 1200, text("3"))
    rows = np.flatnonzero((gray[:, 1190:1240] < 128).any(axis=1))
    cols = np.flatnonzero((gray[:, 1190:1240] < 128).any(axis=0))
    box = (1190.0 + cols[0], float(rows[0]), 1191.0 + cols[-1], float(rows[-1] + 1))
    look_alike = Word("З", box, 0.16)
    found, gone, _crops = find_lost_numerals(get_engine("rus"), gray, [*words, look_alike])
    assert ([w.text for w in found], gone) == (["3"], [look_alike])


def test_a_surely_read_letter_stays() -> None:
    gray, words = row_page("трудовой деятельности", 1200, text("3"))
    sure = Word("З", (1200.0, 66.0, 1224.0, 94.0), 0.9)
    found, gone, _crops = find_lost_numerals(get_engine("rus"), gray, [*words, sure])
    assert (found, gone) == ([], [])
