"""Extraction accuracy on a synthetic set: per field, per output kind and degradation level.

Usage::

    .venv/bin/python bench/accuracy.py --n 40 --seed 7            # generate, then score
    .venv/bin/python bench/accuracy.py --dir /tmp/set             # score an existing set

The set is a folder of documents plus ``truth.jsonl`` (one JSON object per
document, as ``mseflow.fixtures.generate`` writes it). Records come from
``mseflow.pipeline.process_source_safely``. Lists are scored as a fuzzy-set F1
(rapidfuzz ratio ≥ 90 counts as the same item); scalar fields as exact matches.
"wrong" counts a non-null value that differs from the truth; "miss" a null
where the truth has a value. Prints tables and one summary line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

SCALARS = (
    "full_name",
    "birth_date",
    "document_series",
    "document_number",
    "issue_date",
    "issuer",
    "disability_group",
    "disability_cause",
    "work_restriction_degree",
    "established_date",
    "valid_until",
    "indefinite",
    "reexamination_date",
    "incapable_of_work",
)
LISTS = ("contraindications", "recommended_conditions", "available_work")
PATH_KEYS = ("file", "path", "source_path", "source", "filename")
KIND_KEYS = ("kind", "output_kind", "output", "format")
LEVEL_KEYS = ("degradation", "level", "degrade", "quality")


def _first(row: dict[str, Any], keys: Iterable[str], default: Any = None) -> Any:
    for key in keys:
        if key in row and row[key] is not None:
            return row[key]
    return default


def _truth_fields(row: dict[str, Any]) -> dict[str, Any]:
    inner = row.get("record") or row.get("fields") or row.get("truth") or {}
    return {**row, **inner}


def fuzzy_f1(got: list[str], want: list[str]) -> float:
    """F1 of two item lists where items match at rapidfuzz ratio ≥ 90 (1.0 when both empty)."""
    if not got and not want:
        return 1.0
    unmatched = list(want)
    hits = 0
    for item in got:
        best = max(unmatched, key=lambda w: fuzz.ratio(item.lower(), w.lower()), default=None)
        if best is not None and fuzz.ratio(item.lower(), best.lower()) >= 90:
            unmatched.remove(best)
            hits += 1
    if hits == 0:
        return 0.0
    precision, recall = hits / len(got), hits / len(want)
    return 2 * precision * recall / (precision + recall)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.replace("«", '"').replace("»", '"').split())
    return value


def score_scalar(got: Any, want: Any) -> str:
    """'ok', 'wrong' (non-null, differs), 'miss' (null where truth has a value)."""
    if _norm(got) == _norm(want) or (want in (None, False) and got in (None, False)):
        return "ok"
    return "miss" if got in (None, False) else "wrong"


def _records_for(path: Path, today: str | None = None) -> list[dict[str, Any]]:
    """Records of one file: the full pipeline, judged as of the set's reference date."""
    from mseflow.pipeline import process_source_safely
    from mseflow.settings import Settings

    settings = Settings()
    if today:
        settings.validation.today = dt.date.fromisoformat(today)
    return [r.to_json_dict() for r in process_source_safely(path, settings)]


def reference_date(folder: Path) -> str | None:
    """The ``_meta.reference_date`` of a set's truth file (documents are valid on it)."""
    with (folder / "truth.jsonl").open(encoding="utf-8") as handle:
        first = json.loads(handle.readline() or "{}")
    return first.get("_meta", {}).get("reference_date")


def _pair(records: list[dict[str, Any]], truths: list[dict[str, Any]]) -> list[tuple]:
    """Pair truth documents of a file with records by first page, else by order."""
    by_page = {tuple(r.get("pages") or [])[:1]: r for r in records}
    out = []
    for i, truth in enumerate(truths):
        pages = tuple(truth.get("pages") or [])[:1]
        rec = by_page.get(pages) if pages else None
        if rec is None and i < len(records):
            rec = records[i]
        out.append((truth, rec or {}))
    return out


class Tally:
    """Counters per group (all / kind / level) and field; optional list of errors."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.counts: dict[tuple[str, str], dict[str, float]] = defaultdict(
            lambda: defaultdict(float)
        )

    def add(self, groups: list[str], field: str, outcome: str, value: float = 1.0) -> None:
        for g in groups:
            c = self.counts[(g, field)]
            c[outcome] += value
            c["n"] += 1

    def rate(self, group: str, field: str, outcome: str = "ok") -> float | None:
        c = self.counts.get((group, field))
        return c[outcome] / c["n"] if c and c["n"] else None


def score_document(
    tally: Tally, groups: list[str], truth: dict[str, Any], rec: dict[str, Any]
) -> None:
    """Add one document's outcomes to the tally."""
    want_type = truth.get("doc_type")
    tally.add(groups, "doc_type", "ok" if rec.get("doc_type") == want_type else "wrong")
    if rec.get("doc_type") != want_type:
        tally.errors.append(f"{groups[1:]} doc_type: got {rec.get('doc_type')} want {want_type}")
    if want_type not in ("mse_certificate", "ipra"):
        return
    for key in SCALARS:
        if key in truth:
            outcome = score_scalar(rec.get(key), truth[key])
            tally.add(groups, key, outcome)
            if outcome != "ok":
                tally.errors.append(f"{groups[1:]} {key}: got {rec.get(key)!r} want {truth[key]!r}")
    for key in LISTS:
        if key in truth:
            f1 = fuzzy_f1(rec.get(key) or [], truth[key] or [])
            tally.add(groups, key, "ok", f1)
            if f1 < 1:
                tally.errors.append(f"{groups[1:]} {key}: got {rec.get(key)!r} want {truth[key]!r}")
    want_status = _first(truth, ("expected_status", "validation_status", "status"))
    if want_status and "validation" in rec:
        got_status = (rec.get("validation") or {}).get("status")
        tally.add(groups, "validation_status", "ok" if got_status == want_status else "wrong")


