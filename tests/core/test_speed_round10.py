"""Issue 13, round 10: the order in which ``process -j N`` and ``ingest`` hand out files.

Files are guessed for their OCR cost from their headers only (:mod:`mseflow.scheduling`) and
handed out costliest first, so the run ends on its cheapest pages. Speed figures live in
``bench/throughput.py``, not here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from mseflow.parallel import _SplitSchedule
from mseflow.scheduling import COARSE_PAGE, TEXT_PAGE, UNKNOWN_FILE, file_cost

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
