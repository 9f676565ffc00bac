"""Family 15 (Word files printed by LibreOffice, scans by pdftoppm): truth, text and files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")

from mseflow.contract import Record  # noqa: E402
from mseflow.fixtures import family15  # noqa: E402
from mseflow.fixtures.family15 import plan  # noqa: E402
from mseflow.validators import validate_batch  # noqa: E402

REF = family15.DEFAULT_REFERENCE_DATE


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f15")
    family15.generate(12, 5, out, violation_share=0.4)
    rows = [json.loads(x) for x in (out / "truth.jsonl").read_text("utf-8").splitlines()][1:]
    return out, rows


def test_rows_follow_the_contract_and_the_validators(made) -> None:
    _, rows = made
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
        assert re.fullmatch(r"documents/f15-\d{4}\.(pdf|png|jpg|tif)", row["file"])
    for file_rows in by_file.values():
        recs = [Record(source_path="x", source_sha256="0" * 64, pipeline_version="t",
                       confidence=1.0, pages=r["pages"], **r["record"]) for r in file_rows]  # fmt: skip
        for row, rec in zip(file_rows, validate_batch(recs, today=REF), strict=True):
            codes = sorted({i.code for i in rec.validation.issues if i.severity != "info"})
            assert codes == row["expected_issue_codes"], (row["file"], row["scenario"], codes)
            assert row["expected_status"] == plan.status_of(codes)


def test_text_layers_print_the_values_and_images_carry_their_dpi(made) -> None:
    out, rows = made
    for row in rows:
        path = out / row["file"]
        assert path.stat().st_mode & 0o777 == 0o600
        if row["kind"] == "text_layer":
            with pdfplumber.open(path) as pdf:
                text = " ".join(pdf.pages[p - 1].extract_text() or "" for p in row["pages"])
            flat = re.sub(r"\s+", " ", text)
            for value in row["printed"].values():
                assert all(word in flat for word in value.split()), (row["file"], value)
        elif row["container"] in ("png", "jpeg"):
            with Image.open(path) as img:
                assert round(img.info["dpi"][0]) == row["dpi"][0]
