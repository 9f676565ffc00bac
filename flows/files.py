"""One input file into the records store, without Prefect: the bodies of the file and page tasks.

Every file goes through :func:`start_file`: it reads the bytes and, for a file of
at most ``page_tasks_above`` pages, runs the one per-file function of the
pipeline (:func:`mseflow.pipeline.process_bytes_safely`) and stores its records.
A longer file comes back as an :class:`OpenedFile`; its pages are then read in
parallel (:func:`read_file_page`, one task each) and assembled by
:func:`finish_pages` through :func:`mseflow.pipeline.records_from_pages_safely`.
When a page cannot be read, :func:`finish_whole` hands the whole file to
``process_bytes_safely``, so the record of a bad file always comes from the
pipeline's one error boundary, whichever way the file was read.

Transient I/O problems (a network share that hiccups, a locked SQLite database)
raise :class:`TransientIOError` or ``sqlite3.OperationalError`` so the task can
retry; bad input never raises: it becomes an ``unreadable`` record and a
quarantine copy, the original left untouched.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from mseflow import ingest, pipeline
from mseflow.contract import Record
from mseflow.errors import InputError, MseflowError
from mseflow.ingest import quarantine_copy, sha256_hex
from mseflow.logs import doc_logger
from mseflow.reading import PagePlan, PageText, plan_pages, read_page
from mseflow.records.sqlite import SqliteStore, record_id
from mseflow.run_report import Outcome, file_outcome
from mseflow.settings import ReadingSettings, Settings

logger = logging.getLogger(__name__)

TRANSIENT_ERRNOS: frozenset[int] = frozenset(
    {
        errno.EIO,
        errno.EAGAIN,
        errno.EINTR,
        errno.EBUSY,
        errno.ETIMEDOUT,
        errno.ESTALE,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.EHOSTDOWN,
        errno.EHOSTUNREACH,
        errno.ENETDOWN,
        errno.ENETUNREACH,
    }
)
"""``errno`` values of a read that may succeed when tried again (network shares, NFS)."""


class TransientIOError(MseflowError, OSError):
    """Reading an input failed in a way that may pass on retry; the task is retried."""


class FileChangedError(MseflowError):
    """The file's content changed between two of its tasks; the file is left for the next run."""


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: only hashes, ids and counts (no personal data).

    This is what a task hands back to Prefect, so nothing here may identify a person.
    ``outcome`` names the task's final state (``Read``, ``NeedsReview``, ``Invalid``,
    ``Quarantined``).
    """

    sha256: str
    status: str
    record_ids: list[str] = field(default_factory=list)
    outcome: Outcome = Outcome.read
    unstored: list[Record] = field(default_factory=list, repr=False, compare=False)
    """Records left for the flow process to store (single-writer mode), in memory only."""

    @property
    def records(self) -> int:
        """How many records the file produced."""
        return len(self.record_ids)


@dataclass(frozen=True)
class OpenedFile:
    """A file long enough for a task per page: its hash and page plan (no content)."""

    sha256: str
    plan: PagePlan


def is_transient(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or an exception it was raised from) is worth a retry."""
    while exc is not None:
        if isinstance(exc, TransientIOError):
            return True
        if isinstance(exc, sqlite3.OperationalError) and _is_lock(exc):
            return True
        exc = exc.__cause__
    return False


