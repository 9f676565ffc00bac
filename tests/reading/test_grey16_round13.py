"""Round 13: a 16-bit grey PNG or TIFF is scaled to 8 bits, not clipped (real Tesseract).

Pillow's ``convert("L")`` clips 16-bit grey values over 255 to white: a 16-bit scan (family
11 «grey16_png») kept only its darkest pixels and read as nonsense. One row per container.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading import read_bytes
from mseflow.reading.files import page_image, plan_pages, to_grey8
from mseflow.settings import ReadingSettings

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
TEXT = "Серия МСЭ-2026 № 3626116"


def grey16_page(ink: int = 9000) -> np.ndarray:
    """An A4 page at 150 DPI in 16-bit grey: one line of dark grey (``ink``) type, as a
    scanner writes it (paper near 65535, ink well over 255)."""
    image = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(image).text((120, 200), TEXT, font=ImageFont.truetype(FONT, 44), fill=0)
    level = np.asarray(image).astype(np.float64) / 255
    return np.rint(ink + level * (65278 - ink)).astype(np.uint16)


def encoded(values: np.ndarray, fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(values).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_a_16_bit_grey_scan_is_scaled_and_reads(fmt: str) -> None:
    data = encoded(grey16_page(), fmt)
    settings = ReadingSettings()
    grey = np.asarray(page_image(data, plan_pages(data, settings), 0, settings))
    assert grey.dtype == np.uint8
    assert 30 <= int(grey.min()) <= 40  # 9000 / 257, not clipped to white
    [page] = read_bytes(data, settings)
    assert TEXT in [line.text for line in page.lines]


def test_8_bit_values_in_an_integer_image_stay() -> None:
    image = Image.fromarray(np.array([[0, 128, 255]], dtype=np.int32), mode="I")
    assert np.asarray(to_grey8(image)).tolist() == [[0, 128, 255]]


def test_an_8_bit_image_converts_as_before() -> None:
    image = Image.new("RGB", (2, 1), (255, 0, 0))
    assert to_grey8(image).tobytes() == image.convert("L").tobytes()
