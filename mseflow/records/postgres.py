"""PostgreSQL sink: typed tables for the HR system, in a schema of their own, with migrations.

Needs psycopg 3 (``psycopg[binary]``). In schema ``mseflow`` (``--pg-schema``):

* ``documents`` — one row per exported document: typed columns (dates as DATE,
  group and degree as SMALLINT, booleans, TEXT[] lists, status, review status,
  pipeline version), ``in_force`` (false once retracted, with ``retraction_reason``),
  the employee key and personnel number, and the whole record as JSONB;
* ``obligations`` — one row per obligation of a document in force;
* ``review_history`` — every decision of the review station, one row per decision and
  per field (append-only: a trigger refuses UPDATE, DELETE and TRUNCATE), written by
  the station when ``MSEFLOW_REVIEW_DSN`` points here, and copied from
  ``records.sqlite`` by the feed otherwise (:mod:`mseflow.records.pg_reviews`);
* ``reviews`` — a view: the latest decision per record, derived from ``review_history``;
* ``employees_current`` — a view: one row per person, current certificate and IPRA merged;
* ``schema_version`` — the migrations applied (forward only, under an advisory lock).

Every psycopg error becomes an :class:`~mseflow.errors.OutputError`; an unreachable
server a :class:`PostgresUnavailableError` (the flow retries that one). Messages
carry no values from the records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from mseflow.contract import Record
from mseflow.errors import ConfigError, MissingDependencyError, OutputError
from mseflow.records.csv_export import content_hash
from mseflow.records.hris_tables import Person

if TYPE_CHECKING:
    from mseflow.records.reviews import ReviewRow, RowValues

DEFAULT_SCHEMA = "mseflow"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class PostgresUnavailableError(OutputError):
    """The PostgreSQL server cannot be reached or dropped the connection (worth a retry)."""


_EMPLOYEES_VIEW = """WITH live AS (
    SELECT * FROM {s}.documents WHERE in_force AND employee_key IS NOT NULL
), cert AS (
    SELECT DISTINCT ON (employee_key) * FROM live WHERE doc_type = 'mse_certificate'
    ORDER BY employee_key, issue_date DESC NULLS LAST, updated_at DESC
), ipra AS (
    SELECT DISTINCT ON (employee_key) * FROM live WHERE doc_type = 'ipra'
    ORDER BY employee_key, issue_date DESC NULLS LAST, updated_at DESC
), people AS (
    SELECT employee_key FROM cert UNION SELECT employee_key FROM ipra
)
SELECT
    p.employee_key,
    COALESCE(c.personnel_number, i.personnel_number) AS personnel_number,
    COALESCE(c.snils, i.snils) AS snils,
    COALESCE(c.full_name, i.full_name) AS full_name,
    COALESCE(c.birth_date, i.birth_date) AS birth_date,
    COALESCE(c.disability_group, i.disability_group) AS disability_group,
    COALESCE(c.disability_cause, i.disability_cause) AS disability_cause,
    COALESCE(i.work_restriction_degree, c.work_restriction_degree) AS work_restriction_degree,
    COALESCE(c.established_date, i.established_date) AS established_date,
    CASE WHEN c.record_id IS NOT NULL THEN c.valid_until ELSE i.valid_until END AS valid_until,
    COALESCE(c.indefinite, i.indefinite) AS indefinite,
    COALESCE(c.reexamination_date, i.reexamination_date) AS reexamination_date,
    (COALESCE(c.incapable_of_work, FALSE) OR COALESCE(i.incapable_of_work, FALSE))
        AS incapable_of_work,
    CASE WHEN cardinality(i.contraindications) > 0 THEN i.contraindications
         ELSE COALESCE(c.contraindications, '{{}}') END AS contraindications,
    CASE WHEN cardinality(i.recommended_conditions) > 0 THEN i.recommended_conditions
         ELSE COALESCE(c.recommended_conditions, '{{}}') END AS recommended_conditions,
    CASE WHEN cardinality(i.available_work) > 0 THEN i.available_work
         ELSE COALESCE(c.available_work, '{{}}') END AS available_work,
    ARRAY(SELECT DISTINCT o.code FROM {s}.obligations o
          WHERE o.record_id IN (c.record_id, i.record_id) ORDER BY o.code) AS obligation_codes,
    c.record_id AS certificate_record_id,
    c.document_series AS certificate_series,
    c.document_number AS certificate_number,
    c.issue_date AS certificate_issue_date,
    i.record_id AS ipra_record_id,
    i.document_number AS ipra_number,
    i.issue_date AS ipra_issue_date/*appended*/
