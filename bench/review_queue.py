"""Time the review station's queue over a large store: pages of ``GET /api/queue`` and the HTML queue.

    .venv/bin/python bench/review_queue.py --records 10000 --pages 20

It processes the bundled text-layer sample documents once with the real
pipeline, then stores ``--records`` copies of those records under distinct
synthetic hashes (synthetic people, statuses, issues, confidences and terms
varied by a seeded random draw, so the queue holds a mix of every reason), and times requests
through the FastAPI app with its TestClient: the first page, pages deep in the
queue, each filter, a record with its review history, a decision.
Prints one line per kind and a SUMMARY line; the target is under 300 ms per request.

    .venv/bin/python bench/review_queue.py --records 10000 --review-dsn postgresql://…

keeps the review history in PostgreSQL (a schema of its own, dropped at the end)
instead of the SQLite ``reviews`` table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mseflow.contract import Issue, Record, Severity, Validation
from mseflow.fixtures.people import draw_person
from mseflow.fixtures.sample import SAMPLE_DIR
from mseflow.pipeline import process_source_safely
from mseflow.records.sqlite import SqliteStore
from mseflow.settings import ReviewStoreSettings, Settings

TODAY = dt.date(2026, 11, 1)
TEXT_SAMPLES = ("certificate-text.pdf", "ipra-text.pdf", "certificate-invalid-term.pdf")
ISSUES = (
    ("group_term_mismatch", Severity.error),
    ("required_field_missing", Severity.warning),
    ("low_confidence", Severity.warning),
    ("conflicting_values", Severity.warning),
    ("document_expired", Severity.warning),
)


def base_records(settings: Settings) -> list[Record]:
    """Records of the bundled text-layer samples, made by the real pipeline."""
    found: list[Record] = []
    for name in TEXT_SAMPLES:
        found.extend(process_source_safely(SAMPLE_DIR / "documents" / name, settings))
    return found


def varied(record: Record, index: int, rng: random.Random) -> Record:
    """A copy of ``record`` under a synthetic hash, with a drawn status, issues and term."""
    copy = record.model_copy(deep=True)
    copy.source_sha256 = hashlib.sha256(f"bench-{index}".encode()).hexdigest()
    person = draw_person(rng, dt.date(1960, 1, 1), dt.date(2000, 12, 31))
    copy.full_name, copy.birth_date = person.full_name, person.birth_date
    copy.confidence = round(rng.uniform(0.3, 1.0), 3)
    drawn = [ISSUES[i] for i in range(len(ISSUES)) if rng.random() < 0.12]
    issues = [Issue(code=code, severity=sev, message=code) for code, sev in drawn]
    status = "invalid" if any(s == Severity.error for _, s in drawn) else "valid"
    status = "needs_review" if status == "valid" and issues else status
    copy.validation = Validation(status=status, issues=issues)
    copy.valid_until = TODAY + dt.timedelta(days=rng.randint(-30, 400))
    copy.incapable_of_work = rng.random() < 0.02
    return copy


def fill_store(database: Path, count: int, seed: int) -> int:
    """Write ``count`` varied records into ``database``; return how many are in it."""
    settings = Settings()
    settings.validation.today = TODAY
    bases = base_records(settings)
    rng = random.Random(seed)
    records = [varied(bases[i % len(bases)], i, rng) for i in range(count)]
    with SqliteStore(database) as store:
        store.upsert(records)
        return store.count()


def time_requests(get: Callable[[str], object], paths: list[str]) -> list[float]:
    """Milliseconds per GET of each path (the response must be 200)."""
    spent: list[float] = []
    for path in paths:
        start = time.perf_counter()
        response = get(path)
        spent.append((time.perf_counter() - start) * 1000)
        if getattr(response, "status_code", 200) != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")  # type: ignore[attr-defined]
    return spent


def main(argv: list[str] | None = None) -> int:
    """Fill a store, then time queue pages; print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=20, help="requests per kind")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--review-dsn", help="keep the review history in this PostgreSQL")
    args = parser.parse_args(argv)
    schema = f"bench_{random.Random().getrandbits(32):08x}"
    try:
        return _run(args, schema)
    finally:
        if args.review_dsn:
            import psycopg

            with psycopg.connect(args.review_dsn, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _run(args: argparse.Namespace, schema: str) -> int:

    from fastapi.testclient import TestClient

    from mseflow.review.app import create_app
    from mseflow.review.config import ReviewConfig

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        stored = fill_store(out / "records.sqlite", args.records, args.seed)
        print(f"store: {stored} records in {time.perf_counter() - start:.1f} s")
        settings = Settings()
        settings.validation.today = TODAY
        if args.review_dsn:
            settings.reviews = ReviewStoreSettings(dsn=args.review_dsn, pg_schema=schema)
            print(f"review history: PostgreSQL (schema {schema})")
        app = create_app(ReviewConfig(out_dir=out, settings=settings))
        client = TestClient(app, base_url="http://127.0.0.1")
        start = time.perf_counter()
        total = client.get("/api/queue?limit=1").json()["total"]
        cold = (time.perf_counter() - start) * 1000
        print(
            f"queue: {total} records need a person; first request (reads every record) {cold:.0f} ms"
        )
        last = max(0, total - 50)
        kinds = {
            "api first page": ["/api/queue?limit=50"] * args.pages,
            "api deep pages": [
                f"/api/queue?limit=50&offset={last * i // args.pages}" for i in range(args.pages)
            ],  # fmt: skip
            "api filter status": ["/api/queue?status=invalid&limit=50"] * args.pages,
            "api filter reason": ["/api/queue?reason=expires_soon&limit=50"] * args.pages,
            "html queue page": [f"/?page={1 + i}" for i in range(args.pages)],
        }
        worst = 0.0
        for kind, paths in kinds.items():
            spent = time_requests(client.get, paths)
            worst = max(worst, max(spent))
            print(
                f"{kind:18} median {statistics.median(spent):6.1f} ms  "
                f"max {max(spent):6.1f} ms  ({len(spent)} requests)"
            )
        first = client.get("/api/queue?limit=1").json()["items"][0]["record_id"]
        csrf = {"X-CSRF-Token": client.get("/api/session").json()["csrf"]}
        start = time.perf_counter()
        posted = client.post(
            f"/api/records/{first}/review", json={"decision": "accept"}, headers=csrf
        )
        decided = (time.perf_counter() - start) * 1000
        if posted.status_code != 200 or not posted.json()["review_history"]:
            raise SystemExit(f"decision: HTTP {posted.status_code}")
        after = time_requests(client.get, ["/api/queue?limit=50", "/?page=2"])
        worst = max(worst, decided, *after)
        print(f"decision POST {decided:6.1f} ms; next pages {after[0]:.1f} / {after[1]:.1f} ms")
        records = time_requests(client.get, [f"/api/records/{first}"] * args.pages)
        worst = max(worst, *records)
        print(
            f"{'api record+history':18} median {statistics.median(records):6.1f} ms  "
            f"max {max(records):6.1f} ms  ({len(records)} requests)"
        )
        verdict = "ok" if worst < 300 else "SLOW"
        print(
            f"SUMMARY records={stored} queue={total} worst_ms={worst:.1f} target_ms=300 {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
