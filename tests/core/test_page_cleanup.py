"""Page clean-up before OCR (mseflow.reading.cleanup): each step's measurable effect on
pages made by the project's generator (family 2's damage: fax, photo, scans), with real
Tesseract."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

import mseflow.reading.ocr as reading_ocr
from mseflow.fixtures import family2
from mseflow.fixtures.family2 import damage
from mseflow.reading import read_bytes
from mseflow.reading.bilevel import bilevel_kind, despeckle
from mseflow.reading.cleanup import Cleaned, clean_page
from mseflow.reading.files import render_pdf_page
from mseflow.reading.photo_page import find_page_quad, rectify_page
from mseflow.reading.preprocess import line_direction_ratio, measure_skew
from mseflow.settings import ReadingSettings

from .drawing import draw_page

SETTINGS = ReadingSettings()
SEED = 1  # family 2, one certificate: name, series, number on one page
PUNCTUATION_JUNK = re.compile(r"[.,‚'`‘’°_\-—|:;»«о]+")


def generated(root: Path, kind: str, seed: int = SEED) -> tuple[Path, dict[str, Any]]:
    """One family-2 document of ``kind``: its file and its truth record."""
    out = root / f"{kind}-{seed}"
    family2.generate(1, seed, out, kinds=[kind])
    rows = [json.loads(line) for line in (out / "truth.jsonl").read_text().splitlines()]
    row = next(r for r in rows if "file" in r)
    return out / row["file"], row["record"]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("cleanup")
    kinds = ("fax_tiff", "photo", "scan_300", "scan_200", "scan_150", "jpeg_q35", "text_layer")
    return {kind: generated(root, kind) for kind in kinds}


def first_page(path: Path) -> np.ndarray:
    """The first page of an image file or a scanned PDF as the reading stage sees it (gray)."""
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        return np.asarray(render_pdf_page(data, 0, SETTINGS.dpi))
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("L"))


def values(record: dict[str, Any]) -> list[str]:
    return [record[k] for k in ("full_name", "document_series", "document_number") if record[k]]


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е"))


def read_text(path: Path) -> str:
    return "\n".join(page.text for page in read_bytes(path.read_bytes(), SETTINGS))


def read_text_without_cleanup(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same file read with the clean-up steps switched off (the comparison baseline):
    the page clean-up and the despeckle of the OCR stage."""
    with monkeypatch.context() as patch:
        patch.setattr(reading_ocr, "clean_page", lambda gray, aspect=1.0: Cleaned(gray))
        patch.setattr(reading_ocr, "despeckle_gray", lambda gray: (gray, 0))
        return read_text(path)


def test_fax_page_is_despeckled_and_reads_every_value(docs, monkeypatch) -> None:
    path, record = docs["fax_tiff"]
    gray = first_page(path)
    cleaned = clean_page(gray)
    assert bilevel_kind(gray) == "pure"
    assert cleaned.steps[0].startswith("bilevel:pure:")
    assert int(cleaned.steps[0].rsplit(":", 1)[1]) > 1000  # the line noise, dot by dot
    clean_text, raw_text = read_text(path), read_text_without_cleanup(path, monkeypatch)
    for value in values(record):
        assert normalised(value) in normalised(clean_text), value
    junk = sum(bool(PUNCTUATION_JUNK.fullmatch(w)) for w in clean_text.split())
    raw_junk = sum(bool(PUNCTUATION_JUNK.fullmatch(w)) for w in raw_text.split())
    assert raw_junk >= 10 and junk * 4 <= raw_junk  # speckle read as «.», «,», «о» is gone


def test_photo_sheet_is_found_rectified_and_read(docs) -> None:
    path, record = docs["photo"]
    gray = first_page(path)
    quad = find_page_quad(gray)
    assert quad is not None and 0.4 < quad.share < 0.9
    cleaned = clean_page(gray)
    assert cleaned.steps[0].startswith("rectified:")
    height, width = cleaned.image.shape
    assert abs(height / width - 2**0.5) < 0.01  # an A4 sheet again
    text = normalised(read_text(path))
    for value in values(record):
        assert normalised(value) in text, value


