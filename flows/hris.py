"""``hris_feed``: export new or changed records for the HR system, each one exactly once.

Each run judges every stored record on the export date
(:func:`mseflow.records.hris_gate.judge_for_export`: expiry, review, termination
basis) and writes, when anything changed:

* ``EXPORT/hris-<UTC time>.csv`` — one row per new or changed document (columns:
  :data:`mseflow.records.csv_export.HRIS_COLUMNS`, or the ``excel-ru`` table);
* ``…-employees.csv`` — one row per person touched, certificate and IPRA merged;
* ``…-obligations.csv`` — one row per obligation, with its message and legal basis;
* ``…-retractions.csv`` — records that went out before and are no longer in force;
* or, with ``file_format="xlsx"``, one ``hris-<UTC time>.xlsx`` holding the four as sheets;
* ``hris-<UTC time>.jsonl`` — the full records, ``"action": "upsert" | "retract"``.

With a ``postgresql://`` DSN the same documents go to typed tables
(:mod:`mseflow.records.postgres`). The ``exports`` table in ``OUT/records.sqlite``
remembers what went out (:mod:`mseflow.flows.ledger`). Nothing is written when
nothing changed. Task results are not persisted (they would hold health data).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel

from mseflow.flows.ledger import ExportPlan, mark_exported, mark_retracted, plan_exports
from mseflow.records.csv_export import Dialect, content_hash, write_hris_jsonl, write_table_csv
from mseflow.records.hris_columns import Table
from mseflow.records.hris_gate import ALL_STATUSES, EXPORTED_DOC_TYPES
from mseflow.records.hris_tables import PersonIndex, build_tables, today_utc
from mseflow.records.personnel_map import PersonnelMap, load_personnel_map
from mseflow.records.postgres import DEFAULT_SCHEMA, PostgresUnavailableError

__all__ = ["DEFAULT_STATUSES", "EXPORTED_DOC_TYPES", "ExportSummary", "hris_feed"]

DEFAULT_STATUSES: tuple[str, ...] = ALL_STATUSES
"""Statuses considered; ``needs_review`` and ``invalid`` go out only once a person confirmed."""

FORMATS = ("csv", "xlsx")


class ExportSummary(BaseModel):
    """What one feed run exported (counts and file paths only)."""

    exported: int = 0
    retracted: int = 0
    employees: int = 0
    csv_path: Path | None = None
    jsonl_path: Path | None = None
    employees_path: Path | None = None
    obligations_path: Path | None = None
    retractions_path: Path | None = None
    xlsx_path: Path | None = None
    postgres_rows: int = 0


def _retry_on_connection(task: Any, task_run: Any, state: Any) -> bool:
    return isinstance(state.result(raise_on_failure=False), PostgresUnavailableError)


def _pairs(plan: ExportPlan) -> tuple[list, list, list]:
    upserts = [(r.record_id, r.record) for r in plan.upserts]
    retractions = [(r.record_id, r.record, reason) for r, reason in plan.retractions]
    in_force = [(r.record_id, r.record) for r in plan.in_force]
    return upserts, retractions, in_force


def _jsonl_rows(tables: tuple[Table, ...], plan: ExportPlan) -> list[dict[str, Any]]:
    documents, _, _, retracted = tables
    people = {row["record_id"]: row for row in (*documents.rows, *retracted.rows)}
    rows: list[dict[str, Any]] = []
    for stored in plan.upserts:
        person = people[stored.record_id]
        rows.append({"record_id": stored.record_id, "action": "upsert",
                     "employee_key": person["employee_key"],
                     "personnel_number": person["personnel_number"],
                     **stored.record.to_json_dict()})  # fmt: skip
    for stored, reason in plan.retractions:
        person = people[stored.record_id]
        rows.append({"record_id": stored.record_id, "action": "retract", "reason": reason,
                     "employee_key": person["employee_key"],
                     "personnel_number": person["personnel_number"],
                     **stored.record.to_json_dict()})  # fmt: skip
    return rows


def _write_files(
    tables: tuple[Table, ...], plan: ExportPlan, export_dir: Path, dialect: Dialect, bom: bool,
    file_format: str,
) -> ExportSummary:  # fmt: skip
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    base = export_dir / f"hris-{stamp}"
    documents, employees, obligations, retracted = tables
    summary = ExportSummary(
        exported=len(documents.rows), retracted=len(retracted.rows), employees=len(employees.rows)
    )
    if file_format == "xlsx":
        from mseflow.records.xlsx import write_workbook

        summary.xlsx_path = base.with_suffix(".xlsx")
        write_workbook(tables, summary.xlsx_path)
    else:
        paths = {
            "csv_path": base.with_suffix(".csv"),
            "employees_path": base.with_name(base.name + "-employees.csv"),
            "obligations_path": base.with_name(base.name + "-obligations.csv"),
            "retractions_path": base.with_name(base.name + "-retractions.csv"),
        }
        for table, (attr, path) in zip(tables, paths.items(), strict=True):
            write_table_csv(table, path, dialect, bom)
            setattr(summary, attr, path)
    summary.jsonl_path = base.with_suffix(".jsonl")
    write_hris_jsonl(_jsonl_rows(tables, plan), summary.jsonl_path)
    return summary


def _mapping(path: Path | None) -> PersonnelMap | None:
    return load_personnel_map(path) if path is not None else None


@task(name="write-hris-files", persist_result=False, cache_policy=NO_CACHE)
def write_files_task(
    database: Path, export_dir: Path, since: dt.datetime | None, bom: bool, statuses: list[str],
    dialect: str = "default", file_format: str = "csv", mapping: Path | None = None,
    today: dt.date | None = None,
) -> tuple[ExportSummary, list[tuple[str, str]], list[tuple[str, str]]]:  # fmt: skip
    """Judge the store on ``today`` and write the export files.

    Returns the summary, the ``(record_id, content_hash)`` exported and the
    ``(record_id, reason)`` retracted; nothing is marked yet (that waits until every
    sink succeeded).
    """
    plan = plan_exports(database, today or today_utc(), statuses, since)
    if not plan:
        return ExportSummary(), [], []
    tables = build_tables(*_pairs(plan), _mapping(mapping))
    summary = _write_files(tables, plan, export_dir, Dialect(dialect), bom, file_format)
    exported = [(r.record_id, content_hash(r.record)) for r in plan.upserts]
    retracted = [(r.record_id, reason) for r, reason in plan.retractions]
    return summary, exported, retracted


@task(name="upsert-postgres", persist_result=False, cache_policy=NO_CACHE, retries=3,
      retry_delay_seconds=5.0, retry_condition_fn=_retry_on_connection)  # fmt: skip
def upsert_postgres_task(
    dsn: str, database: Path, record_ids: list[str], statuses: list[str] | None = None,
    mapping: Path | None = None, today: dt.date | None = None, schema: str = DEFAULT_SCHEMA,
) -> int:  # fmt: skip
    """Send the run's documents to PostgreSQL (read again from the store; returns a count)."""
    from mseflow.records.postgres import PgDocument, write_documents
    from mseflow.records.reviews import history_of
    from mseflow.settings import Settings

    plan = plan_exports(database, today or today_utc(), statuses or DEFAULT_STATUSES)
    wanted = set(record_ids)
    upserts, retractions, in_force = _pairs(plan)
    index = PersonIndex.build([r for _, r in in_force] + [r for _, r, _ in retractions],
                              _mapping(mapping))  # fmt: skip
    docs = [PgDocument(rid, rec, index.person(rec)) for rid, rec in in_force if rid in wanted]
    docs += [
        PgDocument(rid, rec, index.person(rec), in_force=False, reason=reason)
        for rid, rec, reason in retractions
        if rid in wanted
    ]
    people = [(rid, index.person(rec)) for rid, rec in in_force]
    history = history_of(database, [d.record_id for d in docs], Settings.from_env().reviews)
    return write_documents(dsn, docs, schema, people, history)


