"""The task runner of a flow run, chosen from :class:`FlowSettings` (thread pool or Dask)."""

from __future__ import annotations

import os
from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from mseflow.flows.settings import FlowSettings

WORKER_ENV: dict[str, str] = {"OMP_THREAD_LIMIT": "1"}
"""Environment of every Dask worker: single-threaded Tesseract (shared/env-notes.md trap 3)."""
WORKER_PRELOAD: tuple[str, ...] = ("mseflow.preload",)
"""Imported by each local Dask worker as it starts: the pipeline and its models load once
per worker, before its first task (workers of a remote cluster: ``dask worker --preload
mseflow.preload``)."""


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


def _dask_runner(**kwargs: Any) -> TaskRunner[Any]:
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(**kwargs)
