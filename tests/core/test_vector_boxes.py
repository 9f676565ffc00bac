"""Vector tick boxes: a dark fill is a ■ tick only when it stands like a box, not a shaded cell.

Rows are judged by :func:`mseflow.reading.checkboxes.judge_vector_boxes` (the
shared rule behind the pdfium and pdfplumber readings), then one real PDF with
a shaded table header next to filled, ticked and empty boxes goes through the
reading stage.
"""

from __future__ import annotations

import io

import pytest

from mseflow.reading.checkboxes import VectorBox, judge_vector_boxes
from mseflow.reading.page import BoxTuple, Word


def _sq(x: float, y: float, side: float = 12.0) -> BoxTuple:
    return (x, y, x + side, y + side)


COLUMN = [VectorBox(_sq(50, y), False, False) for y in (100, 130, 160)]
"""Empty boxes of a list's column (x = 50, 12 pt)."""

# (id, boxes, words, expected (bbox, checked) of the judged box at index 0, or None if dropped)
ROWS = [
    ("lone_dark_fill_is_a_tick", [VectorBox(_sq(50, 190), False, True), *COLUMN], [], True),
    ("stroke_inside_is_a_tick", [VectorBox(_sq(50, 190), True, False), *COLUMN], [], True),
    ("empty_box", [VectorBox(_sq(50, 190), False, False), *COLUMN], [], False),
    (
        "dark_cell_holding_a_word_is_a_header",
        [VectorBox(_sq(300, 60, 14), False, True)],
        [Word("№", (302, 62, 310, 72))],
        None,
    ),
    (
        "adjoining_dark_cells_are_a_band",
        [VectorBox(_sq(300, 60), False, True), VectorBox(_sq(312, 60), False, True)],
        [],
        None,
    ),
    (
        "dark_square_of_another_size_than_its_column",
        [VectorBox(_sq(50, 190, 16), False, True), *COLUMN],
        [],
        None,
    ),
    (
        "dark_tick_beside_other_dark_ticks_with_gaps",
        [VectorBox(_sq(50, 190), False, True), VectorBox(_sq(50, 220), False, True), *COLUMN],
        [],
        True,
    ),
]


@pytest.mark.parametrize(
    ("boxes", "words", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_judge_vector_boxes(
    boxes: list[VectorBox], words: list[Word], expected: bool | None
) -> None:
    judged = {cb.bbox: cb.checked for cb in judge_vector_boxes(boxes, words)}
    assert judged.get(boxes[0].bbox) is expected
    for box in boxes[1:]:
        if not box.dark:
            assert judged[box.bbox] is box.marked


def _pdf() -> bytes:
    """A shaded header row of small cells, then a ■-filled box, an empty box and a ticked one."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("DejaVu", 10)
    pdf.setFillColorRGB(0.3, 0.3, 0.3)
    for i in range(4):  # a dark header band of adjoining 14 pt cells
        pdf.rect(300 + 14 * i, 790, 14, 14, fill=1, stroke=0)
    pdf.setFillColorRGB(0, 0, 0)
    for i, mark in enumerate(("filled", "empty", "stroke")):
        y = 740 - 20 * i
        pdf.setFillColorRGB(*((0, 0, 0) if mark == "filled" else (1, 1, 1)))
        pdf.rect(50, y, 10, 10, fill=1, stroke=1)
        pdf.setFillColorRGB(0, 0, 0)
        if mark == "stroke":
            pdf.line(52, y + 5, 58, y + 2)
        pdf.drawString(66, y + 1, f"пункт {i + 1}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_shaded_header_is_no_tick_on_either_reading() -> None:
    import pdfplumber

    from mseflow.reading.text_layer import read_text_layer_page

    data = _pdf()
    pdfium_page = read_text_layer_page(None, 1, data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        plumber_page = read_text_layer_page(pdf.pages[0], 1)
    for page in (pdfium_page, plumber_page):
        boxes = sorted((round(cb.bbox[1]), cb.checked) for cb in page.checkboxes)
        assert [checked for _, checked in boxes] == [True, False, True]
        assert all(cb.bbox[0] < 100 for cb in page.checkboxes)


def test_words_placed_without_space_characters_stay_apart() -> None:
    """A PDF that positions each word (no space glyphs) still reads as separate words."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    from mseflow.reading.text_layer import read_text_layer_page

    _pdf()  # registers the font
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("DejaVu", 10)
    x = 60.0
    for word in ("работа", "в", "ночное", "время"):
        pdf.drawString(x, 700, word)
        x += pdfmetrics.stringWidth(word, "DejaVu", 10) + 2.4  # a positioned space, no glyph
    pdf.showPage()
    pdf.save()
    page = read_text_layer_page(None, 1, buffer.getvalue())
    assert [w.text for line in page.lines for w in line.words] == ["работа", "в", "ночное", "время"]
