"""Family 2: every output kind is written in its format and opens in mseflow's reading stage;
real Tesseract reads a few damaged pages; a clean 300-DPI page reads with a low CER."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein
from typer.testing import CliRunner

from mseflow.fixtures import family2
from mseflow.fixtures.cli import app
from mseflow.reading.files import plan_pages, read_page
from mseflow.settings import ReadingSettings

from .family2_sets import read_rows

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

FORMATS = {
    "text_layer": ("PDF", None),
    "scan_300": ("PDF", None),
    "scan_200": ("PNG", "L"),
    "scan_150": ("PDF", None),
    "photo": ("JPEG", "RGB"),
    "fax_tiff": ("TIFF", "1"),
    "jpeg_q35": ("JPEG", "L"),
}


@pytest.fixture(scope="module")
def one_of_each(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """One single-page certificate per output kind (seed 3 starts with certificates)."""
    root = tmp_path_factory.mktemp("family2_kinds")
    out = {}
    for kind in family2.KINDS:
        folder = root / kind
        family2.generate(1, 3, folder, kinds=[kind])
        row = read_rows(folder)[1][0]
        out[kind] = (folder / row["file"], row)
    return out


@pytest.mark.parametrize("kind", list(FORMATS))
def test_each_kind_is_written_in_its_format(
    one_of_each: dict[str, tuple[Path, dict[str, Any]]], kind: str
) -> None:
    path, row = one_of_each[kind]
    fmt, mode = FORMATS[kind]
    assert row["kind"] == kind and row["pages"] == [1]
    if fmt == "PDF":
        with pdfplumber.open(path) as pdf:
            text = pdf.pages[0].extract_text() or ""
        assert (len(text) > 200) is (kind == "text_layer")
    else:
        with Image.open(path) as image:
            assert image.format == fmt and image.mode == mode
            if kind == "fax_tiff":
                assert image.info.get("compression") == "group4"
            assert round(image.info["dpi"][0]) == row["dpi"]
    plan = plan_pages(path.read_bytes(), ReadingSettings())
    assert plan.count == 1


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fax_tiff", "jpeg_q35", "photo"])
def test_reading_stage_reads_damaged_pages(
    one_of_each: dict[str, tuple[Path, dict[str, Any]]], kind: str
) -> None:
    path, row = one_of_each[kind]
    data = path.read_bytes()
    settings = ReadingSettings()
    page = read_page(data, plan_pages(data, settings), 0, settings)
    text = page.text.casefold()
    assert page.source == "ocr"
    assert "инвалид" in text
    assert row["record"]["document_number"] in page.text


def _words(text: str) -> str:
    """The page's words in sorted order: a table read row by row or cell by cell is the same page."""
    return " ".join(sorted(re.sub(r"[_|]", " ", text).split()))


@pytest.mark.slow
def test_300_dpi_scan_reads_with_low_cer(
    one_of_each: dict[str, tuple[Path, dict[str, Any]]],
) -> None:
    """The 300-DPI scan of the same document as the text layer, read by the reading stage."""
    text_path, _ = one_of_each["text_layer"]
    scan_path, _ = one_of_each["scan_300"]
    with pdfplumber.open(text_path) as pdf:
        drawn = _words(pdf.pages[0].extract_text() or "")
    data = scan_path.read_bytes()
    settings = ReadingSettings()
    read = _words(read_page(data, plan_pages(data, settings), 0, settings).text)
    cer = Levenshtein.distance(drawn, read) / len(drawn)
    assert cer < 0.06, (cer, read[:400])


def test_cli_generate_writes_truth_beside_documents(tmp_path: Path) -> None:
    runner = CliRunner()
    for family in ("family1", "family2"):
        out = tmp_path / family
        result = runner.invoke(
            app,
            ["generate", "--n", "2", "--seed", "4", "--family", family, "--out", str(out)]
            + ["--kinds", "text_layer"],
        )
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == ["documents", "truth.jsonl"]
        meta, rows = read_rows(out)
        assert meta["family"] == family
        assert all(r["family"] == family for r in rows)
        for row in rows:
            assert row["file"].startswith("documents/") and (out / row["file"]).is_file()
        assert not (out / "documents" / "truth.jsonl").exists()
    bad = runner.invoke(app, ["generate", "--family", "family99", "--out", str(tmp_path / "x")])
    assert bad.exit_code != 0 and "family1, family2" in bad.output