def _desk_photo(page: np.ndarray, corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``page`` warped onto ``corners`` of a dark, unevenly lit desk of ``size`` (w, h)."""
    h, w = page.shape
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    warped = cv2.warpPerspective(page, matrix, size, borderValue=0)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, size) > 127
    gy, gx = np.mgrid[0 : size[1], 0 : size[0]].astype(np.float32)
    desk = 60 + 40 * gx / size[0]
    light = 1.0 - 0.3 * gy / size[1]
    scene = np.where(mask, warped.astype(np.float32), desk) * light
    return scene.clip(0, 255).astype(np.uint8)


@pytest.mark.parametrize(
    "corners",
    [
        [[260, 180], [1480, 250], [1420, 1900], [200, 1800]],  # perspective, turned ~3°
        [[150, 120], [1380, 120], [1380, 1860], [150, 1860]],  # square on
        [[330, 140], [1500, 200], [1330, 1920], [160, 1830]],  # strong keystone
    ],
)
def test_perspective_page_is_rectified_to_its_true_corners(docs, corners) -> None:
    path, _ = docs["text_layer"]
    [page] = damage.render(path.read_bytes(), 150)[:1]
    want = np.float32(corners)
    photo = _desk_photo(page, want, (1650, 2050))
    quad = find_page_quad(photo)
    assert quad is not None
    error = np.linalg.norm(quad.corners - want, axis=1)
    assert error.max() < 10.0, error  # px, on a 1650 × 2050 photo
    flat = rectify_page(photo, quad)
    assert abs(measure_skew(flat)) <= 0.3  # the text lines are level again


@pytest.mark.parametrize("kind", ["scan_300", "scan_200", "scan_150", "jpeg_q35"])
def test_clean_scans_are_left_alone(docs, kind: str) -> None:
    gray = first_page(docs[kind][0])
    cleaned = clean_page(gray)
    assert cleaned.steps == []
    assert cleaned.image is gray


def test_a_drawn_white_page_is_left_alone() -> None:
    """Antialiased black-on-white drawing looks like a resampled fax: no dot goes, nothing moves."""
    gray = np.asarray(draw_page())
    cleaned = clean_page(gray)
    assert cleaned.steps in ([], ["bilevel:resampled:0"])
    assert np.array_equal(cleaned.image, gray)
    jpeg = io.BytesIO()
    draw_page().save(jpeg, format="JPEG", quality=35)
    compressed = np.asarray(Image.open(jpeg).convert("L"))
    assert bilevel_kind(compressed) != "pure"  # never smoothed as a fax
    changed = np.count_nonzero(clean_page(compressed).image != compressed)
    assert changed <= 0.0001 * compressed.size  # at most a stray dark pixel of the JPEG goes


def test_fax_rendered_from_a_pdf_counts_as_resampled_bilevel(docs) -> None:
    gray = first_page(docs["fax_tiff"][0])
    pdf = io.BytesIO()
    Image.fromarray(gray).convert("1").save(pdf, format="PDF", resolution=200)
    rendered = np.asarray(render_pdf_page(pdf.getvalue(), 0, 300))
    assert bilevel_kind(rendered) == "resampled"
    assert clean_page(rendered).steps[0].startswith("bilevel:resampled:")


def test_despeckle_removes_dots_but_keeps_full_stops() -> None:
    page = np.full((200, 200), 255, np.uint8)
    page[10, 10] = page[50, 50] = page[50, 51] = 0  # line noise: a 1-px and a 2-px dot
    page[100:103, 100:103] = 0  # a full stop of 8-pt type at 200 DPI
    page[150:180, 20:24] = 0  # a stroke
    out, removed = despeckle(page, max_area=2)
    assert removed == 2
    assert out[10, 10] == out[50, 50] == out[50, 51] == 255
    assert (out[100:103, 100:103] == 0).all() and (out[150:180, 20:24] == 0).all()


@pytest.mark.parametrize("turn", [Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270])
def test_sideways_photo_is_turned_and_read(docs, turn: Image.Transpose) -> None:
    """A quarter turn puts the lines across; the OCR stage's upside-down check does the rest."""
    path, record = docs["photo"]
    with Image.open(path) as image:
        sideways = image.convert("RGB").transpose(turn)
    gray = np.asarray(sideways.convert("L"))
    cleaned = clean_page(gray)
    assert cleaned.steps[-1] == "quarter_turn"
    assert line_direction_ratio(cleaned.image) > 1.0
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", quality=85)
    text = normalised("\n".join(p.text for p in read_bytes(buffer.getvalue(), SETTINGS)))
    assert normalised(record["document_number"]) in text
    assert normalised(record["document_series"]) in text
