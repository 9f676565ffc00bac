"""When is a file in a drop folder fully written? Plain polling, no extra dependency.

A file is ready once its size and modification time are unchanged across two
polls at least ``settle_seconds`` apart and, for a PDF, its trailer ``%%EOF`` is
present. A PDF that stays without a trailer for ``stale_seconds`` is taken
anyway (it is truncated and will be quarantined, not waited on forever).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

PDF_TRAILER = b"%%EOF"
TRAILER_WINDOW = 2048
"""Bytes at the end of a PDF searched for the trailer (writers may append a newline or two)."""


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float


def has_pdf_trailer(path: Path) -> bool:
    """Whether the last bytes of ``path`` hold ``%%EOF``."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - TRAILER_WINDOW))
        return PDF_TRAILER in handle.read()


def looks_like_pdf(path: Path) -> bool:
    """By its first bytes, or by its suffix while it is still empty."""
    with path.open("rb") as handle:
        head = handle.read(5)
    return head == b"%PDF-" or (not head and path.suffix.lower() == ".pdf")


@dataclass
class ReadinessTracker:
    """Remembers what each pending file looked like at the last poll."""

    settle_seconds: float = 2.0
    stale_seconds: float = 60.0
    _seen: dict[Path, _Seen] = field(default_factory=dict)

    def poll(self, paths: list[Path], now: float | None = None) -> list[Path]:
        """Return the files among ``paths`` that are complete; forget files that vanished."""
        now = time.monotonic() if now is None else now
        present = set(paths)
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return [path for path in paths if self._is_ready_now(path, now)]

    def _is_ready_now(self, path: Path, now: float) -> bool:
        try:
            return self._is_ready(path, now)
        except FileNotFoundError:  # removed between listing and reading
            self._seen.pop(path, None)
            return False

    def forget(self, path: Path) -> None:
        """Stop tracking ``path`` (it was moved away)."""
        self._seen.pop(path, None)

    @property
    def pending(self) -> int:
        """Files seen but not yet ready."""
        return len(self._seen)

    def _is_ready(self, path: Path, now: float) -> bool:
        stat = path.stat()
        previous = self._seen.get(path)
        if previous is None or (previous.size, previous.mtime_ns) != (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            self._seen[path] = _Seen(stat.st_size, stat.st_mtime_ns, now)
            return False
        stable_for = now - previous.since
        if stable_for < self.settle_seconds:
            return False
        if looks_like_pdf(path) and not has_pdf_trailer(path):
            return stable_for >= self.stale_seconds
        return True
