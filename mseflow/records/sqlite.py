"""Embedded SQLite store: one ``records`` table, JSON columns, upsert by document identity.

A document is identified by its source file's hash and its pages, so re-running
a folder replaces records instead of duplicating them. The database runs in WAL
mode with a busy timeout (two runs into one OUT take turns), is created 0600 (its
``-wal`` and ``-shm`` files take the same mode), and :meth:`SqliteStore.commit_file`
writes one file's records in one transaction, so a killed run keeps every file it
finished and none half-written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mseflow.contract import Record
from mseflow.errors import OutputError
from mseflow.outputs import FILE_MODE, make_private, private_dir
from mseflow.sheet_crops import starts_right

BUSY_TIMEOUT_S = 60.0
"""How long a write waits for another run's transaction before it fails."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    record_id         TEXT PRIMARY KEY,
    source_sha256     TEXT NOT NULL,
    pages             TEXT NOT NULL,
    source_path       TEXT NOT NULL,
    doc_type          TEXT NOT NULL,
    status            TEXT NOT NULL,
    pipeline_version  TEXT NOT NULL,
    processed_at      TEXT NOT NULL,
    record            TEXT NOT NULL CHECK (json_valid(record))
);
CREATE INDEX IF NOT EXISTS records_by_source ON records (source_sha256, pipeline_version);
CREATE INDEX IF NOT EXISTS records_by_processed_at ON records (processed_at, record_id);
"""


def record_id(record: Record) -> str:
    """Stable identity of a document: ``<sha256>:<first>-<last page>``.

    A file that could not even be opened has no content hash; its path stands in
    (``path-<sha256 of the path>``), so two such files do not overwrite each other. A
    document beginning on the right side of a two-up sheet gets ``~r``: the document on its
    left shares its pages (:func:`mseflow.sheet_crops.starts_right`).
    """
    pages = f"{record.pages[0]}-{record.pages[-1]}" if record.pages else "0"
    source = (
        record.source_sha256 or "path-" + hashlib.sha256(record.source_path.encode()).hexdigest()
    )
    return f"{source}:{pages}" + ("~r" if starts_right(record) else "")


@dataclass(frozen=True)
class StoredRecord:
    """A record with its store identity and when it was (last) processed."""

    record_id: str
    processed_at: str
    record: Record


def _open_wal(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with the schema in place.

    Two runs that create one OUT at the same moment race for the switch to WAL, and
    SQLite answers that switch "database is locked" at once, without its busy wait:
    the open is tried again (within ``BUSY_TIMEOUT_S``) instead of failing the run.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.05
    while True:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(SCHEMA)
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        except BaseException:
            conn.close()
            raise


class SqliteStore:
    """The records database at ``path`` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            private_dir(path.parent)
            create_private_database(path)
            for suffix in ("", "-wal", "-shm"):
                make_private(path.with_name(path.name + suffix))
            self._conn = _open_wal(path)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the records database {path}: {_reason(exc)}") from exc

    def upsert(self, records: Iterable[Record]) -> int:
        """Insert or replace ``records`` in one transaction; return how many rows were written."""
        rows = _rows(records)
        try:
            with self._conn:
                self._conn.executemany(_UPSERT, rows)
        except sqlite3.Error as exc:
            raise OutputError(
                f"cannot write the records database {self.path}: {_reason(exc)}"
            ) from exc
        return len(rows)

    def commit_file(self, records: Sequence[Record]) -> int:
        """Store one file's records in one transaction, replacing what they supersede.

        Earlier records of the same content with other page ranges (a new split) and
        the path-identity placeholder of the same path (a file that could not be
        opened before) are removed; records of other content are kept.
        """
        rows = _rows(records)
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        try:
            with self._conn:
                for sha in {r.source_sha256 for r in records if r.source_sha256}:
                    self._conn.execute(
                        f"DELETE FROM records WHERE source_sha256 = ? AND record_id NOT IN ({marks})",
                        (sha, *ids),
                    )
                for source in {r.source_path for r in records}:
                    self._conn.execute(
                        "DELETE FROM records WHERE source_path = ? AND source_sha256 = '' "
                        f"AND record_id NOT IN ({marks})",
                        (source, *ids),
                    )
                self._conn.executemany(_UPSERT, rows)
        except sqlite3.Error as exc:
            raise OutputError(
                f"cannot write the records database {self.path}: {_reason(exc)}"
            ) from exc
        return len(rows)

    def known(self, sha256: str, pipeline_version: str) -> bool:
        """Whether records of this content and pipeline version are stored."""
        query = "SELECT 1 FROM records WHERE source_sha256 = ? AND pipeline_version = ? LIMIT 1"
        return bool(self._read(query, (sha256, pipeline_version)))

    def all_records(self) -> list[Record]:
        """Every stored record, by source path and first page (the order of records.jsonl)."""
        try:
            rows = self._conn.execute("SELECT record FROM records").fetchall()
        except sqlite3.Error as exc:
            raise OutputError(
                f"cannot read the records database {self.path}: {_reason(exc)}"
            ) from exc
        records = [Record.model_validate_json(row[0]) for row in rows]
        return sorted(records, key=lambda r: (r.source_path, r.pages[0] if r.pages else 0))

    def records_for(self, sha256: str, pipeline_version: str | None = None) -> list[Record]:
        """Records already stored for a source file (optionally of one pipeline version)."""
        query = "SELECT record FROM records WHERE source_sha256 = ?"
        params: tuple[str, ...] = (sha256,)
        if pipeline_version is not None:
            query += " AND pipeline_version = ?"
            params += (pipeline_version,)
        rows = self._read(query + " ORDER BY record_id", params)
        return [Record.model_validate_json(row[0]) for row in rows]

    def rows(self, since: dt.datetime | None = None) -> list[StoredRecord]:
        """Every stored record (optionally processed at or after ``since``), oldest first."""
        query = "SELECT record_id, processed_at, record FROM records"
        params: tuple[str, ...] = ()
        if since is not None:
            query += " WHERE processed_at >= ?"
            params = (_utc(since).isoformat(timespec="seconds"),)
        try:
            rows = self._conn.execute(query + " ORDER BY processed_at, record_id", params)
            found = rows.fetchall()
        except sqlite3.Error as exc:
            raise OutputError(f"cannot read the records database {self.path}: {exc}") from exc
        return [StoredRecord(rid, at, Record.model_validate_json(text)) for rid, at, text in found]

    def get_many(self, record_ids: Iterable[str]) -> list[StoredRecord]:
        """The stored records with these ids (``<sha256>:<first>-<last page>``), in id order."""
        ids = list(dict.fromkeys(record_ids))
        found: list[StoredRecord] = []
        for start in range(0, len(ids), 500):
            chunk = tuple(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = (
                f"SELECT record_id, processed_at, record FROM records WHERE record_id IN ({marks})"
            )
            rows = self._read(query + " ORDER BY record_id", chunk)
            found += [StoredRecord(r, at, Record.model_validate_json(t)) for r, at, t in rows]
        return found

    def count(self) -> int:
        """Number of stored records."""
        return int(self._read("SELECT COUNT(*) FROM records", ())[0][0])

    def _read(self, query: str, params: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Run a query; a database failure is an :class:`OutputError`."""
        try:
            return self._conn.execute(query, params).fetchall()
        except sqlite3.Error as exc:
            raise OutputError(
                f"cannot read the records database {self.path}: {_reason(exc)}"
            ) from exc

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_UPSERT = (
    "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(record_id) DO UPDATE SET source_path=excluded.source_path, "
    "doc_type=excluded.doc_type, status=excluded.status, "
    "pipeline_version=excluded.pipeline_version, "
    "processed_at=excluded.processed_at, record=excluded.record"
)


def _rows(records: Iterable[Record]) -> list[tuple[str, ...]]:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return [
        (
            record_id(r),
            r.source_sha256,
            json.dumps(r.pages),
            r.source_path,
            str(r.doc_type),
            str(r.validation.status),
            r.pipeline_version,
            now,
            r.to_json_line(),
        )
        for r in records
    ]


def create_private_database(path: Path) -> None:
    """Create an empty database file 0600 if there is none; an existing one is not opened.

    Opening and closing an existing database outside SQLite would drop every POSIX
    lock this process holds on it (``close()`` releases all of a process's ``fcntl``
    locks on the file, whichever descriptor took them): another connection of this
    process (the review station's) would lose its WAL read lock, and a worker
    process closing its own connection could then checkpoint and delete the
    ``-wal`` and ``-shm`` files under it ("disk I/O error").
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)  # a file this call just made: no connection has it open yet


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
