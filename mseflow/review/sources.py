"""Find a record's source file by its SHA-256, wherever it is now.

``watch`` moves a file into ``processed/`` or ``quarantine/`` beside the drop
folder (a taken name gets ``-<sha12>``), ``process`` copies unreadable files to
``OUT/quarantine/`` as ``<sha12>-<name>``, and later tools may name files
``<sha12><ext>``. The finder tries, in order: the recorded path; the same name
and any name carrying the hash prefix in those folders; then hashes the files of
the search folders (once per file size and mtime). A file is only ever returned
after its content hash matched.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

MOVED_DIRS = ("processed", "quarantine")
MOVED_DEPTH = 3
"""Folders above the recorded one whose processed/ and quarantine/ are searched too."""
MAX_SCAN_FILES = 20_000
"""Files hashed at most per search folder walk (a guard against a wrong folder)."""


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class SourceFinder:
    """Locate source files by hash under the output folder and the given search folders."""

    def __init__(self, out_dir: Path, search_dirs: Iterable[Path] = ()) -> None:
        self.out_dir = out_dir
        self.search_dirs = [Path(d) for d in search_dirs]
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._found: dict[str, Path] = {}
        self._lock = threading.Lock()

    def find(self, sha256: str, source_path: str) -> Path | None:
        """The file whose content hash is ``sha256``, or None when it is nowhere to be found."""
        if not sha256:
            return None
        known = self._found.get(sha256)
        if known is not None and self._matches(known, sha256):
            return known
        for candidate in self._likely(sha256, Path(source_path)):
            if self._matches(candidate, sha256):
                self._found[sha256] = candidate
                return candidate
        for candidate in self._scan():
            if self._matches(candidate, sha256):
                self._found[sha256] = candidate
                return candidate
        return None

    def _folders(self, original: Path) -> list[Path]:
        parent = original.parent
        folders = [parent]
        for ancestor in [parent, *list(parent.parents)[:MOVED_DEPTH]]:
            folders += [ancestor / d for d in MOVED_DIRS]  # watch moves to DROP/processed/
        folders += [self.out_dir / d for d in MOVED_DIRS] + [self.out_dir]
        for root in self.search_dirs:
            folders += [root, *(root / d for d in MOVED_DIRS)]
        return list(dict.fromkeys(folders))

    def _likely(self, sha256: str, original: Path) -> Iterator[Path]:
        yield original
        prefix = sha256[:12]
        for folder in self._folders(original):
            yield folder / original.name
            if folder.is_dir():
                yield from sorted(p for p in folder.iterdir() if prefix in p.name)

    def _scan(self) -> Iterator[Path]:
        for root in [self.out_dir, *self.search_dirs]:
            if not root.is_dir():
                continue
            for count, path in enumerate(sorted(root.rglob("*"))):
                if count >= MAX_SCAN_FILES:
                    break
                if path.suffix.lower() not in {".sqlite", ".jsonl", ".csv", ".json", ".wal"}:
                    yield path

    def _matches(self, path: Path, sha256: str) -> bool:
        try:
            if not path.is_file():
                return False
            stat = path.stat()
            key = (str(path), stat.st_size, stat.st_mtime_ns)
            with self._lock:
                digest = self._hashes.get(key)
            if digest is None:
                digest = file_sha256(path)
                with self._lock:
                    self._hashes[key] = digest
        except OSError:
            return False
        return digest == sha256
