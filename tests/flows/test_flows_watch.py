"""Drop-folder mode: complete files only, processed then moved; never deleted."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from mseflow.flows.readiness import ReadinessTracker
from mseflow.flows.watch import move_aside, watch
from mseflow.ingest import sha256_hex
from mseflow.records.sqlite import SqliteStore

from .documents import BAD_FILES, certificate_pdf, png_page

pytestmark = pytest.mark.flows


def _write_slowly(path: Path, data: bytes, chunks: int, pause_s: float) -> None:
    size = -(-len(data) // chunks)
    with path.open("wb") as handle:
        for start in range(0, len(data), size):
            handle.write(data[start : start + size])
            handle.flush()
            time.sleep(pause_s)


def test_slowly_written_pdf_is_taken_only_when_complete(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    data = certificate_pdf(7)
    target = drop / "scan.pdf"
    target.write_bytes(data[:100])  # present before the watcher starts
    writer = threading.Thread(target=_write_slowly, args=(target, data, 6, 0.4))
    writer.start()
    summary = watch(drop, out, poll_interval=0.2, settle_seconds=0.6, once=True)
    writer.join()

    assert (summary.processed, summary.quarantined) == (1, 0)
    assert summary.polls >= 5  # it waited for the writer (6 chunks x 0.4 s)
    assert (drop / "processed" / "scan.pdf").read_bytes() == data
    assert not target.exists() and not (drop / "quarantine").exists()
    with SqliteStore(out / "records.sqlite") as store:
        [record] = store.records_for(sha256_hex(data))
    assert record.doc_type == "mse_certificate"
    assert (out / "records.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_bad_files_are_moved_to_quarantine_intact(tmp_path: Path) -> None:
    drop, out = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    for name, data in BAD_FILES.items():
        (drop / name).write_bytes(data)
    summary = watch(drop, out, poll_interval=0.05, settle_seconds=0.1, once=True, stale_seconds=0.3)
    assert (summary.processed, summary.quarantined) == (3, 3)
    assert {p.name: p.read_bytes() for p in (drop / "quarantine").iterdir()} == BAD_FILES
    assert not [p for p in drop.iterdir() if p.is_file()]


def test_name_collision_gets_the_hash_suffix(tmp_path: Path) -> None:
    target_dir = tmp_path / "processed"
    target_dir.mkdir()
    (target_dir / "scan.png").write_bytes(b"earlier file")
    incoming = tmp_path / "scan.png"
    incoming.write_bytes(png_page())
    sha = sha256_hex(incoming.read_bytes())
    moved = move_aside(incoming, target_dir, sha)
    assert moved.name == f"scan-{sha[:12]}.png"
    assert (target_dir / "scan.png").read_bytes() == b"earlier file"
    assert moved.read_bytes() == png_page() and not incoming.exists()


def test_readiness_needs_two_stable_polls_and_a_pdf_trailer(tmp_path: Path) -> None:
    tracker = ReadinessTracker(settle_seconds=1.0, stale_seconds=10.0)
    image, pdf = tmp_path / "a.png", tmp_path / "b.pdf"
    image.write_bytes(png_page())
    pdf.write_bytes(certificate_pdf(1)[:-200])  # no %%EOF yet
    files = [image, pdf]
    assert tracker.poll(files, now=0.0) == []  # first sight
    assert tracker.poll(files, now=0.5) == []  # not settled yet
    assert tracker.poll(files, now=1.5) == [image]  # the PDF lacks its trailer
    pdf.write_bytes(certificate_pdf(1))
    assert tracker.poll(files, now=2.0) == [image]  # the PDF changed: settle again
    assert tracker.poll(files, now=3.5) == [image, pdf]


def test_pdf_without_trailer_is_taken_when_stale(tmp_path: Path) -> None:
    tracker = ReadinessTracker(settle_seconds=1.0, stale_seconds=5.0)
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(BAD_FILES["truncated.pdf"])
    assert tracker.poll([pdf], now=0.0) == []
    assert tracker.poll([pdf], now=4.0) == []
    assert tracker.poll([pdf], now=5.5) == [pdf]
