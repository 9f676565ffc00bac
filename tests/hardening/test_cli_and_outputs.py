"""The CLI's edges (help, summary, errors) and the output layer, in-process."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from mseflow import pipeline
from mseflow.cli import main
from mseflow.contract import Record
from mseflow.ingest import quarantine_copy, walk_inputs
from mseflow.records.jsonl import write_jsonl
from mseflow.records.sqlite import SqliteStore
from mseflow.settings import Settings

from .corpus import certificate_lines, text_pdf

COMMANDS = ["process", "schema", "rules", "ingest", "serve", "watch", "hris-feed"]


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS], ["fixtures", "generate"]])
def test_help_has_no_type_placeholders(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert main([*command, "--help"]) == 0
    text = capsys.readouterr().out
    assert "--help" in text
    for placeholder in ["<bool>", "<path>", "<int>", "<list[", "<float", "<%Y", "<str>", "<text>"]:
        assert placeholder not in text, (command, placeholder)


def test_summary_names_the_records_that_need_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = text_pdf(certificate_lines(5050505))  # valid until 01.07.2026: expired by August
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "c.pdf").write_bytes(data)
    out = tmp_path / "out"
    assert main(["process", str(tmp_path / "in"), "--out", str(out), "--today", "2026-08-01"]) == 0
    text = capsys.readouterr().out
    sha = hashlib.sha256(data).hexdigest()
    assert "needs review (1):" in text
    assert f"{sha}:1-1" in text.replace("\n", "")


def test_bad_settings_are_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"")
    args = ["process", str(tmp_path / "a.pdf"), "--out", str(tmp_path / "o"), "--quiet"]
    monkeypatch.setenv("MSEFLOW_DPI", "abc")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "mseflow: error: bad setting: MSEFLOW_DPI" in err and "Traceback" not in err
    monkeypatch.delenv("MSEFLOW_DPI")
    assert main([*args, "--dpi", "5"]) == 2
    assert "reading.dpi" in capsys.readouterr().err


def test_a_bug_at_run_level_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(pipeline, "run_process", boom)
    (tmp_path / "a.pdf").write_bytes(b"")
    assert main(["process", str(tmp_path / "a.pdf"), "--out", str(tmp_path / "o")]) == 70
    err = capsys.readouterr().err
    assert "mseflow: internal error (ZeroDivisionError)" in err
    assert "Traceback" not in err


def test_pipeline_version_follows_data_files_and_reading_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "extractors"
    (package / "labels").mkdir(parents=True)
    (package / "dictionaries").mkdir()
    (package / "dictionaries" / "causes.txt").write_text("общее заболевание\n", encoding="utf-8")
    (package / "labels" / "certificate.toml").write_text('label = "срок до"\n', encoding="utf-8")
    (package / "module.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(pipeline.resources, "files", lambda _name: package)

    def version(settings: Settings | None = None) -> str:
        pipeline.data_version.cache_clear()
        pipeline._version.cache_clear()
        return pipeline.pipeline_version(settings)

    try:
        first = version()
        (package / "module.py").write_text("X = 2\n", encoding="utf-8")  # code: not data
        assert version() == first
        (package / "labels" / "certificate.toml").write_text('label = "на срок"\n', "utf-8")
        assert version() != first
        base = version()
        for change in ({"dpi": 200}, {"lang": "rus+eng"}, {"psm": 6}, {"max_pages": 10}):
            assert version(Settings().with_changes(**change)) != base, change
        assert version(Settings().with_changes(today="2020-01-01")) == base  # not reading
    finally:
        pipeline.data_version.cache_clear()
        pipeline._version.cache_clear()


def _record(sha: str = "a" * 64) -> Record:
    return Record(
        source_path="x.pdf", source_sha256=sha, pages=[1], doc_type="ipra", pipeline_version="v"
    )


def test_outputs_are_private_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        out = tmp_path / "out" / "deeper"
        with SqliteStore(out / "records.sqlite") as store:
            store.commit_file([_record()])
            with closing(sqlite3.connect(out / "records.sqlite")) as conn:
                assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            write_jsonl([_record()], out / "records.jsonl")
            source = tmp_path / "bad.pdf"
            source.write_bytes(b"%PDF-broken")
            copy = quarantine_copy(
                source, hashlib.sha256(b"%PDF-broken").hexdigest(), out / "quarantine"
            )
            entries = [out, *out.iterdir(), copy]
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in entries}
    finally:
        os.umask(previous)
    assert {"records.sqlite", "records.sqlite-wal", "records.jsonl", "quarantine"} <= set(modes)
    for name, mode in modes.items():
        assert mode == (0o700 if (out / name).is_dir() or name == "deeper" else 0o600), name
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700


def test_a_copy_that_does_not_match_its_hash_is_not_kept(tmp_path: Path) -> None:
    source = tmp_path / "changing.pdf"
    source.write_bytes(b"%PDF-now different")
    target = quarantine_copy(source, "b" * 64, tmp_path / "q")
    assert not target.exists()
    assert list((tmp_path / "q").iterdir()) == []


def test_commit_file_replaces_a_placeholder_and_an_older_split(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "r.sqlite") as store:
        placeholder = Record(
            source_path="x.pdf", source_sha256="", doc_type="unreadable", pipeline_version="v"
        )
        store.commit_file([placeholder])
        old_split = _record().model_copy(update={"pages": [1, 2]})
        store.commit_file([old_split])
        assert store.count() == 1  # the placeholder of x.pdf is gone
        store.commit_file([_record(), _record().model_copy(update={"pages": [2]})])
        assert sorted(r.pages[0] for r in store.all_records()) == [1, 2]
        store.commit_file([_record("c" * 64).model_copy(update={"source_path": "y.pdf"})])
        assert store.count() == 3  # other content is kept


def test_a_link_given_on_the_command_line_is_taken_and_a_folder_link_out_is_refused(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside"
    (outside / "docs").mkdir(parents=True)
    (outside / "docs" / "a.pdf").write_bytes(b"%PDF")
    root = tmp_path / "root"
    root.mkdir()
    (root / "docs-out").symlink_to(outside / "docs")
    named = tmp_path / "named.pdf"
    named.symlink_to(outside / "docs" / "a.pdf")
    walk = walk_inputs([root, named])
    assert walk.files == [named]
    assert [(r.path.name, r.code) for r in walk.refusals] == [("docs-out", "input_outside_root")]
