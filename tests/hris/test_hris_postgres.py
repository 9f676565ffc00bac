"""Typed PostgreSQL tables: documents, obligations, reviews, employees_current; migrations; errors."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator

import pytest

from mseflow.errors import ConfigError, OutputError
from mseflow.records.hris_tables import PersonIndex
from mseflow.records.postgres import (
    SCHEMA_VERSION,
    PgDocument,
    PostgresUnavailableError,
    check_schema_name,
    migrate,
    write_documents,
)
from mseflow.records.sqlite import record_id

from .records import D, cert, confirmed, ipra

PG_DSN = os.environ.get("MSEFLOW_TEST_PG_DSN")


@pytest.fixture
def pg() -> Iterator[tuple[str, str]]:
    """``(dsn, schema)``: the test server and a fresh schema name (dropped afterwards)."""
    import psycopg

    if not PG_DSN:
        pytest.skip("MSEFLOW_TEST_PG_DSN not set (scripts/test.sh starts a PostgreSQL server)")
    schema = f"hris_{uuid.uuid4().hex[:8]}"
    try:
        yield PG_DSN, schema
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _docs(*records, in_force: bool = True, reason: str | None = None) -> list[PgDocument]:
    index = PersonIndex.build(records)
    return [PgDocument(record_id(r), r, index.person(r), in_force, reason) for r in records]


@pytest.mark.postgres
def test_documents_are_typed_and_obligations_one_row_each(pg: tuple[str, str]) -> None:
    import psycopg

    dsn, schema = pg
    certificate, program = cert(), ipra(review=confirmed())
    assert write_documents(dsn, _docs(certificate, program), schema) == 2
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            f"SELECT birth_date, valid_until, disability_group, indefinite, status, pipeline_version,"
            f" pages, contraindications, record->>'document_number', employee_key "
            f"FROM {schema}.documents WHERE doc_type = 'mse_certificate'"
        ).fetchone()
        assert row == (
            D(1980, 5, 12), D(2027, 4, 1), 2, False, "valid", "test", [1], [], "2431238",
            "snils:11223344595",
        )  # fmt: skip
        types = dict(conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = 'documents'", (schema,),
        ).fetchall())  # fmt: skip
        assert (types["birth_date"], types["disability_group"], types["indefinite"]) == (
            "date", "smallint", "boolean",
        )  # fmt: skip
        assert (types["record"], types["contraindications"]) == ("jsonb", "ARRAY")
        codes = conn.execute(
            f"SELECT code, basis FROM {schema}.obligations WHERE record_id = %s ORDER BY position",
            (record_id(program),),
        ).fetchall()
        assert [c for c, _ in codes] == [o.code for o in program.obligations]
        assert codes[0][1] == program.obligations[0].basis and "ст. 92 ТК РФ" in codes[0][1]
        review = conn.execute(
            f"SELECT record_id, decision, reviewer FROM {schema}.reviews"
        ).fetchall()
        assert review == [(record_id(program), "confirmed", "hr1")]
        version = conn.execute(f"SELECT max(version) FROM {schema}.schema_version").fetchone()
        assert version == (SCHEMA_VERSION,)


@pytest.mark.postgres
def test_employees_current_merges_and_retraction_updates(pg: tuple[str, str]) -> None:
    import psycopg

    dsn, schema = pg
    certificate, program = cert(), ipra()
    write_documents(dsn, _docs(certificate, program), schema)
    with psycopg.connect(dsn) as conn:
        person = conn.execute(
            f"SELECT employee_key, disability_group, work_restriction_degree, valid_until, "
            f"contraindications, certificate_number, ipra_number, "
            f"'reduced_working_week' = ANY(obligation_codes) FROM {schema}.employees_current"
        ).fetchall()
    assert person == [(
        "snils:11223344595", 2, 1, D(2027, 4, 1),
        ["работа в ночную смену", "подъём тяжестей более 5 кг"], "2431238", "123.4.56/2026", True,
    )]  # fmt: skip

    write_documents(dsn, _docs(certificate, in_force=False, reason="expired"), schema)
    write_documents(dsn, _docs(certificate, in_force=False, reason="expired"), schema)  # idempotent
    with psycopg.connect(dsn) as conn:
        state = conn.execute(
            f"SELECT in_force, retraction_reason, (SELECT count(*) FROM {schema}.obligations o "
            f"WHERE o.record_id = d.record_id) FROM {schema}.documents d WHERE doc_type = 'mse_certificate'"
        ).fetchone()
        assert state == (False, "expired", 0)
        person = conn.execute(
            f"SELECT certificate_record_id, ipra_record_id FROM {schema}.employees_current"
        ).fetchone()
        assert person == (None, record_id(program))
        assert conn.execute(f"SELECT count(*) FROM {schema}.documents").fetchone() == (2,)


@pytest.mark.postgres
def test_migrations_go_forward_and_refuse_a_newer_database(pg: tuple[str, str]) -> None:
    import psycopg

    dsn, schema = pg
    with psycopg.connect(dsn) as conn:
        assert migrate(conn, schema, target=1) == 1
        tables = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        )}  # fmt: skip
        assert {"documents", "obligations", "schema_version"} == tables
    with psycopg.connect(dsn) as conn:
        assert migrate(conn, schema) == SCHEMA_VERSION
        assert migrate(conn, schema) == SCHEMA_VERSION  # nothing left to do
        applied = conn.execute(f"SELECT version FROM {schema}.schema_version ORDER BY 1").fetchall()
        assert applied == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
        conn.execute(f"INSERT INTO {schema}.schema_version VALUES (99, 'from the future', now())")
    with pytest.raises(OutputError, match="newer than this mseflow"):
        write_documents(dsn, _docs(cert()), schema)


@pytest.mark.postgres
def test_a_constraint_violation_is_an_output_error_without_values(pg: tuple[str, str]) -> None:
    dsn, schema = pg
    bad = cert().model_copy(update={"disability_group": 7, "full_name": "Секретова Анна"})
    with pytest.raises(OutputError) as caught:
        write_documents(dsn, _docs(bad), schema)
    assert not isinstance(caught.value, PostgresUnavailableError)
    assert "CheckViolation" in str(caught.value) and "Секретова" not in str(caught.value)


def test_an_unreachable_server_is_postgres_unavailable() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(PostgresUnavailableError, match="cannot reach PostgreSQL"):
        write_documents(f"postgresql://nobody@127.0.0.1:{port}/x?connect_timeout=2", _docs(cert()))


def test_schema_names_are_plain_identifiers() -> None:
    assert check_schema_name("hr_feed") == "hr_feed"
    for bad in ("hr feed", "x; DROP TABLE y", "1abc", ""):
        with pytest.raises(ConfigError):
            check_schema_name(bad)
