"""One input file into the records store, without Prefect: the body of the per-file task.

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
from mseflow.errors import MseflowError
from mseflow.ingest import quarantine_copy, sha256_hex
from mseflow.logs import doc_logger
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


def records_for_bytes(data: bytes, path: Path, sha256: str, settings: Settings) -> list[Record]:
    """Records of a file's bytes; bad input becomes one ``unreadable`` record."""
    return pipeline.process_bytes_safely(data, str(path), sha256, settings)


def process_file(
    path: Path, settings: Settings, database: Path, quarantine_dir: Path | None
) -> FileOutcome:
    """Process one file into ``database``; copy it to ``quarantine_dir`` when unreadable.

    ``quarantine_dir=None`` leaves quarantining to the caller (drop-folder mode moves
    the file instead of copying it).
    """
    try:
        data = read_input(path)
    except TransientIOError:
        raise
    except OSError as exc:
        reason = f"cannot open the file: {exc.strerror or exc}"
        records = [pipeline.unreadable_record(str(path), "", reason, "input_unreadable")]
        return FileOutcome("", "unreadable", _store(records, database))
    sha256 = sha256_hex(data)
    records = records_for_bytes(data, path, sha256, settings)
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
