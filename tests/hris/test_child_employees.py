"""A disabled child's documents are marked on the employee's row: HRIS file, PostgreSQL, review page.

The name and birth date on them are the child's; the obligations are the parent's guarantees.
The per-employee row says so (``disabled_child``), so an integrator ties the row to the parent
(through the personnel-number mapping) instead of taking the child for an employee.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from mseflow.contract import Evidence
from mseflow.employees import group_employees
from mseflow.records.hris_tables import PersonIndex, build_tables
from mseflow.records.postgres import SCHEMA_VERSION, PgDocument, migrate, write_documents
from mseflow.records.sqlite import record_id
from mseflow.review.views import employee_row

from .records import D, cert, ipra
from .test_hris_postgres import PG_DSN

CHILD_CERT = Evidence(page=1, text="1031н ребенок", confidence=0.6)
CHILD_IPRA = Evidence(page=1, text="486н ребенок", confidence=0.9)


def _child_certificate():
    return cert(
        full_name="Фёдорова Анна Петровна",
        birth_date=D(2015, 2, 3),
        disability_group=None,
        source_sha256="e" * 64,
        evidence={"form_version": CHILD_CERT},
    )


def _child_ipra():
    return ipra(
        full_name="Фёдорова Анна Петровна",
        birth_date=D(2015, 2, 3),
        disability_group=None,
        snils=None,
        work_restriction_degree=None,
        contraindications=[],
        recommended_conditions=[],
        available_work=[],
        source_sha256="f" * 64,
        evidence={"form_version": CHILD_IPRA},
    )


def test_the_employee_row_marks_a_childs_documents() -> None:
    child, child_program, adult = _child_certificate(), _child_ipra(), cert()
    assert child.disabled_child and child_program.disabled_child and not adult.disabled_child
    pairs = [(record_id(r), r) for r in (child, child_program, adult)]
    _, employees, _, _ = build_tables(pairs, [], pairs, None)
    rows = {row["full_name"]: row for row in employees.rows}
    assert rows["Фёдорова Анна Петровна"]["disabled_child"] is True
    assert rows["Фёдоров Пётр Ильич"]["disabled_child"] is False
    assert list(employees.rows[0])[-1] == "disabled_child"  # appended: old columns keep places
    parent = rows["Фёдорова Анна Петровна"]["obligation_codes"]
    assert "parent_extra_days_off" in parent and "reduced_working_week" not in parent


def test_the_review_page_row_says_whose_documents_they_are() -> None:
    by_name = {e.full_name: e for e in group_employees([_child_certificate(), cert()])}
    assert employee_row(by_name["Фёдорова Анна Петровна"]).disabled_child is True
    assert employee_row(by_name["Фёдоров Пётр Ильич"]).disabled_child is False


@pytest.fixture
def pg() -> Iterator[tuple[str, str]]:
    import psycopg

    if not PG_DSN:
        pytest.skip("MSEFLOW_TEST_PG_DSN not set (scripts/test.sh starts a PostgreSQL server)")
    schema = f"child_{uuid.uuid4().hex[:8]}"
    try:
        yield PG_DSN, schema
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _docs(*records) -> list[PgDocument]:
    index = PersonIndex.build(records)
    return [PgDocument(record_id(r), r, index.person(r)) for r in records]


@pytest.mark.postgres
def test_postgres_has_the_flag_and_migration_4_backfills_it(pg: tuple[str, str]) -> None:
    import psycopg
    from psycopg.types.json import Jsonb

    dsn, schema = pg
    child = _child_certificate()
    with psycopg.connect(dsn) as conn:  # a database of schema version 3 already holds the child
        assert migrate(conn, schema, target=3) == 3
        conn.execute(
            f"INSERT INTO {schema}.documents (record_id, source_sha256, pages, doc_type, status, "
            "in_force, employee_key, indefinite, incapable_of_work, contraindications, "
            "recommended_conditions, available_work, confidence, pipeline_version, content_hash, "
            "record) VALUES (%s, %s, %s, 'mse_certificate', 'valid', TRUE, 'name:x', FALSE, "
            "FALSE, '{}', '{}', '{}', 0.9, 'test', 'h', %s)",
            (record_id(child), child.source_sha256, [1], Jsonb(child.to_json_dict())),
        )
    with psycopg.connect(dsn) as conn:
        assert migrate(conn, schema) == SCHEMA_VERSION >= 4
        assert conn.execute(f"SELECT disabled_child FROM {schema}.documents").fetchall() == [
            (True,)
        ]
    write_documents(dsn, _docs(child, cert()), schema)
    with psycopg.connect(dsn) as conn:
        people = conn.execute(
            f"SELECT full_name, disabled_child FROM {schema}.employees_current ORDER BY 1"
        ).fetchall()
    assert people == [("Фёдоров Пётр Ильич", False), ("Фёдорова Анна Петровна", True)]
