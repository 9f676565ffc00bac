"""Drop-folder mode: pick up finished files, process them, move them to ``processed/`` or ``quarantine/``.

Files are never deleted: each is moved once it has been processed (a name that is
taken gets the content hash as a suffix). Records go to ``OUT/records.sqlite`` and
``OUT/records.jsonl`` through the same per-file step as the Prefect flows
(:func:`mseflow.flows.files.process_file`).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import BaseModel

from mseflow.errors import OutputError
from mseflow.flows.files import FileOutcome, is_transient, process_file
from mseflow.flows.ledger import stored_records
from mseflow.flows.readiness import ReadinessTracker
from mseflow.flows.settings import OutputLayout
from mseflow.logs import doc_logger
from mseflow.records.jsonl import write_jsonl
from mseflow.settings import Settings

logger = logging.getLogger(__name__)

PROCESSED = "processed"
QUARANTINE = "quarantine"


class WatchSummary(BaseModel):
    """What a watch run did (counts only)."""

    polls: int = 0
    processed: int = 0
    quarantined: int = 0


def incoming_files(drop_dir: Path) -> list[Path]:
    """Files waiting in ``drop_dir`` (recursively), outside ``processed/``, ``quarantine/`` and hidden entries."""
    found: list[Path] = []
    for path in sorted(drop_dir.rglob("*")):
        parts = path.relative_to(drop_dir).parts
        if parts[0] in {PROCESSED, QUARANTINE} or any(p.startswith(".") for p in parts):
            continue
        if path.is_file():
            found.append(path)
    return found


def move_aside(path: Path, target_dir: Path, sha256: str) -> Path:
    """Move ``path`` into ``target_dir``; a taken name gets ``-<sha12>`` (then a counter) appended."""
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = _free_name(target_dir, path, sha256)
        shutil.move(path, target)
    except OSError as exc:
        raise OutputError(f"cannot move a file into {target_dir}: {exc.strerror or exc}") from exc
    return target


def _free_name(target_dir: Path, path: Path, sha256: str) -> Path:
    candidates: Iterator[Path] = (
        target_dir / name
        for name in [path.name, f"{path.stem}-{sha256[:12] or 'nohash'}{path.suffix}"]
        + [f"{path.stem}-{sha256[:12] or 'nohash'}-{n}{path.suffix}" for n in range(1, 1000)]
    )
    for candidate in candidates:
        if not candidate.exists():
            return candidate
    raise OutputError(f"no free name for a file in {target_dir}")


def handle_file(
    path: Path, drop_dir: Path, layout: OutputLayout, settings: Settings
) -> FileOutcome:
    """Process one ready file into the store, then move it to ``processed/`` or ``quarantine/``."""
    outcome = process_file(path, settings, layout.database, quarantine_dir=None)
    folder = QUARANTINE if outcome.status == "unreadable" else PROCESSED
    move_aside(path, drop_dir / folder, outcome.sha256)
    doc_logger(logger, outcome.sha256).info("moved to %s/", folder)
    return outcome


def _try_handle(
    path: Path, drop_dir: Path, layout: OutputLayout, settings: Settings
) -> FileOutcome | None:
    """:func:`handle_file`, leaving the file for a later poll after a transient error."""
    try:
        return handle_file(path, drop_dir, layout, settings)
    except (OSError, sqlite3.OperationalError) as exc:
        if not is_transient(exc):
            raise
        logger.warning("transient error, the file stays for the next poll: %s", type(exc).__name__)
        return None


def watch(
    drop_dir: Path,
    out_dir: Path,
    poll_interval: float = 2.0,
    settle_seconds: float = 2.0,
    once: bool = False,
    settings: Settings | None = None,
    stale_seconds: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> WatchSummary:
    """Poll ``drop_dir`` every ``poll_interval`` s and process files once they are complete.

    With ``once`` it returns as soon as no file is waiting; otherwise it runs until
    interrupted (Ctrl-C / SIGTERM).
    """
    settings = settings or Settings.from_env()
    layout = OutputLayout(out_dir=out_dir)
    tracker = ReadinessTracker(settle_seconds=settle_seconds, stale_seconds=stale_seconds)
    summary = WatchSummary()
    drop_dir.mkdir(parents=True, exist_ok=True)
    while True:
        waiting = incoming_files(drop_dir)
        summary.polls += 1
        ready = tracker.poll(waiting)
        for path in ready:
            tracker.forget(path)
            outcome = _try_handle(path, drop_dir, layout, settings)
            if outcome is not None:
                summary.processed += 1
                summary.quarantined += outcome.status == "unreadable"
        if ready:
            write_jsonl(stored_records(layout.database), layout.jsonl)
        if once and not incoming_files(drop_dir):
            return summary
        sleep(poll_interval)
