"""Where a page's CPU goes: process CPU seconds per page of each reading and extraction stage.

Runs the pipeline (:func:`mseflow.pipeline.process_source_safely`) over the files of the
given folders in this process, warm (models and the OCR engine loaded by a first file
that is not counted), with a timer around each stage; a stage's time includes what it
calls. CPU time of this process only (Tesseract runs in it, single-threaded), so the
figures stay meaningful on a shared machine where wall time does not.

    .venv/bin/python bench/stages.py --dir SET/documents [--dir ...]
"""

from __future__ import annotations

import argparse
import collections
import importlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = [
    ("mseflow.pipeline", "read_bytes", "read (all reading below)"),
    ("mseflow.reading.files", "render_pdf_page", "render a PDF page (pdfium)"),
    ("mseflow.reading.files", "_frame", "decode an image frame"),
    ("mseflow.reading.files", "read_text_layer_page_judged", "text layer look-up"),
    ("mseflow.reading.files", "read_sheet", "two-up sheet test (and the sides' OCR)"),
    ("mseflow.reading.two_up", "find_gutter", "  two-up gutter test"),
    ("mseflow.reading.files", "ocr_page_image", "OCR stage (all below)"),
    ("mseflow.reading.ocr", "clean_page", "clean-up: fax / photo / light checks"),
    ("mseflow.reading.ocr", "fit_resolution", "fit resolution"),
    ("mseflow.reading.ocr", "screened", "halftone screen test"),
    ("mseflow.reading.ocr", "smooth_screen", "halftone screen blur"),
    ("mseflow.reading.ocr", "choose_scale", "resolution chooser"),
    ("mseflow.reading.ocr", "measure_skew", "skew measurement"),
    ("mseflow.reading.ocr", "rotate_bound", "deskew rotation"),
    ("mseflow.reading.ocr", "flatten_background", "background flattening"),
    ("mseflow.reading.ocr", "despeckle_gray", "despeckling (a look at a strip)"),
    ("mseflow.reading.ocr", "find_raster_checkboxes", "tick boxes"),
    ("mseflow.reading.ocr", "remove_rules", "rule erasing"),
    ("mseflow.reading.engine", "TesserocrEngine.read", "Tesseract, every pass (crops included)"),
    ("mseflow.reading.engine", "TesserocrEngine.read_crop", "  of which crops (second readings)"),
    ("mseflow.reading.engine", "TesserocrEngine.orientation", "Tesseract orientation (OSD)"),
    ("mseflow.reading.ocr", "reread_roman_numerals", "Roman numeral re-read"),
    ("mseflow.reading.roman", "second_reading", "  of which numeral crops read again"),
    ("mseflow.reading.ocr", "reread_roman_numeral", "Roman numerals of lines read again"),
    ("mseflow.reading.ocr", "find_lost_numerals", "lost numerals found and read"),
    ("mseflow.reading.ocr", "reread_weak_lines", "weak lines read again"),
    ("mseflow.reading.ocr", "group_words_into_lines", "lines"),
    ("mseflow.reading.ocr", "confirm_numbers", "doubtful numbers read again"),
    ("mseflow.reading.ocr", "find_raster_marks", "option marks"),
    ("mseflow.reading.ocr", "struck_runs", "strikes through words"),
    ("mseflow.pipeline", "records_from_pages", "split, extract, validate"),
]


def instrument(totals: collections.Counter[str], calls: collections.Counter[str]) -> None:
    """Wrap each stage of ``STAGES`` (where it exists) with a process-CPU timer."""
    for module_name, name, label in STAGES:
        owner: Any = importlib.import_module(module_name)
        *outer, name = name.split(".")
        for part in outer:  # a method: ``Class.method``
            owner = getattr(owner, part)
        original = getattr(owner, name, None)
        if original is None:
            continue

        def timed(
            *args: Any, _original: Callable[..., Any] = original, _label: str = label, **kw: Any
        ) -> Any:
            start = time.process_time()
            try:
                return _original(*args, **kw)
            finally:
                totals[_label] += time.process_time() - start
                calls[_label] += 1

        setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, action="append", required=True)
    args = parser.parse_args()

    from mseflow import pipeline
    from mseflow.extractors.models import warm
    from mseflow.settings import Settings

    warm()
    totals: collections.Counter[str] = collections.Counter()
    calls: collections.Counter[str] = collections.Counter()
    instrument(totals, calls)
    settings = Settings()
    files = sorted(
        p
        for folder in args.dir
        for p in folder.iterdir()
        if p.suffix.lower() in {".pdf", ".png", ".tif", ".tiff", ".jpg", ".jpeg"}
    )
    pipeline.process_source_safely(files[0], settings)  # warm-up: the engine, caches
    totals.clear()
    calls.clear()
    start = time.process_time()
    pages = sum(
        len(record.pages)
        for path in files
        for record in pipeline.process_source_safely(path, settings)
    )
    cpu = time.process_time() - start
    print(f"{len(files)} files, {pages} pages: {cpu / max(1, pages):.3f} CPU s per page")
    for _module, _name, label in STAGES:
        if calls[label]:
            print(
                f"  {label:<38} {totals[label] / max(1, pages):7.3f} s/page  ({calls[label]} calls)"
            )


if __name__ == "__main__":
    main()
