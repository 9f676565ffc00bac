"""The review queue: records that need a person, worst first, read from ``OUT/records.sqlite``.

Worst first means, in this order: ``invalid``; incapable of work or a
termination basis; ``conflicting_values``; ``needs_review``; a term or
re-examination within 30 days; low confidence. Records nobody needs to look at
(valid, nothing due) are not in the queue, unless a person decided on them
(then they are listed under the ``done`` filter).

:class:`QueueIndex` keeps a few facts per record in memory and re-reads only
records that changed in the store, so a page of a 10,000-record queue is a
filter and a sort in memory (``bench/review_queue.py``). Reading the JSON in
SQLite for every request took ~360 ms per query at 10,000 records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from mseflow.errors import OutputError

EXPIRING_DAYS = 30
"""A term or re-examination this close (or already past) puts a record in the queue."""

WRITE_CLOCK_SLACK_S = 2
"""Records stamped this close before a refresh began are re-read by the next one."""

REVIEWED_ONLY = 6
"""Priority of a record that needs nobody now but was decided on (shown under «done»)."""

DERIVED_REASONS: tuple[str, ...] = ("incapable_of_work", "expires_soon", "low_confidence")
"""Queue reasons that are not issue codes: read from the record's values."""


class ReviewFilter(StrEnum):
    """Which records by their review state."""

    pending = "pending"
    """Nobody has decided yet (the default)."""
    done = "done"
    """A person confirmed, corrected or rejected them."""
    all = "all"


@dataclass(frozen=True)
class QueueQuery:
    """One page of the queue: filters, paging and the date expiry is judged on."""

    today: dt.date
    status: str | None = None
    doc_type: str | None = None
    reason: str | None = None
    review: ReviewFilter = ReviewFilter.pending
    limit: int = 50
    offset: int = 0
    min_confidence: float = 0.6


@dataclass(frozen=True)
class QueueItem:
    """One queue row: what the queue page and ``GET /api/queue`` show."""

    record_id: str
    doc_type: str
    status: str
    reasons: list[str]
    confidence: float
    priority: int
    full_name: str | None
    review_status: str | None
    processed_at: str
    valid_until: str | None = None
    reexamination_date: str | None = None


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue and how many records match in all."""

    total: int
    items: list[QueueItem] = field(default_factory=list)


@dataclass(frozen=True)
class QueueFacts:
    """What the queue orders and filters on, read once per stored version of a record."""

    record_id: str
    processed_at: str
    doc_type: str
    status: str
    full_name: str | None
    confidence: float
    review_status: str | None
    valid_until: str | None
    reexamination_date: str | None
    incapable: bool
    codes: tuple[str, ...]
    person: str | None = None
    """Normalised ФИО and birth date: how the cross-document rules pair documents."""

    @classmethod
    def from_json(cls, rid: str, processed_at: str, text: str) -> QueueFacts:
        """Facts of one stored record (its JSON text)."""
        data = json.loads(text)
        issues = (data.get("validation") or {}).get("issues") or []
        obligations = {o.get("code") for o in data.get("obligations") or []}
        return cls(
            record_id=rid,
            processed_at=processed_at,
            doc_type=str(data.get("doc_type")),
            status=str((data.get("validation") or {}).get("status")),
            full_name=data.get("full_name"),
            confidence=float(data.get("confidence") or 0.0),
            review_status=(data.get("review") or {}).get("status"),
            valid_until=data.get("valid_until"),
            reexamination_date=data.get("reexamination_date"),
            incapable=bool(data.get("incapable_of_work"))
            or "termination_basis_incapable" in obligations,
            codes=tuple(
                dict.fromkeys(i["code"] for i in issues if i.get("severity") in _REVIEW_SEVERITIES)
            ),
            person=person_key(data.get("full_name"), data.get("birth_date")),
        )

    def item(self, query: QueueQuery) -> QueueItem | None:
        """The queue row of this record under ``query``'s date, or None when no person is needed."""
        soon = (query.today + dt.timedelta(days=EXPIRING_DAYS)).isoformat()
        person_doc = self.doc_type in _PERSON_DOCS
        derived = {
            "incapable_of_work": self.incapable,
            "expires_soon": person_doc
            and any(
                d is not None and d <= soon for d in (self.valid_until, self.reexamination_date)
            ),
            "low_confidence": person_doc and self.confidence < query.min_confidence,
        }
        priority = _priority(self.status, self.codes, derived)
        if priority is None and self.review_status is None:
            return None
        reasons = list(self.codes) + [c for c, on in derived.items() if on and c not in self.codes]
        return QueueItem(
            record_id=self.record_id,
            doc_type=self.doc_type,
            status=self.status,
            reasons=reasons,
            confidence=self.confidence,
            priority=REVIEWED_ONLY if priority is None else priority,
            full_name=self.full_name,
            review_status=self.review_status,
            processed_at=self.processed_at,
            valid_until=self.valid_until,
            reexamination_date=self.reexamination_date,
        )


def person_key(full_name: str | None, birth_date: str | None) -> str | None:
    """``<ФИО casefolded, ё as е, single spaces>|<birth date>``, as the cross-document rules match."""
    if not full_name or not birth_date:
        return None
    name = " ".join(full_name.casefold().replace("ё", "е").split())
    return f"{name}|{birth_date}" if name else None


