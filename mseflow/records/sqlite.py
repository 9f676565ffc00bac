"""Embedded SQLite store: one ``records`` table, JSON columns, upsert by document identity.

A document is identified by its source file's hash and its pages, so re-running
a folder replaces records instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mseflow.contract import Record
from mseflow.errors import OutputError

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
    (``path-<sha256 of the path>``), so two such files do not overwrite each other.
    """
    pages = f"{record.pages[0]}-{record.pages[-1]}" if record.pages else "0"
    source = (
        record.source_sha256 or "path-" + hashlib.sha256(record.source_path.encode()).hexdigest()
    )
    return f"{source}:{pages}"


@dataclass(frozen=True)
class StoredRecord:
    """A record with its store identity and when it was (last) processed."""

    record_id: str
    processed_at: str
    record: Record


class SqliteStore:
    """The records database at ``path`` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(path)
            self._conn.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the records database {path}: {exc}") from exc

    def upsert(self, records: Iterable[Record]) -> int:
        """Insert or replace ``records``; return how many rows were written."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        rows = [
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
        try:
            with self._conn:
                self._conn.executemany(
                    "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(record_id) DO UPDATE SET source_path=excluded.source_path, "
                    "doc_type=excluded.doc_type, status=excluded.status, "
                    "pipeline_version=excluded.pipeline_version, "
                    "processed_at=excluded.processed_at, record=excluded.record",
                    rows,
                )
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write the records database {self.path}: {exc}") from exc
        return len(rows)

    def records_for(self, sha256: str, pipeline_version: str | None = None) -> list[Record]:
        """Records already stored for a source file (optionally of one pipeline version)."""
        query = "SELECT record FROM records WHERE source_sha256 = ?"
        params: tuple[str, ...] = (sha256,)
        if pipeline_version is not None:
            query += " AND pipeline_version = ?"
            params += (pipeline_version,)
        rows = self._conn.execute(query + " ORDER BY record_id", params).fetchall()
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
        try:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = self._conn.execute(
                    "SELECT record_id, processed_at, record FROM records WHERE record_id IN "
                    f"({','.join('?' * len(chunk))}) ORDER BY record_id",
                    chunk,
                ).fetchall()
                found += [StoredRecord(r, at, Record.model_validate_json(t)) for r, at, t in rows]
        except sqlite3.Error as exc:
            raise OutputError(f"cannot read the records database {self.path}: {exc}") from exc
        return found

    def count(self) -> int:
        """Number of stored records."""
        return int(self._conn.execute("SELECT COUNT(*) FROM records").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
