"""Which issue codes make a record's validation status differ from the truth.

Usage::

    .venv/bin/python bench/status_codes.py --dir /tmp/set-a          # an existing set
    .venv/bin/python bench/status_codes.py --family family2 --n 40 --seed 44

For every document whose status is not the expected one it counts the codes
raised that the truth does not expect (``extra``: a rule fired, or a field was
missed so ``required_field_missing`` fired) and the expected codes not raised
(``missing``), per code and per output kind; for ``required_field_missing`` it
also counts the fields named. ``info`` issues never change a status and are
left out. Prints one table; ``--list`` also prints every wrong document.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy  # noqa: E402


def analyse(folder: Path) -> dict[str, Any]:
    """Counters of the codes behind wrong statuses in one set."""
    today = accuracy.reference_date(folder)
    extra: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: list[str] = []
    total = 0
    for path, truths in accuracy.load_truth(folder).items():
        records = accuracy._records_for(path, today)
        for truth, rec in accuracy._pair(records, truths):
            want = accuracy._first(truth, ("expected_status", "validation_status", "status"))
            if not want:
                continue
            total += 1
            validation = rec.get("validation") or {}
            if validation.get("status") == want:
                continue
            issues = [i for i in validation.get("issues", []) if i.get("severity") != "info"]
            raised = {i["code"] for i in issues}
            expected = set(truth.get("expected_issue_codes") or [])
            kind = str(accuracy._first(truth, accuracy.KIND_KEYS, path.suffix.lstrip(".")))
            for code in raised - expected:
                extra[code] += 1
                kinds[code][kind] += 1
            for code in expected - raised:
                missing[code] += 1
                kinds[f"(not raised) {code}"][kind] += 1
            for issue in issues:
                if issue["code"] == "required_field_missing":
                    fields.update(issue.get("fields") or [])
            wrong.append(
                f"{path.name} p{(truth.get('pages') or ['?'])[0]} {kind}: got "
                f"{validation.get('status')} {sorted(raised)} want {want} {sorted(expected)}"
            )
    return {"total": total, "extra": extra, "missing": missing, "fields": fields,
            "kinds": kinds, "wrong": wrong}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Generate or take a set, then print the codes behind its wrong statuses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="an existing set")
    parser.add_argument("--family", choices=("family1", "family2", "family3"), default="family2")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--list", action="store_true", help="print every wrong document")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mseflow-status-") as tmp:
        folder = args.dir
        if folder is None:
            from mseflow.fixtures.sets import generate_set

            folder = Path(tmp) / args.family
            generate_set(args.family, args.n, args.seed, folder)
        found = analyse(folder)
    if args.list:
        print("\n".join(found["wrong"]) + "\n")
    print(f"wrong status: {len(found['wrong'])} of {found['total']} documents")
    print(f"{'code':40}{'docs':>6}   per kind")
    for code, n in found["extra"].most_common():
        print(f"{code:40}{n:6}   {dict(found['kinds'][code])}")
    for code, n in found["missing"].most_common():
        print(f"{'(not raised) ' + code:40}{n:6}   {dict(found['kinds']['(not raised) ' + code])}")
    if found["fields"]:
        print("required_field_missing names: " + ", ".join(
            f"{f} {n}" for f, n in found["fields"].most_common()))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
