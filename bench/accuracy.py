"""Extraction accuracy on synthetic sets: per generator family, output kind, degradation and field.

Usage::

    .venv/bin/python bench/accuracy.py --family family2 --n 60 --seed 21   # generate, then score
    .venv/bin/python bench/accuracy.py --family both --n 40 --seed 7       # both families
    .venv/bin/python bench/accuracy.py --dir /tmp/set-a --dir /tmp/set-b   # score existing sets

A set is a folder with ``truth.jsonl`` (``mseflow fixtures generate`` writes the
documents into ``OUT/documents/`` and the truth beside them; older sets with
the truth inside the documents folder are read too). Each truth row names its
file relative to the truth's folder, its ``family`` (``family1`` when absent),
``kind`` and ``degradation``. Records come from
``mseflow.pipeline.process_source_safely``, validated as of the set's
reference date.

Scores: scalar fields exact (``full_name`` compared case-insensitively, since
upper-case printing is the same name); ``wrong`` is a non-null value that
differs from the truth, ``miss`` a null where the truth has a value — reported
apart, a wrong value is worse than a miss. Lists (``contraindications``,
``recommended_conditions``, ``available_work``) are scored as a fuzzy-set F1
(rapidfuzz ratio ≥ 90 is the same item). Also doc_type, validation status, and
false ``incapable_of_work`` (set where the truth says not). Prints one table
per family and a ``SUMMARY`` line per family; ``--markdown`` prints the
tables as Markdown for bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from mseflow.fixtures.sets import FAMILIES

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
    "snils",
)
LISTS = ("contraindications", "recommended_conditions", "available_work")
CASELESS = frozenset({"full_name"})
DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2212": "-"})
"""En and em dashes, the non-breaking hyphen and minus count as a hyphen (typography, not value)."""
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


def _norm(value: Any, caseless: bool = False) -> Any:
    if isinstance(value, str):
        text = " ".join(value.replace("«", '"').replace("»", '"').translate(DASHES).split())
        return text.casefold() if caseless else text
    return value


def score_scalar(got: Any, want: Any, caseless: bool = False) -> str:
    """'ok', 'wrong' (non-null, differs), 'miss' (null where truth has a value)."""
    if _norm(got, caseless) == _norm(want, caseless) or (
        want in (None, False) and got in (None, False)
    ):
        return "ok"
    return "miss" if got in (None, False) else "wrong"


def _records_for(
    path: Path, today: str | None = None, page_cache: Path | None = None
) -> list[dict[str, Any]]:
    """Records of one file: the full pipeline, judged as of the set's reference date.

    With ``page_cache`` the read pages are kept there (see :func:`_cached_pages`), so a
    second scoring of the same set after an extractor or rule change skips OCR. The records
    are the same as without it: the same :func:`records_from_pages_safely` runs on them.
    """
    from mseflow.pipeline import process_source_safely, records_from_pages_safely
    from mseflow.settings import Settings

    settings = Settings()
    if today:
        settings.validation.today = dt.date.fromisoformat(today)
    if page_cache is None:
        return [r.to_json_dict() for r in process_source_safely(path, settings)]
    pages, sha = _cached_pages(path, settings, page_cache)
    if pages is None:  # bad input: the full pipeline gives its unreadable record
        return [r.to_json_dict() for r in process_source_safely(path, settings)]
    records = records_from_pages_safely(pages, str(path), sha, settings)
    return [r.to_json_dict() for r in records]


@functools.cache
def reading_key(reading_json: str) -> str:
    """A hash of what the pages of a file depend on: the code of ``mseflow.reading``,
    ``mseflow.settings`` and ``mseflow.errors`` (all the reading imports of the package), the
    reading settings and the engine. The label tables and dictionaries are the extractors'
    (the reading never opens them), so editing them keeps the cached pages.

    A change anywhere else that the reading happens to use is not seen: clear the cache.
    """
    import mseflow.errors
    import mseflow.reading
    import mseflow.settings
    from mseflow.reading.engine import describe_engine

    digest = hashlib.sha256(reading_json.encode())
    digest.update(describe_engine().encode())
    root = Path(mseflow.reading.__file__).parent
    extra = [Path(mseflow.settings.__file__), Path(mseflow.errors.__file__)]
    for source in sorted([*root.rglob("*.py"), *extra]):
        digest.update(f"{source.name}\0".encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _cached_pages(path: Path, settings: Any, cache: Path) -> tuple[Any, str]:
    """The read pages of ``path`` from ``cache`` (a 0700 folder), reading them once.

    Returns ``(None, sha)`` when the file cannot be read (nothing is cached for it).
    """
    from mseflow.ingest import sha256_hex
    from mseflow.reading import read_bytes

    data = path.read_bytes()
    sha = sha256_hex(data)
    cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    entry = cache / f"{sha}-{reading_key(settings.reading.model_dump_json())}.pickle"
    if entry.exists():
        return pickle.loads(entry.read_bytes()), sha
    try:
        pages = read_bytes(data, settings.reading)
    except Exception:  # bad input or a fault: the full pipeline's boundary makes its record
        return None, sha
    temp = entry.with_name(f".{entry.name}.{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pickle.dumps(pages))
    temp.replace(entry)
    return pages, sha


def truth_path(folder: Path) -> Path:
    """``folder/truth.jsonl``, or the one beside ``folder`` when given the documents folder."""
    for candidate in (folder / "truth.jsonl", folder.parent / "truth.jsonl"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no truth.jsonl in {folder} or beside it")


def read_meta(folder: Path) -> dict[str, Any]:
    """The ``_meta`` header of a set's truth file."""
    with truth_path(folder).open(encoding="utf-8") as handle:
        first = json.loads(handle.readline() or "{}")
    return first.get("_meta", {})


