"""A hostile input corpus, generated here (nothing of it is stored in the repository).

Each builder returns bytes; :func:`build_hostile_folder` lays out a folder with
every case, symbolic links, a named pipe and unreadable entries included, and
returns what each entry is expected to produce. The people are invented.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

MAX_BYTES = 2_000_000
"""The byte limit the hostile run is given (``MSEFLOW_MAX_FILE_BYTES``)."""

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

SECRET_NAME = "Ткаченко Светлана Петровна"
SECRET_BIRTH = "14.02.1979"
SECRET_NUMBER = "2431238"
"""Personal data printed on the corpus certificates: must never reach logs or file names."""


def certificate_lines(number: int = 2431238, name: str = SECRET_NAME) -> list[str]:
    """The printed lines of a certificate (invented person)."""
    return [
        "Бюро № 5 - филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России",
        "СПРАВКА,",
        "подтверждающая факт установления инвалидности",
        f"Серия МСЭ-2015 № {number}",
        f"Фамилия, имя, отчество: {name}",
        f"Дата рождения: {SECRET_BIRTH}",
        "Дата установления инвалидности: 01.06.2025",
        "Группа инвалидности: II (вторая)",
        "Причина инвалидности: общее заболевание",
        "Инвалидность установлена на срок до 01.07.2026",
        "Дата очередного освидетельствования: 15.05.2026",
        "Дата выдачи справки: 05.06.2025",
    ]


def text_pdf(lines: list[str], pagesize: tuple[float, float] = (595.0, 842.0)) -> bytes:
    """A vector PDF with ``lines`` in its text layer."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=pagesize, invariant=1)
    pdf.setFont("DejaVu", 11)
    for i, text in enumerate(lines):
        pdf.drawString(50, pagesize[1] - 60 - i * 20, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def certificate_pdf(number: int = 2431238, name: str = SECRET_NAME) -> bytes:
    """A readable certificate with a text layer (no OCR needed: fast)."""
    return text_pdf(certificate_lines(number, name))


def blank_pdf(pages: int = 1, size: float = 595.0) -> bytes:
    """``pages`` empty pages of ``size`` × ``size`` points (no text layer: they would be rendered)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(size, size), invariant=1)
    for _ in range(pages):
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """A password-protected PDF."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1, encrypt="secret")
    pdf.setFont("DejaVu", 11)
    pdf.drawString(50, 780, "Справка")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_png(lines: list[str]) -> bytes:
    """``lines`` drawn on a 300-DPI A4 page: a scan that goes through OCR."""
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 40)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(lines):
        draw.text((150, 200 + i * 80), text, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def one_pixel_png() -> bytes:
    """A 1×1 white PNG (once crashed OpenCV's rotation detection)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1), 255).save(buffer, format="PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int, idat: bytes = b"") -> bytes:
    """A grayscale 8-bit PNG claiming ``width`` × ``height`` with the given compressed data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def png_bomb(side: int) -> bytes:
    """A real PNG of ``side`` × ``side`` white pixels: tiny on disk, ``side²`` bytes decoded."""
    row = b"\x00" + b"\xff" * side
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(side)]
    parts.append(compressor.flush())
    return png_header(side, side, b"".join(parts))


def pdf_with_huge_image(side: int = 20_000) -> bytes:
    """A one-page PDF (A4) with no text whose image XObject claims ``side`` × ``side`` pixels."""
    pixels = zlib.compress(b"\xff" * 64)
    content = b"q 500 0 0 700 40 60 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (side, side, len(pixels), pixels),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def zip_named_pdf() -> bytes:
    """The leading bytes of a ZIP container (a .docx) under a .pdf name."""
    return b"PK\x03\x04" + b"\x00" * 64 + b"word/document.xml"


@dataclass(frozen=True)
class Expected:
    """What one corpus entry must produce: a doc type and, when unreadable, the issue code."""

    doc_type: str
    code: str | None = None


