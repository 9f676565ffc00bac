"""Marked options of choice lines: one row per mark style and layout, vector and scanned.

The same sheet (tests/core/option_sheet.py) is read three ways: as a text-layer PDF
(vector paths), as a noisy 300-DPI scan judged around the words' boxes, and as a scan
read end to end by OCR.
"""

from __future__ import annotations

import functools

import cv2
import numpy as np
import pytest

from mseflow.reading import read_bytes
from mseflow.reading.marks import choice_lines
from mseflow.reading.page import Checkbox, Line, OptionMark, PageText, Word
from mseflow.reading.raster_marks import find_raster_marks
from mseflow.settings import ReadingSettings

from .option_sheet import Row, scanned, sheet_pdf

FIRST = "Инвалидность установлена:"
WORK = "Трудовая деятельность:"
TERM = "на срок до:"
BLANK = "____________"
DPI = 300

# (id, row, expected (option, kind) or None)
CASES: list[tuple[str, Row, tuple[str, str] | None]] = [
    ("underline", Row(FIRST, ("впервые", "повторно"), underline=(1,)), ("повторно", "underline")),
    ("circle", Row(TERM, (BLANK, "бессрочно"), circle=(1,)), ("бессрочно", "circle")),
    (
        "strike_others",
        Row(WORK, ("доступна", "противопоказана"), strike=(0,)),
        ("противопоказана", "struck_others"),
    ),
    (
        "strike_two_of_three",
        Row("Группа инвалидности:", ("I", "II", "III"), strike=(0, 2), hint=""),
        ("II", "struck_others"),
    ),
    ("tick_before", Row("Группа:", ("I", "II", "III"), tick=(1,), hint=""), ("II", "tick")),
    ("wavy_underline", Row(FIRST, ("впервые", "повторно"), wavy=(0,)), ("впервые", "underline")),
    ("none", Row(FIRST, ("впервые", "повторно")), None),
    ("two_marked", Row(WORK, ("доступна", "противопоказана"), underline=(0, 1)), None),
    ("circle_and_underline_elsewhere", Row(FIRST, ("впервые", "повторно"), underline=(0,), circle=(1,)), None),
    ("fill_in_underscores", Row(TERM, (BLANK, "бессрочно"), fill_rule=True), None),
    ("table_rule", Row(FIRST, ("впервые", "повторно"), table_rule=True), None),
    ("tick_glyph", Row(WORK, ("доступна", "противопоказана"), glyph=(1,), hint=""), ("противопоказана", "tick")),
    ("ticked_box", Row(FIRST, ("впервые", "повторно"), boxes=(0,), hint=""), ("впервые", "tick")),
    ("boxes_none_ticked", Row(FIRST, ("впервые", "повторно"), boxes=(), hint=""), None),
    (
        "circle_roman",
        Row("Степень ограничения способности к трудовой деятельности:", ("I", "II", "III"), circle=(2,), hint=""),
        ("III", "circle"),
    ),
]  # fmt: skip
IDS = [c[0] for c in CASES]
ROWS = [c[1] for c in CASES]


@functools.cache
def sheet() -> bytes:
    """Every row on one page (rows are far enough apart not to touch)."""
    return sheet_pdf(ROWS)


@functools.cache
def vector_page() -> PageText:
    [page] = read_bytes(sheet(), ReadingSettings())
    assert page.source == "text_layer"
    return page


def _by_row(page: PageText) -> dict[int, OptionMark]:
    """Marks keyed by row number (line 0 is the sheet's header)."""
    return {mark.line - 1: mark for mark in page.marks}


def _check(marks: dict[int, OptionMark], index: int, expected: tuple[str, str] | None) -> None:
    got = marks.get(index)
    if expected is None:
        assert got is None, got
    else:
        assert got is not None
        assert (got.option, got.kind) == expected
        assert 0.5 <= got.confidence <= 1.0


def test_every_row_is_a_choice_line() -> None:
    lines = choice_lines(vector_page())
    assert [line.index for line in lines] == list(range(1, len(ROWS) + 1))
    first = lines[0]
    assert [s.text for s in first.segments] == ["впервые", "повторно"]


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_vector_marks(index: int) -> None:
    _check(_by_row(vector_page()), index, CASES[index][2])