def _is_lock(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def read_input(path: Path, max_bytes: int | None = None) -> bytes:
    """Read ``path`` once (:func:`mseflow.ingest.read_input`); a transient failure raises
    :class:`TransientIOError`, other failures their :class:`~mseflow.errors.InputError`."""
    limit = max_bytes if max_bytes is not None else ReadingSettings().max_file_bytes
    try:
        return ingest.read_input(path, limit)
    except InputError as exc:
        cause = exc.__cause__
        if isinstance(cause, OSError) and cause.errno in TRANSIENT_ERRNOS:
            raise TransientIOError(cause.errno, f"transient read error: {cause.strerror}") from exc
        raise


def fingerprint(path: Path) -> str | None:
    """SHA-256 of the file, or ``None`` when it cannot be read (the file's task says why)."""
    try:
        return sha256_hex(read_input(path))
    except TransientIOError:
        raise
    except (InputError, OSError):
        return None


def start_file(
    path: Path,
    settings: Settings,
    database: Path | None,
    quarantine_dir: Path | None,
    page_tasks_above: int | None = None,
) -> FileOutcome | OpenedFile:
    """Process one file, or return its page plan when it has more than ``page_tasks_above`` pages.

    ``quarantine_dir=None`` leaves quarantining to the caller (drop-folder mode moves
    the file instead of copying it).
    """
    try:
        data = read_input(path, settings.reading.max_file_bytes)
    except TransientIOError:
        raise
    except (InputError, OSError):
        records = pipeline.process_source_safely(path, settings)  # the one boundary says why
        sha = records[0].source_sha256 if records else ""
        return store_file(path, sha, records, database, quarantine_dir)
    sha256 = sha256_hex(data)
    if page_tasks_above is not None:
        plan = _plan(data, settings)
        if plan is not None and plan.count > page_tasks_above:
            return OpenedFile(sha256, plan)
    records = pipeline.process_bytes_safely(data, str(path), sha256, settings)
    return store_file(path, sha256, records, database, quarantine_dir)


def _plan(data: bytes, settings: Settings) -> PagePlan | None:
    """The page plan, or ``None`` when there is none: the pipeline's boundary then says why."""
    try:
        return plan_pages(data, settings.reading)
    except Exception:  # noqa: BLE001 - reported by process_bytes_safely on the same bytes
        return None


def process_file(
    path: Path, settings: Settings, database: Path, quarantine_dir: Path | None
) -> FileOutcome:
    """Process one file into ``database`` in this process, whatever its length."""
    outcome = start_file(path, settings, database, quarantine_dir)
    assert isinstance(outcome, FileOutcome)  # no page_tasks_above: never a plan
    return outcome


def _same_content(path: Path, opened: OpenedFile, settings: Settings) -> bytes:
    data = read_input(path, settings.reading.max_file_bytes)
    if sha256_hex(data) != opened.sha256:
        raise FileChangedError(
            "the file changed while it was processed; it is left for the next run"
        )
    return data


def read_file_page(path: Path, opened: OpenedFile, index: int, settings: Settings) -> PageText:
    """Read page ``index`` (0-based) of an opened file, checking it is still the same content.

    A page that cannot be read raises: the file then goes through :func:`finish_whole`.
    """
    return read_page(_same_content(path, opened, settings), opened.plan, index, settings.reading)


def finish_pages(
    path: Path,
    opened: OpenedFile,
    pages: list[PageText],
    settings: Settings,
    database: Path | None,
    quarantine_dir: Path | None,
) -> FileOutcome:
    """Split, extract and validate a file's read pages and store its records."""
    records = pipeline.records_from_pages_safely(pages, str(path), opened.sha256, settings)
    return store_file(path, opened.sha256, records, database, quarantine_dir)


def finish_whole(
    path: Path,
    opened: OpenedFile,
    settings: Settings,
    database: Path | None,
    quarantine_dir: Path | None,
) -> FileOutcome:
    """A file some page of which could not be read: the whole file through the pipeline."""
    data = _same_content(path, opened, settings)
    records = pipeline.process_bytes_safely(data, str(path), opened.sha256, settings)
    return store_file(path, opened.sha256, records, database, quarantine_dir)


def store_file(
    path: Path,
    sha256: str,
    records: list[Record],
    database: Path | None,
    quarantine_dir: Path | None,
) -> FileOutcome:
    """Store a file's records; copy an unreadable file into ``quarantine_dir`` first.

    ``database=None`` (single-writer mode) stores nothing: the records travel back,
    in memory, for :func:`store_outcome` in the flow process.
    """
    outcome = file_outcome(records)
    unreadable = outcome is Outcome.quarantined
    if unreadable and quarantine_dir is not None and sha256:
        quarantine_copy(path, sha256, quarantine_dir)
    if database is not None:
        with SqliteStore(database) as store:
            store.commit_file(records)
        doc_logger(logger, sha256 or "nohash").info(
            "stored %d record(s): %s", len(records), outcome
        )
    return FileOutcome(
        sha256, "unreadable" if unreadable else "processed", [record_id(r) for r in records],
        outcome, [] if database is not None else list(records),
    )  # fmt: skip


def store_outcome(
    outcome: FileOutcome, path: Path, database: Path, quarantine_dir: Path | None
) -> FileOutcome:
    """The single writer: store records a worker handed back, quarantine, drop them from memory."""
    if not outcome.unstored:
        return outcome
    if outcome.outcome is Outcome.quarantined and quarantine_dir is not None and outcome.sha256:
        quarantine_copy(path, outcome.sha256, quarantine_dir)
    with SqliteStore(database) as store:
        store.commit_file(outcome.unstored)
    doc_logger(logger, outcome.sha256 or "nohash").info(
        "stored %d record(s): %s", len(outcome.unstored), outcome.outcome
    )
    return FileOutcome(outcome.sha256, outcome.status, outcome.record_ids, outcome.outcome)


def stored_records(database: Path, sha256: str, version: str) -> list[Record]:
    """Records already in ``database`` for this file content and pipeline version."""
    with SqliteStore(database) as store:
        return store.records_for(sha256, version)
