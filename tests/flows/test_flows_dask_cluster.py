"""``--dask-address``: the flow's tasks run on an existing Dask cluster, started as an admin would.

The cluster is a ``dask scheduler`` and a ``dask worker`` process, not one the flow
starts itself; the workers reach the test's Prefect API through the task context
that Prefect sends with every task.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mseflow.records.jsonl import read_jsonl

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect_harness")]


def _dask(*args: str, log: Path) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).with_name("dask")), *args, "--no-dashboard"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with log.open("wb") as sink:
        return subprocess.Popen(  # noqa: S603
            command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a running one-worker Dask cluster."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    file_args = ("--scheduler-file", str(scheduler_file))
    processes = [
        _dask("scheduler", "--host", "127.0.0.1", "--port", "0", *file_args, log=folder / "s.log")
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = ("--nworkers", "1", "--nthreads", "1")
        processes.append(_dask("worker", *file_args, *worker, log=folder / "w.log"))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def test_ingest_runs_its_tasks_on_an_existing_dask_cluster(
    archive: Path, tmp_path: Path, dask_cluster: str
) -> None:
    from distributed import Client

    from mseflow.flows.cli import ingest_command

    out = tmp_path / "out"
    first = ingest_command(archive, out, dask_address=dask_cluster)
    assert (first.processed, first.skipped, first.failed) == (3, 0, 0)
    records = list(read_jsonl(out / "records.jsonl"))
    assert [r.doc_type for r in records] == ["mse_certificate"] * 3
    assert {r.disability_group for r in records} == {2}  # «вторая группа»

    with Client(dask_cluster) as client:
        prefixes = client.run_on_scheduler(lambda dask_scheduler: set(dask_scheduler.task_prefixes))
    assert "process_file_task" in prefixes  # one task per file

    again = ingest_command(archive, out, dask_address=dask_cluster)
    assert (again.processed, again.skipped) == (0, 3)