def reference_date(folder: Path) -> str | None:
    """The ``_meta.reference_date`` of a set (its documents are valid on it)."""
    return read_meta(folder).get("reference_date")


def _pair(records: list[dict[str, Any]], truths: list[dict[str, Any]]) -> list[tuple]:
    """Pair truth documents of a file with records by first page and type, first page, else
    by order. The type matters where two documents start on one sheet (two pages scanned
    side by side: a certificate beside an IPRA)."""
    by_page = {tuple(r.get("pages") or [])[:1]: r for r in records}
    by_type = {(tuple(r.get("pages") or [])[:1], r.get("doc_type")): r for r in reversed(records)}
    by_set = {frozenset(r.get("pages") or []): r for r in records}
    out = []
    for i, truth in enumerate(truths):
        pages = tuple(truth.get("pages") or [])[:1]
        kind = (truth.get("record") or {}).get("doc_type")
        rec = (by_type.get((pages, kind)) or by_page.get(pages)) if pages else None
        # the same pages, listed in another order (a truth's misfiled pages run [3, 1]; a
        # record lists its pages in the file's order)
        rec = rec or by_set.get(frozenset(truth.get("pages") or []))
        if rec is None and i < len(records):
            rec = records[i]
        out.append((truth, rec or {}))
    return out


class Tally:
    """Counters per group (``family|all``, ``family|kind=…``, ``family|level=…``) and field."""

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

    def total(self, group: str, fields: Iterable[str], outcome: str) -> tuple[float, float]:
        """(outcome count, judgements) summed over ``fields``."""
        hits = n = 0.0
        for field in fields:
            c = self.counts.get((group, field))
            if c:
                hits += c[outcome]
                n += c["n"]
        return hits, n


def score_document(
    tally: Tally, groups: list[str], truth: dict[str, Any], rec: dict[str, Any]
) -> None:
    """Add one document's outcomes to the tally."""
    want_type = truth.get("doc_type")
    where = f"{truth.get('file')} p{(truth.get('pages') or ['?'])[0]} [{groups[0]}]"
    tally.add(groups, "doc_type", "ok" if rec.get("doc_type") == want_type else "wrong")
    if rec.get("doc_type") != want_type:
        tally.errors.append(f"{where} doc_type: got {rec.get('doc_type')} want {want_type}")
    want_status = _first(truth, ("expected_status", "validation_status", "status"))
    if want_status:  # a document that got no record of its own has no right status either
        got_status = (rec.get("validation") or {}).get("status")
        tally.add(groups, "validation_status", "ok" if got_status == want_status else "wrong")
        if got_status != want_status:
            issues = [i.get("code") for i in (rec.get("validation") or {}).get("issues", [])]
            tally.errors.append(f"{where} status: got {got_status} {issues} want {want_status}")
    if want_type not in ("mse_certificate", "ipra"):
        return
    for key in SCALARS:
        if key in truth:
            outcome = score_scalar(rec.get(key), truth[key], key in CASELESS)
            tally.add(groups, key, outcome)
            if outcome != "ok":
                tally.errors.append(f"{where} {key}: got {rec.get(key)!r} want {truth[key]!r}")
    if truth.get("incapable_of_work") is False:
        tally.add(groups, "false_incapable", "wrong" if rec.get("incapable_of_work") else "ok")
    for key in LISTS:
        if key in truth:
            f1 = fuzzy_f1(rec.get(key) or [], truth[key] or [])
            tally.add(groups, key, "ok", f1)
            if f1 < 1:
                tally.errors.append(f"{where} {key}: got {rec.get(key)!r} want {truth[key]!r}")


