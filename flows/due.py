"""``due_report``: the re-examination list as a scheduled Prefect flow.

Writes ``OUT/due.csv`` (as ``mseflow due`` does) and leaves a table artifact
(key ``mseflow-due``) for the Prefect UI. The artifact names no one: record ids
(file hash and pages), document type, what ends, the date and the days left.
Serve it with :func:`serve_due` (a cron schedule), or from a deployment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel

from mseflow.due import KIND_RU, DueItem, due_table, load_due
from mseflow.records.csv_export import Dialect, write_table_csv

ARTIFACT_KEY = "mseflow-due"


class DueSummary(BaseModel):
    """Counts and the CSV path of one due report."""

    due: int = 0
    overdue: int = 0
    csv_path: Path | None = None


def artifact_rows(items: list[DueItem]) -> list[dict[str, str | int]]:
    """The artifact's rows: no names, no birth dates, no document numbers."""
    return [
        {
            "record_id": item.record_id,
            "doc_type": item.doc_type,
            "what": KIND_RU[item.kind],
            "date": item.date.isoformat(),
            "days_left": item.days_left,
            "state": item.state,
        }
        for item in items
    ]


@task(name="due-list", persist_result=False, cache_policy=NO_CACHE)
def due_task(out_dir: Path, days: int, today: dt.date, dialect: str) -> DueSummary:
    """Compute the list, write the CSV, leave the artifact; return counts only."""
    items = load_due(out_dir, today, days)
    csv_path = out_dir / "due.csv"
    write_table_csv(due_table(items), csv_path, Dialect(dialect))
    overdue = sum(item.state == "overdue" for item in items)
    create_table_artifact(
        key=ARTIFACT_KEY,
        table=artifact_rows(items),
        description=(
            f"{len(items)} date(s) within {days} day(s) of {today.isoformat()} "
            f"({overdue} passed); details in {csv_path.name}"
        ),
    )
    return DueSummary(due=len(items) - overdue, overdue=overdue, csv_path=csv_path)


@flow(name="due-report", persist_result=False, log_prints=False)
def due_report(
    out_dir: Path, days: int = 30, today: dt.date | None = None, dialect: str = "default"
) -> DueSummary:
    """Terms and re-examinations of the store in ``out_dir`` ending within ``days`` or passed."""
    summary = due_task(out_dir, days, today or dt.date.today(), dialect)
    get_run_logger().info("due: %d soon, %d passed", summary.due, summary.overdue)
    return summary


def serve_due(out_dir: Path, cron: str = "0 6 * * *", days: int = 30) -> None:
    """Serve :func:`due_report` on ``cron`` until interrupted (uses PREFECT_API_URL)."""
    from mseflow.errors import ConfigError
    from mseflow.flows.cli import _check_cron

    if not (out_dir / "records.sqlite").is_file():
        raise ConfigError(
            f"no records database in {out_dir}: run `mseflow process` or `ingest` first"
        )
    _check_cron(cron)
    due_report.serve(
        name="due-report", cron=cron, parameters={"out_dir": str(out_dir), "days": days}
    )
