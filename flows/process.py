"""``process_documents``: one Prefect task per new file, skipped when already stored.

Each new file is one ``process-file`` task (``doc-<sha12>``) that runs the
pipeline's per-file function and ends in a named state: ``Completed(name="Read")``,
``"NeedsReview"``, ``"Invalid"`` or ``"Quarantined"``. Only a file of more than
``FlowSettings.page_tasks_above`` pages fans out: its task ends ``Paged``, a
``read-page`` task reads each page (``doc-<sha12>-p<N>``) and ``finish-file``
(``doc-<sha12>-records``) ends in the file's named state. Files whose hash and
pipeline version are stored already are skipped before any task is submitted.

The skip uses our own store (``records.sqlite``), not Prefect's result cache:
records hold health data (a special category of personal data), so no task here
persists a result. A page's text goes from its ``read-page`` task to
``finish-file`` in memory (or between Dask workers) only; the flow gets back
hashes, ids and counts. Runs are named from the folder's label and the date,
task runs from the file's hash, never from a name.

Every run ends with :func:`report_run`: a table artifact (documents by type and
status, the record ids that need review, the review station's URL) and, when a
record needs review, the event ``mseflow.review.needed``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.events import emit_event
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import Completed, State
from pydantic import BaseModel, Field

from mseflow import pipeline
from mseflow.flows.files import (
    FileOutcome,
    OpenedFile,
    fingerprint,
    finish_pages,
    finish_whole,
    is_transient,
    read_file_page,
    start_file,
    store_outcome,
)
from mseflow.flows.runlog import forward_warnings
from mseflow.flows.settings import FlowSettings, OutputLayout
from mseflow.ingest import Refusal
from mseflow.reading import PageText
from mseflow.records.sqlite import SqliteStore
from mseflow.run_report import RunReport, folder_label, review_url, run_name
from mseflow.scheduling import file_cost
from mseflow.settings import Settings

logger = logging.getLogger(__name__)

REVIEW_EVENT = "mseflow.review.needed"
"""Emitted by a run that leaves records needing review (attach an automation to it)."""

PAGED = "Paged"
"""The state name of a file task whose pages were handed to page tasks."""


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


def _named(result: FileOutcome | OpenedFile) -> State[Any]:
    """The task's final state: ``Completed`` named after the file's outcome."""
    name = result.outcome.value if isinstance(result, FileOutcome) else PAGED
    return Completed(data=result, name=name, message=None)


@task(name="fingerprint-files", **_TASK_OPTIONS)
def fingerprint_files(paths: list[Path]) -> list[str | None]:
    """SHA-256 of each file (``None`` when it cannot be opened)."""
    return [fingerprint(path) for path in paths]


@task(name="process-file", task_run_name="doc-{label}", **_TASK_OPTIONS)
def process_file_task(
    path: Path,
    label: str,
    settings: Settings,
    database: Path | None,
    quarantine: Path | None,
    page_tasks_above: int | None = None,
) -> State[Any]:
    """One file through the pipeline; ``label`` (the short hash) only names the task run."""
    forward_warnings()
    return _named(start_file(path, settings, database, quarantine, page_tasks_above))


@task(name="read-page", task_run_name="doc-{label}-p{number}", **_TASK_OPTIONS)
def read_page_task(
    path: Path, label: str, number: int, opened: OpenedFile, settings: Settings
) -> PageText:
    """Read page ``number`` (1-based) of a long file: text layer or OCR.

    The page's text lives in memory only (``persist_result=False``) on its way to
    the ``finish-file`` task.
    """
    forward_warnings()
    return read_file_page(path, opened, number - 1, settings)


@task(name="finish-file", task_run_name="doc-{label}-records", **_TASK_OPTIONS)
def finish_file_task(
    path: Path,
    label: str,
    opened: OpenedFile,
    pages: list[PageText] | None,
    settings: Settings,
    database: Path | None,
    quarantine: Path | None,
) -> State[Any]:
    """Split, extract and validate a long file's pages and store its records.

    ``pages=None`` (a page task failed) hands the whole file to the pipeline's
    per-file function instead, which records why it cannot be read.
    """
    forward_warnings()
    if pages is None:
        return _named(finish_whole(path, opened, settings, database, quarantine))
    return _named(finish_pages(path, opened, pages, settings, database, quarantine))


@task(name="cross-validate", **_TASK_OPTIONS)
def cross_validate_task(
    hashes: list[str], settings: Settings, layout: OutputLayout, unopened: list[str] | None = None
) -> RunReport:
    """Validate the whole store across documents and mirror it to ``records.jsonl``.

    Returns the report of this run's records: those of ``hashes`` and, for files
    that could not be read (no content hash), of the source paths ``unopened``.
    """
    forward_warnings()
    validated = pipeline.finish_out(layout.out_dir, settings)
    wanted, paths = set(hashes), set(unopened or [])
    return RunReport.of(
        [
            r
            for r in validated
            if (r.source_sha256 in wanted if r.source_sha256 else r.source_path in paths)
        ]
    )


class RunSummary(BaseModel):
    """Counts of one run (no personal data: hashes and record ids only)."""

    files: int = 0
    processed: int = Field(0, description="files actually read and extracted this run")
    skipped: int = Field(0, description="files whose hash + pipeline version were already stored")
    unreadable: int = Field(0, description="files that became an `unreadable` record")
    failed: int = Field(0, description="files whose task failed (no record; retried next run)")
    records: int = Field(0, description="records written to records.jsonl")
    failed_hashes: list[str] = Field(default_factory=list)
    outcomes: dict[str, int] = Field(
        default_factory=dict, description="files of this run by outcome (Read, NeedsReview, …)"
    )
    review_ids: list[str] = Field(
        default_factory=list, description="record ids that need review after this run"
    )


def run_documents(
    paths: Sequence[Path],
    layout: OutputLayout,
    settings: Settings,
    flow_settings: FlowSettings,
    label: str | None = None,
    refusals: Sequence[Refusal] = (),
) -> RunSummary:
    """The body shared by the flows: hash, skip what is stored, submit the rest, cross-validate.

    ``label`` names the input folder in the run's artifact (default: the output folder's).
    ``refusals`` are entries the input walk did not take (a link out of the folder, an
    unreadable folder): each is stored as an ``unreadable`` record like a bad file.
    """
    forward_warnings()
    layout.out_dir.mkdir(parents=True, exist_ok=True)
    hashes = _with_retries(fingerprint_files, flow_settings)(list(paths))
    version = pipeline.pipeline_version(settings)
    summary = RunSummary(files=len(paths))
    unopened = _store_refusals(refusals, settings, layout)
    todo = _select_new(paths, hashes, layout, version, summary)
    outcomes = list(run_files(todo, settings, layout, flow_settings, summary).values())
    done = [sha for sha in dict.fromkeys(hashes) if sha] + [o.sha256 for o in outcomes if o.sha256]
    unopened += [str(path) for path, sha in zip(paths, hashes, strict=True) if sha is None]
    cross = cross_validate_task.fn if flow_settings.writes_in_flow else cross_validate_task
    report = cross(list(dict.fromkeys(done)), settings, layout, unopened)
    summary.records = sum(report.counts.values())
    summary.review_ids = report.review_ids
    label = label or folder_label(layout.out_dir)
    report = RunReport(report.counts, report.review_ids, summary.outcomes, review_url())
    publish_report(report, label)
    announce_review(report.review_ids, label)
    get_run_logger().info(
        "files=%d processed=%d skipped=%d unreadable=%d failed=%d",
        summary.files, summary.processed, summary.skipped, summary.unreadable, summary.failed,
    )  # fmt: skip
    return summary


def _store_refusals(
    refusals: Sequence[Refusal], settings: Settings, layout: OutputLayout
) -> list[str]:
    """Store the walk's refusals as records (nothing of them was read); their source paths."""
    if not refusals:
        return []
    with SqliteStore(layout.database) as store:
        for refusal in refusals:
            store.commit_file(pipeline.refusal_records(refusal, settings))
    return [str(refusal.path) for refusal in refusals]


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


