"""The OCR resolution chooser: clean pages are read with fewer pixels, others at 300 DPI."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from mseflow.fixtures.generate import generate
from mseflow.reading.files import page_image, plan_pages
from mseflow.reading.ocr import fit_resolution, ocr_page_image
from mseflow.reading.preprocess import to_gray
from mseflow.reading.resolution import CLEAN_SCALE, look_at, ocr_scale
from mseflow.settings import ReadingSettings

from .drawing import draw_page

SETTINGS = ReadingSettings()


def _gray(image: object) -> np.ndarray:
    return np.asarray(image, dtype=np.uint8)


def a4_page() -> Image.Image:
    """An A4 page at 300 DPI (2480 × 3508) with the drawing's lines and boxes twice."""
    half = _gray(draw_page(2480, 1754))
    return Image.fromarray(np.vstack([half, half]))


def test_a_clean_page_is_read_at_about_200_dpi_and_reads_the_same() -> None:
    page = a4_page()
    assert ocr_scale(_gray(page)) == pytest.approx(CLEAN_SCALE)
    read = ocr_page_image(page, 1, SETTINGS)
    assert read.width == pytest.approx(page.width * CLEAN_SCALE, abs=1)
    assert "2431238" in read.text and "01.06.2027" in read.text and "15.05.2027" in read.text
    assert [box.checked for box in read.checkboxes] == [True, False, True, False]


def _blurred(gray: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(gray, (0, 0), 1.5)


def _unevenly_lit(gray: np.ndarray) -> np.ndarray:
    light = np.linspace(0.55, 1.0, gray.shape[1])[None, :]
    return (gray.astype(np.float64) * light).astype(np.uint8)


def _specked(gray: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(3)
    out = gray.copy()
    ys = rng.integers(0, gray.shape[0], 40_000)
    xs = rng.integers(0, gray.shape[1], 40_000)
    out[ys, xs] = 0
    return out


def _small_print(gray: np.ndarray) -> np.ndarray:
    """The same page printed smaller: letters of ~12 px, which cannot lose a third."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    out = np.full_like(gray, 255)
    out[: small.shape[0], : small.shape[1]] = small
    return out


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (_blurred, "edge_share"),
        (_unevenly_lit, "paper_spread"),
        (_specked, "specks_per_glyph"),
        (_small_print, "xheight_px"),
    ],
)
def test_a_spoilt_page_keeps_every_pixel(spoil: object, why: str) -> None:
    clean = _gray(a4_page())
    spoilt = spoil(clean)  # type: ignore[operator]
    assert ocr_scale(spoilt) == 1.0
    before, after = look_at(clean), look_at(spoilt)
    assert before.clean
    if why == "xheight_px":
        assert after.xheight_px < before.xheight_px * 0.6
    elif why in ("edge_share", "paper_spread"):
        assert getattr(after, why) > getattr(before, why) + 0.1
    else:
        assert not after.clean and after.specks_per_glyph > before.specks_per_glyph


@pytest.mark.slow
def test_of_generated_pages_only_undegraded_ones_are_read_smaller(tmp_path: Path) -> None:
    decided: dict[str, list[float]] = {}
    for level in ("none", "mild", "heavy"):
        folder = tmp_path / level
        generate(3, 17, folder, kinds=["png", "tiff"], degradations=[level])
        for path in sorted(folder.glob("doc-*")):
            data = path.read_bytes()
            plan = plan_pages(data, SETTINGS)
            for index in range(plan.count):
                image = page_image(data, plan, index, SETTINGS)
                gray = fit_resolution(to_gray(np.asarray(image.convert("L"))))
                decided.setdefault(level, []).append(ocr_scale(gray))
    smaller = [s for s in decided["none"] if s < 1.0]
    assert len(smaller) >= len(decided["none"]) / 2  # a page with wide bold tables stays
    assert all(s == pytest.approx(CLEAN_SCALE) for s in smaller)
    assert decided["mild"] and all(s == 1.0 for s in decided["mild"])
    assert decided["heavy"] and all(s == 1.0 for s in decided["heavy"])


def test_a_blank_or_tiny_image_is_left_alone() -> None:
    assert ocr_scale(np.full((400, 300), 255, np.uint8)) == 1.0
    assert ocr_scale(np.zeros((20, 20), np.uint8)) == 1.0