FROM people p
LEFT JOIN cert c ON c.employee_key = p.employee_key
LEFT JOIN ipra i ON i.employee_key = p.employee_key;
"""
"""The ``employees_current`` query; migrations append columns at ``/*appended*/`` (a view
replaced in place may only gain columns at its end)."""


MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "documents and obligations",
        """
CREATE TABLE {s}.documents (
    record_id               TEXT PRIMARY KEY,
    source_sha256           TEXT NOT NULL,
    pages                   INTEGER[] NOT NULL,
    doc_type                TEXT NOT NULL,
    status                  TEXT NOT NULL CHECK (status IN ('valid', 'needs_review', 'invalid')),
    review_status           TEXT CHECK (review_status IN ('confirmed', 'corrected', 'rejected')),
    in_force                BOOLEAN NOT NULL,
    retraction_reason       TEXT,
    employee_key            TEXT,
    personnel_number        TEXT,
    snils                   TEXT,
    full_name               TEXT,
    birth_date              DATE,
    document_series         TEXT,
    document_number         TEXT,
    issue_date              DATE,
    issuer                  TEXT,
    disability_group        SMALLINT CHECK (disability_group BETWEEN 1 AND 3),
    disability_cause        TEXT,
    work_restriction_degree SMALLINT CHECK (work_restriction_degree BETWEEN 1 AND 3),
    established_date        DATE,
    valid_until             DATE,
    indefinite              BOOLEAN NOT NULL,
    reexamination_date      DATE,
    incapable_of_work       BOOLEAN NOT NULL,
    contraindications       TEXT[] NOT NULL,
    recommended_conditions  TEXT[] NOT NULL,
    available_work          TEXT[] NOT NULL,
    confidence              DOUBLE PRECISION NOT NULL,
    pipeline_version        TEXT NOT NULL,
    content_hash            TEXT NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    record                  JSONB NOT NULL
);
CREATE INDEX documents_by_employee ON {s}.documents (employee_key);
CREATE INDEX documents_by_source ON {s}.documents (source_sha256);
CREATE INDEX documents_due ON {s}.documents (valid_until, reexamination_date) WHERE in_force;
CREATE TABLE {s}.obligations (
    record_id  TEXT NOT NULL REFERENCES {s}.documents (record_id) ON DELETE CASCADE,
    position   SMALLINT NOT NULL,
    code       TEXT NOT NULL,
    basis      TEXT NOT NULL,
    message    TEXT NOT NULL,
    PRIMARY KEY (record_id, code)
);
CREATE INDEX obligations_by_code ON {s}.obligations (code);
""",
    ),
    (
        2,
        "reviews and employees_current",
        """
CREATE TABLE {s}.reviews (
    id          BIGSERIAL PRIMARY KEY,
    record_id   TEXT NOT NULL,
    field       TEXT,
    old_value   JSONB,
    new_value   JSONB,
    decision    TEXT NOT NULL,
    reviewer    TEXT,
    decided_at  TIMESTAMPTZ NOT NULL,
    comment     TEXT
);
CREATE UNIQUE INDEX reviews_once ON {s}.reviews (record_id, decided_at, decision, (COALESCE(field, '')));
CREATE VIEW {s}.employees_current AS
"""
        + _EMPLOYEES_VIEW.replace("/*appended*/", "")
        + """""",
    ),
    (
        3,
        "append-only review_history; reviews becomes its latest-decision view",
        """
