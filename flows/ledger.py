"""Reading the records store for exports, and the ``exports`` table that makes exports idempotent.

``exports(record_id, content_hash, exported_at, state, reason)`` lives in
``OUT/records.sqlite`` beside ``records``: a record is exported again only when the
hash of what is exported changed, and a record that went out and may no longer go
out (:func:`mseflow.records.hris_gate.judge_for_export`) is retracted once
(``state = 'retracted'``, with the reason code).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mseflow.contract import Record
from mseflow.errors import OutputError
from mseflow.records.csv_export import content_hash
from mseflow.records.hris_gate import ALL_STATUSES, exported_view, judge_for_export
from mseflow.records.sqlite import SqliteStore, StoredRecord

EXPORTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS exports (
    record_id     TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    exported_at   TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'exported',
    reason        TEXT
);
"""

ADDED_COLUMNS: dict[str, str] = {
    "state": "TEXT NOT NULL DEFAULT 'exported'",
    "reason": "TEXT",
}
"""Columns added after the first release; older ``exports`` tables get them on first use."""


@dataclass
class ExportPlan:
    """What one feed run sends: new or changed records, retractions, and all in force."""

    upserts: list[StoredRecord] = field(default_factory=list)
    retractions: list[tuple[StoredRecord, str]] = field(default_factory=list)
    in_force: list[StoredRecord] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.upserts or self.retractions)


def stored_rows(database: Path, since: dt.datetime | None = None) -> list[StoredRecord]:
    """Every record in the store (optionally processed at or after ``since``), oldest first."""
    with SqliteStore(database) as store:
        return store.rows(since)


def stored_records(database: Path) -> list[Record]:
    """Every record in the store, oldest first."""
    return [row.record for row in stored_rows(database)]


def pending_exports(database: Path, since: dt.datetime | None = None) -> list[StoredRecord]:
    """Records never exported, or changed since their last export (no gating)."""
    exported = _ledger(database)
    return [
        row
        for row in stored_rows(database, since)
        if exported.get(row.record_id) != (content_hash(row.record), "exported")
    ]


def plan_exports(
    database: Path,
    today: dt.date,
    statuses: Collection[str] = ALL_STATUSES,
    since: dt.datetime | None = None,
) -> ExportPlan:
    """Judge every stored record on ``today`` against what went out before.

    The plan holds each record as it may leave (:func:`~mseflow.records.hris_gate.exported_view`),
    and the ledger's hash is the hash of that.

    ``since`` limits the new and changed records to those processed at or after it;
    retractions are always judged over the whole store (expiry needs no reprocessing).
    """
    ledger = _ledger(database)
    since_utc = None if since is None else _utc_text(since)
    plan = ExportPlan()
    for stored in stored_rows(database):
        row = StoredRecord(stored.record_id, stored.processed_at, exported_view(stored.record))
        verdict = judge_for_export(row.record, today, statuses)
        went_out = ledger.get(row.record_id)
        if not verdict.exportable:
            if went_out is not None and went_out[1] == "exported":
                plan.retractions.append((row, verdict.reason or "not_exported"))
            continue
        plan.in_force.append(row)
        if since_utc is not None and row.processed_at < since_utc:
            continue
        if went_out != (content_hash(row.record), "exported"):
            plan.upserts.append(row)
    return plan


def mark_retracted(database: Path, retracted: Iterable[tuple[str, str]]) -> int:
    """Remember that these ``(record_id, reason)`` were retracted."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    values = [(now, reason, rid) for rid, reason in retracted]
    with _connect(database) as conn:
        conn.executemany(
            "UPDATE exports SET state = 'retracted', exported_at = ?, reason = ? "
            "WHERE record_id = ?",
            values,
        )
    return len(values)


def _utc_text(moment: dt.datetime) -> str:
    utc = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return utc.isoformat(timespec="seconds")


def mark_exported(database: Path, exported: Iterable[tuple[str, str]]) -> int:
    """Remember that these ``(record_id, content_hash)`` pairs went out."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    values = [(rid, digest, now) for rid, digest in exported]
    with _connect(database) as conn:
        conn.executemany(
            "INSERT INTO exports (record_id, content_hash, exported_at, state, reason) "
            "VALUES (?, ?, ?, 'exported', NULL) ON CONFLICT(record_id) DO UPDATE SET "
            "content_hash=excluded.content_hash, exported_at=excluded.exported_at, "
            "state='exported', reason=NULL",
            values,
        )
    return len(values)


def _ledger(database: Path) -> dict[str, tuple[str, str]]:
    """``record_id -> (content_hash, state)`` of everything that went out."""
    with _connect(database) as conn:
        rows = conn.execute("SELECT record_id, content_hash, state FROM exports").fetchall()
    return {rid: (digest, state) for rid, digest, state in rows}


def _add_columns(conn: sqlite3.Connection) -> None:
    have = {row[1] for row in conn.execute("PRAGMA table_info(exports)")}
    for name, ddl in ADDED_COLUMNS.items():
        if name not in have:
            conn.execute(f"ALTER TABLE exports ADD COLUMN {name} {ddl}")


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
            _add_columns(conn)
            yield conn
    except sqlite3.Error as exc:
        raise OutputError(f"cannot use the records database {database}: {exc}") from exc
    finally:
        conn.close()
