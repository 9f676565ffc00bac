"""The review history in a real PostgreSQL: append-only, read by the station and by re-runs.

Needs ``MSEFLOW_TEST_PG_DSN`` (``scripts/test.sh`` starts a throwaway server when
Debian's PostgreSQL is installed, as in CI); each test gets a schema of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from mseflow.cli import main
from mseflow.errors import ExitCode, OutputError
from mseflow.records.pg_reviews import PgReviewStore
from mseflow.records.postgres import PgDocument, migrate, write_documents
from mseflow.records.reviews import Decision, ReviewStore, history_of
from mseflow.records.sqlite import SqliteStore, StoredRecord
from mseflow.review.app import create_app
from mseflow.settings import ReviewStoreSettings, Settings

from .conftest import LOOPBACK, Workspace, csrf_of, process, review_config

PG_DSN = os.environ.get("MSEFLOW_TEST_PG_DSN")
pytestmark = pytest.mark.postgres


@pytest.fixture
def pg() -> Iterator[ReviewStoreSettings]:
    """Review-store settings pointing at a fresh schema of the test server (dropped after)."""
    import psycopg

    if not PG_DSN:
        pytest.skip("MSEFLOW_TEST_PG_DSN not set (scripts/test.sh starts a PostgreSQL server)")
    schema = f"review_{uuid.uuid4().hex[:8]}"
    try:
        yield ReviewStoreSettings(dsn=PG_DSN, pg_schema=schema)
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _store(pg: ReviewStoreSettings) -> PgReviewStore:
    assert pg.dsn is not None
    return PgReviewStore(pg.dsn.get_secret_value(), pg.pg_schema)


def _invalid_certificate(workspace: Workspace) -> StoredRecord:
    with SqliteStore(workspace.database) as store:
        rows = store.rows()
    [row] = [r for r in rows if r.record.source_path.endswith("certificate-invalid-term.pdf")]
    return row


def test_history_is_append_only_and_the_view_shows_the_latest(pg: ReviewStoreSettings) -> None:
    import psycopg

    rid = "a" * 64 + ":1-1"
    at = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    with _store(pg) as store:
        first = store.append(
            rid, Decision.correct, {"disability_group": (3, 1)}, "Иванова", "скан", at
        )
        store.append(rid, Decision.reject, {}, "Петрова", at=at + dt.timedelta(minutes=5))
        history = store.history(rid)
        latest = store.latest_decisions()
    assert [(r.field, r.old_value, r.new_value, r.decision) for r in first] == [
        (None, None, None, Decision.correct),
        ("disability_group", 3, 1, Decision.correct),
    ]
    assert [(r.decision, r.reviewer, r.at) for r in history if r.field is None] == [
        (Decision.correct, "Иванова", at),
        (Decision.reject, "Петрова", at + dt.timedelta(minutes=5)),
    ]
    assert history[0].comment == "скан" and latest[rid].reviewer == "Петрова"
    s = pg.pg_schema
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        view = conn.execute(f"SELECT record_id, decision, reviewer FROM {s}.reviews").fetchall()
        assert view == [(rid, "rejected", "Петрова")]
        stored = conn.execute(
            f"SELECT old_value, new_value FROM {s}.review_history WHERE field = 'disability_group'"
        ).fetchone()
        assert stored == (3, 1)  # JSONB, typed
        for statement in (
            f"UPDATE {s}.review_history SET reviewer = 'X'",
            f"DELETE FROM {s}.review_history",
            f"TRUNCATE {s}.review_history",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(statement)
        count = conn.execute(f"SELECT count(*) FROM {s}.review_history").fetchone()
        assert count == (3,)


def test_reading_never_creates_and_an_unreachable_server_is_an_error(
    pg: ReviewStoreSettings, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert history_of(__file__, ["x:1-1"], pg) == []  # schema not migrated: no decisions
    import psycopg

    with psycopg.connect(PG_DSN) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_namespace WHERE nspname = %s", (pg.pg_schema,)
        ).fetchone()
        assert found is None
    gone = ReviewStoreSettings(dsn="postgresql://nobody@127.0.0.1:1/none", pg_schema="x")
    with pytest.raises(OutputError, match="cannot reach PostgreSQL for the review history"):
        history_of(__file__, ["x:1-1"], gone)
    # a run refuses to start rather than lose a person's corrections; nothing is touched
    before = workspace.database.read_bytes()
    monkeypatch.setenv("MSEFLOW_REVIEW_DSN", "postgresql://nobody@127.0.0.1:1/none")
    args = ["process", str(workspace.inputs), "--out", str(workspace.out), "-q", "--redo"]
    assert main(args) == int(ExitCode.output_error)
    assert workspace.database.read_bytes() == before
    assert not (workspace.out / "quarantine").exists() or not any(
        (workspace.out / "quarantine").iterdir()
    )


def test_station_writes_and_reads_the_history_in_postgres(
    pg: ReviewStoreSettings, workspace: Workspace
) -> None:
    row = _invalid_certificate(workspace)
    config = review_config(workspace)
    config.settings.reviews = pg
    with TestClient(create_app(config), base_url=LOOPBACK) as client:
        done = client.post(
            f"/api/records/{row.record_id}/review",
            json={"decision": "correct", "fields": {"disability_group": "I"},
                  "reviewer": "Петрова", "comment": "группа по скану"},
            headers=csrf_of(client),
        ).json()  # fmt: skip
        assert done["disability_group"] == 1 and done["validation"]["status"] == "valid"
        assert done["review"]["status"] == "corrected"
        payload = client.get(f"/api/records/{row.record_id}").json()
    history = payload["review_history"]
    assert [(h["field"], h["decision"], h["reviewer"]) for h in history][:1] == [
        (None, "correct", "Петрова")
    ]
    group = [h for h in history if h["field"] == "disability_group"]
    assert [(h["old_value"], h["new_value"], h["comment"]) for h in group] == [
        (3, 1, "группа по скану")
    ]
    with _store(pg) as store:
        assert [r.review_id for r in store.history(row.record_id)] == [
            h["review_id"] for h in history
        ]
    with sqlite3.connect(workspace.database) as conn:  # nothing written to the SQLite table
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (0,)
    # the feed into the same database: the history is there already, nothing is doubled
    import psycopg

    assert pg.dsn is not None
    record = _invalid_certificate(workspace).record
    rows = history_of(workspace.database, [row.record_id], pg)
    assert [r.review_id for r in rows] == [h["review_id"] for h in history]
    for _ in range(2):
        write_documents(
            pg.dsn.get_secret_value(), [PgDocument(row.record_id, record)], pg.pg_schema,
            history=rows,
        )  # fmt: skip
    with psycopg.connect(PG_DSN) as conn:
        count = conn.execute(f"SELECT count(*) FROM {pg.pg_schema}.review_history").fetchone()
        view = conn.execute(
            f"SELECT r.decision, d.review_status FROM {pg.pg_schema}.reviews r "
            f"JOIN {pg.pg_schema}.documents d USING (record_id)"
        ).fetchall()
    assert count == (len(history),) and view == [("corrected", "corrected")]


def test_a_correction_in_postgres_survives_a_rerun_of_process(
    pg: ReviewStoreSettings, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = _invalid_certificate(workspace)
    assert (row.record.disability_group, row.record.validation.status) == (3, "invalid")
    with _store(pg) as store:
        store.append(row.record_id, Decision.correct, {"disability_group": (3, 1)}, "Петрова")
    assert pg.dsn is not None
    monkeypatch.setenv("MSEFLOW_REVIEW_DSN", pg.dsn.get_secret_value())
    monkeypatch.setenv("MSEFLOW_REVIEW_PG_SCHEMA", pg.pg_schema)
    process(workspace.inputs, workspace.out, redo=True)  # extraction runs again
    again = _invalid_certificate(workspace)
    assert again.record.source_path.startswith(str(workspace.inputs))  # really re-processed
    assert (again.record.disability_group, again.record.validation.status) == (1, "valid")
    assert (again.record.review.status, again.record.review.by) == ("corrected", "Петрова")
    monkeypatch.delenv("MSEFLOW_REVIEW_DSN")  # the SQLite table has no decision: back to 3
    process(workspace.inputs, workspace.out, redo=True)
    plain = _invalid_certificate(workspace)
    assert (plain.record.disability_group, plain.record.review.status) == (3, None)


def test_switching_to_postgres_keeps_the_sqlite_decisions(
    pg: ReviewStoreSettings, workspace: Workspace
) -> None:
    row = _invalid_certificate(workspace)
    with ReviewStore(workspace.database) as local:
        [before, _] = local.append(
            row.record_id, Decision.correct, {"disability_group": (3, 1)}, "Иванова"
        )
    for _ in range(2):  # the station copies them once, however often it starts
        config = review_config(workspace)
        config.settings.reviews = pg
        with TestClient(create_app(config), base_url=LOOPBACK) as client:
            history = client.get(f"/api/records/{row.record_id}").json()["review_history"]
    assert [(h["decision_id"], h["field"]) for h in history] == [
        (before.decision_id, None),
        (before.decision_id, "disability_group"),
    ]


def test_feed_copies_the_sqlite_history_and_the_view_agrees(
    pg: ReviewStoreSettings, workspace: Workspace
) -> None:
    import psycopg

    row = _invalid_certificate(workspace)
    with SqliteStore(workspace.database) as records:
        other = next(r for r in records.rows() if r.record_id != row.record_id)
    with ReviewStore(workspace.database) as local:
        local.append(row.record_id, Decision.correct, {"disability_group": (3, 2)}, "Иванова")
        local.append(row.record_id, Decision.correct, {"disability_group": (2, 1)}, "Петрова")
    settings = Settings()
    settings.review_database = workspace.database
    from mseflow.pipeline import validate_records

    [reviewed] = validate_records([row.record], settings)
    at = dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC)
    confirmed = other.record.model_copy(
        update={
            "review": other.record.review.model_copy(
                update={"status": "confirmed", "by": "hr1", "at": at}
            )
        }
    )  # fmt: skip  (reviewed elsewhere: no rows given, its decision is derived)
    docs = [PgDocument(row.record_id, reviewed), PgDocument(other.record_id, confirmed)]
    history = history_of(workspace.database, [row.record_id, other.record_id])
    assert pg.dsn is not None
    for _ in range(2):  # a second feed adds nothing
        write_documents(pg.dsn.get_secret_value(), docs, pg.pg_schema, history=history)
    s = pg.pg_schema
    with psycopg.connect(PG_DSN) as conn:
        rows = conn.execute(
            f"SELECT record_id, field, new_value, reviewer FROM {s}.review_history "
            "ORDER BY review_id"
        ).fetchall()
        view = dict(conn.execute(
            f"SELECT record_id, decision || ':' || reviewer FROM {s}.reviews"
        ).fetchall())  # fmt: skip
        statuses = dict(conn.execute(
            f"SELECT record_id, review_status FROM {s}.documents"
        ).fetchall())  # fmt: skip
    mine = [(f, v, who) for rid, f, v, who in rows if rid == row.record_id]
    assert [m for m in mine if m[0] in (None, "disability_group")] == [
        (None, None, "Иванова"), ("disability_group", 2, "Иванова"),
        (None, None, "Петрова"), ("disability_group", 1, "Петрова"),
    ]  # fmt: skip
    assert [(f, who) for rid, f, _, who in rows if rid == other.record_id] == [(None, "hr1")]
    assert view == {row.record_id: "corrected:Петрова", other.record_id: "confirmed:hr1"}
    assert statuses == {row.record_id: "corrected", other.record_id: "confirmed"}


def test_migration_3_keeps_the_decisions_of_the_old_reviews_table(
    pg: ReviewStoreSettings,
) -> None:
    import psycopg

    s, at = pg.pg_schema, dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)
    with psycopg.connect(PG_DSN) as conn:
        migrate(conn, s, target=2)
        conn.execute(
            f"INSERT INTO {s}.reviews (record_id, decision, reviewer, decided_at) "
            "VALUES ('r:1-1', 'confirmed', 'hr1', %s), ('r:1-1', 'rejected', 'hr2', %s)",
            (at, at + dt.timedelta(days=1)),
        )
    with psycopg.connect(PG_DSN) as conn:
        assert migrate(conn, s, target=3) == 3
        view = conn.execute(f"SELECT record_id, decision, reviewer FROM {s}.reviews").fetchall()
        old = conn.execute(f"SELECT count(*) FROM {s}.reviews_v2").fetchone()
    assert view == [("r:1-1", "rejected", "hr2")] and old == (2,)  # kept: it held rows
    fresh = f"{s}_fresh"
    try:
        with psycopg.connect(PG_DSN) as conn:
            migrate(conn, fresh)
            empty = conn.execute("SELECT to_regclass(%s)", (f"{fresh}.reviews_v2",)).fetchone()
        assert empty == (None,)  # a new database has no empty left-over table
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {fresh} CASCADE")
    with _store(pg) as store:
        rows = store.history("r:1-1")
    assert [(r.decision, r.reviewer, r.at) for r in rows] == [
        (Decision.accept, "hr1", at),
        (Decision.reject, "hr2", at + dt.timedelta(days=1)),
    ]


def test_the_dsn_never_shows() -> None:
    secret = ReviewStoreSettings(dsn="postgresql://hr:s3cret-pw@db.example/hr")
    settings = Settings(reviews=secret)
    assert "s3cret" not in repr(settings) and "s3cret" not in settings.model_dump_json()
    env = {"MSEFLOW_REVIEW_DSN": "mysql://x", "MSEFLOW_REVIEW_PG_SCHEMA": "a;b"}
    from mseflow.errors import ConfigError

    with pytest.raises(ConfigError, match="MSEFLOW_REVIEW_DSN.*PostgreSQL URL") as caught:
        Settings.from_env(env)
    assert "MSEFLOW_REVIEW_PG_SCHEMA" in str(caught.value) and "mysql://x" not in str(caught.value)


def test_an_unreachable_history_is_a_503_and_nothing_changes(workspace: Workspace) -> None:
    row = _invalid_certificate(workspace)
    with TestClient(create_app(review_config(workspace)), base_url=LOOPBACK) as client:
        service = client.app.state.service  # type: ignore[attr-defined]
        service.settings.reviews = ReviewStoreSettings(dsn="postgresql://nobody@127.0.0.1:1/x")
        answer = client.post(
            f"/api/records/{row.record_id}/review",
            json={"decision": "correct", "fields": {"disability_group": "I"}},
            headers=csrf_of(client),
        )
        assert answer.status_code == 503 and "ничего не изменено" in answer.json()["detail"]
    assert _invalid_certificate(workspace).record == row.record
