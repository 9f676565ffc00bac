"""Finding a source file by its hash after ``watch`` or ``process`` moved or copied it."""

from __future__ import annotations

import shutil
from pathlib import Path

from mseflow.fixtures.sample import SAMPLE_DIR
from mseflow.review.sources import SourceFinder, file_sha256

SAMPLE = SAMPLE_DIR / "documents" / "certificate-text.pdf"


def test_found_in_drop_processed_under_a_new_name(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    recorded = drop / "dept" / "scan.pdf"  # where the file was when it was processed
    sha = file_sha256(SAMPLE)
    moved = drop / "processed" / f"scan-{sha[:12]}.pdf"
    moved.parent.mkdir(parents=True)
    shutil.copy2(SAMPLE, moved)
    decoy = drop / "processed" / "scan.pdf"  # same name, other content: never returned
    decoy.write_bytes(b"%PDF-1.4 not the same file")
    finder = SourceFinder(tmp_path / "out")
    assert finder.find(sha, str(recorded)) == moved


def test_found_by_content_in_a_search_folder_and_never_by_name(tmp_path: Path) -> None:
    sha = file_sha256(SAMPLE)
    archive = tmp_path / "archive" / "2026"
    archive.mkdir(parents=True)
    shutil.copy2(SAMPLE, archive / "renamed.pdf")
    (tmp_path / "gone").mkdir()
    (tmp_path / "gone" / "certificate-text.pdf").write_bytes(b"other bytes")
    finder = SourceFinder(tmp_path / "out", [tmp_path / "archive"])
    assert (
        finder.find(sha, str(tmp_path / "gone" / "certificate-text.pdf")) == archive / "renamed.pdf"
    )
    assert SourceFinder(tmp_path / "out").find(sha, str(tmp_path / "gone" / "x.pdf")) is None
    assert finder.find("", "anything") is None