def run_files(
    todo: list[tuple[Path, str]],
    settings: Settings,
    layout: OutputLayout,
    flow_settings: FlowSettings,
    summary: RunSummary,
    quarantine: bool = True,
) -> dict[str, FileOutcome]:
    """Submit a task per file (and per page of a long file); count what came back.

    Returns each file's outcome by its label (files whose task failed are left
    out). ``quarantine=False`` leaves unreadable files to the caller (drop-folder
    mode moves them instead of copying them).
    """
    futures = _submit_files(todo, settings, layout, flow_settings, quarantine)
    outcomes = _collect(futures, summary)
    if flow_settings.writes_in_flow:  # the single writer: this process stores every file
        paths = {label: path for path, label in todo}
        q_dir = layout.quarantine if quarantine else None
        outcomes = {
            label: store_outcome(outcome, paths[label], layout.database, q_dir)
            for label, outcome in outcomes.items()
        }
    return outcomes


def _submit_files(
    todo: list[tuple[Path, str]],
    settings: Settings,
    layout: OutputLayout,
    flow_settings: FlowSettings,
    quarantine: bool,
) -> list[tuple[str, PrefectFuture[Any]]]:
    """Returns ``(label, future)`` per file: its ``process-file`` or ``finish-file`` future."""
    start = _with_retries(process_file_task, flow_settings)
    db, q_dir = layout.database, layout.quarantine if quarantine else None
    if flow_settings.writes_in_flow:
        db, q_dir = None, None  # workers hand records back; see run_files
    above = flow_settings.page_tasks_above
    starts = [
        (label, path, start.submit(path, label, settings, db, q_dir, above))
        for path, label in _costliest_first(todo, settings)
    ]  # so that one costly scan does not run alone at the end (as ``process -j``)
    paged: list[tuple[str, Path, OpenedFile, list[PrefectFuture[Any]]]] = []
    last: list[tuple[str, PrefectFuture[Any]]] = []
    read = _with_retries(read_page_task, flow_settings)
    for label, path, started in starts:
        started.wait()
        opened = started.result() if started.state.is_completed() else None
        if not isinstance(opened, OpenedFile):
            last.append((label, started))
            continue
        pages = [
            read.submit(path, label, number, opened, settings)
            for number in range(1, opened.plan.count + 1)
        ]
        paged.append((label, path, opened, pages))
    finish = _with_retries(finish_file_task, flow_settings)
    for label, path, opened, pages in paged:
        for page in pages:
            page.wait()
        read_pages = [p.result() for p in pages] if all(_completed(p) for p in pages) else None
        last.append((label, finish.submit(path, label, opened, read_pages, settings, db, q_dir)))
    return last


