"""Which issue codes make a record's validation status differ from the truth.

Usage::

    .venv/bin/python bench/status_codes.py --dir /tmp/set-a          # an existing set
    .venv/bin/python bench/status_codes.py --family family2 --n 40 --seed 44
    .venv/bin/python bench/status_codes.py --dir SET --save /tmp/recs.jsonl  # keep the records
    .venv/bin/python bench/status_codes.py --dir SET --records /tmp/recs.jsonl  # re-validate only
    .venv/bin/python bench/status_codes.py --union SET1:RECS1 SET2:RECS2  # headline figures only

For every document whose status is not the expected one it counts the codes
raised that the truth does not expect (``extra``: a rule fired, or a field was
missed so ``required_field_missing`` fired) and the expected codes not raised
(``missing``), per code and per output kind; for ``required_field_missing`` it
also counts the fields named. ``info`` issues never change a status and are
left out. Prints one table; ``--list`` also prints every wrong document.

``blame`` says where each wrong verdict comes from: ``extraction missed F`` (a field
named by ``required_field_missing`` that the truth has), ``not in truth F`` (named,
but the truth has no value either: a rule asks for what the document lacks),
``extraction: CODE`` (a rule fired on read values although the truth record itself
passes it) and ``truth raises CODE`` (the truth record itself breaks the rule: the
generator's expectation and the rules disagree).

Reading a set (OCR) is the slow part; ``--save`` keeps the records it produced, and
``--records`` takes them back and runs only the current validators over them (the
extraction is as it was when saved, the verdict is today's rules).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy  # noqa: E402


def revalidate(records: list[dict[str, Any]], today: str | None) -> list[dict[str, Any]]:
    """Saved records of one file through today's validators (as ``validate_records`` does)."""
    from mseflow.contract import Record
    from mseflow.settings import Settings
    from mseflow.validators import validate_batch

    settings = Settings()
    day = dt.date.fromisoformat(today) if today else settings.validation.effective_today()
    parsed = [Record.model_validate(r) for r in records]
    out = validate_batch(parsed, today=day, min_confidence=settings.validation.min_confidence)
    return [r.to_json_dict() for r in out]


TRUTH_BASE = {"source_path": "truth", "source_sha256": "0", "pipeline_version": "truth"}


def truth_codes(truths: list[dict[str, Any]], today: str | None) -> list[set[str]]:
    """The warning and error codes the truth records of one file raise themselves."""
    from mseflow.contract import Record

    keys = set(Record.model_fields)
    rows = [
        {**TRUTH_BASE, "confidence": 1.0, **{k: v for k, v in t.items() if k in keys}}
        for t in truths
    ]
    out = revalidate(rows, today)
    return [
        {i["code"] for i in r["validation"]["issues"] if i.get("severity") != "info"} for r in out
    ]


def blame(truth: dict[str, Any], issues: list[dict[str, Any]], own: set[str]) -> list[str]:
    """Why one document's verdict is wrong (see the module docstring)."""
    found = []
    for issue in issues:
        code = issue["code"]
        if code == "required_field_missing":
            for key in issue.get("fields") or []:
                has = truth.get(key) not in (None, "", []) or (
                    key == "valid_until" and truth.get("indefinite") is True
                )
                found.append(f"{'extraction missed' if has else 'not in truth'} {key}")
        elif code in own:
            found.append(f"truth raises {code}")
        elif code not in set(truth.get("expected_issue_codes") or []):
            found.append(f"extraction: {code}")
    return found


