"""Find input files, hash them, and keep unreadable originals in quarantine.

Originals are never modified or deleted here: quarantine is a copy.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path

from mseflow.errors import InputNotFoundError, OutputError


def discover_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, sorted, hidden entries skipped) and keep input order.

    A path given twice is processed once.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in inputs:
        if not given.exists():
            raise InputNotFoundError(f"input not found: {given}")
        candidates = [given] if given.is_file() else sorted(_walk(given))
        for path in candidates:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _walk(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield path


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    >>> sha256_hex(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def quarantine_copy(source: Path, sha256: str, quarantine_dir: Path) -> Path:
    """Copy ``source`` into ``quarantine_dir`` as ``<sha12>-<name>``; return the copy's path."""
    try:
        quarantine_dir.mkdir(parents=True, exist_ok=True)
        target = quarantine_dir / f"{sha256[:12]}-{source.name}"
        if not target.exists():
            shutil.copy2(source, target)
    except OSError as exc:
        raise OutputError(f"cannot write quarantine folder {quarantine_dir}: {exc}") from exc
    return target
