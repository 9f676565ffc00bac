"""Tiny synthetic inputs for the flow tests (no real person's data, no OCR needed)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LINES = [
    "Справка, подтверждающая факт установления инвалидности",
    "Серия МСЭ-2015 № {number}",
    "Выдана ФКУ «ГБ МСЭ по Тестовой области» Бюро № 3",
    "Инвалидность вторая группа, причина инвалидности: общее заболевание",
    "Инвалидность установлена на срок до 01.06.2027",
    "Дата очередного освидетельствования: 15.05.2027",
]


def certificate_pdf(number: int) -> bytes:
    """A one-page text-layer PDF that reads like an MSE certificate; ``number`` varies its content."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("DejaVu", 11)
    for i, text in enumerate(LINES):
        pdf.drawString(50, 780 - i * 20, text.format(number=2431200 + number))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_page() -> bytes:
    """A small blank PNG (a readable image that holds no document)."""
    buffer = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buffer, format="PNG")
    return buffer.getvalue()


STRIP_OFFSETS, COMPRESSION = 273, 259
"""TIFF tags :func:`two_page_tiff` can spoil on page 2."""


def two_page_tiff(spoil: dict[int, int] | None = None) -> bytes:
    """A two-page TIFF; ``spoil`` sets tags of page 2 (tag -> value) to break it.

    ``{STRIP_OFFSETS: past the end}`` gives a file that opens and counts two pages,
    where only reading page 2 fails.
    """
    buffer = io.BytesIO()
    blank, dark = Image.new("L", (64, 32), 255), Image.new("L", (64, 32), 0)
    blank.save(buffer, format="TIFF", save_all=True, append_images=[dark])
    data = bytearray(buffer.getvalue())
    first_ifd = struct.unpack_from("<I", data, 4)[0]
    entries = struct.unpack_from("<H", data, first_ifd)[0]
    second_ifd = struct.unpack_from("<I", data, first_ifd + 2 + 12 * entries)[0]
    for index in range(struct.unpack_from("<H", data, second_ifd)[0]):
        entry = second_ifd + 2 + 12 * index
        tag, kind = struct.unpack_from("<HH", data, entry)
        if tag in (spoil or {}):
            struct.pack_into("<H" if kind == 3 else "<I", data, entry + 8, (spoil or {})[tag])
    return bytes(data)


def tiff_with_a_broken_second_page() -> bytes:
    """Two pages; page 2's data lies past the end of the file."""
    return two_page_tiff({STRIP_OFFSETS: 1_000_000})


def write_archive(folder: Path, count: int) -> Path:
    """``count`` certificates, one of them in a sub-folder."""
    (folder / "2024").mkdir(parents=True, exist_ok=True)
    for number in range(count):
        target = folder / ("2024" if number == 0 else ".") / f"cert-{number}.pdf"
        target.write_bytes(certificate_pdf(number))
    return folder


BAD_FILES: dict[str, bytes] = {
    "empty.pdf": b"",
    "truncated.pdf": certificate_pdf(99)[:400],
    "not-an-image.jpg": b"this is plain text, not a JPEG\n" * 4,
}
"""Inputs that must become ``unreadable`` records (name -> bytes)."""
