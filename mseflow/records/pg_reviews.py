"""The review history in PostgreSQL: the ``review_history`` table, append-only.

The same rows and the same :class:`~mseflow.records.reviews.ReviewLog` interface as
the SQLite ``reviews`` table, in the schema of the HRIS tables (migration 3 of
:mod:`mseflow.records.postgres` creates it; a trigger refuses UPDATE, DELETE and
TRUNCATE). Chosen with ``MSEFLOW_REVIEW_DSN``; the ``reviews`` view beside it is the
latest decision of each record, derived from these rows.

Rows are read oldest first by decision time, then by insertion; a newer decision
wins, as in SQLite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Self

from mseflow.records.postgres import (
    DEFAULT_SCHEMA,
    PostgresUnavailableError,
    _psycopg,
    _reason,
    _sql,
    check_schema_name,
    insert_history,
    migrate,
    pg_errors,
)
from mseflow.records.reviews import Decision, ReviewRow, decision_values, parse_row, row_values

_SELECT = (
    "SELECT review_id, decision_id, record_id, decision, field, old_value::text, "
    "new_value::text, reviewer, decided_at, comment FROM {s}.review_history "
)
_ORDER = " ORDER BY decided_at, review_id"


class PgReviewStore:
    """``review_history`` in schema ``schema`` of the database at ``dsn``.

    ``create``: apply the migrations when the table is missing (the review station
    does); without it a missing table reads as no decisions (a run never creates
    tables just to read).
    """

    def __init__(self, dsn: str, schema: str = DEFAULT_SCHEMA, *, create: bool = True) -> None:
        psycopg = _psycopg()
        self.schema = check_schema_name(schema)
        with pg_errors("open the review history in"):
            try:
                self._conn = psycopg.connect(dsn, connect_timeout=10, autocommit=True)
            except psycopg.OperationalError as exc:
                raise PostgresUnavailableError(
                    f"cannot reach PostgreSQL for the review history (MSEFLOW_REVIEW_DSN): "
                    f"{_reason(exc)}"
                ) from exc
            try:
                if create:
                    with self._conn.transaction():
                        migrate(self._conn, schema)
                    self._ready = True
                else:
                    self._ready = self._exists()
            except BaseException:
                self._conn.close()
                raise

    def _exists(self) -> bool:
        row = self._conn.execute(
            "SELECT to_regclass(%s)", (f'"{self.schema}".review_history',)
        ).fetchone()
        return row is not None and row[0] is not None

    def append(
        self,
        record: str,
        decision: Decision,
        changes: Mapping[str, tuple[Any, Any]],
        reviewer: str,
        comment: str = "",
        at: dt.datetime | None = None,
    ) -> list[ReviewRow]:
        """Write one decision (in one transaction): a record-level row and one per field."""
        values = decision_values(record, decision, changes, reviewer, comment, at)
        self.copy_values(values)
        return self._select("WHERE decision_id = %s", [values[0][0]])

    def copy_rows(self, rows: Iterable[ReviewRow]) -> None:
        """Append rows of another store, keeping their decision ids and times (idempotent)."""
        self.copy_values([row_values(row) for row in rows])

    def copy_values(self, values: Sequence[Any]) -> None:
        """Append row values in one transaction; rows already there are kept as they are."""
        if not values:
            return
        with (
            pg_errors("write the review history to"),
            self._conn.transaction(),
            self._conn.cursor() as cursor,
        ):
            insert_history(cursor, self.schema, values)
        self._ready = True

    def history(self, record: str) -> list[ReviewRow]:
        """The rows of one record, oldest first."""
        return self.histories([record]).get(record, [])

    def histories(self, record_ids: Iterable[str]) -> dict[str, list[ReviewRow]]:
        """Rows per record id, oldest first (ids with no rows are absent)."""
        ids = list(dict.fromkeys(record_ids))
        found: dict[str, list[ReviewRow]] = {}
        if not ids:
            return found
        for row in self._select("WHERE record_id = ANY(%s)", [ids]):
            found.setdefault(row.record_id, []).append(row)
        return found

    def all_rows(self) -> list[ReviewRow]:
        """Every row, oldest first (the audit trail)."""
        return self._select("", [])

    def latest_decisions(self) -> dict[str, ReviewRow]:
        """The latest record-level row of every reviewed record (what the ``reviews`` view shows)."""
        rows = self._select("WHERE field IS NULL", [])
        return {row.record_id: row for row in rows}  # oldest first: the last one stays

    def _select(self, where: str, params: Sequence[Any]) -> list[ReviewRow]:
        if not self._ready:
            return []
        with pg_errors("read the review history from"):
            found = self._conn.execute(_sql(_SELECT + where + _ORDER, self.schema), params)
            return [parse_row(values) for values in found.fetchall()]

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
