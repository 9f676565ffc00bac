"""Which resolution a scanned page is read at (issue 13, round 7).

A page whose own pixels are 300 DPI or finer is read at about 200 DPI; a page scanned
coarser (150–200 DPI) keeps the upscaling to 300 DPI. For a scanned PDF the source's
resolution is that of the image covering the page, not the rendering's. Pages come from
the project's generator (family 6: a 300-, a 200- and a 150-DPI scan); the OCR test
reads with real Tesseract.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pdfplumber
import pytest
from PIL import Image

from mseflow.fixtures import family6
from mseflow.reading.files import page_image, plan_pages, source_dpi
from mseflow.reading.ocr import fit_resolution, ocr_page_image
from mseflow.reading.page import PageText
from mseflow.reading.preprocess import to_gray
from mseflow.reading.resolution import (
    CLEAN_SCALE,
    FINE_SOURCE_DPI,
    MIN_XHEIGHT_PX,
    choose_scale,
    letter_height,
    source_scale,
)
from mseflow.settings import ReadingSettings

SETTINGS = ReadingSettings()
KINDS = ["scan_300", "scan_200", "scan_150"]


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One generated scanned PDF per kind, by kind."""
    out = tmp_path_factory.mktemp("speed7")
    family6.generate(len(KINDS), 5, out, kinds=KINDS)
    rows = [json.loads(line) for line in (out / "truth.jsonl").read_text().splitlines()]
    files = {row["kind"]: out / row["file"] for row in rows if "kind" in row}
    return {kind: files[kind].read_bytes() for kind in KINDS}


def _gray(data: bytes) -> np.ndarray:
    plan = plan_pages(data, SETTINGS)
    return fit_resolution(to_gray(np.asarray(page_image(data, plan, 0, SETTINGS).convert("L"))))


@pytest.mark.parametrize(("kind", "dpi"), [("scan_300", 300), ("scan_200", 200), ("scan_150", 150)])
def test_the_source_resolution_of_a_scanned_pdf_is_its_embedded_image(
    scans: dict[str, bytes], kind: str, dpi: int
) -> None:
    with pdfplumber.open(io.BytesIO(scans[kind])) as pdf:
        assert source_dpi(pdf.pages[0], SETTINGS.dpi) == pytest.approx(dpi, abs=3)
        assert source_dpi(pdf.pages[0], 200) <= 200  # never finer than the rendering


@pytest.mark.parametrize(
    ("kind", "smaller"), [("scan_300", True), ("scan_200", False), ("scan_150", False)]
)
def test_only_pages_scanned_at_300_dpi_are_read_smaller(
    scans: dict[str, bytes], kind: str, smaller: bool
) -> None:
    data = scans[kind]
    gray = _gray(data)  # every kind is rendered at 300 DPI: the pixels look alike
    assert max(gray.shape) == pytest.approx(3508, abs=4)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        scale = choose_scale(gray, source_dpi(pdf.pages[0], SETTINGS.dpi))
    if smaller:
        assert scale == pytest.approx(CLEAN_SCALE)
        assert letter_height(gray) * scale >= MIN_XHEIGHT_PX
    else:
        assert scale == 1.0


def test_small_print_is_not_scaled_below_the_letter_height_floor(
    scans: dict[str, bytes],
) -> None:
    gray = _gray(scans["scan_300"])
    small = np.asarray(Image.fromarray(gray).reduce(2))
    half = np.tile(small, (2, 2))  # the page printed half as large, four times over
    xheight = letter_height(half)
    assert 0 < xheight < MIN_XHEIGHT_PX / CLEAN_SCALE
    scale = source_scale(half, 300.0)
    assert scale == 1.0 or xheight * scale >= MIN_XHEIGHT_PX - 0.01
    assert source_scale(gray, FINE_SOURCE_DPI - 1) == 1.0
    assert source_scale(np.full((3508, 2480), 255, np.uint8), 300.0) == 1.0  # nothing to judge


@pytest.mark.slow
def test_a_300_dpi_scan_is_read_at_200_dpi_and_a_200_dpi_scan_at_300(
    scans: dict[str, bytes],
) -> None:
    widths = {}
    for kind in ("scan_300", "scan_200"):
        data = scans[kind]
        plan = plan_pages(data, SETTINGS)
        image = page_image(data, plan, 0, SETTINGS)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            dpi = source_dpi(pdf.pages[0], SETTINGS.dpi)
        page = ocr_page_image(image, 1, SETTINGS, dpi)
        assert len(page.lines) >= 8  # the page was read
        widths[kind] = page.width
    assert widths["scan_300"] == pytest.approx(2480 * CLEAN_SCALE, abs=8)
    assert widths["scan_200"] == pytest.approx(2480, abs=8)


def test_an_image_file_is_judged_by_its_own_pixels() -> None:
    page_300 = np.full((3508, 2480), 255, np.uint8)
    for row in range(900, 2600, 60):  # lines of letter-sized blocks, 25 px high
        for col in range(200, 2200, 40):
            page_300[row : row + 25, col : col + 18] = 0
    assert choose_scale(page_300, 300.0) == pytest.approx(CLEAN_SCALE)
    assert choose_scale(page_300, 200.0) == pytest.approx(CLEAN_SCALE)  # clean: any source
    speckled = page_300.copy()
    rng = np.random.default_rng(5)
    speckled[rng.integers(0, 3508, 60_000), rng.integers(0, 2480, 60_000)] = 0
    assert choose_scale(speckled, 200.0) == 1.0  # not clean, coarse source: every pixel
    assert choose_scale(speckled, 300.0) == pytest.approx(CLEAN_SCALE)


def test_the_pipeline_passes_the_embedded_resolution(
    scans: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mseflow.reading import files

    seen: list[float | None] = []
    original = files.ocr_page_image

    def recording(
        image: Image.Image, number: int, settings: ReadingSettings, dpi: float | None = None
    ) -> PageText:
        seen.append(dpi)
        return original(image, number, settings, dpi)  # the real reading

    monkeypatch.setattr(files, "ocr_page_image", recording)
    data = scans["scan_150"]
    [page] = files.read_pages(data, plan_pages(data, SETTINGS), SETTINGS, [0])
    assert seen and seen[0] == pytest.approx(150, abs=3)
    assert page.width == pytest.approx(2480, abs=8)  # brought up to 300 DPI, not read smaller