@functools.cache
def raster_marks() -> dict[int, OptionMark]:
    """The sheet as a noisy scan, judged around the text layer's word boxes in pixels."""
    gray = scanned(sheet(), DPI)
    k = DPI / 72
    vector = vector_page()
    page = PageText(
        number=1,
        source="ocr",
        width=gray.shape[1],
        height=gray.shape[0],
        lines=[
            Line(tuple(Word(w.text, tuple(v * k for v in w.bbox)) for w in line.words))  # type: ignore[misc]
            for line in vector.lines
        ],
        checkboxes=[Checkbox(tuple(v * k for v in c.bbox), c.checked) for c in vector.checkboxes],  # type: ignore[arg-type]
    )
    return _raster(gray, page)


def _raster(gray: np.ndarray, page: PageText) -> dict[int, OptionMark]:
    page.marks = find_raster_marks(gray, page)
    return _by_row(page)


RASTER_NULL = {"tick_before", "strike_two_of_three", "wavy_underline"}
"""Read on scans as nothing (a null, never another value): a pen tick before an option
(only a ticked box or a tick glyph counts there), strikes through options shorter than
a letter stroke («I», «III») and a wavy underline touching the letters' feet, which on
a blurred scan cannot be told from the letters' own strokes."""


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_raster_marks(index: int) -> None:
    expected = None if IDS[index] in RASTER_NULL else CASES[index][2]
    _check(raster_marks(), index, expected)


OCR_ROWS = [
    Row(FIRST, ("впервые", "повторно"), underline=(0,)),
    Row(WORK, ("доступна", "противопоказана"), strike=(0,)),
    Row(FIRST, ("впервые", "повторно")),
    Row(WORK, ("доступна", "противопоказана"), underline=(0, 1)),
    Row(FIRST, ("впервые", "повторно"), table_rule=True),
    Row(TERM, (BLANK, "бессрочно"), circle=(1,)),
]
OCR_EXPECTED = [
    ("впервые", "underline"),
    ("противопоказана", "struck_others"),
    None,
    None,
    None,
    ("бессрочно", "circle"),
]
"""The circled option's text comes from reading the ring's inside again (the OCR of the
whole page runs the ring into the letters)."""


def test_ocr_scan_end_to_end() -> None:
    """A scan read by OCR: marks judged on the deskewed page around the OCR words."""
    gray = scanned(sheet_pdf(OCR_ROWS), DPI, noise=10)
    turned = cv2.warpAffine(
        gray,
        cv2.getRotationMatrix2D((gray.shape[1] / 2, gray.shape[0] / 2), 0.8, 1.0),
        (gray.shape[1], gray.shape[0]),
        borderValue=255,
    )
    ok, png = cv2.imencode(".png", turned)
    assert ok
    [page] = read_bytes(png.tobytes(), ReadingSettings())
    assert page.source == "ocr"
    found = {page.lines[m.line].text.split(":")[0]: m for m in page.marks}
    got = [(m.option, m.kind) for m in page.marks]
    expected = [e for e in OCR_EXPECTED if e is not None]
    assert got == expected, (got, found.keys(), page.text)


def _ocr_line(*words: tuple[str, float, float]) -> PageText:
    """One OCR line of (text, x0, x1) words, 40 px high."""
    line = Line(tuple(Word(t, (a, 100.0, b, 140.0), 0.9) for t, a, b in words))
    return PageText(number=1, source="ocr", width=2480, height=3508, lines=[line])


@pytest.mark.parametrize(
    ("words", "options"),
    [
        # a blank the OCR did not read, before «/»: a stand-in option
        ((("до:", 0, 60), ("/", 300, 310), ("бессрочно", 330, 520)), ["……", "бессрочно"]),
        # «/» and the struck option lost, the hint kept: a stand-in after the option
        ((("Трудовая", 0, 150), ("деятельность:", 165, 400), ("противопоказана", 700, 990),
          ("(нужное", 1010, 1150), ("подчеркнуть)", 1160, 1400)), ["……", "противопоказана"]),
        # a gap away from every «/» is another table cell, never an option
        ((("мужской", 0, 150), ("/", 165, 175), ("женский", 190, 340), ("Дата:", 900, 1000),
          ("12.11.2026", 1010, 1200)), ["мужской", "женский Дата: 12.11.2026"]),
    ],
    ids=["blank_before_separator", "struck_option_lost", "table_cell_gap"],
)  # fmt: skip
def test_lost_print_stand_ins(
    words: tuple[tuple[str, float, float], ...], options: list[str]
) -> None:
    [line] = choice_lines(_ocr_line(*words), vanished=True)
    assert [s.text for s in line.segments] == options
