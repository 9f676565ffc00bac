"""``process --jobs``: worker processes, results in input order, a dying worker survived."""

from __future__ import annotations

import operator
import os
import signal
from pathlib import Path

from mseflow.parallel import default_jobs, map_in_workers
from mseflow.pipeline import iter_file_records
from mseflow.settings import Settings

from .drawing import draw_page, image_bytes, text_layer_pdf


def test_results_come_in_input_order_from_single_threaded_workers() -> None:
    names = ["OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS", "MSEFLOW_NOT_SET"] * 4
    assert list(map_in_workers(os.getenv, names, 2, "default")) == ["1", "1", "default"] * 4
    assert list(map_in_workers(operator.mul, list(range(9)), 2, 10)) == [i * 10 for i in range(9)]
    assert default_jobs() >= 1


def test_a_worker_that_dies_costs_only_its_own_item() -> None:
    crashed: list[int] = []

    def on_crash(item: int, exc: BaseException) -> str:
        crashed.append(item)
        return "crashed"

    # SIGWINCH is ignored by default; SIGKILL kills the worker that raises it
    items = [signal.SIGWINCH, signal.SIGWINCH, signal.SIGKILL, signal.SIGWINCH, signal.SIGWINCH]
    results = list(map_in_workers(signal.raise_signal, items, 2, on_crash=on_crash))
    assert results == [None, None, "crashed", None, None]
    assert crashed == [signal.SIGKILL]


def test_jobs_give_the_same_records_as_one_process(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(text_layer_pdf())
    (tmp_path / "b.png").write_bytes(image_bytes(draw_page(), "PNG"))
    (tmp_path / "c.txt").write_bytes(b"not a document")
    (tmp_path / "d.pdf").write_bytes(text_layer_pdf())
    paths = sorted(tmp_path.iterdir())
    settings = Settings()
    one = [(p, [r.model_dump() for r in recs]) for p, recs in iter_file_records(paths, settings)]
    two = [(p, [r.model_dump() for r in recs]) for p, recs in iter_file_records(paths, settings, 2)]
    assert [p for p, _ in two] == paths
    assert two == one
    assert one[2][1][0]["doc_type"] == "unreadable"
