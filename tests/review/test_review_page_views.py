"""The record page's image of an OCR page is the image OCR read: same size, so the
evidence boxes (pixels of that image) land on the words they came from."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mseflow.reading.files import pdf_source_dpi
from mseflow.reading.ocr import ocr_page_image
from mseflow.review.pages import render_view
from mseflow.settings import ReadingSettings

from ..extractors.pages import render_tiff

LINES = [
    "СПРАВКА",
    "подтверждающая факт установления инвалидности",
    "Серия МСЭ-2023 № 1234567",
    "Группа инвалидности: вторая",
]


def _scan_pdf(dpi: int) -> bytes:
    """The page drawn at 300 DPI, resampled to ``dpi`` and put into an image-only PDF."""
    page = Image.open(io.BytesIO(render_tiff(LINES)))
    page = page.resize((round(page.width * dpi / 300), round(page.height * dpi / 300)))
    out = io.BytesIO()
    page.convert("L").save(out, format="PDF", resolution=dpi)
    return out.getvalue()


@pytest.mark.parametrize("dpi", [300, 200])
def test_scanned_pdf_view_has_the_size_ocr_read(dpi: int) -> None:
    settings = ReadingSettings()
    data = _scan_pdf(dpi)
    assert pdf_source_dpi(data, 0, settings.dpi) == pytest.approx(dpi, abs=2)
    view = render_view(data, 0, None, settings)
    assert view.unit == "px"
    from mseflow.reading.files import page_image, plan_pages

    image = page_image(data, plan_pages(data, settings), 0, settings)
    page = ocr_page_image(image, 1, settings, source_dpi=pdf_source_dpi(data, 0, settings.dpi))
    assert (view.width, view.height) == (page.width, page.height)
    shown = Image.open(io.BytesIO(view.png))
    assert shown.width <= 1400 and shown.height > shown.width


def test_image_file_view_has_the_size_ocr_read() -> None:
    settings = ReadingSettings()
    data = render_tiff(LINES)
    view = render_view(data, 0, None, settings)
    page = ocr_page_image(Image.open(io.BytesIO(data)), 1, settings)
    assert view.unit == "px" and (view.width, view.height) == (page.width, page.height)
