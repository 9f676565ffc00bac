"""Scanned output kinds: image-only PDFs, PNG/JPEG at the stated DPI, multi-page TIFF."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from mseflow.errors import ConfigError
from mseflow.fixtures import DEFAULT_REFERENCE_DATE, generate
from mseflow.fixtures.generate import FileSpec, produce_file


def test_scan_pdf_has_no_text_layer_and_one_page_per_document_page(tmp_path: Path) -> None:
    entries = produce_file(
        FileSpec(0, "pair", "scan_pdf", "heavy"), 4, tmp_path, DEFAULT_REFERENCE_DATE
    )
    assert [e["pages"] for e in entries] == [[1], [2, 3]] or [e["pages"][0] for e in entries] == [
        1,
        2,
    ]
    assert entries[0]["dpi"] is not None and 150 <= entries[0]["dpi"] <= 200
    with pdfplumber.open(tmp_path / entries[0]["file"]) as pdf:
        assert len(pdf.pages) == entries[-1]["pages"][-1]
        assert all(not (page.extract_text() or "").strip() for page in pdf.pages)
        assert all(page.images for page in pdf.pages)


def test_tiff_holds_every_page(tmp_path: Path) -> None:
    entries = produce_file(FileSpec(0, "ipra", "tiff", "mild"), 2, tmp_path, DEFAULT_REFERENCE_DATE)
    with Image.open(tmp_path / entries[0]["file"]) as image:
        assert image.n_frames == len(entries[0]["pages"]) >= 2
        assert image.mode == "L"


@pytest.mark.parametrize("kind", ["png", "jpeg"])
def test_single_page_images_at_stated_dpi(tmp_path: Path, kind: str) -> None:
    entries = generate(2, 9, tmp_path, kinds=[kind], degradations=["none"])
    assert {e["record"]["doc_type"] for e in entries} <= {"mse_certificate", "other"}
    for entry in entries:
        with Image.open(tmp_path / entry["file"]) as image:
            assert entry["dpi"] == 300
            assert abs(image.width - 2480) <= 2 and abs(image.height - 3508) <= 2


def test_unknown_kind_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="bmp"):
        generate(1, 0, tmp_path, kinds=["bmp"])
