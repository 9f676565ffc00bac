"""Tiny synthetic pages for reading-stage tests (no real person's data)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LINES = [
    "Справка, подтверждающая факт установления инвалидности",
    "Серия МСЭ-2015 № 2431238",
    "Инвалидность установлена на срок до 01.06.2027",
    "Дата очередного освидетельствования: 15.05.2027",
]
TICKS = [("работы на высоте", True), ("работы в ночную смену", False)]


def draw_page(width: int = 2480, height: int = 1400) -> Image.Image:
    """A 300-DPI grayscale page with text lines and two tick boxes (first ticked)."""
    font = ImageFont.truetype(str(FONT), 42)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(LINES):
        draw.text((150, 150 + i * 90), text, font=font, fill=0)
    for i, (label, ticked) in enumerate(TICKS):
        x, y = 150, 700 + i * 90
        draw.rectangle((x, y, x + 40, y + 40), outline=0, width=4)
        if ticked:
            draw.line((x + 6, y + 6, x + 34, y + 34), fill=0, width=4)
            draw.line((x + 6, y + 34, x + 34, y + 6), fill=0, width=4)
        draw.text((x + 60, y - 2), label, font=font, fill=0)
    return image


def image_bytes(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    """Encode ``image`` as ``fmt`` (PNG, JPEG, TIFF, PDF)."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def text_layer_pdf(encrypt: str | None = None) -> bytes:
    """A one-page vector PDF with the same lines and two vector tick boxes."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=encrypt)
    pdf.setFont("DejaVu", 11)
    for i, text in enumerate(LINES):
        pdf.drawString(50, 780 - i * 20, text)
    for i, (label, ticked) in enumerate(TICKS):
        y = 680 - i * 20
        pdf.rect(50, y - 1, 9, 9)
        if ticked:
            pdf.line(51.5, y + 0.5, 57.5, y + 6.5)
            pdf.line(51.5, y + 6.5, 57.5, y + 0.5)
        pdf.drawString(64, y, label)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
