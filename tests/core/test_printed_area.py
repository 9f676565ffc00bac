"""Reading only the printed area: the crop box, and words read on it mapped back to the page."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from mseflow.reading.engine import get_engine
from mseflow.reading.preprocess import to_gray
from mseflow.reading.printed_area import MARGIN_SHARE, printed_area, read_printed_area

from .drawing import LINES, draw_page


def _blank(height: int = 3508, width: int = 2480) -> np.ndarray:
    return np.full((height, width), 255, np.uint8)


@pytest.mark.parametrize(
    ("ink", "specks", "expected"),
    [
        # one block of print: its box, 35 px (1 % of the long side) of white around it
        ([(400, 300, 2000, 3000)], [], (365, 265, 2035, 3035)),
        # print near the edge: the box stops at the page
        ([(10, 5, 2470, 3500)], [], (0, 0, 2480, 3508)),
        # two blocks: their union
        ([(400, 300, 900, 500), (1500, 2800, 2100, 3100)], [], (365, 265, 2135, 3135)),
        # a lone speck in a corner (one pixel) does not widen the box
        ([(400, 300, 2000, 3000)], [(5, 5), (2470, 3500)], (365, 265, 2035, 3035)),
    ],
)
def test_printed_area_is_the_ink_box_with_a_margin(
    ink: list[tuple[int, int, int, int]],
    specks: list[tuple[int, int]],
    expected: tuple[int, int, int, int],
) -> None:
    page = _blank()
    for x0, y0, x1, y1 in ink:
        page[y0:y1, x0:x1] = 30
    for x, y in specks:
        page[y, x] = 0
    assert round(MARGIN_SHARE * 3508) == 35
    assert printed_area(page) == expected


def test_a_blank_page_is_read_whole() -> None:
    assert printed_area(_blank(100, 80)) == (0, 0, 80, 100)


def test_words_read_on_the_crop_stand_where_they_stand_on_the_page() -> None:
    """The same words, and boxes within a pixel or two of reading the whole page."""
    drawn = draw_page(width=2480, height=1400)
    page = Image.new("L", (2480, 3508), 255)
    page.paste(drawn, (0, 900))  # print in the middle of an A4 page: wide margins above, below
    gray = to_gray(np.asarray(page))
    x0, y0, x1, y1 = printed_area(gray)
    assert y0 > 900 and y1 < 900 + 1400 and x1 < 2480  # the margins are cut off
    engine = get_engine("rus")
    whole = engine.read(gray, 3, 60.0)
    cropped = read_printed_area(engine, gray, 3, 60.0)
    assert [w.text for w in cropped.words] == [w.text for w in whole.words]
    assert " ".join(w.text for w in cropped.words[:5]) == LINES[0]
    for a, b in zip(cropped.words, whole.words, strict=True):
        assert max(abs(p - q) for p, q in zip(a.bbox, b.bbox, strict=True)) <= 2
        assert a.bbox[1] > 900  # page pixels, not the crop's
