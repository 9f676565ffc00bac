"""Review decisions as data: an append-only history, in SQLite or PostgreSQL.

Each decision a person makes in the review station (accept, correct, reject) is
written as rows that are never updated or deleted (the database refuses it):
one row for the record as a whole (``field`` is NULL) and one per field whose
value the person confirmed or corrected, with the old and the new value as JSON.

Two stores give the same :class:`ReviewLog` interface: :class:`ReviewStore`, the
``reviews`` table of ``records.sqlite`` (the default), and
:class:`~mseflow.records.pg_reviews.PgReviewStore`, the ``review_history`` table in
PostgreSQL (when ``MSEFLOW_REVIEW_DSN`` is set); :func:`open_review_log` picks one.

:func:`apply_history` folds a record's rows into the record: a confirmed or
corrected value wins over what extraction found, and ``record.review`` says who
decided what and when. :func:`apply_reviews` does it for a batch; the pipeline
calls it before validation, so a re-run of the same file (same sha256 and pages)
keeps the person's values and is validated with them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

from mseflow.contract import Evidence, Record, Review, ReviewStatus
from mseflow.errors import OutputError
from mseflow.records.sqlite import create_private_database, record_id

if TYPE_CHECKING:
    from mseflow.settings import ReviewStoreSettings

REVIEWS_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    review_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('accept', 'correct', 'reject')),
    field        TEXT,
    old_value    TEXT CHECK (old_value IS NULL OR json_valid(old_value)),
    new_value    TEXT CHECK (new_value IS NULL OR json_valid(new_value)),
    reviewer     TEXT NOT NULL,
    at           TEXT NOT NULL,
    comment      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS reviews_by_record ON reviews (record_id, review_id);
CREATE TRIGGER IF NOT EXISTS reviews_append_only_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER IF NOT EXISTS reviews_append_only_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
"""

REVIEWABLE_FIELDS: tuple[str, ...] = (
    "full_name",
    "birth_date",
    "snils",
    "document_series",
    "document_number",
    "issue_date",
    "issuer",
    "disability_group",
    "disability_cause",
    "work_restriction_degree",
    "established_date",
    "valid_until",
    "indefinite",
    "reexamination_date",
    "incapable_of_work",
    "contraindications",
    "recommended_conditions",
    "available_work",
)
"""Record keys a person may confirm or correct (and that a decision may carry)."""


class Decision(StrEnum):
    """What a person decided about a record."""

    accept = "accept"
    correct = "correct"
    reject = "reject"


REVIEW_STATUS: dict[Decision, ReviewStatus] = {
    Decision.accept: ReviewStatus.confirmed,
    Decision.correct: ReviewStatus.corrected,
    Decision.reject: ReviewStatus.rejected,
}
DECISION_OF: dict[ReviewStatus, Decision] = {v: k for k, v in REVIEW_STATUS.items()}


@dataclass(frozen=True)
class ReviewRow:
    """One row of the ``reviews`` table; ``field`` is None for the record-level row."""

    review_id: int
    decision_id: str
    record_id: str
    decision: Decision
    field: str | None
    old_value: Any
    new_value: Any
    reviewer: str
    at: dt.datetime
    comment: str

    def to_json_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (``at`` in ISO 8601, UTC)."""
        return {
            "review_id": self.review_id,
            "decision_id": self.decision_id,
            "record_id": self.record_id,
            "decision": str(self.decision),
            "field": self.field,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "reviewer": self.reviewer,
            "at": self.at.isoformat(),
            "comment": self.comment,
        }


class ReviewSource(Protocol):
    """Anything that gives the review rows of records (the SQLite or PostgreSQL store)."""

    def histories(self, record_ids: Iterable[str]) -> dict[str, list[ReviewRow]]:
        """Rows per record id, oldest first; ids without rows are absent."""
        ...


class ReviewLog(ReviewSource, Protocol):
    """An append-only review history: what the review station and the runs use."""

    def append(
        self,
        record: str,
        decision: Decision,
        changes: Mapping[str, tuple[Any, Any]],
        reviewer: str,
        comment: str = "",
        at: dt.datetime | None = None,
    ) -> list[ReviewRow]:
        """Write one decision: a record-level row and a row per ``field -> (old, new)``."""
        ...

    def history(self, record: str) -> list[ReviewRow]:
        """The rows of one record, oldest first."""
        ...

    def all_rows(self) -> list[ReviewRow]:
        """Every row, oldest first (the audit trail)."""
        ...

    def latest_decisions(self) -> dict[str, ReviewRow]:
        """The latest record-level row of every reviewed record."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


