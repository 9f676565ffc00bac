"""Family 5 (fpdf2 layouts, PDFium rasters): truth printed on the page, kinds, modes, verdicts.

The page text is read with pypdfium2 directly, never with mseflow's own reading code.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import stat
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from mseflow.contract import Record
from mseflow.fixtures import family5
from mseflow.fixtures.family5.facts import draw_file
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.validators import validate_batch

REF = family5.DEFAULT_REFERENCE_DATE


def _rows(out: Path) -> list[dict[str, Any]]:
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:] if line.strip()]


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("f5text")
    generate_set("family5", 14, 5, out, kinds=["text_layer"], violation_share=0.35)
    return out


@pytest.fixture(scope="module")
def kinds_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("f5kinds")
    generate_set("family5", len(family5.KINDS), 2, out)
    return out


def _page_text(path: Path, pages: list[int]) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        parts = []
        for p in pages:
            page = doc[p - 1]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return " ".join(" ".join(parts).split())
    finally:
        doc.close()


def test_family5_is_registered() -> None:
    assert "family5" in FAMILIES


def test_truth_values_are_printed_on_text_layer_pages(text_set: Path) -> None:
    rows = _rows(text_set)
    assert rows
    checked = 0
    for row in rows:
        text = _page_text(text_set / row["file"], row["pages"])
        flat = text.replace(" ", "")
        for key, value in row["printed"].items():
            if value and value.strip(" —-"):
                assert " ".join(value.split()) in text or value.replace(" ", "") in flat, (
                    row["file"],
                    key,
                    value,
                )
                checked += 1
        for item in row["printed_items"]:
            words = {w.strip(".,;()").lower() for w in item.split()} - {""}
            low = text.lower()
            missing = [w for w in words if w not in low]
            assert not missing, (row["file"], item, missing)
        if row["record"]["doc_type"] in ("mse_certificate", "ipra"):
            printed = row["printed"]
            assert printed.get("full_name") or printed.get("name_фамилия"), row["file"]
        if row["record"].get("incapable_of_work"):
            low = text.lower()
            assert "неспособн" in low or "противопоказан" in low or "нетрудоспособ" in low
    assert checked > 40


def test_verdicts_match_the_validators(text_set: Path) -> None:
    rows = _rows(text_set)
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    statuses = set()
    for file_rows in by_file.values():
        records = []
        for row in file_rows:
            fields = {k: v for k, v in row["record"].items() if k != "doc_type"}
            records.append(
                Record(
                    source_path=row["file"],
                    source_sha256="0" * 64,
                    doc_type=row["record"]["doc_type"],
                    pages=row["pages"],
                    confidence=1.0,
                    pipeline_version="test",
                    **fields,
                )
            )
        for row, rec in zip(file_rows, validate_batch(records, today=REF), strict=True):
            assert rec.validation.status == row["expected_status"], (row["file"], row["scenario"])
            codes = {i.code for i in rec.validation.issues if i.severity in ("error", "warning")}
            assert codes == set(row["expected_issue_codes"])
            statuses.add(row["expected_status"])
    assert "valid" in statuses and len(statuses) >= 2


def test_every_kind_is_drawn_and_files_are_private(kinds_set: Path) -> None:
    rows = _rows(kinds_set)
    assert {r["kind"] for r in rows} == set(family5.KINDS)
    docs = kinds_set / "documents"
    assert stat.S_IMODE(docs.stat().st_mode) == 0o700
    assert stat.S_IMODE((kinds_set / "truth.jsonl").stat().st_mode) == 0o600
    for path in docs.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for row in rows:
        path = kinds_set / row["file"]
        if path.suffix == ".pdf":
            doc = pdfium.PdfDocument(path)
            assert len(doc) >= max(row["pages"])
            has_text = bool(doc[0].get_textpage().get_text_range().strip())
            assert has_text == (row["kind"] == "text_layer")
            if row["kind"] == "mixed":  # page 1 scanned, the rest keeps its text layer
                assert len(doc) >= 2
                assert doc[1].get_textpage().get_text_range().strip()
            doc.close()
        else:
            with Image.open(path) as img:
                assert getattr(img, "n_frames", 1) >= max(row["pages"])
                if row["kind"] == "fax_g4":
                    assert img.mode == "1" and img.info.get("compression") == "group4"
                if row["kind"] == "jpeg_q35" and path.suffix == ".jpg":
                    assert img.format == "JPEG"


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        family5.generate(2, 11, out, kinds=["mixed", "fax_g4"])
    names = sorted(p.name for p in (a / "documents").iterdir())
    assert names == sorted(p.name for p in (b / "documents").iterdir())
    for name in names:
        assert (a / "documents" / name).read_bytes() == (b / "documents" / name).read_bytes()
    assert (a / "truth.jsonl").read_bytes() == (b / "truth.jsonl").read_bytes()


def test_drawing_covers_scenarios_and_incapable_notes() -> None:
    scenarios, forms, incapable, degrees = set(), set(), set(), set()
    for i in range(400):
        facts = draw_file(random.Random(i), REF, violation=i % 3 == 0)
        scenarios.add(facts.scenario)
        for doc in facts.docs:
            forms.add(doc.form)
            incapable.add(bool(doc.record.get("incapable_of_work")))
            degrees.add(doc.record.get("work_restriction_degree"))
            if doc.record.get("incapable_of_work"):
                assert doc.record["work_restriction_degree"] == 3
                assert not doc.record["contraindications"]
    assert {
        "clean",
        "expired",
        "group_term",
        "missing_birth",
        "no_work_block",
        "group_disagree",
        "other",
    } <= scenarios
    assert {"1031n", "1031n-old", "486n-2019", "486n-2017", "528n", "379n"} <= forms
    assert any(f.startswith("other/") for f in forms)
    assert incapable == {True, False}
    assert {None, 1, 2, 3} <= degrees


def test_unknown_kind_is_a_clear_error(tmp_path: Path) -> None:
    from mseflow.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown kind"):
        family5.generate(1, 1, tmp_path, kinds=["tiff"])
    assert dt.date(2026, 12, 1) == REF


def test_the_benchmark_loader_reads_the_truth(text_set: Path) -> None:
    """bench/accuracy.py's own truth loader (no extraction run) finds every file and row."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("f5_accuracy", root / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    accuracy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(accuracy)
    by_file = accuracy.load_truth(text_set)
    rows = _rows(text_set)
    assert sum(len(v) for v in by_file.values()) == len(rows)
    assert accuracy.reference_date(text_set) == REF.isoformat()
    for path, truths in by_file.items():
        assert path.is_file()
        for truth in truths:
            assert truth["family"] == "family5"
            assert truth["doc_type"] in ("mse_certificate", "ipra", "other")
            assert truth["expected_status"] in ("valid", "needs_review", "invalid")
