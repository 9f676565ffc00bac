"""Run one function over many inputs in worker processes, results in input order.

``process --jobs N`` uses this (:func:`mseflow.pipeline.iter_file_records`): each
worker is a long-lived process that loads its OCR engine once and keeps it for every
file it is given. Workers are forked from a *forkserver* that imported the pipeline
once and loaded the common models once (:mod:`mseflow.preload`: pymorphy3 and the
date grammar; spaCy and Natasha load in a worker only when a line needs them), so a
worker starts in milliseconds with them shared copy-on-write, and no worker
inherits the parent's threads (the progress bar) or open handles. Inputs are handed
out largest first (``costs``), so one big file does not finish alone at the end;
results still come back in input order. :func:`map_split_in_workers` also cuts an
item in parts (the pages of a long scan) that run in several workers and are joined
in one; :func:`start_workers_early` starts the forkserver before the caller's own
imports, so both load at once.

Every worker runs Tesseract and BLAS single-threaded (``OMP_THREAD_LIMIT=1``,
``OPENBLAS_NUM_THREADS=1``): with one process per core, threads only fight
(shared/env-notes.md trap 3). A worker that dies (killed for memory, a crash in a C
library) does not lose the batch: the inputs not yet done are redone, the one that
was running alone, and an input that kills its worker even alone gets ``on_crash``.

As with any forkserver or spawn pool, a script that calls this must guard its own
top-level code with ``if __name__ == "__main__":`` (the workers import the main module).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

OWNER_POLL_S = 1.0
ESTIMATE_BUDGET_S = 0.05
"""Time this process spends guessing costs between two results (:func:`map_split_in_workers`)."""
SINGLE_THREAD_ENV = {"OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1"}
PRELOAD = ["mseflow.preload"]
"""Modules the forkserver imports once, so that forked workers start with them (and the
common models) loaded."""


def _watch_owner(owner: int) -> None:
    while True:
        time.sleep(OWNER_POLL_S)
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.kill(os.getppid(), signal.SIGTERM)  # the forkserver, orphaned too
            os._exit(1)
        except PermissionError:  # the pid was reused by another user's process
            os._exit(1)


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_in_workers(
    fn: Callable[..., R],
    items: Sequence[T],
    jobs: int,
    *args: Any,
    on_crash: Callable[[T, BaseException], R] | None = None,
    costs: Sequence[float] | None = None,
) -> Iterator[R]:
    """``fn(item, *args)`` for each item in ``jobs`` worker processes, yielded in input order.

    ``fn`` and its arguments must pickle (module-level functions, plain data). A
    worker that dies is replaced; see the module docstring. Without ``on_crash``, an
    input that kills its worker alone raises :class:`BrokenProcessPool`. ``costs``
    (one per item, e.g. file sizes): the costliest items are started first.
    """
    done = 0
    while done < len(items):
        rest = items[done:]
        rest_costs = costs[done:] if costs is not None else None
        broke = False
        with contextlib.closing(_run_pool(fn, rest, jobs, args, rest_costs)) as results:
            for result in results:
                if result is _BROKEN:
                    broke = True
                    break
                done += 1
                yield result
        if broke:
            yield _run_alone(fn, items[done], args, on_crash)
            done += 1


_BROKEN: Any = object()


@dataclass(frozen=True)
class Split(Generic[S]):
    """An item done in ``count`` parts: ``part(handle, i, *args)`` for each, then ``join``."""

    handle: S
    count: int


def map_split_in_workers(
    fn: Callable[..., R],
    items: Sequence[T],
    jobs: int,
    *args: Any,
    split: Callable[[T], Split[Any] | None],
    part: Callable[..., Any],
    join: Callable[..., R],
    on_crash: Callable[[T, BaseException], R] | None = None,
    costs: Sequence[float] | None = None,
    estimate: Callable[[T], float] | None = None,
) -> Iterator[R]:
    """Like :func:`map_in_workers`, with some items cut in parts that run in several workers.

    ``split(item)`` is asked (in this process) when an item's turn comes: ``None`` runs
    ``fn(item, *args)`` in a worker; a :class:`Split` runs ``part(handle, i, *args)``
    for each of its parts in whichever workers are free, then
    ``join(handle, [results of the parts], *args)`` in a worker as soon as the last part
    is in, before any further part or item, so a finished item comes back early.
    Results are yielded in input order; at most ``jobs + 1`` calls are in flight. A
    worker that dies ends this pool: every item not yet yielded is redone by
    :func:`map_in_workers` with ``fn`` (whole; ``on_crash`` as there).

    ``estimate(item)`` (a cheap guess of an item's cost, asked in this process) refines
    the order of ``costs`` while the workers run: between two results this process
    guesses items still waiting, for at most ``ESTIMATE_BUDGET_S``, and the waiting items
    it has guessed go costliest first, after those not guessed yet; so the run ends on
    its cheapest items, whatever their sizes said.
    """
    order = start_order(len(items), costs)
    schedule = _SplitSchedule(fn, items, args, split, part, join, order, estimate)
    done = 0
    broke = False
    pool = make_pool(min(jobs, max(1, len(items))))
    try:
        while done < len(items) and not broke:
            schedule.fill(pool, jobs + 1)
            schedule.refine(ESTIMATE_BUDGET_S)
            if not schedule.flying:  # nothing in flight and nothing to start
                break
            broke = schedule.collect(wait(list(schedule.flying), return_when=FIRST_COMPLETED)[0])
            while not broke and done in schedule.results:
                yield schedule.results.pop(done)
                done += 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if broke:
        logger.warning("a worker process died; the files not done yet are redone")
        rest_costs = costs[done:] if costs is not None else None
        yield from map_in_workers(
            fn, items[done:], jobs, *args, on_crash=on_crash, costs=rest_costs
        )


class _SplitSchedule(Generic[T, R]):
    """The bookkeeping of :func:`map_split_in_workers`: what to start next, what came back."""

    def __init__(
        self,
        fn: Callable[..., R],
        items: Sequence[T],
        args: tuple[Any, ...],
        split: Callable[[T], Split[Any] | None],
        part: Callable[..., Any],
        join: Callable[..., R],
        order: list[int],
        estimate: Callable[[T], float] | None = None,
    ) -> None:
        self.fn, self.items, self.args = fn, items, args
        self.split, self.part, self.join = split, part, join
        self.todo: list[tuple[int, int | None]] = [(index, None) for index in order]
        self.estimate = estimate
        self.unguessed: list[int] = list(order) if estimate is not None else []
        self.guesses: dict[int, float] = {}
        self.splits: dict[int, Split[Any]] = {}
        self.parts: dict[int, list[Any]] = {}
        self.left: dict[int, int] = {}
        self.ready: list[int] = []  # split items whose parts are all in: their join goes first
        self.results: dict[int, R] = {}
        self.flying: dict[Future[Any], tuple[int, int | None]] = {}

    def fill(self, pool: ProcessPoolExecutor, limit: int) -> None:
        """Start joins, parts and items until ``limit`` calls are in flight."""
        while len(self.flying) < limit and (self.ready or self.todo):
            if self.ready:
                index = self.ready.pop(0)
                handle = self.splits.pop(index).handle
                future = pool.submit(self.join, handle, self.parts.pop(index), *self.args)
                self.flying[future] = (index, None)
                continue
            index, number = self.todo.pop(0)
            if number is not None:
                future = pool.submit(self.part, self.splits[index].handle, number, *self.args)
                self.flying[future] = (index, number)
                continue
            cut = self.split(self.items[index])
            if cut is not None and cut.count > 0:
                self.splits[index], self.left[index] = cut, cut.count
                self.parts[index] = [None] * cut.count
                self.todo[:0] = [(index, n) for n in range(cut.count)]
                continue
            self.flying[pool.submit(self.fn, self.items[index], *self.args)] = (index, None)

    def refine(self, budget_s: float) -> None:
        """Guess waiting items' costs for up to ``budget_s``; reorder the waiting whole items:
        those not guessed yet first (in their order), then the guessed ones costliest first."""
        if self.estimate is None or not self.unguessed:
            return
        waiting = {index for index, number in self.todo if number is None}
        deadline = time.perf_counter() + budget_s
        while self.unguessed and time.perf_counter() < deadline:
            index = self.unguessed.pop(0)
            if index in waiting:
                self.guesses[index] = self.estimate(self.items[index])
        parts = [entry for entry in self.todo if entry[1] is not None]
        whole = [entry for entry in self.todo if entry[1] is None]
        whole.sort(key=lambda entry: -self.guesses.get(entry[0], float("inf")))
        self.todo = parts + whole

    def collect(self, finished: set[Future[Any]]) -> bool:
        """Take in finished calls; True when the pool broke (a worker died)."""
        for future in finished:
            index, number = self.flying.pop(future)
            try:
                value = future.result()
            except BrokenProcessPool:
                return True
            if number is None:
                self.results[index] = value
                continue
            self.parts[index][number] = value
            self.left[index] -= 1
            if self.left[index] == 0:
                self.ready.append(index)
        return False


def _run_pool(
    fn: Callable[..., R],
    items: Sequence[T],
    jobs: int,
    args: tuple[Any, ...],
    costs: Sequence[float] | None = None,
) -> Any:
    """Results in order, then ``_BROKEN`` once if the pool broke (and nothing after it)."""
    pool = make_pool(min(jobs, len(items)))
    futures: dict[int, Future[R]] = {}
    try:
        for index in start_order(len(items), costs):
            futures[index] = pool.submit(fn, items[index], *args)
        for index in range(len(items)):
            future = futures[index]
            try:
                result = future.result()
            except BrokenProcessPool:
                logger.warning("a worker process died; the files not done yet are redone")
                yield _BROKEN
                return
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def start_order(count: int, costs: Sequence[float] | None) -> list[int]:
    """Indices in the order they are handed to workers: costliest first, ties in input order.

    >>> start_order(4, [1.0, 5.0, 1.0, 3.0])
    [1, 3, 0, 2]
    >>> start_order(3, None)
    [0, 1, 2]
    """
    if costs is None:
        return list(range(count))
    return sorted(range(count), key=lambda i: -costs[i])


def _run_alone(
    fn: Callable[..., R],
    item: T,
    args: tuple[Any, ...],
    on_crash: Callable[[T, BaseException], R] | None,
) -> R:
    """``fn(item, *args)`` in a worker of its own; ``on_crash`` when that worker dies too."""
    pool = make_pool(1)
    try:
        return pool.submit(fn, item, *args).result()
    except BrokenProcessPool as exc:
        if on_crash is None:
            raise
        return on_crash(item, exc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def start_workers_early() -> None:
    """Start the preloaded forkserver now, so its imports and models load while this
    process is still importing and walking its inputs (the first pool then forks at once)."""
    for name, value in SINGLE_THREAD_ENV.items():
        os.environ.setdefault(name, value)
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def make_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` single-threaded workers forked from a preloaded forkserver."""
    for name, value in SINGLE_THREAD_ENV.items():
        os.environ.setdefault(name, value)  # inherited by the forkserver and its workers
    context = _context()
    mseflow_log = logging.getLogger("mseflow")
    verbosity = {logging.WARNING: 0, logging.INFO: 1}.get(mseflow_log.level, 2)
    configured = bool(mseflow_log.handlers)
    return ProcessPoolExecutor(
        max(1, jobs),
        mp_context=context,
        initializer=_init_worker,
        initargs=(verbosity if configured else None, os.getpid()),
    )


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _init_worker(verbosity: int | None, owner: int) -> None:
    """Runs first in each worker: one thread for Tesseract and BLAS; the parent's log level.

    A watchdog ends the worker (and the forkserver it came from) when ``owner``, the
    process that made the pool, is gone: after a ``kill -9`` nothing is left running.
    """
    for name, value in SINGLE_THREAD_ENV.items():
        os.environ[name] = value
    threading.Thread(target=_watch_owner, args=(owner,), daemon=True).start()
    if verbosity is not None:
        from mseflow.logs import configure_logging

        configure_logging(verbosity)