def load_truth(folder: Path) -> dict[Path, list[dict[str, Any]]]:
    """truth.jsonl rows grouped by the file they describe."""
    by_file: dict[Path, list[dict[str, Any]]] = defaultdict(list)
    for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = _truth_fields(json.loads(line))
            if _first(row, PATH_KEYS) is None:  # the _meta line
                continue
            path = Path(_first(row, PATH_KEYS))
            by_file[path if path.is_absolute() else folder / path].append(row)
    return by_file


def run(folder: Path, workers: int = 1) -> Tally:
    """Process every file of the set (``workers`` processes) and score it."""
    tally = Tally()
    by_file = load_truth(folder)
    today = reference_date(folder)
    with ProcessPoolExecutor(max(1, workers)) as pool:
        all_records = list(pool.map(_records_for, by_file, [today] * len(by_file)))
    for (path, truths), records in zip(by_file.items(), all_records, strict=True):
        for truth, rec in _pair(records, truths):
            kind = str(_first(truth, KIND_KEYS, path.suffix.lstrip(".")))
            level = str(_first(truth, LEVEL_KEYS, "none"))
            groups = ["all", f"kind={kind}", f"level={level}", f"file={path.name}"]
            score_document(tally, groups, truth, rec)
    return tally


def report(tally: Tally, seconds: float) -> str:
    """Print the tables; return the summary line."""
    groups = sorted(
        {g for g, _ in tally.counts if not g.startswith("file=")}, key=lambda g: (g != "all", g)
    )
    fields = ["doc_type", *SCALARS, *LISTS, "validation_status"]
    print(f"{'field':26}" + "".join(f"{g[:18]:>19}" for g in groups))
    for field in fields:
        cells = [tally.rate(g, field) for g in groups]
        if all(c is None for c in cells):
            continue
        print(f"{field:26}" + "".join(f"{'-' if c is None else f'{c:.3f}':>19}" for c in cells))
    print()
    print(f"{'field':26}{'ok':>8}{'wrong':>8}{'miss':>8}{'n':>6}   (all documents)")
    for field in (*SCALARS,):
        c = tally.counts.get(("all", field))
        if c and c["n"]:
            n = c["n"]
            print(
                f"{field:26}{c['ok'] / n:8.3f}{c['wrong'] / n:8.3f}{c['miss'] / n:8.3f}{int(n):6}"
            )
    field_rates = [tally.rate("all", f) for f in (*SCALARS, *LISTS)]
    rates = [r for r in field_rates if r is not None]
    wrong = [tally.rate("all", f, "wrong") for f in SCALARS]
    wrong_rates = [w for w in wrong if w is not None]
    docs = int(tally.counts.get(("all", "doc_type"), {}).get("n", 0))
    summary = (
        f"SUMMARY docs={docs} doc_type={tally.rate('all', 'doc_type') or 0:.3f} "
        f"field_mean={sum(rates) / max(len(rates), 1):.3f} "
        f"wrong_mean={sum(wrong_rates) / max(len(wrong_rates), 1):.3f} "
        f"status={tally.rate('all', 'validation_status') or 0:.3f} seconds={seconds:.1f}"
    )
    print(summary)
    return summary


def main(argv: list[str] | None = None) -> int:
    """Generate or take a set, score it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="an existing set (files + truth.jsonl)")
    parser.add_argument("--n", type=int, default=30, help="documents to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kinds", nargs="*", help="output kinds to generate (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument(
        "--show-errors", action="store_true", help="list every wrong or missed value"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.dir is not None:
        tally = run(args.dir, args.workers)
    else:
        from mseflow.fixtures import generate

        with tempfile.TemporaryDirectory(prefix="mseflow-bench-") as tmp:
            kwargs = {"kinds": args.kinds} if args.kinds else {}
            generate(args.n, args.seed, Path(tmp), **kwargs)
            tally = run(Path(tmp), args.workers)
    if args.show_errors:
        print("\n".join(tally.errors) + "\n")
    report(tally, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
