"""Round 15: a colour scan's blue-to-violet stamp is taken out of the grey page (real Tesseract).

Read in plain grey, a round violet stamp pressed over the group line is as dark as the print:
Tesseract read its ring into the values under it or dropped the lines (family 13
«stamp_over_group»: whole value columns lost). Hand-made pages: black type, a ring stamp
over two of its lines, a blue ballpoint value that must stay; one row per stamp ink and way
of inking, as a PNG and as an image PDF.
"""

from __future__ import annotations

import io
import math

import img2pdf
import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from mseflow.reading import read_bytes
from mseflow.reading.colour import find_stamps, grey_page
from mseflow.reading.files import colour_scan, to_grey8
from mseflow.settings import ReadingSettings

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 200
A4 = (1654, 2339)
LINES = [
    "Дата установления инвалидности: 19.01.2026",
    "Группа инвалидности: вторая",
    "Причина инвалидности: общее заболевание",
    "Номер справки: 2007506",
]
BLUE_VALUE = "Выдана Шестакову Ефиму"
"""A value written in blue ballpoint ink, away from the stamp: it must be read."""
BALLPOINT = (28, 48, 150)
VIOLET = (108, 52, 160)
BLUE_VIOLET = (62, 58, 168)


def typed_page(blue: bool = True) -> Image.Image:
    """An A4 page at 200 DPI: four lines of black type, one blue handwritten-like value."""
    page = Image.new("RGB", A4, (250, 249, 246))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(LINES):
        draw.text((150, 500 + 90 * i), line, font=font, fill=(12, 12, 12))
    if blue:
        draw.text((150, 300), BLUE_VALUE, font=font, fill=BALLPOINT)
    return page


