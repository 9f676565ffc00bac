"""``mseflow process`` end to end, in-process through ``mseflow.cli.main``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mseflow import __version__
from mseflow.cli import main
from mseflow.ingest import stored_name

from .drawing import text_layer_pdf


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    (folder / "a_cert.pdf").write_bytes(text_layer_pdf())
    (folder / "b_empty.pdf").write_bytes(b"")
    (folder / "c_truncated.pdf").write_bytes(text_layer_pdf()[:900])
    (folder / "d_not_image.jpg").write_bytes(b"this is text, not a JPEG")
    (folder / "e_note.docx").write_bytes(b"PK\x03\x04 zip container")
    (folder / "f_locked.pdf").write_bytes(text_layer_pdf(encrypt="secret"))
    return folder


@pytest.fixture(scope="module")
def run(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    out = tmp_path_factory.mktemp("out")
    code = main(["process", str(batch), "--out", str(out), "--quiet", "--today", "2026-11-01"])
    return code, out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"mseflow {__version__}"


def test_batch_goes_on_past_bad_files(run: tuple[int, Path], batch: Path) -> None:
    code, out = run
    assert code == 0
    records = [
        json.loads(line)
        for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_file = {Path(r["source_path"]).name: r for r in records}
    assert list(by_file) == sorted(by_file)  # input order = walk order
    assert by_file["a_cert.pdf"]["doc_type"] == "mse_certificate"
    assert by_file["a_cert.pdf"]["text_source"] == "text_layer"
    expected_codes = {
        "b_empty.pdf": "input_unreadable",
        "c_truncated.pdf": "input_unreadable",
        "d_not_image.jpg": "input_unsupported_format",
        "e_note.docx": "input_unsupported_format",
        "f_locked.pdf": "input_encrypted",
    }
    for name, issue_code in expected_codes.items():
        record = by_file[name]
        assert record["doc_type"] == "unreadable"
        assert record["validation"]["status"] == "invalid"
        assert issue_code in [i["code"] for i in record["validation"]["issues"]]
        assert all(i["message"] for i in record["validation"]["issues"])
        assert (batch / name).exists()  # original kept
    quarantined = sorted(p.name for p in (out / "quarantine").iterdir())
    expected_names = [
        stored_name(by_file[name]["source_sha256"], name) for name in expected_codes
    ]  # <sha12><ext>: no original name in OUT
    assert quarantined == sorted(expected_names)
    rows = (
        sqlite3.connect(out / "records.sqlite").execute("SELECT COUNT(*) FROM records").fetchone()
    )
    assert rows[0] == len(records)


def test_rerun_does_not_duplicate(run: tuple[int, Path], batch: Path) -> None:
    _, out = run
    first = (out / "records.jsonl").read_text(encoding="utf-8")
    assert main(["process", str(batch), "--out", str(out), "--quiet", "--today", "2026-11-01"]) == 0
    assert (out / "records.jsonl").read_text(encoding="utf-8") == first
    rows = (
        sqlite3.connect(out / "records.sqlite").execute("SELECT COUNT(*) FROM records").fetchone()
    )
    assert rows[0] == len(first.splitlines())


def test_run_level_errors_have_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["process", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "input not found" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    good = tmp_path / "in.pdf"
    good.write_bytes(text_layer_pdf())
    assert main(["process", str(good), "--out", str(blocker / "sub"), "--quiet"]) == 5
    assert main(["process", "--out", str(tmp_path)]) == 2  # usage error


def test_an_unexpected_error_in_one_file_becomes_internal_error(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The per-file boundary holds for any exception, not only bad input."""
    from mseflow import pipeline
    from mseflow.settings import Settings

    def boom(*_args: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(pipeline, "process_bytes", boom)
    (record,) = pipeline.process_bytes_safely(b"%PDF-1.4", "x.pdf", "f" * 64, Settings())
    assert record.doc_type == "unreadable"
    assert [i.code for i in record.validation.issues] == ["internal_error"]
    assert "ZeroDivisionError" in record.validation.issues[0].message
