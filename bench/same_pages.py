"""Same pages as before? Reads every file of the given sets with this checkout's reading code
and compares the pages with the ones another checkout read into a page cache.

A speed change to ``mseflow/reading`` that is meant to keep every pixel and word is checked
here: the pages of each file (words, boxes, confidences, glyphs and their rivals, lines, tick
boxes, marks, strikes, rotation, skew) must be equal to those that ``bench/accuracy.py
--page-cache`` stored for the other checkout (its reading key: ``--against``). Equal pages
give equal records (the extractors and rules are not part of the reading), so no
``bench/accuracy.py`` run is needed for such a change. CPU seconds of the reading are
printed per page (this checkout only; the cached side cost nothing).

    .venv/bin/python bench/same_pages.py --against 3b0ed0553ac1386b --cache /work/cache/pages \\
        --dir /work/sets/f10s5 --dir /work/sets/f9s21 --workers 2
"""

from __future__ import annotations

import argparse
import concurrent.futures
import pickle
import sys
import time
from pathlib import Path
from typing import Any

SUFFIXES = {".pdf", ".png", ".tif", ".tiff", ".jpg", ".jpeg"}


def compare_file(path: Path, cache: Path, against: str) -> tuple[str, str, float, int]:
    """``(name, verdict, CPU s, pages)`` for one file: ``same``, ``differs: ...``, ``no entry``."""
    from mseflow.ingest import sha256_hex
    from mseflow.reading import read_bytes
    from mseflow.settings import Settings

    data = path.read_bytes()
    entry = cache / f"{sha256_hex(data)}-{against}.pickle"
    if not entry.exists():
        return path.name, "no entry", 0.0, 0
    before: Any = pickle.loads(entry.read_bytes())
    start = time.process_time()
    try:
        after: Any = read_bytes(data, Settings().reading)
    except Exception as exc:  # noqa: BLE001 - a bench: report any fault as a difference
        return path.name, f"differs: read failed ({type(exc).__name__})", 0.0, 0
    cpu = time.process_time() - start
    if pickle.dumps(after) == pickle.dumps(before):
        return path.name, "same", cpu, len(after)
    return path.name, f"differs: {first_difference(before, after)}", cpu, len(after)


def first_difference(before: Any, after: Any, where: str = "pages") -> str:
    """Where two read results first differ (a path of attributes and indexes)."""
    if type(before) is not type(after):
        return f"{where}: {type(before).__name__} vs {type(after).__name__}"
    if isinstance(before, (list, tuple)):
        if len(before) != len(after):
            return f"{where}: {len(before)} vs {len(after)} items"
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            if pickle.dumps(b) != pickle.dumps(a):
                return first_difference(b, a, f"{where}[{i}]")
    if hasattr(before, "__dataclass_fields__"):
        for name in before.__dataclass_fields__:
            b, a = getattr(before, name), getattr(after, name)
            if pickle.dumps(b) != pickle.dumps(a):
                return first_difference(b, a, f"{where}.{name}")
    return f"{where}: {before!r:.80} vs {after!r:.80}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, action="append", required=True)
    parser.add_argument("--cache", type=Path, required=True, help="the other checkout's page cache")
    parser.add_argument("--against", required=True, help="the other checkout's reading key")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    files = sorted(
        p
        for folder in args.dir
        for p in ((folder / "documents") if (folder / "documents").is_dir() else folder).iterdir()
        if p.suffix.lower() in SUFFIXES
    )
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(
            pool.map(compare_file, files, [args.cache] * len(files), [args.against] * len(files))
        )
    same = sum(verdict == "same" for _, verdict, _, _ in results)
    missing = sum(verdict == "no entry" for _, verdict, _, _ in results)
    pages = sum(n for _, _, _, n in results)
    cpu = sum(c for _, _, c, _ in results)
    for name, verdict, _, _ in results:
        if verdict != "same":
            print(f"{name}: {verdict}")
    print(
        f"{len(files)} files: {same} same pages, {len(files) - same - missing} differ, "
        f"{missing} not in the cache; reading {cpu / max(1, pages):.3f} CPU s per page "
        f"({pages} pages)"
    )
    sys.exit(0 if same == len(files) - missing else 1)


if __name__ == "__main__":
    main()