def _load_saved(source: Path) -> dict[str, list[dict[str, Any]]]:
    saved: dict[str, list[dict[str, Any]]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            saved[row["file"]] = row["records"]
    return saved


def _read_all(
    folder: Path, today: str | None, workers: int, page_cache: Path | None
) -> dict[str, list[dict[str, Any]]]:
    """Every file's records, read by ``workers`` processes (``page_cache`` as in accuracy.py)."""
    paths = list(accuracy.load_truth(folder))
    found = accuracy.read_records(paths, [today] * len(paths), workers, page_cache)
    return {str(path): records for path, records in zip(paths, found, strict=True)}


def analyse(
    folder: Path,
    save: Path | None = None,
    saved_from: Path | None = None,
    workers: int = 1,
    page_cache: Path | None = None,
) -> dict[str, Any]:
    """Counters of the codes behind wrong statuses in one set."""
    today = accuracy.reference_date(folder)
    saved = _load_saved(saved_from) if saved_from else None
    read = None if saved is not None else _read_all(folder, today, workers, page_cache)
    keep: list[str] = []
    extra: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    blamed: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: list[str] = []
    total = 0
    tally = accuracy.Tally()
    flagged = Counter()
    for path, truths in accuracy.load_truth(folder).items():
        if saved is not None:
            records = revalidate(saved.get(str(path), []), today)
        else:
            records = read[str(path)] if read is not None else []
            keep.append(json.dumps({"file": str(path), "records": records}, ensure_ascii=False))
        owns = truth_codes(truths, today)
        for (truth, rec), own in zip(accuracy._pair(records, truths), owns, strict=True):
            kind = str(accuracy._first(truth, accuracy.KIND_KEYS, path.suffix.lstrip(".")))
            family = str(truth.get("family") or "family1")
            accuracy.score_document(tally, [f"{family}|all", f"{family}|kind={kind}"], truth, rec)
            want = accuracy._first(truth, ("expected_status", "validation_status", "status"))
            if not want:
                continue
            total += 1
            validation = rec.get("validation") or {}
            _count_flagged(flagged, truth, want, validation.get("status"))
            _count_unsafe(flagged, truth, rec, validation.get("status"))
            if validation.get("status") == want:
                continue
            issues = [i for i in validation.get("issues", []) if i.get("severity") != "info"]
            raised = {i["code"] for i in issues}
            expected = set(truth.get("expected_issue_codes") or [])
            for code in raised - expected:
                extra[code] += 1
                kinds[code][kind] += 1
            for code in expected - raised:
                missing[code] += 1
                kinds[f"(not raised) {code}"][kind] += 1
            for issue in issues:
                if issue["code"] == "required_field_missing":
                    fields.update(issue.get("fields") or [])
            blamed.update(set(blame(truth, issues, own)))
            wrong.append(
                f"{path.name} p{(truth.get('pages') or ['?'])[0]} {kind}: got "
                f"{validation.get('status')} {sorted(raised)} want {want} {sorted(expected)}"
            )
    if save is not None and keep:
        save.write_text("\n".join(keep) + "\n", encoding="utf-8")
        save.chmod(0o600)
    return {"total": total, "extra": extra, "missing": missing, "fields": fields,
            "kinds": kinds, "wrong": wrong, "blame": blamed, "tally": tally,
            "flagged": flagged}  # fmt: skip


def _count_flagged(flagged: Counter[str], truth: dict[str, Any], want: str, got: Any) -> None:
    """Deliberate violations (the truth is not ``valid``) and whether the verdict caught them.

    ``other`` documents (``not_a_disability_document``) are left out: they test doc_type.
    """
    if want == "valid" or truth.get("doc_type") not in ("mse_certificate", "ipra"):
        return
    flagged["violations"] += 1
    flagged["caught (not valid)"] += got not in ("valid", None)
    flagged["exact status"] += got == want


ESSENTIAL = ("full_name", "birth_date", "disability_group", "valid_until", "indefinite")


def _count_unsafe(
    flagged: Counter[str], truth: dict[str, Any], rec: dict[str, Any], got: Any
) -> None:
    """A record let through as ``valid`` although an essential value in it is wrong."""
    if got != "valid" or truth.get("doc_type") not in ("mse_certificate", "ipra"):
        return
    for key in ESSENTIAL:
        if (
            key in truth
            and accuracy.score_scalar(rec.get(key), truth[key], key == "full_name") == "wrong"
        ):
            flagged["valid with a wrong essential value"] += 1
            return


def status_lines(found: dict[str, Any]) -> list[str]:
    """The headline figures, status right per kind and the violations caught."""
    tally = found["tally"]
    families = sorted({g.split("|", 1)[0] for g, _ in tally.counts})
    out = [accuracy.summary(tally, family, 0.0) for family in families]
    for family in families:
        kinds = sorted(g for g, _ in tally.counts if g.startswith(f"{family}|kind="))
        cells = []
        for group in dict.fromkeys(kinds):
            rate = tally.rate(group, "validation_status")
            n = int(tally.counts.get((group, "validation_status"), {}).get("n", 0))
            if rate is not None:
                cells.append(f"{group.split('=', 1)[1]} {rate:.3f}/{n}")
        out.append(f"status per kind {family}: " + ", ".join(cells))
    flagged = found["flagged"]
    if flagged["violations"]:
        out.append(
            f"violations (truth invalid/needs_review, certificates and IPRAs): "
            f"{flagged['violations']}, caught {flagged['caught (not valid)']}, "
            f"exact status {flagged['exact status']}"
        )
    out.append(
        f"valid with a wrong essential value: {flagged['valid with a wrong essential value']}"
    )
    return out


def union(pairs: list[str]) -> dict[str, Any]:
    """The headline counters over several sets re-validated from saved records (DIR:RECORDS)."""
    tally = accuracy.Tally()
    flagged: Counter[str] = Counter()
    for pair in pairs:
        folder, records = pair.rsplit(":", 1)
        found = analyse(Path(folder), None, Path(records))
        for key, counts in found["tally"].counts.items():
            for outcome, value in counts.items():
                tally.counts[key][outcome] += value
        flagged.update(found["flagged"])
    return {"tally": tally, "flagged": flagged}


def main(argv: list[str] | None = None) -> int:
    """Generate or take a set, then print the codes behind its wrong statuses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="an existing set")
    parser.add_argument("--family", choices=("family1", "family2", "family3"), default="family2")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--list", action="store_true", help="print every wrong document")
    parser.add_argument("--save", type=Path, help="write the records read to this JSONL file")
    parser.add_argument(
        "--records", type=Path, help="re-validate records saved with --save instead of reading"
    )
    parser.add_argument("--workers", type=int, default=1, help="processes reading the set")
    parser.add_argument("--page-cache", type=Path, help="keep read pages here (as accuracy.py)")
    parser.add_argument(
        "--union",
        nargs="+",
        metavar="DIR:RECORDS",
        help="only the headline figures over several sets' saved records together",
    )
    args = parser.parse_args(argv)
    if args.union:
        print("\n".join(status_lines(union(args.union))))
        return 0
    with tempfile.TemporaryDirectory(prefix="mseflow-status-") as tmp:
        folder = args.dir
        if folder is None:
            from mseflow.fixtures.sets import generate_set

            folder = Path(tmp) / args.family
            generate_set(args.family, args.n, args.seed, folder)
        found = analyse(folder, args.save, args.records, args.workers, args.page_cache)
    if args.list:
        print("\n".join(found["wrong"]) + "\n")
    print(f"wrong status: {len(found['wrong'])} of {found['total']} documents")
    print(f"{'code':40}{'docs':>6}   per kind")
    for code, n in found["extra"].most_common():
        print(f"{code:40}{n:6}   {dict(found['kinds'][code])}")
    for code, n in found["missing"].most_common():
        print(f"{'(not raised) ' + code:40}{n:6}   {dict(found['kinds']['(not raised) ' + code])}")
    if found["blame"]:
        print("blame (documents): " + ", ".join(
            f"{why} {n}" for why, n in found["blame"].most_common()))  # fmt: skip
    if found["fields"]:
        print("required_field_missing names: " + ", ".join(
            f"{f} {n}" for f, n in found["fields"].most_common()))  # fmt: skip
    print("\n".join(status_lines(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