@flow(name="hris-feed", persist_result=False, log_prints=False)
def hris_feed(
    out_dir: Path,
    export_dir: Path,
    db: str | None = None,
    since: dt.datetime | None = None,
    bom: bool = False,
    statuses: list[str] | None = None,
    dialect: str = "default",
    file_format: str = "csv",
    mapping: Path | None = None,
    today: dt.date | None = None,
    pg_schema: str = DEFAULT_SCHEMA,
) -> ExportSummary:
    """Export records from ``OUT/records.sqlite`` not yet exported or changed since, and
    retract those no longer in force.

    ``db``: a ``postgresql://`` DSN for the typed tables (optional), in ``pg_schema``.
    ``since``: only consider records processed at or after this moment (retractions
    always look at the whole store). ``today``: the export date expiry is judged on.
    ``mapping``: the CSV mapping people to personnel numbers.
    """
    database = out_dir / "records.sqlite"
    chosen = list(statuses or DEFAULT_STATUSES)
    summary, exported, retracted = write_files_task(
        database, export_dir, since, bom, chosen, dialect, file_format, mapping, today
    )
    ids = [rid for rid, _ in exported] + [rid for rid, _ in retracted]
    if db and ids:
        summary.postgres_rows = upsert_postgres_task(
            db, database, ids, chosen, mapping, today, pg_schema
        )
    mark_exported(database, exported)
    mark_retracted(database, retracted)
    get_run_logger().info(
        "exported %d record(s), retracted %d, employees %d",
        summary.exported, summary.retracted, summary.employees,
    )  # fmt: skip
    return summary


def feed_command(
    store: Path,
    export_dir: Path,
    db: str | None = None,
    bom: bool = False,
    since: dt.datetime | None = None,
    dialect: str = "default",
    file_format: str = "csv",
    mapping: Path | None = None,
    today: dt.date | None = None,
    pg_schema: str = DEFAULT_SCHEMA,
) -> ExportSummary:
    """Check the arguments of ``mseflow hris-feed``, then run :func:`hris_feed`."""
    from mseflow.errors import ConfigError
    from mseflow.records.postgres import check_schema_name

    if db is not None and not db.startswith(("postgresql://", "postgres://")):
        raise ConfigError("--db takes a PostgreSQL URL: postgresql://user@host:5432/dbname")
    if not (store / "records.sqlite").is_file():
        raise ConfigError(
            f"no records database in {store}: run `mseflow process` or `ingest` first"
        )
    if file_format not in FORMATS:
        raise ConfigError(f"--format is one of: {', '.join(FORMATS)}")
    if mapping is not None and not mapping.is_file():
        raise ConfigError(f"no mapping CSV at {mapping}")
    check_schema_name(pg_schema)
    _mapping(mapping)  # a malformed mapping file stops the run before anything is written
    return hris_feed(
        store, export_dir, db=db, since=since, bom=bom, dialect=Dialect(dialect).value,
        file_format=file_format, mapping=mapping, today=today, pg_schema=pg_schema,
    )  # fmt: skip
