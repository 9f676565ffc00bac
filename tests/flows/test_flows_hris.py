"""HRIS feed as a flow and a command: exported once, changed again, retracted; files; PostgreSQL; due."""

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
    assert len(list(exports.iterdir())) == 5  # 4 CSV + JSONL; nothing new when nothing is pending

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
def pg_schema() -> Iterator[str]:
    """A throwaway schema name on the test server (dropped afterwards)."""
    import psycopg

    if not PG_DSN:
        pytest.skip("MSEFLOW_TEST_PG_DSN not set (scripts/test.sh starts a PostgreSQL server)")
    schema = f"mseflow_test_{uuid.uuid4().hex[:8]}"
    try:
        yield schema
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.mark.postgres
def test_postgres_upsert(out: Path, tmp_path: Path, pg_schema: str) -> None:
    import psycopg

    assert PG_DSN is not None
    assert hris_feed(out, tmp_path / "hris", db=PG_DSN, pg_schema=pg_schema).postgres_rows == 2
    with SqliteStore(out / "records.sqlite") as store:
        store.upsert([_record("2222222", group=3)])
    assert hris_feed(out, tmp_path / "hris", db=PG_DSN, pg_schema=pg_schema).postgres_rows == 1
    with SqliteStore(out / "records.sqlite") as store:  # reprocessed: now invalid
        store.upsert([_record("1111111", status="invalid")])
    summary = hris_feed(out, tmp_path / "hris", db=PG_DSN, pg_schema=pg_schema)
    assert (summary.exported, summary.retracted, summary.postgres_rows) == (0, 1, 1)
    with psycopg.connect(PG_DSN) as conn:
        rows = conn.execute(
            f"SELECT document_number, disability_group, status, in_force, retraction_reason, "
            f"(SELECT count(*) FROM {pg_schema}.obligations o WHERE o.record_id = d.record_id) "
            f"FROM {pg_schema}.documents d ORDER BY record_id"
        ).fetchall()
    assert rows == [
        ("1111111", 2, "invalid", False, "invalid", 0),
        ("2222222", 3, "valid", True, None, 2),
    ]


SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "documents"


@pytest.fixture(scope="module")
def processed_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT of a real `mseflow process` on the sample certificate and IPRA (text layer)."""
    from mseflow.cli import main

    folder = tmp_path_factory.mktemp("processed") / "out"
    inputs = [str(SAMPLES / "certificate-text.pdf"), str(SAMPLES / "ipra-text.pdf")]
    assert main(["process", *inputs, "--out", str(folder), "--today", "2026-11-01", "-q"]) == 0
    return folder


@pytest.fixture
def processed_out(processed_once: Path, tmp_path: Path) -> Path:
    """A fresh copy of :func:`processed_once` (each test has its own ledger)."""
    import shutil

    return Path(shutil.copytree(processed_once, tmp_path / "processed"))


def test_cli_excel_ru_then_retraction_when_the_term_passes(
    processed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mseflow.cli import main

    exports = tmp_path / "hris"
    args = ["hris-feed", "--store", str(processed_out), "--export-dir", str(exports)]
    assert main([*args, "--dialect", "excel-ru", "--today", "2026-11-01"]) == 0
    assert "exported 2 record(s), retracted 0, employees 2" in capsys.readouterr().out
    [documents] = exports.glob("hris-*Z.csv")
    with documents.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert sorted(r["Тип документа"] for r in rows) == ["ИПРА", "справка МСЭ"]
    assert {r["Установлена до"] for r in rows} == {"01.07.2027", "01.08.2027"}
    assert oct(documents.stat().st_mode & 0o777) == "0o600"

    # The certificate's term (до 01.07.2027) has passed on the next run: it is retracted.
    legacy = ["hris-feed", "--out", str(processed_out), "--export-dir", str(exports)]
    assert main([*legacy, "--today", "2027-07-02"]) == 0
    captured = capsys.readouterr()
    assert "--out is deprecated" in captured.err
    assert "exported 0 record(s), retracted 1" in captured.out
    [retractions] = sorted(exports.glob("hris-*-retractions.csv"))[-1:]
    with retractions.open(encoding="utf-8", newline="") as handle:
        [gone] = list(csv.DictReader(handle))
    assert (gone["doc_type"], gone["reason"], gone["valid_until"]) == (
        "mse_certificate",
        "expired",
        "2027-07-01",
    )
    jsonl = sorted(exports.glob("hris-*.jsonl"))[-1]
    [line] = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    assert (line["action"], line["reason"], line["doc_type"]) == (
        "retract",
        "expired",
        "mse_certificate",
    )
    assert main([*args, "--today", "2027-07-02"]) == 0
    assert "exported 0 record(s), retracted 0" in capsys.readouterr().out  # retracted once


def test_xlsx_format_writes_one_workbook(processed_out: Path, tmp_path: Path) -> None:
    import openpyxl

    summary = hris_feed(
        processed_out, tmp_path / "hris", file_format="xlsx", today=dt.date(2026, 11, 1)
    )
    assert summary.xlsx_path is not None and summary.csv_path is None
    book = openpyxl.load_workbook(summary.xlsx_path)
    assert book["Документы"].max_row == 3 and book["Сотрудники"].max_row == 3
    assert book["Отзыв"].max_row == 1  # header only


def test_due_flow_leaves_an_artifact_without_names(processed_out: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterKey,
        FlowRunFilter,
        TaskRunFilter,
    )
    from prefect.client.schemas.sorting import ArtifactSort

    from mseflow.flows.due import ARTIFACT_KEY, due_report

    summary = due_report(processed_out, days=400, today=dt.date(2026, 11, 1))
    assert (summary.due, summary.overdue) == (3, 0)  # re-examination 02.06.2027, terms of both
    assert summary.csv_path is not None and summary.csv_path.is_file()

    with get_client(sync_client=True) as client:  # every filter given: the server wants them all
        [artifact] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])),
            flow_run_filter=FlowRunFilter(), task_run_filter=TaskRunFilter(),
            sort=ArtifactSort.CREATED_DESC, limit=1, offset=0,
        )  # fmt: skip
    assert artifact is not None and artifact.type == "table"
    table = json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data
    assert [row["days_left"] for row in table] == sorted(row["days_left"] for row in table)
    assert {row["what"] for row in table} == {
        "окончание срока инвалидности / ИПРА",
        "очередное освидетельствование",
    }
    text = json.dumps(table, ensure_ascii=False)
    for record in _stored(processed_out):
        assert record.full_name and record.full_name not in text


def _stored(folder: Path) -> list[Record]:
    with SqliteStore(folder / "records.sqlite") as store:
        return [row.record for row in store.rows()]


def test_cli_due_prints_and_writes_csv(
    processed_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mseflow.cli import main

    target = processed_out / "due-ru.csv"
    code = main(["due", "--out", str(processed_out), "--days", "30", "--today", "2027-07-15",
                 "--csv", str(target), "--dialect", "excel-ru"])  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "прошло" in printed and "CSV:" in printed
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [(r["Состояние"], r["Дата"], r["Дней осталось"]) for r in rows] == [
        ("просрочено", "02.06.2027", "-43"), ("просрочено", "01.07.2027", "-14"),
        ("скоро", "01.08.2027", "17"),
    ]  # fmt: skip
    assert rows[0]["Что наступает"] == "очередное освидетельствование"