RowValues = tuple[str, str, str, str | None, str | None, str | None, str, dt.datetime, str]
"""``(decision_id, record_id, decision, field, old JSON, new JSON, reviewer, at, comment)``."""


def decision_values(
    record: str,
    decision: Decision,
    changes: Mapping[str, tuple[Any, Any]],
    reviewer: str,
    comment: str = "",
    at: dt.datetime | None = None,
) -> list[RowValues]:
    """The rows of one new decision (a fresh ``decision_id``; ``at`` in UTC, default now)."""
    moment = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    decision_id = uuid.uuid4().hex
    values = [(None, None, None)] + [
        (name, _dump(old), _dump(new)) for name, (old, new) in changes.items()
    ]
    return [
        (decision_id, record, str(decision), name, old, new, reviewer, moment, comment)
        for name, old, new in values
    ]


def row_values(row: ReviewRow) -> RowValues:
    """An existing row as values to write elsewhere (copying a history keeps its ids)."""
    return (
        row.decision_id, row.record_id, str(row.decision), row.field,
        None if row.field is None else _dump(row.old_value),
        None if row.field is None else _dump(row.new_value),
        row.reviewer, row.at.astimezone(dt.UTC), row.comment,
    )  # fmt: skip


def parse_row(values: Sequence[Any]) -> ReviewRow:
    """A row from ``(review_id, decision_id, record_id, decision, field, old JSON, new JSON,
    reviewer, at, comment)``; ``at`` as a datetime or ISO 8601 text."""
    rid, decision_id, record, decision, name, old, new, reviewer, at, comment = values
    moment = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
    return ReviewRow(
        review_id=rid,
        decision_id=decision_id,
        record_id=record,
        decision=Decision(decision),
        field=name,
        old_value=None if old is None else json.loads(old),
        new_value=None if new is None else json.loads(new),
        reviewer=reviewer,
        at=moment.astimezone(dt.UTC),
        comment=comment or "",
    )


