"""Drop-folder mode as a Prefect flow: pick up finished files, process them, move them aside.

:func:`watch` prints a banner with its folders, then runs the flow
``watch-drop-folder`` (one long run, named ``watch-<label>-<date>``) until SIGTERM
or Ctrl-C, and prints a summary. Each poll takes the files that are fully
written (:mod:`mseflow.flows.readiness`); each goes through the same
``process-file`` task as ``ingest`` (the pipeline's one per-file function, a named
final state) and one line ``<sha12> <outcome>`` is printed. A file whose bytes are
already stored with the current pipeline version is not read again
(``<sha12> skipped``). After each batch the store is checked across documents
(certificate against IPRA, :func:`mseflow.pipeline.validate_records`),
``records.jsonl`` is rewritten from the store, and the run's table artifact gets
a new version.

Files are never deleted: each is moved once handled, to ``DROP/processed/`` or
``DROP/quarantine/`` (unreadable), as ``<sha12><ext>`` (a taken name gets a
counter); the original name stays only in the record.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from prefect import flow, get_run_logger
from pydantic import BaseModel, Field

from mseflow import pipeline
from mseflow.errors import OutputError
from mseflow.flows.files import TransientIOError, fingerprint
from mseflow.flows.process import (
    RunSummary,
    announce_review,
    name_for,
    publish_report,
    run_files,
)
from mseflow.flows.readiness import ReadinessTracker
from mseflow.flows.runlog import forward_warnings
from mseflow.flows.settings import FlowSettings, OutputLayout
from mseflow.ingest import path_key, stored_name
from mseflow.logs import doc_logger
from mseflow.records.sqlite import SqliteStore
from mseflow.run_report import RunReport, folder_label, review_url
from mseflow.settings import Settings

logger = logging.getLogger(__name__)

PROCESSED = "processed"
QUARANTINE = "quarantine"
SKIPPED = "skipped"


class WatchSummary(BaseModel):
    """What a watch run did (counts only)."""

    polls: int = 0
    processed: int = Field(0, description="files read and stored (quarantined ones included)")
    quarantined: int = 0
    skipped: int = Field(0, description="byte-identical to a file already done")
    failed: int = Field(0, description="files whose task failed; left in place for a restart")
    outcomes: dict[str, int] = Field(default_factory=dict)

    def line(self) -> str:
        """The summary printed when watch stops."""
        files = self.processed + self.skipped + self.failed
        parts = [f"{name} {n}" for name, n in sorted(self.outcomes.items())]
        parts += [f"skipped {self.skipped}"] + ([f"failed {self.failed}"] if self.failed else [])
        return f"mseflow watch stopped: {files} file(s): {', '.join(parts)}; {self.polls} poll(s)"


class StopSignal:
    """Set by SIGTERM / SIGINT: the watch ends after the current batch (a second one aborts)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; ``True`` when a stop was asked for."""
        return self.event.wait(seconds)

    def handle(self, signum: int, frame: FrameType | None) -> None:
        """Signal handler: first signal stops gracefully, the second interrupts."""
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopSignal]:
        """Handle SIGTERM and SIGINT for the duration (only possible in the main thread)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {sig: signal.signal(sig, self.handle) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


_STOPS: dict[str, StopSignal] = {}
"""The stop signal of each running watch, by drop folder (flow parameters must be plain data)."""


def _say(line: str) -> None:
    print(line, flush=True)  # noqa: T201 - the operator's terminal, hashes only


def incoming_files(drop_dir: Path) -> list[Path]:
    """Files waiting in ``drop_dir`` (recursively), outside ``processed/``, ``quarantine/`` and hidden entries."""
    found: list[Path] = []
    for path in sorted(drop_dir.rglob("*")):
        parts = path.relative_to(drop_dir).parts
        if parts[0] in {PROCESSED, QUARANTINE} or any(p.startswith(".") for p in parts):
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def move_aside(path: Path, target_dir: Path, sha256: str) -> Path:
    """Move ``path`` into ``target_dir`` as ``<sha12><ext>``; a taken name gets ``-2``, ``-3``…"""
    try:
        target_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = _free_name(target_dir, path, sha256)
        shutil.move(path, target)
    except OSError as exc:
        raise OutputError(f"cannot move a file into {target_dir}: {exc.strerror or exc}") from exc
    return target


def _free_name(target_dir: Path, path: Path, sha256: str) -> Path:
    name = stored_name(sha256 or path_key(str(path)), path)
    stem, suffix = name[:12], name[12:]
    for name in [f"{stem}{suffix}"] + [f"{stem}-{n}{suffix}" for n in range(2, 1000)]:
        if not (target_dir / name).exists():
            return target_dir / name
    raise OutputError(f"no free name for a file in {target_dir}")


def _watch_run_name() -> str:
    return name_for("watch", "drop_dir")


@flow(name="watch-drop-folder", flow_run_name=_watch_run_name, persist_result=False)
def watch_drop_folder(
    drop_dir: Path,
    out_dir: Path,
    poll_interval: float = 2.0,
    settle_seconds: float = 2.0,
    stale_seconds: float = 60.0,
    once: bool = False,
    settings: Settings | None = None,
    flow_settings: FlowSettings | None = None,
) -> WatchSummary:
    """Poll ``drop_dir`` every ``poll_interval`` s and process files once they are complete.

    With ``once`` it returns as soon as no file is waiting; otherwise it runs until
    the watch's stop signal (SIGTERM / Ctrl-C through :func:`watch`).
    """
    forward_warnings()
    watcher = _Watcher(drop_dir, out_dir, settings or Settings.from_env(), flow_settings)
    tracker = ReadinessTracker(settle_seconds=settle_seconds, stale_seconds=stale_seconds)
    stop = _STOPS.get(str(drop_dir)) or StopSignal()
    drop_dir.mkdir(parents=True, exist_ok=True)
    with stop.installed():  # over Prefect's own SIGTERM handler, which would crash the run
        while not stop.event.is_set():
            waiting = [p for p in incoming_files(drop_dir) if p not in watcher.failed]
            watcher.summary.polls += 1
            ready = tracker.poll(waiting)
            if ready:
                watcher.batch(ready, tracker)
            if once and not [p for p in incoming_files(drop_dir) if p not in watcher.failed]:
                break
            stop.wait(poll_interval)
    get_run_logger().info("stopped after %d poll(s)", watcher.summary.polls)
    return watcher.summary


class _Watcher:
    """The state of one watch run: its folders, what it did, the files it gave up on."""

    def __init__(
        self, drop_dir: Path, out_dir: Path, settings: Settings, flow_settings: FlowSettings | None
    ) -> None:
        self.drop_dir, self.settings = drop_dir, settings
        self.layout = OutputLayout(out_dir=out_dir)
        self.flow_settings = flow_settings or FlowSettings(threads=1)
        self.label = folder_label(drop_dir)
        self.summary = WatchSummary()
        self.failed: set[Path] = set()
        self.hashes: set[str] = set()
        self.reviewed: set[str] = set()

    def batch(self, ready: list[Path], tracker: ReadinessTracker) -> None:
        """Process the ready files, move them aside, then refresh the outputs."""
        self.layout.out_dir.mkdir(parents=True, exist_ok=True)
        version = pipeline.pipeline_version(self.settings)
        todo: list[tuple[Path, str]] = []
        by_label: dict[str, tuple[Path, str]] = {}
        with SqliteStore(self.layout.database) as store:
            for index, path in enumerate(ready):
                tracker.forget(path)
                try:
                    sha = fingerprint(path) or ""
                except TransientIOError:
                    continue  # seen again at the next poll
                if sha and store.records_for(sha, version):
                    self._done(path, sha, SKIPPED, PROCESSED)
                    continue
                label = sha[:12] if sha else f"unopened-{self.summary.polls}-{index}"
                todo.append((path, label))
                by_label[label] = (path, sha)
        run = RunSummary(files=len(todo))
        outcomes = run_files(
            todo, self.settings, self.layout, self.flow_settings, run, quarantine=False
        )
        for label, (path, sha) in by_label.items():
            outcome = outcomes.get(label)
            if outcome is None:
                self.failed.add(path)
                self.summary.failed += 1
                _say(f"{sha[:12] or label} failed (left in place; see the run log)")
                continue
            folder = QUARANTINE if outcome.status == "unreadable" else PROCESSED
            self.hashes.add(outcome.sha256)
            self.summary.processed += 1
            self.summary.quarantined += folder == QUARANTINE
            name = str(outcome.outcome)
            self.summary.outcomes[name] = self.summary.outcomes.get(name, 0) + 1
            self._done(path, outcome.sha256, name, folder)
        self._refresh()

    def _done(self, path: Path, sha: str, what: str, folder: str) -> None:
        move_aside(path, self.drop_dir / folder, sha)
        doc_logger(logger, sha or "nohash").info("%s, moved to %s/", what, folder)
        if what == SKIPPED:
            self.summary.skipped += 1
        _say(f"{sha[:12] or 'nohash'} {what}")

    def _refresh(self) -> None:
        """Cross-document checks over the store, records.jsonl from it, the run's artifact."""
        records = pipeline.finish_out(self.layout.out_dir, self.settings)
        mine = [r for r in records if r.source_sha256 in self.hashes]
        report = RunReport.of(mine, review_url=review_url())
        report = RunReport(
            report.counts, report.review_ids, self.summary.outcomes, report.review_url
        )
        publish_report(report, self.label)
        new = [rid for rid in report.review_ids if rid not in self.reviewed]
        self.reviewed.update(new)
        announce_review(new, self.label)


def banner(drop_dir: Path, out_dir: Path, poll_interval: float) -> str:
    """What watch prints when it starts: its folders and how to stop it."""
    return (
        f"mseflow watch: taking files from {drop_dir}\n"
        f"  done -> {drop_dir / PROCESSED}, unreadable -> {drop_dir / QUARANTINE}\n"
        f"  records -> {out_dir / 'records.sqlite'} and records.jsonl\n"
        f"  polling every {poll_interval:g} s; SIGTERM or Ctrl-C stops after the current file"
    )


def watch(
    drop_dir: Path,
    out_dir: Path,
    poll_interval: float = 2.0,
    settle_seconds: float = 2.0,
    once: bool = False,
    settings: Settings | None = None,
    stale_seconds: float = 60.0,
    flow_settings: FlowSettings | None = None,
) -> WatchSummary:
    """Print the banner, run :func:`watch_drop_folder` until stopped, print the summary."""
    _say(banner(drop_dir, out_dir, poll_interval))
    stop = StopSignal()
    _STOPS[str(drop_dir)] = stop
    try:
        with stop.installed():
            summary = watch_drop_folder(
                drop_dir, out_dir, poll_interval=poll_interval, settle_seconds=settle_seconds,
                stale_seconds=stale_seconds, once=once, settings=settings,
                flow_settings=flow_settings,
            )  # fmt: skip
    finally:
        _STOPS.pop(str(drop_dir), None)
    _say(summary.line())
    return summary
