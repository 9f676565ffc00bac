"""PostgreSQL sink: a ``records`` table with JSONB columns, upserted by document identity.

Needs psycopg 3 (``psycopg[binary]``). The record as a whole goes to ``record``
(JSONB); the columns HR queries filter on are kept beside it, and ``obligations``
and ``validation`` have JSONB columns of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mseflow.contract import Record
from mseflow.errors import MissingDependencyError, OutputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    record_id         TEXT PRIMARY KEY,
    source_sha256     TEXT NOT NULL,
    pages             JSONB NOT NULL,
    doc_type          TEXT NOT NULL,
    status            TEXT NOT NULL,
    pipeline_version  TEXT NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    validation        JSONB NOT NULL,
    obligations       JSONB NOT NULL,
    record            JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS records_by_source ON records (source_sha256);
"""

UPSERT = """
INSERT INTO records (record_id, source_sha256, pages, doc_type, status, pipeline_version,
                     validation, obligations, record)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (record_id) DO UPDATE SET
    source_sha256 = EXCLUDED.source_sha256, pages = EXCLUDED.pages,
    doc_type = EXCLUDED.doc_type, status = EXCLUDED.status,
    pipeline_version = EXCLUDED.pipeline_version, updated_at = now(),
    validation = EXCLUDED.validation, obligations = EXCLUDED.obligations,
    record = EXCLUDED.record
"""


def _row(record_id: str, record: Record) -> tuple[Any, ...]:
    from psycopg.types.json import Jsonb

    data = record.to_json_dict()
    return (
        record_id,
        record.source_sha256,
        Jsonb(record.pages),
        str(record.doc_type),
        str(record.validation.status),
        record.pipeline_version,
        Jsonb(data["validation"]),
        Jsonb(data["obligations"]),
        Jsonb(data),
    )


def upsert_postgres(dsn: str, rows: Iterable[tuple[str, Record]]) -> int:
    """Create the table if needed and upsert ``(record_id, record)`` pairs; return the count."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a declared dependency
        raise MissingDependencyError(
            "PostgreSQL output needs psycopg: pip install 'psycopg[binary]'"
        ) from exc
    values = [_row(rid, record) for rid, record in rows]
    try:
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            conn.execute(SCHEMA)
            with conn.cursor() as cursor:
                cursor.executemany(UPSERT, values)
    except psycopg.OperationalError:
        raise
    except psycopg.Error as exc:
        raise OutputError(f"cannot write to PostgreSQL: {exc.__class__.__name__}") from exc
    return len(values)