def build_hostile_folder(root: Path, outside: Path, max_pages: int) -> dict[str, Expected]:
    """Lay out the corpus under ``root`` (and a secret file in ``outside``).

    Returns ``{path relative to root: expected}``. Permission entries are made
    unreadable (mode 000); they deny only a user other than root.
    """
    files: dict[str, tuple[bytes, Expected]] = {
        "good certificate.pdf": (certificate_pdf(), Expected("mse_certificate")),
        "scanned certificate.png": (
            scanned_png(certificate_lines(1212121)),
            Expected("mse_certificate"),
        ),
        "one-pixel.png": (one_pixel_png(), Expected("unreadable", "input_no_text")),
        "zero-byte.pdf": (b"", Expected("unreadable", "input_unreadable")),
        "truncated.pdf": (
            certificate_pdf(1111111)[:700],
            Expected("unreadable", "input_unreadable"),
        ),
        "encrypted.pdf": (encrypted_pdf(), Expected("unreadable", "input_encrypted")),
        "huge-header.png": (
            png_header(200_000, 200_000),
            Expected("unreadable", "input_too_large"),
        ),
        "bomb-1.4x.png": (png_bomb(7_500), Expected("unreadable", "input_too_large")),
        "page-4800pt.pdf": (blank_pdf(1, 4800.0), Expected("unreadable", "input_too_large")),
        "huge-embedded-image.pdf": (
            pdf_with_huge_image(),
            Expected("unreadable", "input_too_large"),
        ),
        "over-the-byte-limit.pdf": (
            certificate_pdf(2020202) + b"%" * MAX_BYTES,
            Expected("unreadable", "input_too_large"),
        ),
        "too-many-pages.pdf": (
            blank_pdf(max_pages + 1, 200.0),
            Expected("unreadable", "input_too_large"),
        ),
        "certificate-renamed.jpg": (certificate_pdf(3333333), Expected("mse_certificate")),
        "word-renamed.pdf": (zip_named_pdf(), Expected("unreadable", "input_unsupported_format")),
        "new\nline.pdf": (certificate_pdf(4444444), Expected("mse_certificate")),
        "bad\nname.tif": (b"II*\x00garbage", Expected("unreadable", "input_unreadable")),
        "locked/inside.pdf": (certificate_pdf(5555555), Expected("unreadable")),  # not reached
        "unreadable.pdf": (
            certificate_pdf(6666666),
            Expected("unreadable", "input_permission_denied"),
        ),
        "sub/nested.pdf": (certificate_pdf(7777777), Expected("mse_certificate")),
    }
    expected: dict[str, Expected] = {}
    for name, (data, want) in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if not name.startswith("locked/"):
            expected[name] = want
    (outside / "secret.pdf").write_bytes(certificate_pdf(9999999, "Посторонний Пётр Ильич"))
    (root / "link-out.pdf").symlink_to(outside / "secret.pdf")
    expected["link-out.pdf"] = Expected("unreadable", "input_outside_root")
    (root / "sub" / "loop").symlink_to(root)
    expected["sub/loop"] = Expected("unreadable", "input_loop")
    (root / "cycle-a").symlink_to(root / "cycle-b")
    (root / "cycle-b").symlink_to(root / "cycle-a")
    expected["cycle-a"] = Expected("unreadable", "input_loop")
    expected["cycle-b"] = Expected("unreadable", "input_loop")
    (root / "link-in.pdf").symlink_to(root / "sub" / "nested.pdf")  # inside: same file, once
    (root / "broken-link.pdf").symlink_to(root / "no-such-file.pdf")
    expected["broken-link.pdf"] = Expected("unreadable", "input_unreadable")
    os.mkfifo(root / "pipe.pdf")
    expected["pipe.pdf"] = Expected("unreadable", "input_not_regular")
    (root / "locked").chmod(0o000)
    expected["locked"] = Expected("unreadable", "input_permission_denied")
    (root / "unreadable.pdf").chmod(0o000)
    return expected
