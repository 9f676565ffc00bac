"""The task runner's local Dask workers: forked from the preloaded forkserver, quiet, one thread.

Real Dask: a ``LocalCluster`` started with the cluster settings ``task_runner_for``
gives Prefect, and each worker asked what it runs with.
"""

from __future__ import annotations

import copy
import os
from multiprocessing import forkserver
from typing import Any

import pytest

from mseflow.flows.runners import LOCAL_DASK_CONFIG, start_local_workers_early, task_runner_for
from mseflow.flows.settings import FlowSettings

pytestmark = pytest.mark.flows


def test_local_workers_are_quiet_single_threaded_forks_of_the_preloaded_server() -> None:
    import dask
    from distributed import Client, LocalCluster

    def _worker_facts(dask_worker: Any) -> dict[str, Any]:
        import sys

        import dask

        return {
            "profile": dask.config.get("distributed.worker.profile.enabled"),
            "callbacks": sorted(dask_worker.periodic_callbacks),
            "monitor": dask.config.get("distributed.admin.system-monitor.interval"),
            "threads": dask_worker.state.nthreads,
            "omp": os.environ.get("OMP_THREAD_LIMIT"),
            "blas": os.environ.get("OPENBLAS_NUM_THREADS"),
            "parent": os.getppid(),
            "models_loaded": "mseflow.preload" in sys.modules,
        }

    saved = copy.deepcopy(dask.config.config)  # task_runner_for sets Dask settings globally
    try:
        runner: Any = task_runner_for(FlowSettings(workers=2))
        for key, value in LOCAL_DASK_CONFIG.items():
            assert dask.config.get(key) == value
        kwargs = {**runner.cluster_kwargs, "n_workers": 1}  # one worker is enough to ask
        with LocalCluster(**kwargs) as cluster, Client(cluster) as client:
            (facts,) = client.run(_worker_facts).values()
    finally:
        dask.config.config.clear()
        dask.config.config.update(saved)
    assert facts["profile"] is False
    assert "profile" not in facts["callbacks"] and "profile-cycle" not in facts["callbacks"]
    assert facts["monitor"] == "5s"
    assert facts["threads"] == 1
    assert (facts["omp"], facts["blas"]) == ("1", "1")
    assert facts["parent"] == forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    assert facts["models_loaded"] is True


API = "http://127.0.0.1:4200/api"


@pytest.mark.parametrize(
    ("settings", "api"),
    [
        (FlowSettings(workers=1), API),
        (FlowSettings(), API),
        (FlowSettings(dask_address="tcp://10.0.0.1:8786"), API),
        (FlowSettings(workers=2), None),  # the forks would not know the API: started later
    ],
    ids=["one-worker", "threads", "remote", "no-api-yet"],
)
def test_workers_start_early_only_when_local_and_the_api_is_known(
    settings: FlowSettings, api: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(forkserver, "ensure_running", lambda: started.append(True))
    if api is None:
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
    else:
        monkeypatch.setenv("PREFECT_API_URL", api)
    start_local_workers_early(settings)
    assert started == []
    if settings.workers == 2:  # the same settings start it once the address is exported
        monkeypatch.setenv("PREFECT_API_URL", API)
        start_local_workers_early(settings)
        assert started == [True]
