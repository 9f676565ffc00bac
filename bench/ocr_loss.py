"""Where a set's values are lost: in reading (OCR) or in extraction, per output kind.

Usage::

    .venv/bin/python bench/ocr_loss.py --dir SET [--dir SET2] [--kinds fax scan_200] [--show]

Every file of the sets is read by the reading layer alone (``mseflow.reading.files``,
no extractors). For each value the truth row says the page prints (``printed``: the
value as printed, e.g. «10» мая 2026 г.), the page's text is searched for it:

* ``verbatim``: the printed string is in the page text (spaces and quote styles
  normalised, case kept);
* ``near``: the best window of the page text matches it at rapidfuzz ratio ≥ 90
  (one or two characters off: an OCR slip an extractor may or may not survive);
* otherwise ``lost``: reading lost the value, no extractor can find it.

A field the accuracy bench scores wrong or missed while its printed value is verbatim
in the text is an extraction loss; one that is lost here is a reading loss. Also
reports CPU seconds per page of reading (process time, the workers' own), the figure
that pre-processing changes must not raise by more than ~5 %.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

NEAR_RATIO = 90.0
QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Spaces collapsed, quote and dash styles unified."""
    return " ".join(text.translate(QUOTES).split())


def best_window(value: str, text: str) -> float:
    """The rapidfuzz ratio of ``value`` against its best-aligned window of ``text``."""
    if not value:
        return 100.0
    return float(fuzz.partial_ratio(value, text))


def _read(path: Path) -> tuple[list[str], float, int]:
    """Page texts of one file, CPU seconds spent reading it, and its page count."""
    from mseflow.reading.files import read_bytes
    from mseflow.settings import Settings

    settings = Settings()
    start = time.process_time()
    try:
        pages = read_bytes(path.read_bytes(), settings.reading)
    except Exception as exc:  # noqa: BLE001 - a bench reports every failure and goes on
        return [f"<error {type(exc).__name__}>"], time.process_time() - start, 1
    return [p.text for p in pages], time.process_time() - start, len(pages)


def load(folders: list[Path], kinds: set[str] | None) -> dict[Path, list[dict[str, Any]]]:
    """Truth rows with ``printed`` values, grouped by file."""
    by_file: dict[Path, list[dict[str, Any]]] = defaultdict(list)
    for folder in folders:
        source = folder / "truth.jsonl"
        for line in source.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if "file" not in row or (kinds and row.get("kind") not in kinds):
                continue
            by_file[source.parent / row["file"]].append(row)
    return by_file


def main(argv: list[str] | None = None) -> int:
    """Read every file, look for its printed values, print the shares per kind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, action="append", required=True)
    parser.add_argument("--kinds", nargs="*")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="list every value not verbatim")
    args = parser.parse_args(argv)
    by_file = load(args.dir, set(args.kinds) if args.kinds else None)
    files = sorted(by_file)
    wall = time.perf_counter()
    with ProcessPoolExecutor(max(1, args.workers)) as pool:
        results = list(pool.map(_read, files))
    wall = time.perf_counter() - wall
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    shown: list[str] = []
    for path, (texts, cpu, n_pages) in zip(files, results, strict=True):
        rows = by_file[path]
        kind = str(rows[0].get("kind"))
        counts[kind]["cpu"] += cpu
        counts[kind]["pages"] += n_pages
        for row in rows:
            pages = row.get("pages") or list(range(1, len(texts) + 1))
            text = normalise(" \n ".join(texts[p - 1] for p in pages if 0 < p <= len(texts)))
            for key, printed in (row.get("printed") or {}).items():
                if not isinstance(printed, str) or not printed.strip():
                    continue
                value = normalise(printed)
                c = counts[kind]
                c["values"] += 1
                if value in text:
                    c["verbatim"] += 1
                    continue
                ratio = best_window(value, text)
                outcome = "near" if ratio >= NEAR_RATIO else "lost"
                c[outcome] += 1
                if args.show:
                    shown.append(
                        f"{path.name} p{pages[0]} [{kind}] {key} {outcome} {ratio:.0f}: {value!r}"
                    )
    if args.show:
        print("\n".join(shown) + "\n")
    print(
        f"{'kind':16}{'values':>8}{'verbatim':>10}{'near':>8}{'lost':>8}{'pages':>7}{'cpu/page':>10}"
    )
    total: dict[str, float] = defaultdict(float)
    for kind in sorted(counts):
        c = counts[kind]
        for k, v in c.items():
            total[k] += v
        n = max(1.0, c["values"])
        print(
            f"{kind:16}{int(c['values']):8}{c['verbatim'] / n:10.3f}{c['near'] / n:8.3f}"
            f"{c['lost'] / n:8.3f}{int(c['pages']):7}{c['cpu'] / max(1.0, c['pages']):10.3f}"
        )
    n = max(1.0, total["values"])
    print(
        f"{'all':16}{int(total['values']):8}{total['verbatim'] / n:10.3f}{total['near'] / n:8.3f}"
        f"{total['lost'] / n:8.3f}{int(total['pages']):7}{total['cpu'] / max(1.0, total['pages']):10.3f}"
    )
    print(f"wall {wall:.1f} s, load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
