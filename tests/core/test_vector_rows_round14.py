"""Round 14: option lists printed one option a row on text-layer PDFs, the chosen rows
underlined (or circled) as vector paths — a drawn line under the words, not a character.

486н, Приложение № 2 prints «Заключение о рекомендуемом характере и условиях труда
(нужное подчеркнуть):» over its options, one a row; a printout drops the hint
(«Рекомендуемые условия труда:», rows indented) or prints it alone on the line under the
title with the rows at the margin. The rows are judged as on scans
(:func:`mseflow.reading.marks.row_underlined`): a stroke under most of a row's words (or
under its wrapped second line; a pen or typesetter may break it at the spaces) marks it, a
stroke running far past the row is a rule and marks none, and a list whose every row is
marked (a form rule under each) or none stays blank, never «all options». Any option list
is read so, not only the work conditions. Hand-made pages (reportlab, DejaVu Sans).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from mseflow.extractors.layout import DocumentView
from mseflow.extractors.worklists import read_items
from mseflow.reading import read_bytes
from mseflow.reading.page import PageText
from mseflow.settings import ReadingSettings

from ..work_options import ANY, BREAKS, HELP, OPTIMAL, ROWS
from .option_sheet import SIZE, _font, _width

TITLE = "Заключение о рекомендуемом характере и условиях труда (нужное подчеркнуть):"
PRINTOUT = "Рекомендуемые условия труда:"
HINT = "(нужное подчеркнуть)"
LEFT, STEP = 60.0, 15.0


@dataclass(frozen=True)
class Sheet:
    """A work block: the title (and a hint on its own line), the rows, their marks."""

    title: str = TITLE
    hint_line: bool = False
    """The hint printed alone under the title; the rows at the margin (not indented)."""
    rows: tuple[tuple[str, ...], ...] = tuple(ROWS)
    underline: frozenset[tuple[int, int]] = frozenset()
    """(row, line) pairs underlined by one stroke."""
    by_word: bool = False
    """Each underline drawn word by word (broken at the spaces, as a typesetter does)."""
    circle: frozenset[int] = frozenset()
    rule: frozenset[int] = frozenset()
    """A table rule under these rows, across the column."""
    after: tuple[str, ...] = field(
        default=("Противопоказанные виды трудовой деятельности:", "работы в ночные смены")
    )


def _pdf(sheet: Sheet) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont(_font(), SIZE)
    y = A4[1] - 60
    pdf.drawString(LEFT, y, "ИПРА инвалида № 1445.9.59/2026 (синтетические данные)")
    y -= 2 * STEP
    pdf.drawString(LEFT, y, sheet.title)
    if sheet.hint_line:
        y -= STEP
        pdf.setFontSize(SIZE - 2)
        pdf.drawString(LEFT, y, HINT)
        pdf.setFontSize(SIZE)
    x = LEFT if sheet.hint_line else LEFT + 24
    for r, option in enumerate(sheet.rows):
        top = y - STEP
        for k, text in enumerate(option):
            y -= STEP
            pdf.drawString(x, y, text)
            if (r, k) in sheet.underline:
                _underline(pdf, x, y, text, sheet.by_word)
            if r in sheet.rule:
                pdf.line(LEFT - 4, y - 2.5, A4[0] - LEFT, y - 2.5)
        if r in sheet.circle:
            width = max(_width(t) for t in option)
            pdf.ellipse(x - 6, y - 5, x + width + 6, top + SIZE + 3, stroke=1, fill=0)
    y -= 6
    for text in sheet.after:
        y -= STEP
        pdf.drawString(LEFT, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _underline(pdf: canvas.Canvas, x: float, y: float, text: str, by_word: bool) -> None:
    pdf.saveState()
    pdf.setStrokeColorRGB(0.1, 0.1, 0.4)
    pdf.setLineWidth(0.8)
    if by_word:
        for word in text.split():
            pdf.line(x, y - 2.2, x + _width(word), y - 2.2)
            x += _width(word + " ")
    else:
        pdf.line(x - 1, y - 2.2, x + _width(text) + 1, y - 2.2)
    pdf.restoreState()


def _both_lines(row: int) -> frozenset[tuple[int, int]]:
    return frozenset((row, k) for k in range(len(ROWS[row])))


CASES: list[tuple[str, Sheet, list[str]]] = [
    ("first-and-third-underlined", Sheet(underline=_both_lines(0) | _both_lines(2)), [OPTIMAL, HELP]),
    ("printout-title-indented-rows", Sheet(title=PRINTOUT, underline=_both_lines(1) | _both_lines(3)), [ANY, BREAKS]),
    ("wrapped-option-underlined-on-its-wrap-only", Sheet(underline=frozenset({(1, 1)})), [ANY]),
    ("hint-alone-rows-at-the-margin", Sheet(title=PRINTOUT, hint_line=True, underline=_both_lines(1)), [ANY]),
    ("hint-alone-underlined-word-by-word", Sheet(title=PRINTOUT, hint_line=True, underline=_both_lines(1), by_word=True), [ANY]),
    ("circled", Sheet(circle=frozenset({3})), [BREAKS]),
    ("unmarked-blank", Sheet(), []),
    ("every-row-underlined-a-form-rule-blank", Sheet(underline=frozenset().union(*map(_both_lines, range(4)))), []),
    ("column-rule-under-the-first-marks-nothing", Sheet(rule=frozenset({0})), []),
]  # fmt: skip
"""(id, the sheet, the recommended conditions read)."""


@functools.cache
def _pages(index: int) -> list[PageText]:
    pages = read_bytes(_pdf(CASES[index][1]), ReadingSettings())
    assert pages[0].source == "text_layer"
    return pages


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_underlined_rows_of_a_printout(index: int) -> None:
    items = read_items(DocumentView(_pages(index)))
    assert [i.text for i in items if i.key == "recommended_conditions"] == CASES[index][2]


def test_any_option_list_is_read() -> None:
    """Not only the work conditions: the rows of any list under «(нужное подчеркнуть)» (each
    row capitalised: a row starting in lower case reads as the one above it wrapping)."""
    sheet = Sheet(
        title="Форма обучения (нужное подчеркнуть):",
        rows=(("Очная",), ("Очно-заочная",), ("Заочная",), ("Дистанционная",)),
        underline=frozenset({(2, 0)}),
        after=("Срок обучения: 10 месяцев",),
    )
    (page,) = read_bytes(_pdf(sheet), ReadingSettings())
    marks = [m for m in page.marks if m.listed]
    assert [(m.option, m.kind, m.options) for m in marks] == [
        ("Заочная", "underline", ("Очная", "Очно-заочная", "Заочная", "Дистанционная"))
    ]