GUESS_FILES_AT_MOST = 256
"""Runs of up to this many files are ordered by :func:`~mseflow.scheduling.file_cost`
(~15 CPU ms a file, all guessed before the first task is submitted); longer ones by size,
where the last file's tail is a small part of the run."""


def _costliest_first(todo: list[tuple[Path, str]], settings: Settings) -> list[tuple[Path, str]]:
    """``todo`` in the order its tasks are submitted: the costliest reading first."""
    if len(todo) <= GUESS_FILES_AT_MOST:
        return sorted(todo, key=lambda item: -file_cost(item[0], settings.reading))
    return sorted(todo, key=lambda item: -_size(item[0]))


def _size(path: Path) -> int:
    """The file's size in bytes (0 when it cannot be seen: its task says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _completed(future: PrefectFuture[Any]) -> bool:
    return future.state.is_completed()


def _collect(
    futures: list[tuple[str, PrefectFuture[Any]]], summary: RunSummary
) -> dict[str, FileOutcome]:
    outcomes: dict[str, FileOutcome] = {}
    for label, future in futures:
        future.wait()
        if future.state.is_completed():
            outcome = future.result()
            outcomes[label] = outcome
            summary.processed += 1
            summary.unreadable += outcome.status == "unreadable"
            name = str(outcome.outcome)
            summary.outcomes[name] = summary.outcomes.get(name, 0) + 1
        else:
            summary.failed += 1
            summary.failed_hashes.append(label)
    return outcomes


def publish_report(report: RunReport, label: str) -> None:
    """The run's table artifact: documents by type x status, ids to review, the review URL.

    ``label`` names the folder (:func:`~mseflow.run_report.folder_label`): the artifact's
    key is ``mseflow-<label>``, so the UI shows each folder's runs as one artifact's versions.
    """
    create_table_artifact(
        table=report.table(), key=f"mseflow-{label}", description=report.markdown()
    )


def announce_review(review_ids: list[str], label: str) -> None:
    """Emit ``mseflow.review.needed`` (and a run-log warning) when records need review."""
    if not review_ids:
        return
    url = review_url()
    emit_event(
        event=REVIEW_EVENT,
        resource={"prefect.resource.id": f"mseflow.folder.{label}", "prefect.resource.name": label},
        payload={
            "count": len(review_ids),
            "record_ids": review_ids[:100],
            "review_url": url,
            "flow_run_name": flow_run.get_name(),
        },
    )
    get_run_logger().warning(
        "%d record(s) need review%s", len(review_ids), f": {url}" if url else ""
    )


def name_for(kind: str, parameter: str) -> str:
    """A flow-run name from the folder parameter ``parameter`` of the current run."""
    folder = flow_run.parameters.get(parameter)
    return run_name(kind, folder_label(Path(str(folder))) if folder else "none")


def _process_run_name() -> str:
    return name_for("process", "out_dir")


@flow(
    name="process-documents",
    flow_run_name=_process_run_name,
    persist_result=False,
    log_prints=False,
)
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
