"""Reading the records store for exports, and the ``exports`` table that makes exports idempotent.

``exports(record_id, content_hash, exported_at)`` lives in ``OUT/records.sqlite`` beside
``records``: a record is exported again only when the hash of what is exported changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from mseflow.contract import Record
from mseflow.errors import OutputError
from mseflow.records.csv_export import content_hash
from mseflow.records.sqlite import SqliteStore, StoredRecord

EXPORTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS exports (
    record_id     TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    exported_at   TEXT NOT NULL
);
"""


def stored_rows(database: Path, since: dt.datetime | None = None) -> list[StoredRecord]:
    """Every record in the store (optionally processed at or after ``since``), oldest first."""
    with SqliteStore(database) as store:
        return store.rows(since)


def stored_records(database: Path) -> list[Record]:
    """Every record in the store, oldest first."""
    return [row.record for row in stored_rows(database)]


def pending_exports(database: Path, since: dt.datetime | None = None) -> list[StoredRecord]:
    """Records never exported, or changed since their last export."""
    exported = _exported_hashes(database)
    return [
        row
        for row in stored_rows(database, since)
        if exported.get(row.record_id) != content_hash(row.record)
    ]


def mark_exported(database: Path, exported: Iterable[tuple[str, str]]) -> int:
    """Remember that these ``(record_id, content_hash)`` pairs went out."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    values = [(rid, digest, now) for rid, digest in exported]
    with _connect(database) as conn:
        conn.executemany(
            "INSERT INTO exports VALUES (?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET "
            "content_hash=excluded.content_hash, exported_at=excluded.exported_at",
            values,
        )
    return len(values)


def _exported_hashes(database: Path) -> dict[str, str]:
    with _connect(database) as conn:
        return dict(conn.execute("SELECT record_id, content_hash FROM exports").fetchall())


@contextlib.contextmanager
def _connect(database: Path) -> Iterator[sqlite3.Connection]:
    """A connection that commits on success and is always closed."""
    try:
        conn = sqlite3.connect(database, timeout=30)
    except sqlite3.Error as exc:
        raise OutputError(f"cannot open the records database {database}: {exc}") from exc
    try:
        with conn:
            conn.executescript(EXPORTS_SCHEMA)
            yield conn
    except sqlite3.Error as exc:
        raise OutputError(f"cannot use the records database {database}: {exc}") from exc
    finally:
        conn.close()
