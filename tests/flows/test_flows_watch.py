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

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect_harness")]


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
    assert (drop / "processed" / f"{sha256_hex(data)[:12]}.pdf").read_bytes() == data
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
    moved = sorted(p.read_bytes() for p in (drop / "quarantine").iterdir())
    assert moved == sorted(BAD_FILES.values())
    assert {p.name for p in (drop / "quarantine").iterdir()} == {
        f"{sha256_hex(data)[:12]}{Path(name).suffix}" for name, data in BAD_FILES.items()
    }
    assert not [p for p in drop.iterdir() if p.is_file()]


def test_moved_files_are_named_by_hash_and_a_taken_name_gets_a_counter(tmp_path: Path) -> None:
    target_dir = tmp_path / "processed"
    sha = sha256_hex(png_page())
    names = []
    for index in range(2):
        incoming = tmp_path / f"Иванов И.И. {index}.PNG"  # a name that is personal data
        incoming.write_bytes(png_page())
        names.append(move_aside(incoming, target_dir, sha).name)
        assert not incoming.exists()
    assert names == [f"{sha[:12]}.png", f"{sha[:12]}-2.png"]
    odd = tmp_path / "scan.Иванов"
    odd.write_bytes(b"x")
    assert move_aside(odd, target_dir, "ab" * 32).name == "abababababab"  # no unsafe suffix


def test_watch_prints_a_line_per_file_skips_done_ones_and_cross_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mseflow.fixtures.sample import SAMPLE_DIR
    from mseflow.records.jsonl import read_jsonl

    drop, out = tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    from mseflow import pipeline

    real_validate, batches = pipeline.validate_records, []

    def validate_records(records: list[object], settings: object) -> list[object]:
        batches.append(sorted(Path(r.source_path).name for r in records))
        return real_validate(records, settings)

    monkeypatch.setattr(pipeline, "validate_records", validate_records)
    ipra = (SAMPLE_DIR / "documents" / "ipra-text.pdf").read_bytes()
    text = (SAMPLE_DIR / "documents" / "certificate-text.pdf").read_bytes()
    (drop / "a.pdf").write_bytes(text)
    (drop / "empty.pdf").write_bytes(b"")
    first = watch(drop, out, poll_interval=0.05, settle_seconds=0.05, once=True, stale_seconds=0)
    (drop / "again.pdf").write_bytes(text)  # byte-identical to a file already done
    (drop / "ipra.pdf").write_bytes(ipra)
    second = watch(drop, out, poll_interval=0.05, settle_seconds=0.05, once=True)
    lines = capsys.readouterr().out.splitlines()

    assert lines[0] == f"mseflow watch: taking files from {drop}"
    sha_text, sha_empty = sha256_hex(text)[:12], sha256_hex(b"")[:12]
    assert f"{sha_text} Read" in lines and f"{sha_empty} Quarantined" in lines
    assert f"{sha_text} skipped" in lines
    assert (first.processed, first.quarantined, second.skipped, second.processed) == (2, 1, 1, 1)
    assert lines[-1].startswith("mseflow watch stopped: 2 file(s): Read 1, skipped 1;")
    assert not [line for line in lines if "a.pdf" in line or "again" in line]
    assert len(list(read_jsonl(out / "records.jsonl"))) == 3
    # the cross-document checks of the last batch saw the earlier batch's records too
    assert batches[-1] == ["a.pdf", "empty.pdf", "ipra.pdf"]


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
