"""SQLite store and JSON Lines sink with a real SQLite database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from mseflow.contract import Record
from mseflow.ingest import discover_inputs, quarantine_copy, sha256_hex
from mseflow.records.jsonl import read_jsonl, write_jsonl
from mseflow.records.sqlite import SqliteStore, record_id


def make(sha: str, pages: list[int], group: int | None = None, version: str = "v1") -> Record:
    return Record(
        source_path=f"{sha}.pdf",
        source_sha256=sha,
        pages=pages,
        doc_type="ipra",
        disability_group=group,
        pipeline_version=version,
    )


def test_upsert_is_idempotent_and_replaces(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    with SqliteStore(db) as store:
        store.upsert([make("a", [1]), make("a", [2, 3]), make("b", [1])])
        store.upsert([make("a", [1], group=2, version="v2")])
        assert store.count() == 3
        assert [r.disability_group for r in store.records_for("a", "v2")] == [2]
        assert [r.pages for r in store.records_for("a")] == [[1], [2, 3]]
    row = (
        sqlite3.connect(db)
        .execute(
            "SELECT json_extract(record, '$.disability_group'), status FROM records WHERE record_id = ?",
            (record_id(make("a", [1])),),
        )
        .fetchone()
    )
    assert row == (2, "needs_review")


def test_jsonl_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out" / "records.jsonl"
    records = [make("a", [1], group=1), make("b", [2])]
    assert write_jsonl(records, path) == 2
    assert list(read_jsonl(path)) == records
    assert not list(path.parent.glob(".*.tmp"))


def test_discover_walks_folders_in_order_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    for name in ["d/b.pdf", "d/a.png", "d/sub/c.tif", "d/.hidden.pdf", "z.jpg"]:
        (tmp_path / name).write_bytes(b"x")
    found = discover_inputs([tmp_path / "z.jpg", tmp_path / "d", tmp_path / "z.jpg"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "z.jpg",
        "d/a.png",
        "d/b.pdf",
        "d/sub/c.tif",
    ]


def test_quarantine_copies_and_keeps_original(tmp_path: Path) -> None:
    original = tmp_path / "bad.pdf"
    original.write_bytes(b"%PDF-broken")
    copy = quarantine_copy(original, sha256_hex(b"%PDF-broken"), tmp_path / "q")
    assert original.read_bytes() == copy.read_bytes() == b"%PDF-broken"
    assert copy.name == sha256_hex(b"%PDF-broken")[:12] + ".pdf"


def test_unopenable_files_keep_distinct_identities() -> None:
    first = make("", [])
    second = first.model_copy(update={"source_path": "other.pdf"})
    assert record_id(first) != record_id(second)
    assert record_id(first).startswith("path-")


def test_rows_are_oldest_first_and_filter_by_processing_time(tmp_path: Path) -> None:
    import datetime as dt

    with SqliteStore(tmp_path / "r.sqlite") as store:
        store.upsert([make("b", [1]), make("a", [1])])
        earlier = store.rows()
        assert [row.record_id for row in earlier] == ["a:1-1", "b:1-1"]  # same second: by id
        assert earlier[0].record == make("a", [1])
        later = dt.datetime.fromisoformat(earlier[0].processed_at) + dt.timedelta(seconds=1)
        assert store.rows(since=later) == []
        assert len(store.rows(since=later.replace(tzinfo=None) - dt.timedelta(hours=1))) == 2


def test_opening_the_store_again_keeps_the_locks_of_open_connections(tmp_path: Path) -> None:
    """A second store in this process must not drop the first one's POSIX locks.

    Were they dropped, another process closing its connection would find the
    database unused, checkpoint it and delete ``-wal`` and ``-shm`` from under the
    first connection (the review station while ``process -j N`` runs: disk I/O error).
    """
    db = tmp_path / "r.sqlite"
    with SqliteStore(db) as first:
        first.upsert([make("a", [1])])
        with SqliteStore(db) as second:
            code = (
                "import sqlite3, sys\n"
                "conn = sqlite3.connect(sys.argv[1])\n"
                "conn.execute('SELECT COUNT(*) FROM records').fetchall()\n"
                "conn.close()\n"
            )
            subprocess.run([sys.executable, "-c", code, str(db)], check=True)
            assert db.with_name(db.name + "-shm").exists()
            second.upsert([make("b", [1])])
            assert first.count() == second.count() == 2
