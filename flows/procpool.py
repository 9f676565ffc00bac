"""Local worker processes under a thread-pool task runner: ``ingest --workers N`` without Dask.

A local Dask cluster costs what the pages do on a small run (issue 13, bench/README.md
round 9: ~10 CPU s once for a scheduler, two nannies, their event loops and heartbeats,
and a forkserver importing Dask and Prefect; each worker's event loop and Prefect API
thread for as long as the run lasts). :class:`LocalProcessTaskRunner` keeps Prefect's
side in the flow process, a thread per worker: every task run, its states, retries and
logs are Prefect's as before (one ``process-file`` task per file, page tasks for long
files), while each task's body (:func:`in_worker`) runs in one of N single-threaded
worker processes of :mod:`mseflow.parallel`, forked from the forkserver that preloaded
the pipeline and its models (no Prefect, no Dask in them). The workers store records in
``records.sqlite`` themselves, as local Dask workers did.

A body's ``mseflow`` warnings are handed back with its result and logged on the task
run's logger in the flow process (hash-only, as :mod:`mseflow.flows.runlog` forwards
them). A worker that dies (killed for memory, a crash in a C library) fails the tasks
it was running with :class:`WorkerLostError`, a transient error: the pool is replaced
and the task retried, within its retries.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from mseflow.errors import MseflowError
from mseflow.flows.runlog import FORWARDED_LEVEL, FORWARDED_LOGGER

R = TypeVar("R")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_jobs = 0
_users = 0


class WorkerLostError(MseflowError):
    """The worker process running a task died; the task is retried in a fresh one."""


def open_pool(jobs: int) -> None:
    """Start ``jobs`` worker processes for :func:`in_worker` (until :func:`close_pool`).

    Opened again while open (two flow runs in one process), the pool is shared: the
    first size stays, and the last :func:`close_pool` stops it.
    """
    from mseflow.parallel import make_pool, start_workers_early

    global _pool, _jobs, _users
    with _lock:
        _users += 1
        if _pool is None:
            start_workers_early()
            _pool, _jobs = make_pool(jobs), jobs


def close_pool() -> None:
    """Stop the worker processes once their last user closes; bodies then run in this process."""
    global _pool, _users
    with _lock:
        _users = max(0, _users - 1)
        if _users:
            return
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def pool_jobs() -> int:
    """Worker processes open now (0: bodies run in the calling thread)."""
    with _lock:
        return _jobs if _pool is not None else 0


def in_worker(fn: Callable[..., R], *args: Any) -> R:
    """``fn(*args)`` in a worker process when a pool is open, else here; its warnings logged here.

    ``fn`` and its arguments must pickle (module-level functions, plain data).
    """
    with _lock:
        pool = _pool
    if pool is None:
        return fn(*args)
    try:
        future = pool.submit(_call_keeping_warnings, fn, args)
        result, warnings = future.result()
    except BrokenProcessPool as exc:
        _replace(pool)
        raise WorkerLostError("a worker process died while running this task") from exc
    _relog(warnings)
    return result


def _replace(broken: ProcessPoolExecutor) -> None:
    """A fresh pool in place of ``broken`` (once, whichever task saw it break first)."""
    from mseflow.parallel import make_pool

    global _pool
    with _lock:
        if _pool is not broken:
            return
        _pool = make_pool(_jobs)
    broken.shutdown(wait=False, cancel_futures=True)


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=FORWARDED_LEVEL)
        self.kept: list[tuple[int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.levelno, record.name, record.getMessage()))


def _call_keeping_warnings(
    fn: Callable[..., R], args: tuple[Any, ...]
) -> tuple[R, list[tuple[int, str, str]]]:
    """Runs in a worker: ``fn(*args)`` and the ``mseflow`` warnings it logged."""
    root = logging.getLogger(FORWARDED_LOGGER)
    keep = _Keep()
    root.addHandler(keep)
    saved = root.level
    if root.getEffectiveLevel() > FORWARDED_LEVEL:
        root.setLevel(FORWARDED_LEVEL)
    try:
        return fn(*args), keep.kept
    finally:
        root.removeHandler(keep)
        root.setLevel(saved)


def _relog(warnings: list[tuple[int, str, str]]) -> None:
    """A worker's warnings on the current task run's logger (nothing outside a run)."""
    if not warnings:
        return
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        run_logger = get_run_logger()
    except MissingContextError:
        return
    for level, name, message in warnings:
        run_logger.log(level, "%s: %s", name, message)


def local_process_runner(workers: int) -> Any:
    """A :class:`LocalProcessTaskRunner` of ``workers`` (Prefect imported here, not on import)."""
    from prefect.task_runners import ThreadPoolTaskRunner

    class LocalProcessTaskRunner(ThreadPoolTaskRunner):  # type: ignore[type-arg]
        """Prefect's thread pool, ``workers`` threads, with ``workers`` worker processes open
        for the bodies while the runner is entered (see the module docstring)."""

        def __init__(self, max_workers: int | None = None) -> None:
            super().__init__(max_workers=max_workers or workers)

        def duplicate(self) -> LocalProcessTaskRunner:
            return type(self)(max_workers=self._max_workers)

        def __enter__(self) -> LocalProcessTaskRunner:
            super().__enter__()
            open_pool(self._max_workers)
            return self

        def __exit__(self, *exc_info: Any) -> None:
            try:
                super().__exit__(*exc_info)
            finally:
                close_pool()

    return LocalProcessTaskRunner(max_workers=workers)
