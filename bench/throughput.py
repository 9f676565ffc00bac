"""Throughput benchmark: pages per second of mseflow's reading stage vs plain Tesseract.

Generates scanned documents with the project's fixtures generator, then times
(1) plain ``pytesseract.image_to_string(lang="rus")`` on the same page images,
(2) mseflow's reading (orientation, deskew, flattening, tick boxes, word boxes),
(3) the whole pipeline (reading + extraction + validation) per file, one process
and ``--workers`` processes. Prints figures and ratios; no thresholds here.

    .venv/bin/python bench/throughput.py --n 8 --workers 2
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def page_images(folder: Path) -> list[object]:
    """Every page of every generated file as a PIL image (PDF pages rendered at 300 DPI)."""
    from PIL import Image, ImageSequence

    from mseflow.reading.files import render_pdf_page
    from mseflow.reading.sniff import FileKind, sniff_kind

    images = []
    for path in sorted(p for p in folder.iterdir() if p.name != "truth.jsonl"):
        data = path.read_bytes()
        if sniff_kind(data) is FileKind.pdf:
            import pypdfium2 as pdfium

            count = len(pdfium.PdfDocument(data))
            images += [render_pdf_page(data, i, 300) for i in range(count)]
        else:
            with Image.open(path) as image:
                images += [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    return images


def timed(label: str, fn, items: list[object]) -> float:  # noqa: ANN001
    start = time.perf_counter()
    for item in items:
        fn(item)
    elapsed = time.perf_counter() - start
    print(
        f"{label:<38} {len(items):>4} pages  {elapsed:7.1f} s  {len(items) / elapsed:6.2f} pages/s"
    )
    return elapsed


def _process_file(path: str) -> int:
    from mseflow.pipeline import process_source_safely
    from mseflow.settings import Settings

    return len(process_source_safely(Path(path), Settings()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8, help="documents to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kind", default="png", help="scan kind: png, jpeg, tiff, scan_pdf")
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
        plain = timed(
            "plain tesseract image_to_string",
            lambda im: pytesseract.image_to_string(im, lang="rus"),
            images,
        )
        settings = ReadingSettings()
        ours = timed(
            "mseflow reading (preprocess + words)",
            lambda im: ocr_page_image(im, 1, settings),
            images,
        )
        start = time.perf_counter()
        for path in files:
            _process_file(path)
        single = time.perf_counter() - start
        print(
            f"{'pipeline, 1 process':<38} {len(images):>4} pages  {single:7.1f} s  {len(images) / single:6.2f} pages/s"
        )
        start = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            list(pool.map(_process_file, files))
        multi = time.perf_counter() - start
        print(
            f"{f'pipeline, {args.workers} processes':<38} {len(images):>4} pages  {multi:7.1f} s  {len(images) / multi:6.2f} pages/s"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ratio reading/plain tesseract: {ours / plain:.2f}x time; ratio {args.workers} processes vs 1: {single / multi:.2f}x speed-up; peak RSS {peak_mb:.0f} MiB"
    )


if __name__ == "__main__":
    main()