CREATE TABLE {s}.review_history (
    review_id   BIGSERIAL PRIMARY KEY,
    decision_id TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('accept', 'correct', 'reject')),
    field       TEXT,
    old_value   JSONB,
    new_value   JSONB,
    reviewer    TEXT NOT NULL,
    decided_at  TIMESTAMPTZ NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX review_history_once ON {s}.review_history (decision_id, (COALESCE(field, '')));
CREATE INDEX review_history_by_record ON {s}.review_history (record_id, decided_at, review_id);
CREATE FUNCTION {s}.review_history_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'review_history is append-only: ' || TG_OP || ' refused',
        HINT = 'a decision is changed by appending a newer one';
END
$$;
CREATE TRIGGER review_history_append_only BEFORE UPDATE OR DELETE ON {s}.review_history
    FOR EACH ROW EXECUTE FUNCTION {s}.review_history_refuse();
CREATE TRIGGER review_history_no_truncate BEFORE TRUNCATE ON {s}.review_history
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.review_history_refuse();
INSERT INTO {s}.review_history (decision_id, record_id, decision, field, reviewer, decided_at, comment)
SELECT 'reviews-v2:' || id, record_id,
       CASE decision WHEN 'confirmed' THEN 'accept' WHEN 'corrected' THEN 'correct' ELSE 'reject' END,
       NULL, COALESCE(reviewer, ''), decided_at, COALESCE(comment, '')
FROM {s}.reviews
WHERE field IS NULL AND decision IN ('confirmed', 'corrected', 'rejected')
ORDER BY decided_at, id;
ALTER TABLE {s}.reviews RENAME TO reviews_v2;
ALTER INDEX {s}.reviews_once RENAME TO reviews_v2_once;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM {s}.reviews_v2) THEN DROP TABLE {s}.reviews_v2; END IF;
END $$;
CREATE VIEW {s}.reviews AS
SELECT DISTINCT ON (record_id)
    review_id AS id, record_id, field, old_value, new_value,
    CASE decision WHEN 'accept' THEN 'confirmed' WHEN 'correct' THEN 'corrected'
         ELSE 'rejected' END AS decision,
    reviewer, decided_at, comment, decision_id
FROM {s}.review_history
WHERE field IS NULL
ORDER BY record_id, decided_at DESC, review_id DESC;
""",
    ),
    (
        4,
        "documents.disabled_child; employees_current.disabled_child",
        """