def load_truth(folder: Path) -> dict[Path, list[dict[str, Any]]]:
    """truth.jsonl rows grouped by the file they describe (paths relative to the truth file)."""
    source = truth_path(folder)
    family = read_meta(folder).get("family", "family1")
    by_file: dict[Path, list[dict[str, Any]]] = defaultdict(list)
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = _truth_fields(json.loads(line))
            if _first(row, PATH_KEYS) is None:  # the _meta line
                continue
            row.setdefault("family", family)
            path = Path(_first(row, PATH_KEYS))
            by_file[path if path.is_absolute() else source.parent / path].append(row)
    return by_file


def read_records(
    paths: list[Path], todays: list[str | None], workers: int = 1, page_cache: Path | None = None
) -> list[list[dict[str, Any]]]:
    """Every file's records (validated as of its ``todays`` entry), read by ``workers``
    processes; ``page_cache`` as in :func:`run`."""
    with ProcessPoolExecutor(max(1, workers)) as pool:
        return list(pool.map(_records_for, paths, todays, [page_cache] * len(paths)))


def run(folders: list[Path], workers: int = 1, page_cache: Path | None = None) -> Tally:
    """Process every file of the sets (``workers`` processes) and score it.

    ``page_cache``: a folder where the read pages are kept between runs (bench use only).
    """
    tally = Tally()
    jobs: list[tuple[Path, list[dict[str, Any]], str | None]] = []
    for folder in folders:
        today = reference_date(folder)
        jobs += [(path, truths, today) for path, truths in load_truth(folder).items()]
    all_records = read_records([j[0] for j in jobs], [j[2] for j in jobs], workers, page_cache)
    for (path, truths, _), records in zip(jobs, all_records, strict=True):
        for truth, rec in _pair(records, truths):
            family = str(truth.get("family") or "family1")
            kind = str(_first(truth, KIND_KEYS, path.suffix.lstrip(".")))
            level = str(_first(truth, LEVEL_KEYS, "none"))
            groups = [f"{family}|all", f"{family}|kind={kind}", f"{family}|level={level}"]
            score_document(tally, groups, truth, rec)
    return tally


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def family_table(tally: Tally, family: str, markdown: bool) -> list[str]:
    """Per-field accuracy (lists: mean F1) by output kind and degradation level."""
    groups = sorted(
        {g for g, _ in tally.counts if g.startswith(f"{family}|")},
        key=lambda g: (not g.endswith("|all"), "level=" in g, g),
    )
    heads = [g.split("|", 1)[1] for g in groups]
    fields = ["doc_type", *SCALARS, *LISTS, "validation_status"]
    rows = []
    for field in fields:
        cells = [tally.rate(g, field) for g in groups]
        if any(c is not None for c in cells):
            rows.append((field, [_cell(c) for c in cells]))
    wrong_cells = []
    for g in groups:
        hits, n = tally.total(g, SCALARS, "wrong")
        wrong_cells.append(_cell(hits / n if n else None))
    rows.append(("wrong values (all scalars)", wrong_cells))
    heads = [h.replace("kind=", "").replace("level=", "lvl:") for h in heads]
    if markdown:
        out = ["| field | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
        out += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
        return out
    out = [f"{family:28}" + "".join(f"{h[:12]:>13}" for h in heads)]
    out += [f"{name[:28]:28}" + "".join(f"{c:>13}" for c in cells) for name, cells in rows]
    return out


def wrong_table(tally: Tally, family: str, markdown: bool) -> list[str]:
    """ok / wrong / miss rates per scalar field, all documents of the family."""
    group = f"{family}|all"
    rows = []
    for field in SCALARS:
        c = tally.counts.get((group, field))
        if c and c["n"]:
            n = c["n"]
            rows.append((field, c["ok"] / n, c["wrong"] / n, c["miss"] / n, int(n)))
    if markdown:
        out = ["| field | ok | wrong | miss | n |", "|---|---|---|---|---|"]
        out += [f"| {f} | {a:.3f} | {b:.3f} | {m:.3f} | {n} |" for f, a, b, m, n in rows]
        return out
    out = [f"{'field':26}{'ok':>8}{'wrong':>8}{'miss':>8}{'n':>6}   ({family}, all documents)"]
    out += [f"{f:26}{a:8.3f}{b:8.3f}{m:8.3f}{n:6}" for f, a, b, m, n in rows]
    return out


def summary(tally: Tally, family: str, seconds: float) -> str:
    """One line of headline figures for a family."""
    group = f"{family}|all"
    field_rates = [tally.rate(group, f) for f in (*SCALARS, *LISTS)]
    rates = [r for r in field_rates if r is not None]
    wrong, judged = tally.total(group, SCALARS, "wrong")
    lists = [tally.rate(f"{family}|kind=text_layer", f) for f in LISTS]
    list_rates = [r for r in lists if r is not None]
    false_incapable = int(tally.counts.get((group, "false_incapable"), {}).get("wrong", 0))
    docs = int(tally.counts.get((group, "doc_type"), {}).get("n", 0))
    return (
        f"SUMMARY {family} docs={docs} doc_type={tally.rate(group, 'doc_type') or 0:.3f} "
        f"field_mean={sum(rates) / max(len(rates), 1):.3f} "
        f"wrong_rate={wrong / max(judged, 1):.4f} false_incapable={false_incapable} "
        f"worklist_f1_text={sum(list_rates) / max(len(list_rates), 1):.3f} "
        f"status={tally.rate(group, 'validation_status') or 0:.3f} seconds={seconds:.1f}"
    )


def report(tally: Tally, seconds: float, markdown: bool = False) -> list[str]:
    """Print every family's tables; return the summary lines."""
    families = sorted({g.split("|", 1)[0] for g, _ in tally.counts})
    lines = []
    for family in families:
        print("\n".join(family_table(tally, family, markdown)) + "\n")
        print("\n".join(wrong_table(tally, family, markdown)) + "\n")
        lines.append(summary(tally, family, seconds))
    print("\n".join(lines))
    return lines


def _generate(family: str, n: int, seed: int, root: Path, kinds: list[str] | None) -> Path:
    from mseflow.fixtures.sets import generate_set

    out = root / family
    generate_set(family, n, seed, out, kinds=kinds)
    return out


def main(argv: list[str] | None = None) -> int:
    """Generate or take sets, score them, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, action="append", help="an existing set (repeatable)")
    parser.add_argument(
        "--family",
        choices=(*FAMILIES, "both", "all"),
        default="both",
        help="which generator family to draw a set from (default both: family1 and "
        "family2; all: the three)",
    )
    parser.add_argument("--n", type=int, default=30, help="documents to generate per family")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kinds", nargs="*", help="output kinds to generate (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument(
        "--page-cache",
        type=Path,
        help="keep the read pages in this folder (0700) and take them from it on later runs: "
        "an extractor or rule change is then scored without OCR; the key holds a hash of the "
        "reading code, settings and engine",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument(
        "--show-errors", action="store_true", help="list every wrong or missed value"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mseflow-bench-") as tmp:
        folders = list(args.dir or [])
        if not folders:
            families = {
                "both": ("family1", "family2"),
                "all": ("family1", "family2", "family3"),
            }.get(args.family, (args.family,))
            folders = [_generate(f, args.n, args.seed, Path(tmp), args.kinds) for f in families]
        tally = run(folders, args.workers, args.page_cache)
    if args.show_errors:
        print("\n".join(tally.errors) + "\n")
    report(tally, time.perf_counter() - start, args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
