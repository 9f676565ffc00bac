"""Throughput benchmark: pages per second of mseflow's reading stage vs plain Tesseract.

Generates scanned documents with the project's fixtures generator, then times
(1) plain ``pytesseract.image_to_string(lang="rus")`` on the same page images,
(2) mseflow's reading (orientation, deskew, flattening, tick boxes, word boxes),
(3) the whole pipeline (reading + extraction + validation) per file, one process
and ``--workers`` processes, and with ``--flow`` (4) the ``process_documents``
Prefect flow, whose tasks are pages, on a thread pool of ``--workers`` threads
(Prefect's start-up is not counted). Prints figures and ratios; no thresholds here.

    .venv/bin/python bench/throughput.py --n 8 --workers 2 [--flow]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def page_images(folder: Path) -> list[object]:
    """Every page of every generated file as the grayscale image reading starts from (300 DPI)."""
    from mseflow.reading.files import page_image, plan_pages
    from mseflow.settings import ReadingSettings

    settings = ReadingSettings(dpi=300)
    images = []
    for path in sorted(p for p in folder.iterdir() if p.name != "truth.jsonl"):
        data = path.read_bytes()
        plan = plan_pages(data, settings)
        images += [page_image(data, plan, index, settings) for index in range(plan.count)]
    return images


def timed(label: str, run: Callable[[], object], pages: int) -> float:
    """Time ``run()``, print pages per second, return the seconds."""
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(f"{label:<38} {pages:>4} pages  {elapsed:7.1f} s  {pages / elapsed:6.2f} pages/s")
    return elapsed


def _process_file(path: str) -> int:
    from mseflow.pipeline import process_source_safely
    from mseflow.settings import Settings

    return len(process_source_safely(Path(path), Settings()))


def _process_in_pool(files: list[str], workers: int) -> None:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_process_file, files))


def _flow_runner(files: list[str], workers: int, out: Path) -> Callable[[], object]:
    """Start Prefect's local API now; return a call running ``process_documents`` on ``files``."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from mseflow.flows.process import process_documents
    from mseflow.flows.settings import FlowSettings

    flow_settings = FlowSettings(threads=workers)
    process_documents([], out / "warm-up", flow_settings=flow_settings)
    return lambda: process_documents([Path(f) for f in files], out, flow_settings=flow_settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8, help="documents to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kind", default="png", help="scan kind: png, jpeg, tiff, scan_pdf")
    parser.add_argument("--flow", action="store_true", help="also time the Prefect flow")
    args = parser.parse_args()

    import pytesseract

    from mseflow.fixtures import generate
    from mseflow.reading.ocr import ocr_page_image
    from mseflow.settings import ReadingSettings

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(args.n, args.seed, folder, kinds=[args.kind])
        images = page_images(folder)
        files = sorted(str(p) for p in folder.iterdir() if p.name != "truth.jsonl")
        print(
            f"{len(files)} files, {len(images)} pages ({args.kind}), OMP_THREAD_LIMIT={os.environ['OMP_THREAD_LIMIT']}"
        )
        pages = len(images)
        settings = ReadingSettings()
        plain = timed(
            "plain tesseract image_to_string",
            lambda: [pytesseract.image_to_string(im, lang="rus") for im in images],
            pages,
        )
        ours = timed(
            "mseflow reading (preprocess + words)",
            lambda: [ocr_page_image(im, 1, settings) for im in images],
            pages,
        )
        single = timed("pipeline, 1 process", lambda: [_process_file(f) for f in files], pages)
        multi = timed(
            f"pipeline, {args.workers} processes",
            lambda: _process_in_pool(files, args.workers),
            pages,
        )
        if args.flow:
            run_flow = _flow_runner(files, args.workers, folder / "flow-out")
            flow = timed(f"flow, page tasks, {args.workers} threads", run_flow, pages)
            print(f"ratio flow vs pipeline in 1 process: {single / flow:.2f}x speed-up")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ratio reading/plain tesseract: {ours / plain:.2f}x time; ratio {args.workers} processes vs 1: {single / multi:.2f}x speed-up; peak RSS {peak_mb:.0f} MiB"
    )


if __name__ == "__main__":
    main()