_REVIEW_SEVERITIES = frozenset({"error", "warning"})
_PERSON_DOCS = frozenset({"mse_certificate", "ipra"})


def _priority(status: str, codes: tuple[str, ...], derived: dict[str, bool]) -> int | None:
    """0 is worst: invalid, incapable, conflicting values, needs review, expiring, low confidence."""
    ladder = (
        status == "invalid",
        derived["incapable_of_work"],
        "conflicting_values" in codes,
        status == "needs_review",
        derived["expires_soon"],
        derived["low_confidence"],
    )
    return next((rank for rank, on in enumerate(ladder) if on), None)


def _order(item: QueueItem) -> tuple[int, float, str, str]:
    """Sort key: priority, then the least confident, then the oldest."""
    return (item.priority, item.confidence, item.processed_at, item.record_id)


def _wanted(item: QueueItem, query: QueueQuery) -> bool:
    if query.status and item.status != query.status:
        return False
    if query.doc_type and item.doc_type != query.doc_type:
        return False
    if query.reason and query.reason not in item.reasons:
        return False
    if query.review is ReviewFilter.all:
        return True
    return (item.review_status is None) == (query.review is ReviewFilter.pending)


class QueueIndex:
    """The queue facts of every stored record, kept in memory and refreshed on change.

    A refresh costs one small query when nothing changed (``PRAGMA data_version``);
    after a write it re-reads only the records whose ``processed_at`` moved, and
    those stamped since the previous refresh began (a rewrite within the same
    second keeps its stamp).
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self._facts: dict[str, QueueFacts] = {}
        self._version: int | None = None
        self._watermark = ""
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._order_key: tuple[object, ...] | None = None
        self._rows: dict[str, QueueItem] = {}
        self._sorted: list[tuple[tuple[int, float, str, str], str]] = []
        self._pending: set[str] = set()
        self.generation = 0
        """Raised each time the facts were re-read: caches built on them compare it."""

    def page(self, query: QueueQuery) -> QueuePage:
        """One page of the queue, worst first; ``total`` counts every matching record."""
        items = [i for i in self._ordered(query) if _wanted(i, query)]
        limit, offset = max(1, min(query.limit, 500)), max(0, query.offset)
        return QueuePage(total=len(items), items=items[offset : offset + limit])

    def _ordered(self, query: QueueQuery) -> list[QueueItem]:
        """Every queue row under the query's date and threshold, worst first.

        Kept sorted between calls: after a refresh only the records that changed are
        taken out and put back in (a full rebuild only when the date changes).
        """
        self.refresh()
        key = (query.today, query.min_confidence)
        with self._lock:
            if self._order_key != key:
                self._rows, self._sorted = {}, []
                self._pending = set(self._facts)
                self._order_key = key
            for rid in self._pending:
                self._place(rid, query)
            self._pending.clear()
            return [self._rows[rid] for _, rid in self._sorted]

    def _place(self, rid: str, query: QueueQuery) -> None:
        """Take ``rid`` out of the order and put its current row back in, if it has one."""
        old = self._rows.pop(rid, None)
        if old is not None:
            at = bisect.bisect_left(self._sorted, (_order(old), rid))
            del self._sorted[at]
        facts = self._facts.get(rid)
        item = facts.item(query) if facts is not None else None
        if item is not None:
            self._rows[rid] = item
            bisect.insort(self._sorted, (_order(item), rid))

    def refresh(self) -> list[QueueFacts]:
        """Bring the facts up to date with the store; return them all."""
        with self._lock:
            try:
                self._refresh()
            except sqlite3.Error as exc:
                raise OutputError(
                    f"cannot read the review queue from {self.database}: {exc}"
                ) from exc
            return list(self._facts.values())

    def same_person(self, record: str) -> list[str]:
        """Ids of the other records whose person key equals this record's."""
        facts = {f.record_id: f for f in self.refresh()}
        mine = facts.get(record)
        if mine is None or mine.person is None:
            return []
        return [rid for rid, f in facts.items() if f.person == mine.person and rid != record]

    def forget(self, record: str) -> None:
        """Drop one record's facts (it was just rewritten): the next refresh reads it again."""
        with self._lock:
            self._facts.pop(record, None)
            self._pending.add(record)
            self._version = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if not self.database.exists():
                raise OutputError(
                    f"no records database at {self.database}: run mseflow process first"
                )
            uri = f"{self.database.resolve().as_uri()}?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30.0)
        return self._conn

    def _refresh(self) -> None:
        conn = self._connection()
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if version == self._version:
            return
        started = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=WRITE_CLOCK_SLACK_S)
        stamps = dict(conn.execute("SELECT record_id, processed_at FROM records").fetchall())
        for gone in set(self._facts) - set(stamps):
            del self._facts[gone]
            self._pending.add(gone)
        stale = [
            rid
            for rid, at in stamps.items()
            if at >= self._watermark
            or (rid not in self._facts)
            or self._facts[rid].processed_at != at
        ]
        for start in range(0, len(stale), 500):
            chunk = stale[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT record_id, processed_at, record FROM records WHERE record_id IN ({marks})",
                chunk,
            )
            for rid, at, text in rows:
                self._facts[rid] = QueueFacts.from_json(rid, at, text)
                self._pending.add(rid)
        self._watermark = started.isoformat(timespec="seconds")
        self._version = version
        self.generation += 1

    def close(self) -> None:
        """Close the read connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