class ReviewStore:
    """The ``reviews`` table in the records database at ``path`` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_private_database(path)  # 0600 from the start, as the records store does
            self._conn = sqlite3.connect(path, timeout=30.0)
            self._conn.executescript(REVIEWS_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the reviews table in {path}: {exc}") from exc

    def append(
        self,
        record: str,
        decision: Decision,
        changes: Mapping[str, tuple[Any, Any]],
        reviewer: str,
        comment: str = "",
        at: dt.datetime | None = None,
    ) -> list[ReviewRow]:
        """Write one decision: a record-level row and a row per ``field -> (old, new)``."""
        values = decision_values(record, decision, changes, reviewer, comment, at)
        decision_id = values[0][0]
        rows = [(*v[:7], v[7].isoformat(), v[8]) for v in values]
        try:
            with self._conn:
                self._conn.executemany(
                    "INSERT INTO reviews (decision_id, record_id, decision, field, old_value, "
                    "new_value, reviewer, at, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write the reviews table in {self.path}: {exc}") from exc
        return [r for r in self.history(record) if r.decision_id == decision_id]

    def history(self, record: str) -> list[ReviewRow]:
        """The rows of one record, oldest first."""
        return self.histories([record]).get(record, [])

    def histories(self, record_ids: Iterable[str]) -> dict[str, list[ReviewRow]]:
        """Rows per record id, oldest first (ids with no rows are absent)."""
        ids = list(dict.fromkeys(record_ids))
        found: dict[str, list[ReviewRow]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._select(f"WHERE record_id IN ({marks})", chunk):
                found.setdefault(row.record_id, []).append(row)
        return found

    def all_rows(self) -> list[ReviewRow]:
        """Every row, oldest first (the audit trail)."""
        return self._select("", [])

    def latest_decisions(self) -> dict[str, ReviewRow]:
        """The latest record-level row of every reviewed record."""
        rows = self._select(
            "WHERE field IS NULL AND review_id IN "
            "(SELECT MAX(review_id) FROM reviews WHERE field IS NULL GROUP BY record_id)",
            [],
        )
        return {row.record_id: row for row in rows}

    def _select(self, where: str, params: Sequence[str]) -> list[ReviewRow]:
        query = (
            "SELECT review_id, decision_id, record_id, decision, field, old_value, new_value, "
            f"reviewer, at, comment FROM reviews {where} ORDER BY review_id"
        )
        try:
            found = self._conn.execute(query, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise OutputError(f"cannot read the reviews table in {self.path}: {exc}") from exc
        return [parse_row(values) for values in found]

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def reviewed_values(rows: Iterable[ReviewRow]) -> dict[str, Any]:
    """Per field, the latest value a person confirmed or corrected."""
    return {row.field: row.new_value for row in rows if row.field in REVIEWABLE_FIELDS}


def apply_history(record: Record, rows: Sequence[ReviewRow]) -> Record:
    """A copy of ``record`` with the person's values in place and ``review`` set.

    Values a person confirmed or corrected replace the extracted ones (their
    evidence keeps the page and box, at confidence 1); the latest record-level
    decision sets ``review``. With no rows the record comes back unchanged.
    """
    if not rows:
        return record
    data = record.model_dump(mode="json")
    values = reviewed_values(rows)
    data.update(values)
    evidence = data.setdefault("evidence", {})
    for name in values:
        seen = Evidence.model_validate(evidence.get(name) or {})
        evidence[name] = {**seen.model_dump(mode="json"), "confidence": 1.0, "source": "review"}
    decisions = [row for row in rows if row.field is None]
    if decisions:
        last = decisions[-1]
        data["review"] = Review(
            status=REVIEW_STATUS[last.decision], by=last.reviewer, at=last.at
        ).model_dump(mode="json")
    return Record.model_validate(data)


def apply_reviews(records: Sequence[Record], source: ReviewSource) -> list[Record]:
    """:func:`apply_history` over a batch, reading the rows of all its records at once."""
    histories = source.histories(record_id(r) for r in records)
    return [apply_history(r, histories.get(record_id(r), [])) for r in records]


def open_review_log(
    database: Path, reviews: ReviewStoreSettings | None = None, *, create: bool = True
) -> ReviewLog:
    """The review history the settings choose: PostgreSQL when ``reviews.dsn`` is set,
    else the ``reviews`` table of ``database`` (``records.sqlite``).

    ``create``: make the table when it is missing (the SQLite file, or the PostgreSQL
    migrations); readers that must not create anything pass False.
    """
    if reviews is not None and reviews.dsn is not None:
        from mseflow.records.pg_reviews import PgReviewStore

        return PgReviewStore(reviews.dsn.get_secret_value(), reviews.pg_schema, create=create)
    return ReviewStore(Path(database))


def check_review_source(database: Path | None, reviews: ReviewStoreSettings | None) -> None:
    """Raise now, before any file is read, when the PostgreSQL history cannot be reached
    (:class:`~mseflow.records.postgres.PostgresUnavailableError`); nothing for SQLite."""
    if database is not None and reviews is not None and reviews.dsn is not None:
        open_review_log(Path(database), reviews, create=False).close()


def history_of(
    database: Path, record_ids: Iterable[str], reviews: ReviewStoreSettings | None = None
) -> list[ReviewRow]:
    """The rows of ``record_ids`` from the history the settings choose, each record's oldest
    first (what the HRIS feed copies into PostgreSQL's ``review_history``)."""
    ids = list(record_ids)
    postgres = reviews is not None and reviews.dsn is not None
    if not ids or (not postgres and not Path(database).exists()):
        return []
    with open_review_log(Path(database), reviews, create=False) as log:
        found = log.histories(ids)
    return [row for rid in ids for row in found.get(rid, [])]


def apply_reviews_from(
    records: Sequence[Record], database: Path | None, reviews: ReviewStoreSettings | None = None
) -> list[Record]:
    """:func:`apply_reviews` with the history the settings choose (nothing when ``database``
    is None).

    Nothing is created here: a ``records.sqlite`` that does not exist yet, or a
    PostgreSQL schema not migrated yet, has no decisions. An unreachable PostgreSQL
    raises :class:`~mseflow.records.postgres.PostgresUnavailableError`: a run never
    silently loses a person's corrections.
    """
    if database is None or not records:
        return list(records)
    postgres = reviews is not None and reviews.dsn is not None
    if not postgres and not Path(database).exists():
        return list(records)
    with open_review_log(Path(database), reviews, create=False) as log:
        return apply_reviews(records, log)
