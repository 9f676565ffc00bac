"""Marks drawn as strokes on text-layer PDFs (round 10, helper `scans`).

The ФГИС ИПРА extract printed to PDF marks the chosen rows of its tables with a cross
drawn as two strokes (or a tick as one polyline), not as a character: the mark column
of «Рекомендуемые условия труда» and the «да | нет» columns of «Противопоказаны». The
text layer holds nothing there (the scan of the same page OCRs an «X»), so every row
read as unmarked: all the contraindications listed, no recommended condition. The
reading now gives such a drawn mark the word «×» where it stands alone; one inside a
drawn box stays the box's tick, one on a choice line («впервые / повторно») that
line's mark, and one drawn over words (a strike, a doodle) gives no word.

One row per variant: a real PDF (reportlab) read by the pdfium reading, then the work
lists extracted from it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from mseflow.extractors import split_documents
from mseflow.extractors.worklists import WorkListsExtractor
from mseflow.reading.page import PageText
from mseflow.reading.text_layer import DRAWN_GLYPH, read_text_layer_page

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
RECOMMENDED = [
    "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда",
    "Трудовая деятельность возможна при значительной помощи других лиц",
    "Нуждается в дополнительных перерывах",
]
CONTRA = [
    "работы в ночную смену",
    "работы в условиях производственного шума",
    "работы на высоте и у движущихся механизмов",
]
Draw = Callable[[object, float, float], None]


def cross(pdf: object, x: float, y: float) -> None:
    """Two crossing strokes, 6 pt (the extract's «×»)."""
    pdf.line(x, y, x + 6, y + 6)  # type: ignore[attr-defined]
    pdf.line(x, y + 6, x + 6, y)  # type: ignore[attr-defined]


def tick(pdf: object, x: float, y: float) -> None:
    """A tick drawn as one polyline (a «V» leaning right)."""
    path = pdf.beginPath()  # type: ignore[attr-defined]
    path.moveTo(x, y + 4)
    path.lineTo(x + 2.5, y)
    path.lineTo(x + 7, y + 8)
    pdf.drawPath(path, stroke=1, fill=0)  # type: ignore[attr-defined]


def _canvas() -> tuple[object, io.BytesIO]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("DejaVu", 8)
    return pdf, buffer


def extract_pdf(
    mark: Draw, chosen: set[int], yes: set[int], no: set[int], boxed: bool = False
) -> bytes:
    """The work block of an IPRA extract: recommended conditions with a mark column left of
    the text, contraindications with «да | нет» columns right of it."""
    pdf, buffer = _canvas()
    y = 800.0
    for line in (
        "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИЛИ АБИЛИТАЦИИ ИНВАЛИДА",
        "Рекомендации о показанных и противопоказанных видах трудовой деятельности",
        "Рекомендуемые условия труда:",
    ):
        pdf.drawString(60, y, line)  # type: ignore[attr-defined]
        y -= 16
    pdf.drawString(110, y, "Рекомендуемые условия труда")  # type: ignore[attr-defined]
    for index, text in enumerate(RECOMMENDED):
        y -= 18
        pdf.rect(60, y - 6, 40, 18)  # type: ignore[attr-defined]  # the mark cell
        pdf.rect(100, y - 6, 440, 18)  # type: ignore[attr-defined]
        if boxed:
            pdf.rect(75, y - 2, 10, 10)  # type: ignore[attr-defined]  # a drawn tick box
        pdf.drawString(110, y, text)  # type: ignore[attr-defined]
        if index in chosen:
            mark(pdf, 77, y - 1)
    y -= 30
    pdf.drawString(60, y, "Противопоказаны (да / нет):")  # type: ignore[attr-defined]
    y -= 18
    pdf.drawString(64, y, "Виды трудовой деятельности, производственные факторы")  # type: ignore[attr-defined]
    pdf.drawString(440, y, "да")  # type: ignore[attr-defined]
    pdf.drawString(500, y, "нет")  # type: ignore[attr-defined]
    for index, text in enumerate(CONTRA):
        y -= 18
        for x0, width in ((60, 370), (430, 60), (490, 60)):
            pdf.rect(x0, y - 6, width, 18)  # type: ignore[attr-defined]
        pdf.drawString(64, y, text)  # type: ignore[attr-defined]
        if index in yes:
            mark(pdf, 442, y - 1)
        if index in no:
            mark(pdf, 502, y - 1)
    pdf.showPage()  # type: ignore[attr-defined]
    pdf.save()  # type: ignore[attr-defined]
    return buffer.getvalue()


def lists_of(page: PageText) -> dict[str, list[str]]:
    span = split_documents([page])[0]
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


# (id, mark, chosen recommended rows, «да» rows, «нет» rows)
ROWS = [
    ("crosses_yes_and_no", cross, {0, 2}, {0, 2}, {1}),
    ("crosses_one_yes", cross, {1}, {1}, {0, 2}),
    ("ticks_drawn_as_polylines", tick, {0}, {0, 1}, {2}),
]


@pytest.mark.parametrize(
    ("mark", "chosen", "yes", "no"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_drawn_marks_choose_table_rows(
    mark: Draw, chosen: set[int], yes: set[int], no: set[int]
) -> None:
    page = read_text_layer_page(None, 1, extract_pdf(mark, chosen, yes, no))
    glyphs = [w for line in page.lines for w in line.words if w.text == DRAWN_GLYPH]
    assert len(glyphs) == len(chosen) + len(yes) + len(no)
    lists = lists_of(page)
    assert lists["recommended_conditions"] == [RECOMMENDED[i] for i in sorted(chosen)]
    assert sorted(lists["contraindications"]) == sorted(CONTRA[i] for i in yes)


def test_no_marks_no_words() -> None:
    page = read_text_layer_page(None, 1, extract_pdf(cross, set(), set(), set()))
    assert not any(w.text == DRAWN_GLYPH for line in page.lines for w in line.words)


def test_cross_in_a_drawn_box_stays_the_box() -> None:
    """A cross inside a small drawn box is that box's tick, not a word of its own."""
    page = read_text_layer_page(None, 1, extract_pdf(cross, {1}, set(), set(), boxed=True))
    assert not any(w.text == DRAWN_GLYPH for line in page.lines for w in line.words)
    ticked = [round(cb.bbox[1]) for cb in page.checkboxes if cb.checked]
    assert len(ticked) == 1


def _line_pdf(draw: Callable[[object], None]) -> bytes:
    pdf, buffer = _canvas()
    pdf.drawString(60, 700, "Инвалидность установлена впервые / повторно (нужное подчеркнуть)")  # type: ignore[attr-defined]
    pdf.drawString(60, 600, "работы в ночную смену")  # type: ignore[attr-defined]
    draw(pdf)
    pdf.showPage()  # type: ignore[attr-defined]
    pdf.save()  # type: ignore[attr-defined]
    return buffer.getvalue()


# (id, what is drawn): marks that must not turn into words
NOT_WORDS = [
    ("tick_on_a_choice_line", lambda pdf: tick(pdf, 218, 699)),
    ("cross_over_words", lambda pdf: cross(pdf, 80, 599)),
    ("dash_beside_a_line", lambda pdf: pdf.line(200, 603, 210, 603.5)),  # type: ignore[attr-defined]
    ("big_cross_over_a_block", lambda pdf: cross_big(pdf)),
    ("lone_slanted_stroke", lambda pdf: pdf.line(300, 600, 305, 606)),  # type: ignore[attr-defined]
    ("corner_of_two_strokes", lambda pdf: corner(pdf)),
    ("stamp_rim_strokes", lambda pdf: stamp(pdf)),
]


def corner(pdf: object) -> None:
    """Two strokes meeting at their ends (an «L», a bracket), not crossing."""
    pdf.line(300, 600, 300, 607)  # type: ignore[attr-defined]
    pdf.line(300, 600, 306, 600)  # type: ignore[attr-defined]


def stamp(pdf: object) -> None:
    """A stamp drawn as vectors: a ring and short radial strokes along its rim."""
    import math

    pdf.circle(350, 580, 40)  # type: ignore[attr-defined]
    for step in range(24):
        angle = 2 * math.pi * step / 24
        x, y = 350 + 34 * math.cos(angle), 580 + 34 * math.sin(angle)
        pdf.line(x, y, x + 5 * math.cos(angle + 0.6), y + 5 * math.sin(angle + 0.6))  # type: ignore[attr-defined]


def cross_big(pdf: object) -> None:
    """A cancelling cross over a whole block (far larger than a mark)."""
    pdf.line(50, 560, 300, 720)  # type: ignore[attr-defined]
    pdf.line(50, 720, 300, 560)  # type: ignore[attr-defined]


@pytest.mark.parametrize("draw", [r[1] for r in NOT_WORDS], ids=[r[0] for r in NOT_WORDS])
def test_marks_that_are_no_words(draw: Callable[[object], None]) -> None:
    page = read_text_layer_page(None, 1, _line_pdf(draw))
    assert not any(w.text == DRAWN_GLYPH for line in page.lines for w in line.words)
