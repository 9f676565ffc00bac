"""CPU cost of reading marked options («нужное подчеркнуть»): per scanned and text page.

Generates a small family2 set (its blank forms print choice lines marked by underline,
circle or strike), reads every page once as ``mseflow process`` does, and times the mark
stage alone: :func:`mseflow.reading.raster_marks.find_raster_marks` on each scanned page
(the deskewed image the OCR read, as the OCR stage passes it) and
:func:`mseflow.reading.vector_marks.find_vector_marks` on each text-layer page. CPU time
(``time.process_time``), so a busy shared machine inflates it little. Prints per-page
figures, the share of the page's whole reading, and the marks found.

    .venv/bin/python bench/marks.py --n 12 --seed 21
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _timed(store: list[float], fn: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            store.append(time.process_time() - start)

    return wrapper


def _figures(name: str, values: list[float], whole: float) -> str:
    if not values:
        return f"{name:<12} no pages"
    ms = [1000 * v for v in values]
    share = sum(values) / whole if whole else 0.0
    return (
        f"{name:<12} pages={len(ms):3d}  ms/page median={statistics.median(ms):6.2f}  "
        f"max={max(ms):6.2f}  share of reading={share:.2%}"
    )


def main(argv: list[str] | None = None) -> int:
    """Generate, read, print the mark stage's CPU cost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12, help="documents to generate (family2)")
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)

    import mseflow.reading.ocr as ocr
    import mseflow.reading.text_layer as text_layer
    from mseflow.fixtures.sets import generate_set
    from mseflow.reading import read_file

    raster: list[float] = []
    vector: list[float] = []
    ocr.find_raster_marks = _timed(raster, ocr.find_raster_marks)  # type: ignore[assignment]
    text_layer.find_vector_marks = _timed(vector, text_layer.find_vector_marks)
    found: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="mseflow-marks-") as tmp:
        generate_set("family2", args.n, args.seed, Path(tmp))
        start = time.process_time()
        for path in sorted((Path(tmp) / "documents").iterdir()):
            for page in read_file(path):
                for mark in page.marks:
                    found[mark.kind] = found.get(mark.kind, 0) + 1
        whole = time.process_time() - start
    print(_figures("scanned", raster, whole))
    print(_figures("text layer", vector, whole))
    print(f"reading, all pages: {whole:.1f} s CPU; marks found: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
