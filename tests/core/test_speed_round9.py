"""Issue 13, round 9: the throughput bench splits a run's cost into fixed and per page.

A 12-page run of ``ingest --workers 2`` pays a Dask cluster and a forkserver once, about
as much CPU as its pages: ``bench/throughput.py --large N`` times the same runs on a
larger set and splits each cost by the line through the two sizes. These tests check
that arithmetic and what the report prints (no timing is asserted anywhere).
"""

from __future__ import annotations

from types import ModuleType

import pytest


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
        runner = task_runner_for(FlowSettings(workers=2, local_runner="dask"))
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


# --- the label search computes a line's cells once (extractors/keyvalue.py) ---------------

CELL_ROWS = [
    # (words with their left x, one line of a form as printed)
    [("Дата", 40), ("установления", 70), ("08.09.2010", 300)],  # label cell, value cell
    [("инвалидности", 40)],  # the label's wrapped second line: one cell
    [("Группа", 40), ("инвалидности", 80), ("вторая", 170)],  # no gap: one cell
    [("1.", 40), ("Степень", 60), ("ограничения", 110), ("2", 400), ("(вторая)", 420)],
    [("Степень", 40), ("ограничения", 90), ("1", 170)],  # value close right: the tail cut
]


def _page(rows: list[list[tuple[str, float]]]) -> object:
    from mseflow.reading.page import Line, PageText, Word

    page = PageText(number=1, source="ocr", width=595, height=842)
    for i, row in enumerate(rows):
        y = 40.0 + 20 * i
        page.lines.append(Line(tuple(Word(t, (x, y, x + 6.0 * len(t), y + 12)) for t, x in row)))
    return page


def _uncached_label_cells(tl: object) -> list[tuple[int, int, float, str]]:
    """What ``_cell_hit`` computes for every label without the cache (as on main eb8e170,
    with round 14's left edge: a numbered label's cell starts at its first word)."""
    from mseflow.extractors import keyvalue as kv

    runs = kv._cut_cells(tl)  # type: ignore[arg-type]
    last = runs[-1] if runs else None
    text = tl.text  # type: ignore[attr-defined]
    tail = kv.CELL_VALUE_TAIL.search(text[last[0] : last[1]]) if last is not None else None
    if last is not None and tail is not None and tail.start() > 0:
        runs = [*runs[:-1], (last[0], last[0] + tail.start(), last[2], last[3]), last]
    if len(runs) < 2:
        return []
    return [kv._unnumbered(tl, a, b, x) for a, b, x, _ in runs[:-1]]  # type: ignore[arg-type]


def test_a_lines_cells_are_computed_once_and_are_what_they_were() -> None:
    from mseflow.extractors import keyvalue as kv
    from mseflow.extractors.layout import DocumentView

    view = DocumentView([_page(CELL_ROWS)])  # type: ignore[list-item]
    for tl in view.lines:
        first = kv.cell_runs(tl)
        assert first == kv._cut_cells(tl)
        first.append((0, 0, 0.0, 0.0))  # a caller's list is its own
        assert kv.cell_runs(tl) == kv._cut_cells(tl)
        assert list(kv._label_cells(tl)) == _uncached_label_cells(tl)
        assert kv._label_cells(tl) is kv._label_cells(tl)  # once per line
    cells = [len(kv.cell_runs(tl)) for tl in view.lines]
    assert cells == [2, 1, 1, 2, 1]


def test_a_new_page_gets_its_own_cells_not_those_of_a_line_read_before() -> None:
    from mseflow.extractors import keyvalue as kv
    from mseflow.extractors.layout import DocumentView

    before = DocumentView([_page([[("Дата", 40), ("08.09.2010", 300)]])])  # type: ignore[list-item]
    assert len(kv.cell_runs(before.lines[0])) == 2
    after = DocumentView([_page([[("Дата", 40), ("08.09.2010", 70)]])])  # type: ignore[list-item]
    assert len(kv.cell_runs(after.lines[0])) == 1


def test_a_label_wrapped_in_its_cell_still_finds_the_value_right_of_it() -> None:
    from mseflow.extractors.keyvalue import find_values
    from mseflow.extractors.layout import DocumentView

    view = DocumentView([_page(CELL_ROWS[:2])])  # type: ignore[list-item]
    spots = find_values(view, "established_date")
    assert [s.line.text[s.start : s.end] for s in spots] == ["08.09.2010"]
