"""Issue 13, round 10: ``ingest --workers N`` without a local Dask cluster, and scheduling.

``--workers N`` now runs Prefect's side of every task in N threads of the flow process and
the task bodies in N worker processes (:mod:`mseflow.flows.procpool`); these tests run real
worker processes (no mocks of the pool), and the flows' own tests run the whole flow on it
(``tests/flows/test_flows_process.py``, ``2-worker-processes``). Speed figures live in
``bench/throughput.py``, not here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from mseflow.flows import procpool
from mseflow.flows.files import is_transient
from mseflow.flows.runners import task_runner_for
from mseflow.flows.settings import FlowSettings
from mseflow.parallel import _SplitSchedule
from mseflow.scheduling import COARSE_PAGE, TEXT_PAGE, UNKNOWN_FILE, file_cost

pytestmark = pytest.mark.flows


def _warn_and_add(a: int, b: int) -> int:
    logging.getLogger("mseflow.reading.test").warning("page %d looks odd", a)
    logging.getLogger("mseflow.reading.test").info("not forwarded")
    return a + b


@pytest.fixture
def pool() -> Iterator[None]:
    procpool.open_pool(2)
    try:
        yield
    finally:
        procpool.close_pool()


def test_a_pool_opened_twice_is_shared_until_its_last_user_closes_it(pool: None) -> None:
    procpool.open_pool(3)  # a second flow run in this process: the open pool is shared
    assert procpool.pool_jobs() == 2
    procpool.close_pool()  # the second run ends; the first still has its workers
    assert procpool.pool_jobs() == 2
    assert procpool.in_worker(os.getpid) != os.getpid()


def test_a_body_runs_in_a_worker_process_when_the_pool_is_open(pool: None) -> None:
    assert procpool.pool_jobs() == 2
    assert procpool.in_worker(os.getpid) != os.getpid()
    assert procpool.in_worker(_warn_and_add, 2, 3) == 5


def test_without_a_pool_the_body_runs_here() -> None:
    assert procpool.pool_jobs() == 0
    assert procpool.in_worker(os.getpid) == os.getpid()


def test_a_bodys_warnings_come_back_with_its_result_and_nothing_below() -> None:
    result, kept = procpool._call_keeping_warnings(_warn_and_add, (7, 1))
    assert result == 8
    assert kept == [(logging.WARNING, "mseflow.reading.test", "page 7 looks odd")]


def test_a_dead_worker_fails_its_task_as_transient_and_the_pool_is_replaced(pool: None) -> None:
    with pytest.raises(procpool.WorkerLostError) as caught:
        procpool.in_worker(os._exit, 3)
    assert is_transient(caught.value)  # retried by the task's retry condition
    assert procpool.in_worker(_warn_and_add, 1, 1) == 2  # a fresh pool takes the retry


@pytest.mark.parametrize(
    ("settings", "kind", "local_dask"),
    [
        (FlowSettings(workers=2), "LocalProcessTaskRunner", False),
        (FlowSettings(workers=3), "LocalProcessTaskRunner", False),
        (FlowSettings(workers=2, local_runner="dask"), "DaskTaskRunner", True),
        (FlowSettings(workers=1), "ThreadPoolTaskRunner", False),
        (FlowSettings(dask_address="tcp://10.0.0.1:8786"), "DaskTaskRunner", False),
    ],
    ids=["2-processes", "3-processes", "local-dask", "one-worker", "remote-dask"],
)
def test_the_runner_of_local_workers_comes_from_the_settings(
    settings: FlowSettings, kind: str, local_dask: bool
) -> None:
    import copy

    import dask

    saved = copy.deepcopy(dask.config.config)  # the Dask runner sets Dask settings globally
    try:
        runner = task_runner_for(settings)
    finally:
        dask.config.config.clear()
        dask.config.config.update(saved)
    assert type(runner).__name__ == kind
    assert settings.local_dask is local_dask


def test_the_process_runner_holds_its_workers_while_entered() -> None:
    runner = task_runner_for(FlowSettings(workers=2))
    assert runner.duplicate()._max_workers == 2
    with runner:
        assert procpool.pool_jobs() == 2
        assert procpool.in_worker(os.getpid) != os.getpid()
    assert procpool.pool_jobs() == 0


@pytest.mark.parametrize(
    ("value", "runner"), [("dask", "dask"), (" Processes ", "processes"), (None, "processes")]
)
def test_the_local_runner_is_read_from_the_environment(
    value: str | None, runner: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv("MSEFLOW_LOCAL_RUNNER", raising=False)
    else:
        monkeypatch.setenv("MSEFLOW_LOCAL_RUNNER", value)
    assert FlowSettings.from_env().local_runner == runner


A4_PX = {300: (2481, 3508), 200: (1654, 2339), 152: (1257, 1778), 178: (1472, 2082)}


def _scan(path: Path, dpi: int, frames: int = 1) -> Path:
    pages = [Image.new("L", A4_PX[dpi], 255) for _ in range(frames)]
    if path.suffix == ".pdf":
        pages[0].save(path, save_all=True, append_images=pages[1:], resolution=float(dpi))
    else:
        pages[0].save(path, save_all=frames > 1, append_images=pages[1:], dpi=(dpi, dpi))
    return path


@pytest.mark.parametrize(
    ("name", "dpi", "frames", "cost"),
    [
        ("fine.png", 300, 1, 1.0),  # read at ~200 DPI
        ("fine.tif", 300, 3, 3.0),  # every frame is a page
        ("coarse.png", 178, 1, COARSE_PAGE),  # brought up to 300 DPI: more pixels to read
        ("coarse.pdf", 152, 1, COARSE_PAGE),  # the scan's own pixels, not the rendering's
        ("fine.pdf", 300, 2, 2.0),
        ("two-hundred.jpg", 200, 1, COARSE_PAGE),  # under the fine source resolution
    ],
)
def test_a_files_cost_is_its_ocr_pages_by_the_pixels_they_are_read_at(
    tmp_path: Path, name: str, dpi: int, frames: int, cost: float
) -> None:
    assert file_cost(_scan(tmp_path / name, dpi, frames)) == pytest.approx(cost)


def test_a_text_layer_pdf_costs_a_fraction_of_a_scan(tmp_path: Path) -> None:
    from mseflow.fixtures import generate

    generate(1, 5, tmp_path, kinds=["text_layer"])
    [pdf] = sorted(tmp_path.glob("*.pdf"))
    from mseflow.reading.files import plan_pages
    from mseflow.settings import ReadingSettings

    pages = plan_pages(pdf.read_bytes(), ReadingSettings()).count
    assert file_cost(pdf) == pytest.approx(pages * TEXT_PAGE)


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7 broken", b"not an image at all"])
def test_a_file_whose_headers_cannot_be_read_gets_the_unknown_cost(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "bad.bin"
    path.write_bytes(content)
    assert file_cost(path) == UNKNOWN_FILE


def _order(
    items: list[str], sizes: list[float], guesses: dict[str, float], budget: float
) -> list[str]:
    order = sorted(range(len(items)), key=lambda i: -sizes[i])
    schedule: _SplitSchedule[str, str] = _SplitSchedule(
        str, items, (), lambda _: None, str, str, order, estimate=guesses.__getitem__
    )
    schedule.refine(budget)
    return [items[index] for index, _ in schedule.todo]


@pytest.mark.parametrize(
    ("sizes", "guesses", "expected"),
    [
        # by size the small coarse scan would go last and run alone at the end
        ([4.0, 0.1, 0.8], {"a": 1.0, "b": 1.9, "c": 1.0}, ["b", "a", "c"]),
        # a text PDF bigger than a scan goes after it
        ([9.0, 1.0], {"a": 0.1, "b": 1.0}, ["b", "a"]),
        # equal guesses keep the size order
        ([1.0, 3.0, 2.0], {"a": 1.0, "b": 1.0, "c": 1.0}, ["b", "c", "a"]),
    ],
)
def test_guessed_costs_reorder_the_waiting_items_costliest_first(
    sizes: list[float], guesses: dict[str, float], expected: list[str]
) -> None:
    items = sorted(guesses)
    assert _order(items, sizes, guesses, budget=10.0) == expected


def test_items_not_guessed_within_the_budget_keep_their_place_first() -> None:
    items = ["a", "b", "c"]
    assert _order(items, [3.0, 2.0, 1.0], {"a": 0.1, "b": 5.0, "c": 9.0}, budget=0.0) == items
