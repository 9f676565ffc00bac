"""The bundled sample is what ``make_sample`` writes, small, and covers each case."""

from __future__ import annotations

from pathlib import Path

from mseflow.fixtures import make_sample
from mseflow.fixtures.sample import SAMPLE_DIR

from .generated import read_truth


def test_bundled_sample_is_reproducible(tmp_path: Path) -> None:
    entries = make_sample(tmp_path)
    assert (tmp_path / "truth.jsonl").read_bytes() == (SAMPLE_DIR / "truth.jsonl").read_bytes()
    assert read_truth(SAMPLE_DIR) == entries
    for pdf in (e["file"] for e in entries if e["kind"] == "text_layer"):
        assert (tmp_path / pdf).read_bytes() == (SAMPLE_DIR / pdf).read_bytes(), pdf


def test_bundled_sample_is_small_and_covers_each_case() -> None:
    entries = read_truth(SAMPLE_DIR)
    files = {e["file"] for e in entries}
    documents = SAMPLE_DIR / "documents"
    assert files == {f"documents/{p.name}" for p in documents.iterdir()}
    assert sorted(p.name for p in SAMPLE_DIR.iterdir()) == ["documents", "truth.jsonl"]
    assert sum(p.stat().st_size for p in documents.iterdir()) < 800_000
    cases = {(e["record"]["doc_type"], e["kind"]) for e in entries}
    assert {
        ("mse_certificate", "text_layer"),
        ("ipra", "text_layer"),
        ("other", "text_layer"),
    } <= cases
    assert ("mse_certificate", "jpeg") in cases and ("ipra", "scan_pdf") in cases
    assert {e["expected_status"] for e in entries} == {"valid", "invalid", "needs_review"}
    pair = [e for e in entries if e["file"] == "documents/certificate-and-ipra-scan.pdf"]
    assert [e["pages"][0] for e in pair] == [1, 2]
    assert pair[0]["record"]["full_name"] == pair[1]["record"]["full_name"]
