"""Issue 13, round 9: the throughput bench splits a run's cost into fixed and per page.

A 12-page run of ``ingest --workers 2`` pays a Dask cluster and a forkserver once, about
as much CPU as its pages: ``bench/throughput.py --large N`` times the same runs on a
larger set and splits each cost by the line through the two sizes. These tests check
that arithmetic and what the report prints (no timing is asserted anywhere).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "throughput.py"


@pytest.fixture(scope="module")
def throughput() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_throughput_round9", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("fixed", "per_page", "small", "large"),
    [
        (10.0, 1.6, 12, 48),  # ingest --workers 2: a cluster's start, then the pages
        (0.9, 1.6, 12, 60),  # process -j1: the interpreter's start-up
        (0.0, 1.2, 1, 2),  # no fixed cost at all
    ],
)
def test_a_linear_cost_is_split_back_into_its_fixed_part_and_its_cost_per_page(
    throughput: ModuleType, fixed: float, per_page: float, small: int, large: int
) -> None:
    got_fixed, got_page = throughput.fixed_and_steady(
        small, fixed + small * per_page, large, fixed + large * per_page
    )
    assert got_fixed == pytest.approx(fixed)
    assert got_page == pytest.approx(per_page)


def test_the_large_set_must_be_larger(throughput: ModuleType) -> None:
    with pytest.raises(ValueError, match="more pages"):
        throughput.fixed_and_steady(12, 20.0, 12, 20.0)


def _run(throughput: ModuleType, name: str, pages: int, wall: float, cpu: float) -> object:
    run = throughput.Run(name, pages, lambda _: None)
    run.samples.append(throughput.Sample(wall, cpu, 0.0))
    return run


def test_the_report_gives_fixed_cost_steady_rate_and_the_steady_ratio(
    throughput: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = {
        "ingest w1": _run(throughput, "ingest w1", 12, 22.0, 20.0),
        "ingest w1 L": _run(throughput, "ingest w1 L", 48, 82.0, 80.0),
        "ingest w2": _run(throughput, "ingest w2", 12, 20.0, 30.0),
        "ingest w2 L": _run(throughput, "ingest w2 L", 48, 50.0, 90.0),
        "naive": _run(throughput, "naive", 12, 14.0, 14.0),  # no twin: not split
    }
    throughput.report_split(runs)
    out = capsys.readouterr().out.splitlines()
    w1 = next(line for line in out if line.startswith("ingest w1, fixed"))
    w2 = next(line for line in out if line.startswith("ingest w2, fixed"))
    ratio = next(line for line in out if line.startswith("ingest --workers 2 vs 1, steady"))
    # w1: 60 s and 60 CPU s for 36 more pages -> 0.60 pages/s, 1.67 CPU s/page, 2 s once
    assert "2.0 s wall" in w1 and "0.60 pages/s" in w1 and "1.67 CPU s/page" in w1
    # w2: 30 s for 36 pages -> 1.20 pages/s; 60 CPU s -> 1.67 CPU s/page, 10 CPU s once
    assert "10.0 s wall" in w2 and "10.0 CPU s" in w2 and "1.20 pages/s" in w2
    assert "2.00x" in ratio
    assert not any(line.startswith("naive") for line in out)


def test_only_keeps_the_large_twin_of_a_named_run(throughput: ModuleType) -> None:
    runs = {
        name: _run(throughput, name, 12, 1.0, 1.0)
        for name in ("naive", "ingest w1", "ingest w1 L", "ingest w2", "ingest w2 L")
    }
    assert list(throughput.select_runs(runs, ["ingest w1"])) == ["ingest w1", "ingest w1 L"]
    assert list(throughput.select_runs(runs, None)) == list(runs)


@pytest.mark.flows
def test_local_dask_processes_check_their_event_loop_once_a_second_not_every_20_ms() -> None:
    """The cluster ``ingest --workers 2`` starts: scheduler and workers tick every second."""
    import copy

    import dask
    from distributed import Client, LocalCluster

    from mseflow.flows.runners import task_runner_for
    from mseflow.flows.settings import FlowSettings

    def _tick_ms(dask_worker: object) -> float:
        return dask_worker.periodic_callbacks["tick"].callback_time  # type: ignore[attr-defined]

    saved = copy.deepcopy(dask.config.config)  # task_runner_for sets Dask settings globally
    try:
        runner = task_runner_for(FlowSettings(workers=2))
        kwargs = {**runner.cluster_kwargs, "n_workers": 1}  # type: ignore[attr-defined]
        with LocalCluster(**kwargs) as cluster, Client(cluster) as client:
            (worker_tick,) = client.run(_tick_ms).values()
            scheduler_tick = client.run_on_scheduler(
                lambda dask_scheduler: dask_scheduler.periodic_callbacks["tick"].callback_time
            )
    finally:
        dask.config.config.clear()
        dask.config.config.update(saved)
    assert worker_tick == 1000
    assert scheduler_tick == 1000
