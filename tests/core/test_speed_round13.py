"""Issue 13, round 13: the throughput bench reads a run's critical path in CPU seconds.

On a shared machine wall times are the queue; a worker's CPU seconds are not. For runs
with workers (``process -j2``, ``ingest --workers 2``) the bench takes the busiest worker
(a fork of the command's forkserver: a grandchild of the command), the command's own
process and the forkserver (a direct child), and prints the ratio to one process that a
machine with nothing else on its cores would give. These tests check which process counts
as what, on a real process tree, and the arithmetic (no timing is asserted).
"""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

TREE = """
import os, time
def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
if os.fork() == 0:  # the forkserver: a direct child
    burn(0.15)
    kids = []
    for seconds in (0.6, 0.3):  # two workers: grandchildren
        pid = os.fork()
        if pid == 0:
            burn(seconds)
            os._exit(0)
        kids.append(pid)
    for pid in kids:
        os.waitpid(pid, 0)
    os._exit(0)
os.wait()
"""


def test_workers_are_the_forks_of_the_commands_children(throughput: ModuleType) -> None:
    sample = throughput.run_command([sys.executable, "-c", TREE])
    assert len(sample.worker_cpu) == 2
    busiest, other = sample.worker_cpu  # sorted, the busiest first
    assert busiest > other > 0.1
    assert busiest > 0.4
    assert 0.1 < sample.helper_cpu < busiest  # the forkserver, not a worker
    assert sample.own_cpu < busiest
    with_helpers = sample.critical_cpu(True)
    assert with_helpers == pytest.approx(busiest + sample.own_cpu + sample.helper_cpu)
    assert sample.critical_cpu(False) == pytest.approx(busiest + sample.own_cpu)


def test_a_run_without_workers_is_its_own_critical_path(throughput: ModuleType) -> None:
    sample = throughput.Sample(10.0, 12.5, 300.0)
    assert sample.critical_cpu(True) == sample.critical_cpu(False) == 12.5


def _run(throughput: ModuleType, name: str, cpu: float, **cpus: object) -> object:
    run = throughput.Run(name, 12, lambda _: None)
    sample = throughput.Sample(cpu, cpu, 0.0)
    for key, value in cpus.items():
        setattr(sample, key, value)
    run.samples.append(sample)
    return run


def test_the_report_gives_the_contention_free_ratio_range(
    throughput: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = {
        "process -j1": _run(throughput, "process -j1", 16.0),
        "process -j2": _run(
            throughput, "process -j2", 17.0, worker_cpu=[7.5, 7.0], own_cpu=0.5, helper_cpu=0.5
        ),
        "ingest w2": _run(throughput, "ingest w2", 20.0, worker_cpu=[8.0, 7.5], own_cpu=3.0),
    }
    throughput.critical_path(runs)
    out = capsys.readouterr().out.splitlines()
    j2 = next(line for line in out if line.startswith("critical path of process -j2"))
    # 16 / (7.5 + 0.5 + 0.5) = 1.88; 16 / (7.5 + 0.5) = 2.00
    assert "busiest worker 7.50, other workers 7.00" in j2 and "1.88-2.00x" in j2
    w2 = next(line for line in out if line.startswith("critical path of ingest w2"))
    assert "busiest worker 8.00" in w2 and "vs " not in w2  # no one-worker run to compare