def stamp(colour: tuple[int, int, int], size: int = 300) -> Image.Image:
    """A round bureau stamp (two rings, letters round the edge, a bureau number) on a
    transparent square: ``size`` pixels is 38 mm at 200 DPI."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (*colour, 255)
    c, r = size // 2, size // 2 - 4
    draw.ellipse((c - r, c - r, c + r, c + r), outline=ink, width=4)
    draw.ellipse((c - 0.7 * r, c - 0.7 * r, c + 0.7 * r, c + 0.7 * r), outline=ink, width=4)
    font = ImageFont.truetype(FONT, 24)
    words = "* МЕДИКО-СОЦИАЛЬНАЯ ЭКСПЕРТИЗА * ДЛЯ СПРАВОК "
    for i, ch in enumerate(words):
        a = 2 * math.pi * i / len(words) - math.pi / 2
        x, y = c + 0.85 * r * math.cos(a), c + 0.85 * r * math.sin(a)
        draw.text((x, y), ch, font=font, fill=ink, anchor="mm")
    draw.text((c, c), "БЮРО № 39", font=font, fill=ink, anchor="mm")
    return image


def stamped(colour: tuple[int, int, int], inking: str) -> Image.Image:
    """``typed_page`` with a stamp over its first two lines' values: laid on as a layer
    (``over``: 80 % opaque ink, as family 13 draws it) or printed into the paper
    (``multiply``: the ink absorbs, print under it stays black)."""
    page = typed_page()
    mark = stamp(colour)
    at = (640, 420)
    if inking == "over":
        alpha = mark.getchannel("A").point(lambda v: v * 205 // 255)
        mark.putalpha(alpha)
        layer = Image.new("RGBA", page.size, (0, 0, 0, 0))
        layer.alpha_composite(mark, at)
        return Image.alpha_composite(page.convert("RGBA"), layer).convert("RGB")
    tint = Image.new("RGB", page.size, (255, 255, 255))
    tint.paste(mark.convert("RGB"), at, mark.getchannel("A"))
    return ImageChops.multiply(page, tint)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def image_pdf(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    layout = img2pdf.get_fixed_dpi_layout_fun((DPI, DPI))
    return img2pdf.convert([buffer.getvalue()], layout_fun=layout, nodate=True)


def read_lines(data: bytes) -> list[str]:
    pages = read_bytes(data, ReadingSettings())
    return [line.text for page in pages for line in page.lines]


@pytest.mark.parametrize("colour", [VIOLET, BLUE_VIOLET], ids=["violet", "blue_violet"])
@pytest.mark.parametrize("inking", ["over", "multiply"])
@pytest.mark.parametrize("container", ["png", "pdf"])
def test_the_stamp_goes_and_the_lines_under_it_read(
    colour: tuple[int, int, int], inking: str, container: str
) -> None:
    image = stamped(colour, inking)
    data = png(image) if container == "png" else image_pdf(image)
    lines = read_lines(data)
    for line in LINES[:3]:
        assert line in lines
    assert BLUE_VALUE in lines


def test_the_stamp_is_found_and_only_the_stamp() -> None:
    pixels = np.asarray(stamped(VIOLET, "over"))
    [box] = find_stamps(pixels)
    assert 600 <= box.x0 <= 650 and 930 <= box.x1 <= 990  # the 300-pixel stamp, padded
    assert find_stamps(np.asarray(typed_page())) == []  # the blue value is no stamp


def test_stamp_ink_becomes_paper_and_print_under_it_stays_dark() -> None:
    image = stamped(VIOLET, "over")
    grey = np.asarray(grey_page(image))
    plain = np.asarray(image.convert("L"))
    ring = plain[420:720, 640:940] < 150
    under = np.asarray(typed_page().convert("L"))[420:720, 640:940] < 100
    only_ring = ring & ~under
    assert only_ring.sum() > 1000
    assert np.median(grey[420:720, 640:940][only_ring]) >= 230  # the ring: paper
    assert np.median(grey[420:720, 640:940][ring & under]) <= 110  # print under it: ink


@pytest.mark.parametrize(
    "image",
    [
        typed_page(),  # a colour page with blue ink and no stamp
        typed_page(blue=False),
        Image.new("RGB", A4, (236, 222, 184)),  # yellowed paper
    ],
    ids=["blue_ink", "black_only", "yellowed"],
)
def test_a_colour_page_without_a_stamp_reduces_as_before(image: Image.Image) -> None:
    assert grey_page(image).tobytes() == image.convert("L").tobytes()
    assert to_grey8(image).tobytes() == image.convert("L").tobytes()


def test_a_grey_scan_pdf_is_rendered_in_grey() -> None:
    import pdfplumber

    grey_pdf = image_pdf(typed_page().convert("L"))
    with pdfplumber.open(io.BytesIO(grey_pdf)) as pdf:
        assert not colour_scan(pdf.pages[0])
    with pdfplumber.open(io.BytesIO(image_pdf(typed_page()))) as pdf:
        assert colour_scan(pdf.pages[0])


def carbon_copy() -> Image.Image:
    """A page printed all in blue-violet (a carbon copy): a ruled table of lines 20 mm high
    and more, no black print."""
    page = Image.new("RGB", A4, (236, 238, 250))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40)
    draw.rectangle((120, 460, 1500, 900), outline=(52, 48, 170), width=4)
    for i, line in enumerate(LINES):
        draw.text((150, 500 + 90 * i), line, font=font, fill=(52, 48, 170))
    return page


def test_a_page_printed_in_blue_has_no_stamp_and_reads() -> None:
    image = carbon_copy()
    assert find_stamps(np.asarray(image)) == []
    assert grey_page(image).tobytes() == image.convert("L").tobytes()
    lines = read_lines(png(image))
    for line in LINES:
        assert line in lines


def test_a_pen_circle_inside_a_stamp_stays() -> None:
    page = stamped(VIOLET, "over")
    ImageDraw.Draw(page).ellipse((700, 575, 780, 645), outline=BALLPOINT, width=3)
    grey = np.asarray(grey_page(page))
    ring = np.asarray(page.convert("L"))[575:646, 700:781] < 110
    assert ring.sum() > 300
    assert np.median(grey[575:646, 700:781][ring]) <= 110  # the circle is still ink
