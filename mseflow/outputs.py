"""Output files that hold health data: private (600/700), written whole or not at all.

Every file mseflow writes into OUT goes through here or through the SQLite store:
folders are created 0700, files 0600 whatever the caller's umask, and a file is
written to a temporary name unique to this process, fsynced, then renamed over
the target, so a reader never sees half a file and a crash leaves no partial one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

from mseflow.errors import OutputError

PRIVATE_UMASK = 0o077
"""The umask of the ``mseflow`` command: nothing it creates is readable by others."""

RECORDS_JSONL = "records.jsonl"
RECORDS_DB = "records.sqlite"
QUARANTINE = "quarantine"
"""The layout of an output folder: OUT/records.jsonl, OUT/records.sqlite, OUT/quarantine/."""

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_NAME = ".mseflow.lock"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700; an existing folder is left as it is.

    Raises :class:`OutputError` when it cannot be created.
    """
    try:
        missing = [p for p in (path, *path.parents) if not p.exists()]
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):
                folder.mkdir(mode=DIR_MODE)
                folder.chmod(DIR_MODE)  # mkdir's mode is cut by the umask
        if not path.is_dir():
            raise OutputError(f"not a folder: {path}")
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path}: {exc.strerror or exc}") from exc
    return path


def make_private(path: Path) -> None:
    """Take group and other permissions off an existing output file or folder."""
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(mode & 0o700)


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through ``write(handle)`` on a unique temp file, fsync, rename; 0600.

    On any failure the temp file is removed and the old ``path`` (if any) is kept.
    """
    with private_file(path, "wb", encoding=None) as handle:
        write(handle)


@contextlib.contextmanager
def private_file(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write ``path`` whole or not at all: a unique 0600 temp file, fsync, rename, 0700 folder.

    On any failure the temp file is removed and the old ``path`` (if any) is kept.
    """
    private_dir(path.parent)
    try:
        fd, tmp_name = private_temp(path.parent, path.name)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        newline = None if "b" in mode else ""
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(FILE_MODE)
        tmp.replace(path)
        _fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def private_temp(folder: Path, label: str) -> tuple[int, str]:
    """A new 0600 temp file in ``folder``: ``.<label>.<pid>.<random>.tmp``, unique per run.

    The process id in the name lets :func:`remove_stale_temps` tell a crashed run's
    leftovers from the live temp file of a run that is still going.
    """
    return tempfile.mkstemp(dir=folder, prefix=f".{label}.{os.getpid()}.", suffix=".tmp")


def remove_stale_temps(folder: Path) -> int:
    """Remove temp files of runs that are no longer alive (killed mid-write); return how many."""
    removed = 0
    try:
        candidates = list(folder.glob(".*.tmp"))
    except OSError:
        return 0
    for path in candidates:
        pid = _pid_of(path.name)
        if pid is not None and pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def _pid_of(name: str) -> int | None:
    parts = name.split(".")
    return int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort where the OS refuses)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def out_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``OUT`` (two runs into one OUT take turns at the end step)."""
    private_dir(out_dir)
    try:
        fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    except OSError as exc:
        raise OutputError(f"cannot lock {out_dir}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
