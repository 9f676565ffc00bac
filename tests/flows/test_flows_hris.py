"""HRIS feed: each record exported once, a changed one again; stable CSV; PostgreSQL upsert."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from mseflow.contract import Obligation, Record, Validation
from mseflow.flows.hris import hris_feed
from mseflow.records.csv_export import HRIS_COLUMNS
from mseflow.records.sqlite import SqliteStore

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect_harness")]

PG_DSN = os.environ.get("MSEFLOW_TEST_PG_DSN")


def _record(
    number: str, group: int = 2, status: str = "valid", doc_type: str = "mse_certificate"
) -> Record:
    return Record(
        source_path=f"/archive/{number}.pdf",
        source_sha256=number * 8,
        pages=[1],
        doc_type=doc_type,
        full_name="Тестова Анна Петровна",
        birth_date=dt.date(1980, 5, 17),
        document_series="МСЭ-2015",
        document_number=number,
        disability_group=group,
        contraindications=["работы на высоте", "ночные смены"],
        validation=Validation(status=status),
        obligations=[
            Obligation(code="reduced_week_35h", basis="ТК РФ ст. 92", message="35 часов"),
            Obligation(code="annual_leave_30d", basis="ФЗ-181 ст. 23", message="30 дней"),
        ],
        pipeline_version="test",
    )


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    with SqliteStore(folder / "records.sqlite") as store:
        store.upsert([_record("1111111"), _record("2222222")])
        store.upsert([_record("3333333", status="invalid"), _record("4444444", doc_type="other")])
    return folder


def _rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_once_then_only_changes(out: Path, tmp_path: Path) -> None:
    exports = tmp_path / "hris"
    first = hris_feed(out, exports)
    assert first.exported == 2 and first.csv_path is not None and first.jsonl_path is not None
    header = first.csv_path.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(HRIS_COLUMNS)
    rows = _rows(first.csv_path)
    assert [r["document_number"] for r in rows] == ["1111111", "2222222"]
    assert rows[0]["contraindications"] == "работы на высоте; ночные смены"
    assert rows[0]["obligation_codes"] == "reduced_week_35h; annual_leave_30d"
    assert (rows[0]["birth_date"], rows[0]["indefinite"], rows[0]["valid_until"]) == (
        "1980-05-17",
        "false",
        "",
    )
    lines = first.jsonl_path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["obligations"][0]["basis"] == "ТК РФ ст. 92"

    second = hris_feed(out, exports)
    assert (second.exported, second.csv_path) == (0, None)
    assert len(list(exports.iterdir())) == 2  # nothing written when nothing is pending

    with SqliteStore(out / "records.sqlite") as store:
        store.upsert([_record("2222222", group=1)])
    third = hris_feed(out, exports, bom=True)
    assert third.exported == 1 and third.csv_path is not None
    assert third.csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    [changed] = _rows(third.csv_path, encoding="utf-8-sig")
    assert (changed["document_number"], changed["disability_group"]) == ("2222222", "1")


def test_reprocessing_with_same_values_is_not_a_change(out: Path, tmp_path: Path) -> None:
    assert hris_feed(out, tmp_path / "hris").exported == 2
    same = _record("1111111").model_copy(update={"pipeline_version": "newer"})
    with SqliteStore(out / "records.sqlite") as store:
        store.upsert([same])
    assert hris_feed(out, tmp_path / "hris").exported == 0


@pytest.fixture
def pg_dsn() -> Iterator[str]:
    """The test server's DSN, pointed at a throwaway schema (dropped afterwards)."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    if not PG_DSN:
        pytest.skip("MSEFLOW_TEST_PG_DSN not set (scripts/test.sh starts a PostgreSQL server)")
    schema = f"mseflow_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(PG_DSN, options=f"-csearch_path={schema}")
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.mark.postgres
def test_postgres_upsert(out: Path, tmp_path: Path, pg_dsn: str) -> None:
    import psycopg

    assert hris_feed(out, tmp_path / "hris", db=pg_dsn).postgres_rows == 2
    with SqliteStore(out / "records.sqlite") as store:
        store.upsert([_record("2222222", group=3)])
    assert hris_feed(out, tmp_path / "hris", db=pg_dsn).postgres_rows == 1
    with psycopg.connect(pg_dsn) as conn:
        rows = conn.execute(
            "SELECT record->>'document_number', (record->>'disability_group')::int, "
            "jsonb_array_length(obligations), status FROM records ORDER BY record_id"
        ).fetchall()
    assert rows == [("1111111", 2, 2, "valid"), ("2222222", 3, 2, "valid")]
