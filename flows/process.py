"""``process_documents``: one Prefect task per file, skipped when its hash and pipeline version are stored.

The skip uses our own store (``records.sqlite``), not Prefect's result cache:
records hold health data (a special category of personal data), so no task here
persists a result, and what a task returns to Prefect is hashes, ids and counts.
Task runs are named from the file's hash, never from its name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from pydantic import BaseModel, Field

from mseflow import pipeline
from mseflow.contract import Record
from mseflow.flows.files import FileOutcome, fingerprint, is_transient, process_file
from mseflow.flows.settings import FlowSettings, OutputLayout
from mseflow.records.jsonl import write_jsonl
from mseflow.records.sqlite import SqliteStore
from mseflow.settings import Settings

logger = logging.getLogger(__name__)


def retry_if_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry I/O hiccups and database locks, never bad input."""
    return is_transient(state.result(raise_on_failure=False))


_TASK_OPTIONS: dict[str, Any] = {
    "persist_result": False,
    "cache_policy": NO_CACHE,
    "retries": 3,
    "retry_delay_seconds": 2.0,
    "retry_condition_fn": retry_if_transient,
}


@task(name="fingerprint-files", **_TASK_OPTIONS)
def fingerprint_files(paths: list[Path]) -> list[str | None]:
    """SHA-256 of each file (``None`` when it cannot be opened)."""
    return [fingerprint(path) for path in paths]


@task(name="process-file", task_run_name="doc-{label}", **_TASK_OPTIONS)
def process_file_task(
    path: Path, label: str, settings: Settings, database: Path, quarantine: Path | None
) -> FileOutcome:
    """Process one file into the store; ``label`` (the short hash) only names the task run."""
    return process_file(path, settings, database, quarantine)


@task(name="cross-validate", **_TASK_OPTIONS)
def cross_validate_task(hashes: list[str], settings: Settings, layout: OutputLayout) -> int:
    """Validate the run's records across documents, store them and write ``records.jsonl``."""
    version = pipeline.pipeline_version()
    with SqliteStore(layout.database) as store:
        records = [r for sha in hashes for r in _in_page_order(store.records_for(sha, version))]
        validated = pipeline.validate_records(records, settings) if records else []
        store.upsert(validated)
    return write_jsonl(validated, layout.jsonl)


def _in_page_order(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: r.pages[0] if r.pages else 0)


class RunSummary(BaseModel):
    """Counts of one run (no personal data: hashes only)."""

    files: int = 0
    processed: int = Field(0, description="files actually read and extracted this run")
    skipped: int = Field(0, description="files whose hash + pipeline version were already stored")
    unreadable: int = Field(0, description="files that became an `unreadable` record")
    failed: int = Field(0, description="files whose task failed (no record; retried next run)")
    records: int = Field(0, description="records written to records.jsonl")
    failed_hashes: list[str] = Field(default_factory=list)


def run_documents(
    paths: Sequence[Path],
    layout: OutputLayout,
    settings: Settings,
    flow_settings: FlowSettings,
) -> RunSummary:
    """The body shared by the flows: hash, skip what is stored, submit the rest, cross-validate."""
    layout.out_dir.mkdir(parents=True, exist_ok=True)
    hashes = _with_retries(fingerprint_files, flow_settings)(list(paths))
    version = pipeline.pipeline_version()
    summary = RunSummary(files=len(paths))
    todo = _select_new(paths, hashes, layout, version, summary)
    process = _with_retries(process_file_task, flow_settings)
    futures = [
        process.submit(path, label, settings, layout.database, layout.quarantine)
        for path, label in todo
    ]
    outcomes = _collect(futures, [label for _, label in todo], summary)
    done = [sha for sha in dict.fromkeys(hashes) if sha] + [o.sha256 for o in outcomes if o.sha256]
    summary.records = cross_validate_task(list(dict.fromkeys(done)), settings, layout)
    get_run_logger().info(
        "files=%d processed=%d skipped=%d unreadable=%d failed=%d",
        summary.files, summary.processed, summary.skipped, summary.unreadable, summary.failed,
    )  # fmt: skip
    return summary


def _with_retries(task_: Any, flow_settings: FlowSettings) -> Any:
    return task_.with_options(
        retries=flow_settings.retries, retry_delay_seconds=flow_settings.retry_delay_s
    )


def _select_new(
    paths: Sequence[Path],
    hashes: Sequence[str | None],
    layout: OutputLayout,
    version: str,
    summary: RunSummary,
) -> list[tuple[Path, str]]:
    """Files to process as ``(path, label)``; stored or repeated content is counted as skipped."""
    todo: list[tuple[Path, str]] = []
    seen: set[str] = set()
    with SqliteStore(layout.database) as store:
        for index, (path, sha) in enumerate(zip(paths, hashes, strict=True)):
            if sha is None:
                todo.append((path, f"unopened-{index}"))
            elif sha in seen or store.records_for(sha, version):
                summary.skipped += 1
            else:
                seen.add(sha)
                todo.append((path, sha[:12]))
    return todo


def _collect(
    futures: list[PrefectFuture[FileOutcome]], labels: list[str], summary: RunSummary
) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    for future, label in zip(futures, labels, strict=True):
        future.wait()
        if future.state.is_completed():
            outcome = future.result()
            outcomes.append(outcome)
            summary.processed += 1
            summary.unreadable += outcome.status == "unreadable"
        else:
            summary.failed += 1
            summary.failed_hashes.append(label)
    return outcomes


@flow(name="process-documents", persist_result=False, log_prints=False)
def process_documents(
    paths: list[Path],
    out_dir: Path,
    settings: Settings | None = None,
    flow_settings: FlowSettings | None = None,
) -> RunSummary:
    """Process ``paths`` into ``OUT/records.sqlite`` and ``OUT/records.jsonl``.

    Files already stored with the current pipeline version are skipped; unreadable
    files get an ``unreadable`` record and a copy in ``OUT/quarantine/``. The flow
    run's parameters name the files: pass folders to ``ingest_archive`` where file
    names themselves may be personal data.
    """
    return run_documents(
        paths, OutputLayout(out_dir=out_dir), settings or Settings.from_env(),
        flow_settings or FlowSettings(),
    )  # fmt: skip
