"""``process --jobs``: worker processes, results in input order, a dying worker survived."""

from __future__ import annotations

import ctypes
import operator
import os
import signal
from pathlib import Path

from mseflow.parallel import Split, default_jobs, map_in_workers, map_split_in_workers
from mseflow.pipeline import (
    iter_file_records,
    paged_file,
    process_source_safely,
    read_paged_page,
    records_of_paged,
)
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


def _cut(item: object) -> Split[object] | None:
    return Split(item, len(item) if isinstance(item, str) else 2) if item in ("wxyz", 16) else None


def test_parts_of_a_split_item_run_in_workers_and_join_in_input_order() -> None:
    items = ["a", "wxyz", "b", "c"]
    # parts: "wxyz"[0], "wxyz"[1], ...; join: "wxyz".join(those parts)
    results = list(
        map_split_in_workers(
            str.upper,
            items,
            2,
            split=_cut,
            part=operator.getitem,
            join=str.join,
            costs=[1, 9, 5, 1],
        )
    )
    assert results == ["A", "wxyz".join("wxyz"), "B", "C"]


def test_a_part_that_kills_its_worker_has_its_item_redone_whole() -> None:
    # ctypes.string_at(16, n) reads address 16: the worker dies of SIGSEGV
    items = ["a", 16, "b"]
    results = list(map_split_in_workers(str, items, 2, split=_cut, part=ctypes.string_at, join=str))
    assert results == ["a", "16", "b"]


def test_pages_of_long_files_spread_over_jobs_give_the_same_records(tmp_path: Path) -> None:
    page = draw_page()
    turned = page.rotate(1.5, fillcolor=255, expand=False)
    (tmp_path / "a.tif").write_bytes(
        image_bytes(page, "TIFF", save_all=True, append_images=[turned, page])
    )
    (tmp_path / "b.pdf").write_bytes(
        image_bytes(page, "PDF", resolution=300.0, save_all=True, append_images=[turned])
    )
    (tmp_path / "c.pdf").write_bytes(text_layer_pdf())
    paths = sorted(tmp_path.iterdir())
    settings = Settings()
    paged = [paged_file(path, settings) for path in paths]
    assert [p.plan.count if p else None for p in paged] == [3, 2, None]
    one = [(p, [r.model_dump() for r in recs]) for p, recs in iter_file_records(paths, settings)]
    two = [(p, [r.model_dump() for r in recs]) for p, recs in iter_file_records(paths, settings, 2)]
    assert two == one
    assert [n for rec in one[0][1] for n in rec["pages"]] == [1, 2, 3]
    assert "2431238" in str(one[0][1])  # the number printed on the pages was read
    alone = list(iter_file_records(paths[:1], settings, 2))  # one long file alone: spread too
    assert [(p, [r.model_dump() for r in recs]) for p, recs in alone] == one[:1]


def test_a_page_that_cannot_be_read_apart_sends_the_file_through_the_boundary(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.tif"
    page = draw_page()
    path.write_bytes(image_bytes(page, "TIFF", save_all=True, append_images=[page]))
    settings = Settings()
    paged = paged_file(path, settings)
    assert paged is not None
    path.write_bytes(b"changed since it was planned")
    assert read_paged_page(paged, 0, settings) is None
    [record] = records_of_paged(paged, [None, None], settings)
    assert record.doc_type == "unreadable"
    assert [r.model_dump() for r in records_of_paged(paged, [None], settings)] == [
        r.model_dump() for r in process_source_safely(path, settings)
    ]
