"""The task runner of a flow run, chosen from :class:`FlowSettings` (thread pool or Dask)."""

from __future__ import annotations

import os
from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from mseflow.flows.settings import FlowSettings

WORKER_ENV: dict[str, str] = {"OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1"}
"""Environment of every Dask worker: single-threaded Tesseract (shared/env-notes.md trap 3)
and BLAS. It is set in this process before the workers' forkserver starts: numpy reads
``OPENBLAS_NUM_THREADS`` once, when the forkserver's preload imports it."""
WORKER_PRELOAD: tuple[str, ...] = ("mseflow.preload",)
"""Imported by each local Dask worker as it starts: the pipeline and its models load once
per worker, before its first task (workers of a remote cluster: ``dask worker --preload
mseflow.preload``)."""
FORKSERVER_PRELOAD: tuple[str, ...] = ("distributed", "mseflow.flows.process", "mseflow.preload")
"""What the forkserver of local Dask workers imports once before it forks them: Dask, Prefect
and the flows, the pipeline and its models. Each worker then starts as a fork with all of it
loaded (shared copy-on-write) instead of a fresh interpreter importing it again (about 5 CPU s
a worker on these machines, issue 13)."""


def task_runner_for(settings: FlowSettings) -> TaskRunner[Any]:
    """A thread pool by default; a local Dask cluster for ``workers``; a remote one for an address.

    ``workers=1`` runs the tasks one at a time in this process (what one worker does,
    without a scheduler, a nanny and a worker process to start: issue 13).

    Local Dask workers are separate processes: run them against a real Prefect API
    (see :func:`mseflow.flows.server.local_server`), not the ephemeral one.
    """
    if settings.dask_address:
        return _dask_runner(address=settings.dask_address)
    if settings.workers == 1:  # one worker: this process; a 1-worker cluster only adds start-up
        return ThreadPoolTaskRunner(max_workers=1)
    if settings.workers is not None:
        for name, value in WORKER_ENV.items():
            os.environ.setdefault(name, value)
        _fork_workers_from_preloaded_server()
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


def _fork_workers_from_preloaded_server() -> None:
    """Start local Dask workers as forks of one preloaded forkserver (``FORKSERVER_PRELOAD``).

    Dask's default starts each worker with ``spawn``: a new interpreter that imports
    Dask, Prefect and the pipeline and loads the models again. A forkserver is a clean
    process (none of this process's threads or sockets), so forking from it is safe.
    Where the forkserver is already running its preload cannot change; the workers
    then import what they lack themselves, as with ``spawn``.
    """
    import multiprocessing
    from multiprocessing import forkserver

    import dask
    from distributed.utils import get_mp_context

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
    get_mp_context().set_forkserver_preload(list(FORKSERVER_PRELOAD))
    forkserver.ensure_running()  # its imports load now, while this process starts the flow


def _dask_runner(**kwargs: Any) -> TaskRunner[Any]:
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(**kwargs)
