"""Fine-mode faxes stored at 204 × 98 DPI: pixels the file declares non-square are made square
before the page is read (mseflow.reading.resolution.pixel_aspect, mseflow.reading.bilevel).

A family-2 certificate is rendered at 204 DPI and sent through family 12's fine-mode fax
damage (every other row dropped, line noise, transmission streaks, G3 TIFF tagged 204 × 98
DPI). Read squashed, a serif page's broken letters measured as upright ones and the page was
taken for a landscape sheet; read with square pixels, its values come back. Real Tesseract;
the assertions are on the values read.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import numpy as np
import pytest
from PIL import Image

from mseflow.fixtures import family2
from mseflow.fixtures.family2 import damage as family2_damage
from mseflow.fixtures.family12 import damage as family12_damage
from mseflow.reading import read_bytes
from mseflow.reading.bilevel import clean_bilevel, square_pixels
from mseflow.reading.cleanup import clean_page
from mseflow.reading.resolution import pixel_aspect
from mseflow.settings import ReadingSettings

SETTINGS = ReadingSettings()


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip()


def tagged(dpi: object) -> Image.Image:
    image = Image.new("L", (40, 20), 255)
    image.info["dpi"] = dpi
    return image


@pytest.mark.parametrize(
    ("dpi", "aspect"),
    [
        ((204.0, 98.0), 204 / 98),  # fine-mode fax (TIFF Class F)
        ((200, 100), 2.0),
        ((98.0, 204.0), 98 / 204),  # taller than wide
        ((204.0, 196.0), 1.0),  # superfine: square enough
        ((300, 300), 1.0),
        ((0, 98), 1.0),  # broken tags
        ((300, 72), 1.0),  # past MAX_PIXEL_ASPECT: metadata, not pixels
        ("300", 1.0),
        (None, 1.0),
    ],
)
def test_pixel_aspect_is_the_declared_shape_of_a_pixel(dpi: object, aspect: float) -> None:
    image = tagged(dpi) if dpi is not None else Image.new("L", (40, 20))
    assert pixel_aspect(image) == pytest.approx(aspect)


def test_square_pixels_repeats_rows_or_columns() -> None:
    page = np.zeros((98, 204), np.uint8)
    assert square_pixels(page, 204 / 98).shape == (204, 204)
    assert square_pixels(page, 0.5).shape == (98, 408)


def test_a_declared_aspect_stretches_a_bilevel_page_its_letters_do_not_show() -> None:
    page = np.full((400, 600), 255, np.uint8)
    for x in range(20, 580, 8):  # stems standing tall: no squashed letters to measure
        page[100:130, x : x + 2] = 0
    out, _ = clean_bilevel(page, 150.0, "pure")
    assert out.shape == page.shape
    out, _ = clean_bilevel(page, 150.0, "pure", 2.0)
    assert out.shape == (800, 600)
    grey = np.random.default_rng(3).integers(120, 256, (400, 600), dtype=np.uint8)
    cleaned = clean_page(grey, 2.0)  # a grey page of non-square pixels is squared too
    assert cleaned.image.shape == (800, 600)
    assert "square_pixels:2.00" in cleaned.steps


@pytest.fixture(scope="module")
def fax(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, Any]]:
    """A family-2 certificate as a fine-mode fax (G3 TIFF, 204 × 98 DPI), and its truth."""
    out = tmp_path_factory.mktemp("fax14") / "doc"
    family2.generate(1, 3, out, kinds=["text_layer"])
    rows = [json.loads(line) for line in (out / "truth.jsonl").read_text().splitlines()]
    row = next(r for r in rows if "file" in r)
    [page] = family2_damage.render((out / row["file"]).read_bytes(), 204)[:1]
    bits = family12_damage.fax(page, np.random.default_rng(14))
    return family12_damage.write("fax_204x98", [bits], [204]), row["record"]


def test_a_fine_mode_fax_is_read_upright_with_its_values(fax) -> None:
    data, record = fax
    frame = Image.open(io.BytesIO(data))
    assert frame.height * 2 < frame.width * 1.6  # stored squashed: it looks landscape
    [read] = read_bytes(data, SETTINGS)
    assert read.rotation == 0 and read.height > read.width  # an upright portrait page
    assert read.confidence >= 0.7
    text = normalised(read.text)
    for value in (record["document_series"], record["document_number"], record["full_name"]):
        assert normalised(value) in text, value
