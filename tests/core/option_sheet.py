"""Synthetic choice lines («… / … (нужное подчеркнуть)») with hand-style marks, as PDFs.

Each :class:`Row` is one printed choice line and how it is marked; :func:`sheet_pdf`
draws rows onto one A4 page with reportlab (DejaVu Sans), the marks as vector paths
the way a PDF editor or a pen-on-tablet would: a stroke under the chosen option, an
ellipse round it, strokes through the others, a V before it, a ticked box, a ✓ glyph.
No real person's data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SIZE = 11.0
LEFT = 50.0
ROW_GAP = 46.0


@dataclass(frozen=True)
class Row:
    """A choice line: label, options, hint, and the marks (option indices per style)."""

    label: str
    options: tuple[str, ...]
    underline: tuple[int, ...] = ()
    circle: tuple[int, ...] = ()
    strike: tuple[int, ...] = ()
    tick: tuple[int, ...] = ()
    wavy: tuple[int, ...] = ()
    """A wavy pen underline (a curve) under these options."""
    boxes: tuple[int, ...] | None = None
    """Draw a box before every option; the listed ones ticked."""
    glyph: tuple[int, ...] = ()
    """A ✓ printed before these options (a tick typed into the text)."""
    hint: str = "(нужное подчеркнуть)"
    fill_rule: bool = False
    """A printed fill-in rule under the underscores of the first option (not a mark)."""
    table_rule: bool = False
    """Table rules over and under the whole row (not a mark)."""
    separator: str = "/"
    """How the options are parted: «/», or «,» right after each option («I, II, III»)."""


def _font() -> str:
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    return "DejaVu"


def _width(text: str) -> float:
    return pdfmetrics.stringWidth(text, _font(), SIZE)


def _draw_row(pdf: canvas.Canvas, row: Row, y: float) -> None:
    x = LEFT
    pdf.drawString(x, y, row.label)
    x += _width(row.label) + _width(" ")
    spans: list[tuple[float, float]] = []
    for i, option in enumerate(row.options):
        if i and row.separator == "/":
            pdf.drawString(x, y, "/")
            x += _width("/ ")
        if row.boxes is not None:
            pdf.rect(x, y - 1, 8, 8)
            if i in row.boxes:
                pdf.line(x + 1.5, y + 3, x + 3.5, y + 0.5)
                pdf.line(x + 3.5, y + 0.5, x + 7, y + 7)
            x += 12
        if i in row.glyph:
            pdf.drawString(x, y, "✓")
            x += _width("✓ ")
        pdf.drawString(x, y, option)
        spans.append((x, x + _width(option)))
        if row.separator != "/" and i < len(row.options) - 1:
            pdf.drawString(x + _width(option), y, row.separator)
            x += _width(row.separator)
        x += _width(option + " ")
    if row.hint:
        pdf.setFontSize(SIZE - 2)
        pdf.drawString(x + 2, y, row.hint)
        pdf.setFontSize(SIZE)
    _marks(pdf, row, spans, y)


def _marks(pdf: canvas.Canvas, row: Row, spans: list[tuple[float, float]], y: float) -> None:
    pdf.saveState()
    pdf.setStrokeColorRGB(0.1, 0.1, 0.4)
    pdf.setLineWidth(1.0)
    for i in row.underline:
        a, b = spans[i]
        pdf.line(a - 1, y - 2.5, b + 2, y - 2.0)
    for i in row.wavy:
        a, b = spans[i]
        path = pdf.beginPath()
        path.moveTo(a - 1, y - 2.5)
        step = (b - a + 2) / 4
        for k in range(4):
            x = a - 1 + k * step
            path.curveTo(x + step / 3, y - 1.2, x + 2 * step / 3, y - 3.8, x + step, y - 2.5)
        pdf.drawPath(path, stroke=1, fill=0)
    for i in row.circle:
        a, b = spans[i]
        pdf.ellipse(a - 5, y - 5, b + 5, y + SIZE + 2, stroke=1, fill=0)
    for i in row.strike:
        a, b = spans[i]
        pdf.line(a - 1, y + SIZE * 0.3, b + 1, y + SIZE * 0.34)
    for i in row.tick:
        a, _b = spans[i]
        path = pdf.beginPath()
        path.moveTo(a - 12, y + 5)
        path.lineTo(a - 8, y - 1)
        path.lineTo(a - 2, y + 10)
        pdf.drawPath(path, stroke=1, fill=0)
    pdf.restoreState()
    pdf.setLineWidth(0.5)
    if row.fill_rule:
        a, b = spans[0]
        pdf.line(a, y - 1.5, b, y - 1.5)
    if row.table_rule:
        right = A4[0] - LEFT
        pdf.line(LEFT - 4, y - 3.0, right, y - 3.0)
        pdf.line(LEFT - 4, y + SIZE + 3, right, y + SIZE + 3)
        pdf.line(LEFT - 4, y - 3.0, LEFT - 4, y + SIZE + 3)
        pdf.line(right, y - 3.0, right, y + SIZE + 3)


def sheet_pdf(rows: list[Row], header: str = "Справка (образец, синтетические данные)") -> bytes:
    """One A4 page: a header line, then the rows top to bottom."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont(_font(), SIZE)
    pdf.drawString(LEFT, A4[1] - 50, header)
    for i, row in enumerate(rows):
        _draw_row(pdf, row, A4[1] - 100 - i * ROW_GAP)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned(pdf: bytes, dpi: int = 300, noise: float = 12.0, seed: int = 3) -> np.ndarray:
    """The page rendered as a gray scan: Gaussian noise, a faint grey cast, dust specks."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72.0, grayscale=True).to_numpy()
    finally:
        document.close()
    gray = image[..., 0] if image.ndim == 3 else image
    rng = np.random.default_rng(seed)
    noisy = gray.astype(np.float32) * 0.93 + 8 + rng.normal(0, noise, gray.shape)
    specks = rng.random(gray.shape) < 0.0004
    noisy[specks] = 40
    return np.clip(noisy, 0, 255).astype(np.uint8)
