"""``hris_feed``: export new or changed records for the HR system, each one exactly once.

Writes ``EXPORT/hris-<UTC time>.csv`` (columns: :data:`mseflow.records.csv_export.HRIS_COLUMNS`)
and a ``.jsonl`` twin with the full records and obligations, and upserts the same
records into PostgreSQL when a ``postgresql://`` DSN is given. The ``exports`` table in
``OUT/records.sqlite`` remembers what went out (see :mod:`mseflow.flows.ledger`).
Nothing is written when nothing is pending.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel

from mseflow.contract import DocType
from mseflow.flows.ledger import mark_exported, pending_exports
from mseflow.records.csv_export import content_hash, write_hris_csv, write_hris_jsonl
from mseflow.records.sqlite import StoredRecord

EXPORTED_DOC_TYPES: frozenset[str] = frozenset({DocType.mse_certificate, DocType.ipra})
"""Only documents HR acts on are exported (not ``other`` or ``unreadable``)."""

DEFAULT_STATUSES: tuple[str, ...] = ("valid", "needs_review")
"""Validation statuses exported by default; ``invalid`` records stay for review in the store."""


class ExportSummary(BaseModel):
    """What one feed run exported (counts and file paths only)."""

    exported: int = 0
    csv_path: Path | None = None
    jsonl_path: Path | None = None
    postgres_rows: int = 0


def _retry_on_connection(task: Any, task_run: Any, state: Any) -> bool:
    import psycopg

    return isinstance(state.result(raise_on_failure=False), psycopg.OperationalError)


@task(name="upsert-postgres", persist_result=False, cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=5.0, retry_condition_fn=_retry_on_connection)  # fmt: skip
def upsert_postgres_task(dsn: str, database: Path, record_ids: list[str]) -> int:
    """Upsert the exported records into PostgreSQL (reads them from the store, returns a count)."""
    from mseflow.flows.ledger import stored_rows
    from mseflow.records.postgres import upsert_postgres

    wanted = set(record_ids)
    rows = [(r.record_id, r.record) for r in stored_rows(database) if r.record_id in wanted]
    return upsert_postgres(dsn, rows)


@task(name="write-hris-files", persist_result=False, cache_policy=NO_CACHE)
def write_files_task(
    database: Path, export_dir: Path, since: dt.datetime | None, bom: bool, statuses: list[str]
) -> tuple[list[tuple[str, str]], Path | None, Path | None]:
    """Write the pending records to CSV and JSON Lines.

    Returns ``(record_id, content_hash)`` of each and the two paths; nothing is marked
    exported yet (that waits until every sink succeeded).
    """
    pending = [row for row in pending_exports(database, since) if _exportable(row, statuses)]
    if not pending:
        return [], None, None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    pairs = [(row.record_id, row.record) for row in pending]
    csv_path, jsonl_path = export_dir / f"hris-{stamp}.csv", export_dir / f"hris-{stamp}.jsonl"
    write_hris_csv(pairs, csv_path, bom=bom)
    write_hris_jsonl(pairs, jsonl_path)
    return [(row.record_id, content_hash(row.record)) for row in pending], csv_path, jsonl_path


def _exportable(row: StoredRecord, statuses: list[str]) -> bool:
    record = row.record
    return record.doc_type in EXPORTED_DOC_TYPES and record.validation.status in statuses


@flow(name="hris-feed", persist_result=False, log_prints=False)
def hris_feed(
    out_dir: Path,
    export_dir: Path,
    db: str | None = None,
    since: dt.datetime | None = None,
    bom: bool = False,
    statuses: list[str] | None = None,
) -> ExportSummary:
    """Export records from ``OUT/records.sqlite`` not yet exported or changed since their export.

    ``db``: a ``postgresql://`` DSN to upsert the same records into (optional).
    ``since``: only consider records processed at or after this moment.
    """
    database = out_dir / "records.sqlite"
    exported, csv_path, jsonl_path = write_files_task(
        database, export_dir, since, bom, list(statuses or DEFAULT_STATUSES)
    )
    summary = ExportSummary(exported=len(exported), csv_path=csv_path, jsonl_path=jsonl_path)
    if db and exported:
        summary.postgres_rows = upsert_postgres_task(db, database, [rid for rid, _ in exported])
    mark_exported(database, exported)
    get_run_logger().info("exported %d record(s)", summary.exported)
    return summary
