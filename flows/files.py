"""One input file into the records store, without Prefect: the bodies of the file and page tasks.

A file goes through three steps, each a task in :mod:`mseflow.flows.process`:
:func:`open_file` (hash and page count), :func:`read_file_page` (one per page) and
:func:`finish_file` (extract, validate, store); :func:`process_file` runs the
three in one process (drop-folder mode).

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

from mseflow import pipeline
from mseflow.contract import Record
from mseflow.errors import InputError, MseflowError
from mseflow.ingest import quarantine_copy, sha256_hex
from mseflow.logs import doc_logger
from mseflow.reading import PagePlan, PageText, plan_pages, read_page
from mseflow.records.sqlite import SqliteStore, record_id
from mseflow.settings import Settings

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


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: only hashes, ids and counts (no personal data).

    This is what a task hands back to Prefect, so nothing here may identify a person.
    """

    sha256: str
    status: str
    record_ids: list[str] = field(default_factory=list)

    @property
    def records(self) -> int:
        """How many records the file produced."""
        return len(self.record_ids)


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


def read_input(path: Path) -> bytes:
    """Read ``path``; a transient failure raises :class:`TransientIOError`, others ``OSError``."""
    try:
        return path.read_bytes()
    except OSError as exc:
        if exc.errno in TRANSIENT_ERRNOS:
            raise TransientIOError(exc.errno, f"transient read error: {exc.strerror}") from exc
        raise


def fingerprint(path: Path) -> str | None:
    """SHA-256 of the file, or ``None`` when it cannot be opened at all."""
    try:
        return sha256_hex(read_input(path))
    except TransientIOError:
        raise
    except OSError:
        return None


class FileChangedError(MseflowError):
    """The file's content changed between two of its tasks; the file is left for the next run."""


@dataclass(frozen=True)
class OpenedFile:
    """A readable file: its hash and page plan, all its page tasks need (no content)."""

    sha256: str
    plan: PagePlan


@dataclass(frozen=True)
class PageFailure:
    """A page that could not be read: the input error's code and message, no content."""

    number: int
    code: str
    reason: str


def open_file(
    path: Path, settings: Settings, database: Path, quarantine_dir: Path | None
) -> OpenedFile | FileOutcome:
    """Hash and plan one file; a file that cannot be opened ends here, stored as ``unreadable``.

    ``quarantine_dir=None`` leaves quarantining to the caller (drop-folder mode moves
    the file instead of copying it).
    """
    opened = _open_data(path, settings, database, quarantine_dir)
    return opened if isinstance(opened, FileOutcome) else opened[1]


def _open_data(
    path: Path, settings: Settings, database: Path, quarantine_dir: Path | None
) -> tuple[bytes, OpenedFile] | FileOutcome:
    try:
        data = read_input(path)
    except TransientIOError:
        raise
    except OSError as exc:
        reason = f"cannot open the file: {exc.strerror or exc}"
        records = [pipeline.unreadable_record(str(path), "", reason, "input_unreadable")]
        return FileOutcome("", "unreadable", _store(records, database))
    sha256 = sha256_hex(data)
    try:
        return data, OpenedFile(sha256, plan_pages(data, settings.reading))
    except InputError as exc:
        records = pipeline.unreadable_records(str(path), sha256, str(exc), exc.issue_code, settings)
        return _finish(path, sha256, records, database, quarantine_dir)


def read_file_page(
    path: Path, opened: OpenedFile, index: int, settings: Settings
) -> PageText | PageFailure:
    """Read page ``index`` (0-based) of an opened file, checking it is still the same content."""
    data = read_input(path)
    if sha256_hex(data) != opened.sha256:
        raise FileChangedError(
            "the file changed while it was processed; it is left for the next run"
        )
    return page_or_failure(data, opened, index, settings)


def page_or_failure(
    data: bytes, opened: OpenedFile, index: int, settings: Settings
) -> PageText | PageFailure:
    """One page of ``data``; an input error on it becomes a :class:`PageFailure`."""
    try:
        return read_page(data, opened.plan, index, settings.reading)
    except InputError as exc:
        return PageFailure(index + 1, exc.issue_code, f"page {index + 1}: {exc}")


def records_for_pages(
    pages: list[PageText], path: Path, sha256: str, settings: Settings
) -> list[Record]:
    """Records of a file's pages; a file with no text becomes one ``unreadable`` record."""
    try:
        return pipeline.records_from_pages(pages, str(path), sha256, settings)
    except InputError as exc:
        return pipeline.unreadable_records(str(path), sha256, str(exc), exc.issue_code, settings)


def finish_file(
    path: Path,
    opened: OpenedFile,
    pages: list[PageText | PageFailure],
    settings: Settings,
    database: Path,
    quarantine_dir: Path | None,
) -> FileOutcome:
    """Extract and validate the read pages into ``database``; quarantine the file if unreadable."""
    failures = [page for page in pages if isinstance(page, PageFailure)]
    if failures:
        first = failures[0]
        records = pipeline.unreadable_records(
            str(path), opened.sha256, first.reason, first.code, settings
        )
    else:
        texts = [page for page in pages if isinstance(page, PageText)]
        records = records_for_pages(texts, path, opened.sha256, settings)
    return _finish(path, opened.sha256, records, database, quarantine_dir)


def process_file(
    path: Path, settings: Settings, database: Path, quarantine_dir: Path | None
) -> FileOutcome:
    """Process one file into ``database`` in this process: open, read each page, finish."""
    opened_data = _open_data(path, settings, database, quarantine_dir)
    if isinstance(opened_data, FileOutcome):
        return opened_data
    data, opened = opened_data
    pages = [page_or_failure(data, opened, index, settings) for index in range(opened.plan.count)]
    return finish_file(path, opened, pages, settings, database, quarantine_dir)


def _finish(
    path: Path, sha256: str, records: list[Record], database: Path, quarantine_dir: Path | None
) -> FileOutcome:
    unreadable = any(r.doc_type == "unreadable" for r in records)
    if unreadable and quarantine_dir is not None:
        quarantine_copy(path, sha256, quarantine_dir)
    ids = _store(records, database)
    doc_logger(logger, sha256).info("stored %d record(s)", len(ids))
    return FileOutcome(sha256, "unreadable" if unreadable else "processed", ids)


def _store(records: list[Record], database: Path) -> list[str]:
    with SqliteStore(database) as store:
        store.upsert(records)
    return [record_id(r) for r in records]


def stored_records(database: Path, sha256: str, version: str) -> list[Record]:
    """Records already in ``database`` for this file content and pipeline version."""
    with SqliteStore(database) as store:
        return store.records_for(sha256, version)
