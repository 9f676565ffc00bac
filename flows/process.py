"""``process_documents``: a Prefect task per page of each new file, skipped when already stored.

Each new file is three kinds of task: ``open-file`` (hash and page count),
``read-page`` (one per page: text layer or OCR, run in parallel) and
``finish-file`` (split, extract, validate, store). Files whose hash and
pipeline version are stored already are skipped before any task is submitted.

The skip uses our own store (``records.sqlite``), not Prefect's result cache:
records hold health data (a special category of personal data), so no task here
persists a result. A page's text goes from its ``read-page`` task to
``finish-file`` in memory (or between Dask workers) only; the flow gets back
hashes, ids and counts. Task runs are named from the file's hash, never from its
name.
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
from mseflow.flows.files import (
    FileOutcome,
    OpenedFile,
    PageFailure,
    fingerprint,
    finish_file,
    is_transient,
    open_file,
    read_file_page,
)
from mseflow.flows.settings import FlowSettings, OutputLayout
from mseflow.reading import PageText
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


@task(name="open-file", task_run_name="doc-{label}", **_TASK_OPTIONS)
def open_file_task(
    path: Path, label: str, settings: Settings, database: Path, quarantine: Path | None
) -> OpenedFile | FileOutcome:
    """Hash and count the pages of one file; ``label`` (the short hash) only names the task run."""
    return open_file(path, settings, database, quarantine)


@task(name="read-page", task_run_name="doc-{label}-p{number}", **_TASK_OPTIONS)
def read_page_task(
    path: Path, label: str, number: int, opened: OpenedFile, settings: Settings
) -> PageText | PageFailure:
    """Read page ``number`` (1-based) of an opened file: text layer or OCR.

    The page's text lives in memory only (``persist_result=False``) on its way to
    the ``finish-file`` task.
    """
    return read_file_page(path, opened, number - 1, settings)


@task(name="finish-file", task_run_name="doc-{label}-records", **_TASK_OPTIONS)
def finish_file_task(
    path: Path,
    label: str,
    opened: OpenedFile,
    pages: list[PageText | PageFailure],
    settings: Settings,
    database: Path,
    quarantine: Path | None,
) -> FileOutcome:
    """Split, extract and validate the file's pages and store its records."""
    return finish_file(path, opened, pages, settings, database, quarantine)


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
    outcomes = _collect(_submit_files(todo, settings, layout, flow_settings), summary)
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


def _submit_files(
    todo: list[tuple[Path, str]],
    settings: Settings,
    layout: OutputLayout,
    flow_settings: FlowSettings,
) -> list[tuple[str, PrefectFuture[Any]]]:
    """Open every file, then submit a task per page and one to finish each readable file.

    Returns ``(label, future)`` per file: the ``open-file`` future for a file that
    ended there (unreadable, or the task failed), else its ``finish-file`` future.
    """
    open_ = _with_retries(open_file_task, flow_settings)
    read = _with_retries(read_page_task, flow_settings)
    finish = _with_retries(finish_file_task, flow_settings)
    db, quarantine = layout.database, layout.quarantine
    opens = [
        (label, path, open_.submit(path, label, settings, db, quarantine)) for path, label in todo
    ]
    last: list[tuple[str, PrefectFuture[Any]]] = []
    for label, path, opening in opens:
        opening.wait()
        opened = opening.result() if opening.state.is_completed() else None
        if not isinstance(opened, OpenedFile):
            last.append((label, opening))
            continue
        pages = [
            read.submit(path, label, number, opened, settings)
            for number in range(1, opened.plan.count + 1)
        ]
        last.append((label, finish.submit(path, label, opened, pages, settings, db, quarantine)))
    return last


def _collect(
    futures: list[tuple[str, PrefectFuture[Any]]], summary: RunSummary
) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    for label, future in futures:
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
