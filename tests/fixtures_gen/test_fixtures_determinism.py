"""The generator is deterministic: same seed, same truth and same vector PDF bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mseflow.fixtures import generate

from .generated import TEXT_SEED


def test_same_seed_gives_identical_truth_and_pdf_bytes(
    text_set: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    folder, _ = text_set
    again = tmp_path / "again"
    generate(18, TEXT_SEED, again, kinds=["text_layer"], violation_share=0.4)
    assert (again / "truth.jsonl").read_bytes() == (folder / "truth.jsonl").read_bytes()
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert pdfs and pdfs == sorted(p.name for p in again.glob("*.pdf"))
    for name in pdfs:
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name


def test_different_seed_gives_different_documents(
    text_set: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    folder, entries = text_set
    other = generate(18, TEXT_SEED + 1, tmp_path, kinds=["text_layer"], violation_share=0.4)
    assert [e["record"] for e in other] != [e["record"] for e in entries]
    assert (tmp_path / "doc-0001.pdf").read_bytes() != (folder / "doc-0001.pdf").read_bytes()


def test_scans_are_deterministic_too(tmp_path: Path) -> None:
    first = generate(2, 5, tmp_path / "a", kinds=["png"], degradations=["heavy"])
    second = generate(2, 5, tmp_path / "b", kinds=["png"], degradations=["heavy"])
    assert first == second
    for entry in first:
        name = entry["file"]
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
