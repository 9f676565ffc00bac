"""What honest OCR confidence costs per scanned page: glyphs with rivals, and second readings.

Usage::

    .venv/bin/python bench/reread_cost.py --dir /work/sets/family4-n40-s5 --pages 12

For the first ``--pages`` OCR pages of a set (scans, photos, faxes; text-layer pages
are skipped) it prints, in CPU milliseconds per page (``time.process_time``):

- ``recognise``: Tesseract's main pass (for scale);
- ``words``: reading the words from the result iterator as before (text, box, confidence);
- ``glyphs``: the same with every character's confidence and closest rival
  (``lstm_choice_mode=2``, :func:`mseflow.reading.engine._glyphs`);
- ``reread``: :func:`mseflow.reading.reread.confirm_numbers` (honest confidences and
  the second readings of doubtful numbers), with the crops read per page.

Figures, never a timed test (the project's rule); run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from mseflow.reading.cleanup import clean_page
from mseflow.reading.engine import TesserocrEngine, get_engine
from mseflow.reading.files import ocr_page_count, page_image, plan_pages
from mseflow.reading.ocr import fit_resolution, read_upright
from mseflow.reading.preprocess import to_gray
from mseflow.reading.reread import confirm_numbers
from mseflow.settings import ReadingSettings


def _files(folder: Path) -> list[Path]:
    truth = folder / "truth.jsonl"
    names = []
    for line in truth.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "file" in row and row["file"] not in names:
            names.append(row["file"])
    return [folder / name for name in names]


def main(argv: list[str] | None = None) -> int:
    """Time the steps on a set's OCR pages and print milliseconds per page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="a generated set")
    parser.add_argument("--pages", type=int, default=12, help="OCR pages to time")
    args = parser.parse_args(argv)
    settings = ReadingSettings()
    engine = get_engine(settings.lang)
    if not isinstance(engine, TesserocrEngine):
        print("tesserocr is not in use: nothing to time")
        return 1
    api = engine._api  # the loaded model: the bench times its iterator directly
    figures: dict[str, list[float]] = {"recognise": [], "words": [], "glyphs": [], "reread": []}
    crops: list[int] = []
    for path in _files(args.dir):
        data = path.read_bytes()
        plan = plan_pages(data, settings)
        if ocr_page_count(data, plan, settings) < plan.count:
            continue  # a text layer on some page: not a scan
        for index in range(plan.count):
            if len(crops) >= args.pages:
                break
            gray = fit_resolution(
                clean_page(
                    to_gray(np.asarray(page_image(data, plan, index, settings).convert("L")))
                ).image
            )
            read = read_upright(gray, engine, settings, time.monotonic() + 180)
            pixels = np.ascontiguousarray(read.clean, dtype=np.uint8)
            height, width = pixels.shape
            api.SetImageBytes(pixels.tobytes(), width, height, 1, width)
            start = time.process_time()
            api.Recognize()
            figures["recognise"].append(time.process_time() - start)
            start = time.process_time()
            _plain_words(engine)
            figures["words"].append(time.process_time() - start)
            start = time.process_time()
            engine._words()
            figures["glyphs"].append(time.process_time() - start)
            api.Clear()
            start = time.process_time()
            _, n = confirm_numbers(engine, read.clean, read.words)
            figures["reread"].append(time.process_time() - start)
            crops.append(n)
    if not crops:
        print("no OCR pages in the set")
        return 1
    print(f"pages={len(crops)} crops_per_page={statistics.mean(crops):.2f}")
    for name, values in figures.items():
        ms = [1000 * v for v in values]
        print(f"{name:10s} mean={statistics.mean(ms):8.1f} ms  max={max(ms):8.1f} ms")
    added = statistics.mean(figures["glyphs"]) - statistics.mean(figures["words"])
    added += statistics.mean(figures["reread"])
    print(f"ADDED_MS_PER_PAGE {1000 * added:.1f}")
    return 0


def _plain_words(engine: TesserocrEngine) -> int:
    """The old word loop: text, box and confidence only."""
    tesserocr = engine._tesserocr
    level = tesserocr.RIL.WORD
    count = 0
    iterator = engine._api.GetIterator()
    for item in tesserocr.iterate_level(iterator, level):
        if item.GetUTF8Text(level) and item.BoundingBox(level):
            item.Confidence(level)
            count += 1
    return count


if __name__ == "__main__":
    sys.exit(main())
