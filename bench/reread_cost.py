"""What honest OCR confidence costs per scanned page: glyphs with rivals, and second readings.

Usage::

    .venv/bin/python bench/reread_cost.py --dir /work/sets/family4-n40-s5 --pages 12

For the first ``--pages`` OCR pages of a set (scans, photos, faxes; files with a text
layer are skipped), read as the pipeline reads them (``ocr_page_image``), it prints CPU
milliseconds (``time.process_time``):

- ``page``: the whole page's OCR (for scale);
- ``words``: reading the words from the result iterator as before (text, box, confidence),
  per pass (crops included);
- ``glyphs``: the same iterator read with every character's confidence and closest rival
  (``lstm_choice_mode=2``), per pass;
- ``reread``: :func:`mseflow.reading.reread.confirm_numbers` per page (honest confidences
  and the second readings of doubtful numbers), with the crops read per page.

Figures, never a timed test (the project's rule); run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from mseflow.errors import NoTextError
from mseflow.reading import ocr
from mseflow.reading.engine import TesserocrEngine, get_engine
from mseflow.reading.files import ocr_page_count, page_image, plan_pages
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
    """Time the steps on a set's OCR pages, read as the pipeline reads them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="a generated set")
    parser.add_argument("--pages", type=int, default=12, help="OCR pages to time")
    args = parser.parse_args(argv)
    settings = ReadingSettings()
    engine = get_engine(settings.lang)
    if not isinstance(engine, TesserocrEngine):
        print("tesserocr is not in use: nothing to time")
        return 1
    figures: dict[str, list[float]] = {"page": [], "words": [], "glyphs": [], "reread": []}
    crops: list[int] = []
    glyph_words, confirm = engine._words, ocr.confirm_numbers

    def timed_words() -> list:  # the same iterator state, read both ways
        start = time.process_time()
        _plain_words(engine)
        figures["words"].append(time.process_time() - start)
        start = time.process_time()
        words = glyph_words()
        figures["glyphs"].append(time.process_time() - start)
        return words

    def timed_confirm(*call: object) -> tuple:
        start = time.process_time()
        out = confirm(*call)
        figures["reread"].append(time.process_time() - start)
        crops.append(out[1])
        return out

    engine._words = timed_words  # type: ignore[method-assign]
    ocr.confirm_numbers = timed_confirm  # type: ignore[assignment]
    for path in _files(args.dir):
        data = path.read_bytes()
        plan = plan_pages(data, settings)
        if ocr_page_count(data, plan, settings) < plan.count:
            continue  # a text layer on some page: not a scan
        for index in range(plan.count):
            if len(crops) >= args.pages:
                break
            image = page_image(data, plan, index, settings)
            start = time.process_time()
            try:
                ocr.ocr_page_image(image, index + 1, settings)
            except NoTextError:
                continue
            figures["page"].append(time.process_time() - start)
    if not crops:
        print("no OCR pages in the set")
        return 1
    print(f"pages={len(crops)} crops_per_page={statistics.mean(crops):.2f}")
    for name, values in figures.items():
        ms = [1000 * v for v in values]
        print(f"{name:8s} mean={statistics.mean(ms):8.1f} ms  max={max(ms):8.1f} ms  n={len(ms)}")
    passes = len(figures["glyphs"]) / len(crops)  # main passes (and crops) per page
    added = passes * (statistics.mean(figures["glyphs"]) - statistics.mean(figures["words"]))
    added += statistics.mean(figures["reread"])
    share = added / statistics.mean(figures["page"])
    print(f"ADDED_MS_PER_PAGE {1000 * added:.1f} ({100 * share:.1f} % of a page's OCR CPU)")
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