ALTER TABLE {s}.documents ADD COLUMN disabled_child BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE {s}.documents SET disabled_child = COALESCE((record->>'disabled_child')::boolean, FALSE);
CREATE OR REPLACE VIEW {s}.employees_current AS
"""
        + _EMPLOYEES_VIEW.replace(
            "/*appended*/",
            ",\n    (COALESCE(c.disabled_child, FALSE) OR COALESCE(i.disabled_child, FALSE))"
            " AS disabled_child",
        ),
    ),
)
"""Forward migrations ``(version, description, SQL)``; ``{s}`` is the quoted schema name."""

SCHEMA_VERSION: int = MIGRATIONS[-1][0]

_DOCUMENT_FIELDS = (
    "full_name", "birth_date", "document_series", "document_number", "issue_date", "issuer",
    "disability_group", "disability_cause", "work_restriction_degree", "established_date",
    "valid_until", "indefinite", "reexamination_date", "incapable_of_work",
    "contraindications", "recommended_conditions", "available_work", "confidence",
    "pipeline_version", "disabled_child",
)  # fmt: skip
_COLUMNS = (
    "record_id", "source_sha256", "pages", "doc_type", "status", "review_status", "in_force",
    "retraction_reason", "employee_key", "personnel_number", "snils", *_DOCUMENT_FIELDS,
    "content_hash", "record",
)  # fmt: skip


@dataclass(frozen=True)
class PgDocument:
    """One document as the feed sends it: in force, or retracted with a reason."""

    record_id: str
    record: Record
    person: Person = Person()
    in_force: bool = True
    reason: str | None = None


def check_schema_name(schema: str) -> str:
    """``schema`` when it is a plain identifier; ConfigError otherwise."""
    if not _IDENTIFIER.match(schema):
        raise ConfigError(f"not a plain PostgreSQL schema name: {schema!r} (letters, digits, _)")
    return schema


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a declared dependency
        raise MissingDependencyError(
            "PostgreSQL output needs psycopg: pip install 'psycopg[binary]'"
        ) from exc
    return psycopg


def _sql(text: str, schema: str) -> Any:
    from psycopg import sql

    return sql.SQL(text).format(s=sql.Identifier(schema))


def migrate(conn: Any, schema: str = DEFAULT_SCHEMA, target: int | None = None) -> int:
    """Create ``schema`` and apply the missing migrations up to ``target``; return the version.

    Runs in the caller's transaction under an advisory lock, so two feeds never
    migrate at once. A database newer than this code is refused.
    """
    check_schema_name(schema)
    target = SCHEMA_VERSION if target is None else target
    conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"mseflow:{schema}",))
    conn.execute(_sql("CREATE SCHEMA IF NOT EXISTS {s}", schema))
    conn.execute(
        _sql(
            "CREATE TABLE IF NOT EXISTS {s}.schema_version (version INTEGER PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
            schema,
        )
    )
    row = conn.execute(_sql("SELECT max(version) FROM {s}.schema_version", schema)).fetchone()
    current = int(row[0] or 0)
    if current > SCHEMA_VERSION:
        raise OutputError(
            f"PostgreSQL schema {schema} is at version {current}, newer than this mseflow "
            f"({SCHEMA_VERSION}): upgrade mseflow"
        )
    for version, description, text in MIGRATIONS:
        if current < version <= target:
            conn.execute(_sql(text, schema))
            conn.execute(
                _sql(
                    "INSERT INTO {s}.schema_version (version, description) VALUES (%s, %s)", schema
                ),
                (version, description),
            )
            current = version
    return current


def _document_values(doc: PgDocument) -> tuple[Any, ...]:
    from psycopg.types.json import Jsonb

    record = doc.record
    fields = [getattr(record, name) for name in _DOCUMENT_FIELDS]
    return (
        doc.record_id, record.source_sha256, list(record.pages), str(record.doc_type),
        str(record.validation.status), record.review.status, doc.in_force, doc.reason,
        doc.person.employee_key, doc.person.personnel_number, record.snils, *fields,
        content_hash(record), Jsonb(record.to_json_dict()),
    )  # fmt: skip


def _upsert_sql(schema: str) -> Any:
    columns = ", ".join(_COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c != "record_id")
    return _sql(
        f"INSERT INTO {{s}}.documents ({columns}) VALUES ({marks}) "
        f"ON CONFLICT (record_id) DO UPDATE SET {updates}, updated_at = now()",
        schema,
    )


HISTORY_INSERT = (
    "INSERT INTO {s}.review_history (decision_id, record_id, decision, field, old_value, "
    "new_value, reviewer, decided_at, comment) "
    "VALUES (%s, %s, %s, %s, %s::jsonb, %s::jsonb, %s, %s, %s) "
    "ON CONFLICT (decision_id, (COALESCE(field, ''))) DO NOTHING"
)
"""Append rows to ``review_history``; a row already there (same decision and field) is kept."""


def insert_history(cursor: Any, schema: str, values: Sequence[RowValues]) -> None:
    """Append ``values`` (:data:`~mseflow.records.reviews.RowValues`) to ``review_history``."""
    cursor.executemany(_sql(HISTORY_INSERT, schema), list(values))


def _history_values(docs: Sequence[PgDocument], history: Sequence[ReviewRow]) -> list[RowValues]:
    """The given history, and for a reviewed document without one, its ``record.review``.

    A record reviewed in a store whose rows were not given still gets its decision
    into ``review_history`` (once: its decision id is the record id and the time),
    so the ``reviews`` view always agrees with ``documents.review_status``.
    """
    from mseflow.records.reviews import DECISION_OF, row_values

    values = [row_values(row) for row in history]
    given = {row.record_id for row in history}
    for doc in docs:
        review = doc.record.review
        if doc.record_id in given or review.status is None or review.at is None:
            continue
        at = review.at.astimezone(UTC)
        values.append((
            f"record-review:{doc.record_id}:{at.isoformat()}", doc.record_id,
            str(DECISION_OF[review.status]), None, None, None, review.by or "", at, "",
        ))  # fmt: skip
    return values


def _write(
    conn: Any, docs: Sequence[PgDocument], schema: str, history: Sequence[ReviewRow] = ()
) -> None:
    with conn.cursor() as cursor:
        cursor.executemany(_upsert_sql(schema), [_document_values(d) for d in docs])
        cursor.executemany(
            _sql("DELETE FROM {s}.obligations WHERE record_id = %s", schema),
            [(d.record_id,) for d in docs],
        )
        obligations = [
            (d.record_id, position, o.code, o.basis, o.message)
            for d in docs
            if d.in_force
            for position, o in enumerate(d.record.obligations, start=1)
        ]
        cursor.executemany(
            _sql("INSERT INTO {s}.obligations VALUES (%s, %s, %s, %s, %s)", schema), obligations
        )
        insert_history(cursor, schema, _history_values(docs, history))


def _rekey(conn: Any, people: Iterable[tuple[str, Person]], schema: str) -> None:
    values = [(p.employee_key, p.personnel_number, rid) for rid, p in people]
    with conn.cursor() as cursor:
        cursor.executemany(
            _sql(
                "UPDATE {s}.documents SET employee_key = %s, personnel_number = %s "
                "WHERE record_id = %s AND in_force",
                schema,
            ),
            values,
        )


def _reason(exc: Exception) -> str:
    first = str(exc).strip().splitlines()
    return first[0] if first else exc.__class__.__name__


@contextmanager
def pg_errors(action: str) -> Iterator[None]:
    """psycopg errors as ours: unreachable -> :class:`PostgresUnavailableError`, else
    :class:`OutputError` with the SQLSTATE (never a value from a record)."""
    psycopg = _psycopg()
    try:
        yield
    except psycopg.OperationalError as exc:
        raise PostgresUnavailableError(f"cannot reach PostgreSQL: {_reason(exc)}") from exc
    except psycopg.Error as exc:
        raise OutputError(
            f"cannot {action} PostgreSQL: {exc.__class__.__name__} (SQLSTATE {exc.sqlstate})"
        ) from exc


def write_documents(
    dsn: str,
    docs: Sequence[PgDocument],
    schema: str = DEFAULT_SCHEMA,
    people: Iterable[tuple[str, Person]] = (),
    history: Sequence[ReviewRow] = (),
) -> int:
    """Migrate, then upsert ``docs`` (and their obligations and reviews) in one transaction.

    ``people``: ``(record_id, person)`` of every document in force, so the employee keys
    and personnel numbers of documents not sent this time follow the current grouping.
    ``history``: the review rows of ``docs`` from the review store; they are appended
    to ``review_history`` (rows already there are kept as they are).
    """
    psycopg = _psycopg()
    check_schema_name(schema)
    with pg_errors("write to"), psycopg.connect(dsn, connect_timeout=10) as conn:
        migrate(conn, schema)
        _write(conn, docs, schema, history)
        _rekey(conn, people, schema)
    return len(docs)


def upsert_postgres(
    dsn: str, rows: Iterable[tuple[str, Record]], schema: str = DEFAULT_SCHEMA
) -> int:
    """Upsert ``(record_id, record)`` pairs as documents in force; return the count."""
    return write_documents(dsn, [PgDocument(rid, record) for rid, record in rows], schema)
