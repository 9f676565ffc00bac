"""Find input files (a closed walk), read and hash them, keep unreadable originals in quarantine.

The walk never leaves its input folder: a symbolic link that points outside it is
refused (``input_outside_root``) and never opened, a link loop is refused
(``input_loop``), and a folder that cannot be listed, a named pipe or a device is
a refusal with its reason too. Refusals become ``unreadable`` records
(:func:`mseflow.pipeline.refusal_records`), so nothing is skipped silently.

Originals are never modified or deleted here: quarantine is a copy, named
``<sha12><ext>`` so that no personal data from the original name reaches a file name.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mseflow.errors import (
    InputChangedError,
    InputError,
    InputLoopError,
    InputNotFoundError,
    InputPermissionError,
    InputTooLargeError,
    NotRegularFileError,
    OutputError,
    OutsideRootError,
    UnreadableInputError,
)
from mseflow.outputs import FILE_MODE, private_dir, private_temp

logger = logging.getLogger(__name__)

SETTLE_SECONDS = 0.5
"""A file modified this recently is looked at twice: if it moved, it is still being written."""

_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


@dataclass(frozen=True)
class Refusal:
    """An input entry the walk did not take: the issue code and a reason, nothing of its content."""

    path: Path
    code: str
    reason: str


@dataclass
class InputWalk:
    """What :func:`walk_inputs` found: files to read, in order, and refusals."""

    files: list[Path] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


def discover_inputs(inputs: Iterable[Path]) -> list[Path]:
    """The files of :func:`walk_inputs`; refusals are logged (code and reason, no name)."""
    walk = walk_inputs(inputs)
    for refusal in walk.refusals:
        logger.warning("skipped an input entry: %s (%s)", refusal.code, refusal.reason)
    return walk.files


def walk_inputs(inputs: Iterable[Path]) -> InputWalk:
    """Expand folders (recursively, sorted, hidden entries skipped) and keep input order.

    A path given twice is processed once. Inside a folder, a symbolic link is followed
    only when its target lies inside that folder; a file named on the command line is
    taken as named. Raises :class:`InputNotFoundError` for an input that does not exist.
    """
    walk = InputWalk()
    found: list[Path] = []
    for given in inputs:
        if not given.exists() and not given.is_symlink():
            raise InputNotFoundError(f"input not found: {given}")
        if given.is_dir():
            root = given.resolve()
            found += _walk_dir(given, root, {_identity(root)}, walk.refusals)
        else:
            found.append(given)
    preferred: dict[Path, Path] = {}  # one path per file: the file itself rather than a link to it
    for path in found:
        key = _resolved(path)
        if key not in preferred or (preferred[key].is_symlink() and not path.is_symlink()):
            preferred[key] = path
    chosen = set(preferred.values())
    walk.files = list(dict.fromkeys(path for path in found if path in chosen))
    return walk


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _walk_dir(
    folder: Path, root: Path, ancestors: set[tuple[int, int]], refusals: list[Refusal]
) -> Iterator[Path]:
    """Files under ``folder`` in name order; what is not taken goes to ``refusals``."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except PermissionError:
        refusals.append(
            Refusal(
                folder,
                InputPermissionError.issue_code,
                "cannot list the folder: permission denied",
            )
        )
        return
    except OSError as exc:
        refusals.append(
            Refusal(
                folder, UnreadableInputError.issue_code, f"cannot list the folder: {exc.strerror}"
            )
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            yield from _walk_entry(path, entry, root, ancestors, refusals)
        except OSError as exc:
            code = (
                InputPermissionError.issue_code
                if isinstance(exc, PermissionError)
                else UnreadableInputError.issue_code
            )
            refusals.append(Refusal(path, code, f"cannot inspect the entry: {exc.strerror}"))


def _walk_entry(
    path: Path,
    entry: os.DirEntry[str],
    root: Path,
    ancestors: set[tuple[int, int]],
    refusals: list[Refusal],
) -> Iterator[Path]:
    if entry.is_symlink():
        target = _link_target(path, root, refusals)
        if target is None:
            return
        info = target.stat()
    else:
        info = entry.stat(follow_symlinks=False)
    if stat.S_ISDIR(info.st_mode):
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            refusals.append(
                Refusal(path, InputLoopError.issue_code, "folder loop: it leads back to its parent")
            )
            return
        yield from _walk_dir(path, root, ancestors | {identity}, refusals)
    elif stat.S_ISREG(info.st_mode):
        yield path
    else:
        refusals.append(
            Refusal(
                path,
                NotRegularFileError.issue_code,
                "not a regular file (a named pipe, socket or device): not opened",
            )
        )


def _link_target(path: Path, root: Path, refusals: list[Refusal]) -> Path | None:
    """The target of the link ``path`` when it may be followed, else ``None`` and a refusal."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a link cycle this way
        target = None
    except FileNotFoundError:
        refusals.append(
            Refusal(path, UnreadableInputError.issue_code, "broken symbolic link: no target")
        )
        return None
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        target = None
    if target is None:
        refusals.append(Refusal(path, InputLoopError.issue_code, "symbolic link loop"))
        return None
    if not target.is_relative_to(root):
        refusals.append(
            Refusal(
                path,
                OutsideRootError.issue_code,
                "symbolic link to a place outside the input folder: not followed",
            )
        )
        return None
    return target


def read_input(path: Path, max_bytes: int) -> bytes:
    """The bytes of one input file, read once; raises :class:`InputError` subclasses.

    Refuses what is not a regular file (without blocking on a named pipe), a file over
    ``max_bytes`` (before reading it) and a file that changed while it was read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except PermissionError as exc:
        raise InputPermissionError("cannot open the file: permission denied") from exc
    except OSError as exc:
        raise UnreadableInputError(f"cannot open the file: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise NotRegularFileError("not a regular file (a named pipe, socket or device)")
        if before.st_size > max_bytes:
            raise InputTooLargeError(
                f"file is {before.st_size} bytes, over the limit of {max_bytes}"
            )
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise UnreadableInputError(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputTooLargeError(f"file is over the limit of {max_bytes} bytes")
    _check_settled(path, before, len(data))
    return data


def _check_settled(path: Path, before: os.stat_result, size: int) -> None:
    """Raise :class:`InputChangedError` when the file is still being written."""
    age = time.time() - before.st_mtime
    if 0 <= age < SETTLE_SECONDS:
        time.sleep(SETTLE_SECONDS - age)
    try:
        after = path.stat()
    except OSError as exc:
        raise InputChangedError("the file disappeared while it was read") from exc
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or (
        size != before.st_size
    ):
        raise InputChangedError(
            "the file changed while it was read (still being written?); "
            "it is read again on the next run"
        )


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    >>> sha256_hex(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """Hex SHA-256 of the file at ``path`` (streamed), or ``None`` when it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def path_key(source_path: str) -> str:
    """Hex SHA-256 of a path: what names a file that has no content hash (logs, record ids)."""
    return hashlib.sha256(source_path.encode("utf-8", "surrogateescape")).hexdigest()


def stored_name(sha256: str, original: str | Path) -> str:
    """The name a file gets in quarantine/ or processed/: ``<sha12><ext>``, nothing else.

    The extension is kept when it is a plain one (letters and digits, lower-cased); the
    original name stays only in the record's ``source_path``.

    >>> stored_name("ab" * 32, "Иванов И.И. справка.PDF")
    'abababababab.pdf'
    >>> stored_name("ab" * 32, "scan.tar.gz; rm -rf")
    'abababababab'
    """
    suffix = Path(str(original)).suffix
    ext = suffix.lower() if _SAFE_SUFFIX.fullmatch(suffix) else ""
    return f"{sha256[:12]}{ext}"


def quarantine_copy(source: Path, sha256: str, quarantine_dir: Path) -> Path:
    """Copy ``source`` into ``quarantine_dir`` as ``<sha12><ext>``; return the copy's path.

    The copy is written to a temporary name unique to this call, fsynced, checked
    against ``sha256`` and renamed; a failed or changed copy is removed, never kept.
    Raises :class:`OutputError` when the copy cannot be written (disk full, read-only).
    """
    target = quarantine_dir / stored_name(sha256, source.name)
    if target.exists():
        return target
    private_dir(quarantine_dir)
    try:
        fd, tmp_name = private_temp(quarantine_dir, "copy")
    except OSError as exc:
        raise OutputError(f"cannot write the quarantine folder: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        digest = _copy_into(source, fd)
        if digest != sha256:
            logger.warning("[%s] not quarantined: the file changed since it was read", sha256[:12])
            tmp.unlink(missing_ok=True)
            return target
        tmp.chmod(FILE_MODE)
        tmp.replace(target)
    except InputError as exc:
        tmp.unlink(missing_ok=True)
        logger.warning("[%s] not quarantined: %s", sha256[:12], exc)
        return target
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write the quarantine folder: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _copy_into(source: Path, fd: int) -> str:
    """Copy ``source`` into the open file ``fd`` (then fsync and close it); return its SHA-256."""
    digest = hashlib.sha256()
    with os.fdopen(fd, "wb") as out:
        try:
            src_fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as exc:
            raise UnreadableInputError(f"cannot open the original: {exc.strerror}") from exc
        with os.fdopen(src_fd, "rb") as src:
            if not stat.S_ISREG(os.fstat(src_fd).st_mode):
                raise NotRegularFileError("not a regular file")
            while chunk := src.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()
