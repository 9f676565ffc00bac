"""The task runner of a flow run, chosen from :class:`FlowSettings` (thread pool or Dask)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from mseflow.flows.settings import FlowSettings

if TYPE_CHECKING:  # Prefect is imported when a runner is made, not to start workers early
    from prefect.task_runners import TaskRunner

WORKER_ENV: dict[str, str] = {"OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1"}
"""Environment of every Dask worker: single-threaded Tesseract (shared/env-notes.md trap 3)
and BLAS. It is set in this process before the workers' forkserver starts: numpy reads
``OPENBLAS_NUM_THREADS`` once, when the forkserver's preload imports it."""
WORKER_PRELOAD: tuple[str, ...] = ("mseflow.preload",)
"""Imported by each local Dask worker as it starts: the pipeline and its common models
(pymorphy3, the date grammar; spaCy and Natasha when a line needs them) load once per
worker, before its first task (workers of a remote cluster: ``dask worker --preload
mseflow.preload``)."""
FORKSERVER_PRELOAD: tuple[str, ...] = ("distributed", "mseflow.flows.process", "mseflow.preload")
"""What the forkserver of local Dask workers imports once before it forks them: Dask, Prefect
and the flows, the pipeline and its common models. Each worker then starts as a fork with all of it
loaded (shared copy-on-write) instead of a fresh interpreter importing it again (about 5 CPU s
a worker on these machines, issue 13)."""
LOCAL_DASK_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "500ms",
    "distributed.admin.tick.interval": "1s",
}
"""Dask settings of a local cluster: the workers' statistical profiler and the system monitor
off or slowed down. Measured on ``ingest --workers 2`` (10 scanned pages, per-thread CPU,
bench/README.md): the task thread of each worker spends what one process spends on its
pages, but each worker's event loop burned another ~2.5 CPU s, about half of it the
profiler (a stack sample every 10 ms, folded every second) and the system monitor
(psutil every 500 ms); nobody reads either without a dashboard. The event-loop health
check (``admin.tick``) wakes every process of the cluster every 20 ms by default: an idle
2-worker cluster burned 5–7 % of a core in all (flow process and workers), 1.5 % with a
check every second (round 9, bench/README.md). It only feeds the "event loop unresponsive"
warning (still given past 3 s) and a metric. The nannies pass these settings on to their
workers."""


def task_runner_for(settings: FlowSettings) -> TaskRunner[Any]:
    """A thread pool by default; a local Dask cluster for ``workers``; a remote one for an address.

    ``workers=1`` runs the tasks one at a time in this process (what one worker does,
    without a scheduler, a nanny and a worker process to start: issue 13).

    Local Dask workers are separate processes: run them against a real Prefect API
    (see :func:`mseflow.flows.server.local_server`), not the ephemeral one.
    """
    from prefect.task_runners import ThreadPoolTaskRunner

    if settings.dask_address:
        return _dask_runner(address=settings.dask_address)
    if settings.workers == 1:  # one worker: this process; a 1-worker cluster only adds start-up
        return ThreadPoolTaskRunner(max_workers=1)
    if settings.workers is not None:
        import dask

        _start_forkserver(settings)
        dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
        dask.config.set(LOCAL_DASK_CONFIG)
        return _dask_runner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": settings.workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "env": dict(WORKER_ENV),
                "preload": list(WORKER_PRELOAD),
            },
        )
    return ThreadPoolTaskRunner(max_workers=settings.threads)


def start_local_workers_early(settings: FlowSettings) -> None:
    """Start the forkserver of local Dask workers now, with ``FORKSERVER_PRELOAD``.

    Called as soon as a command knows it will run local Dask workers (``ingest
    --workers N``), before it imports Prefect and the flows itself: the forkserver's
    imports and models (~4 CPU s) then load on the other core while this process starts
    the flow. Only when ``PREFECT_API_URL`` is already in the environment: the workers
    are forks of the forkserver and inherit its environment as it is now, and a worker
    without the API's address starts a temporary server of its own (shared/env-notes.md
    trap 5); without it, the runner starts the forkserver later, once the command's
    local server has exported its address (:func:`mseflow.flows.server.local_server`).
    """
    if os.environ.get("PREFECT_API_URL"):
        _start_forkserver(settings)


def _start_forkserver(settings: FlowSettings) -> None:
    """Start the preloaded forkserver that local Dask workers are forked from.

    Dask's default starts each worker with ``spawn``: a new interpreter that imports
    Dask, Prefect and the pipeline and loads the models again. A forkserver is a clean
    process (none of this process's threads or sockets), so forking from it is safe.
    Where the forkserver is already running its preload cannot change; the workers then
    import what they lack themselves, as with ``spawn``. A thread pool, one worker or a
    remote cluster starts nothing.
    """
    import multiprocessing
    from multiprocessing import forkserver

    if settings.dask_address or settings.workers is None or settings.workers < 2:
        return
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    for name, value in WORKER_ENV.items():
        os.environ.setdefault(name, value)  # inherited by the forkserver and its forks
    # the same process-wide forkserver Dask's ``get_mp_context()`` hands its nannies
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(FORKSERVER_PRELOAD))
    forkserver.ensure_running()


def _dask_runner(**kwargs: Any) -> TaskRunner[Any]:
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(**kwargs)
