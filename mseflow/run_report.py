"""What a run did, for operators: a file's outcome name, a run's name and its summary table.

Plain Python over records (no Prefect): the flows (:mod:`mseflow.flows`) turn
these into task-state names, flow-run names, a table artifact and an event.
Nothing here carries personal data: files and folders are named by hashes,
documents by record id (``<sha256>:<pages>``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from mseflow.contract import DocType, Record, Status
from mseflow.errors import ConfigError
from mseflow.records.sqlite import record_id

ARCHIVE_LABEL_ENV = "MSEFLOW_ARCHIVE_LABEL"
"""An operator's name for the archive in run names (``[a-z0-9-]``, e.g. ``hr-scans``)."""

REVIEW_URL_ENV = "MSEFLOW_REVIEW_URL"
"""The review station's address, shown in every run's summary (e.g. ``http://hr-box:8765``)."""

_LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")

DOC_TYPES: tuple[str, ...] = tuple(DocType)
STATUSES: tuple[str, ...] = tuple(Status)


class Outcome(StrEnum):
    """How one file ended, as its task state shows it (``Completed(name=...)``)."""

    read = "Read"
    needs_review = "NeedsReview"
    invalid = "Invalid"
    quarantined = "Quarantined"


def file_outcome(records: Iterable[Record]) -> Outcome:
    """The worst of a file's records: unreadable > invalid > needs review > read."""
    statuses = set()
    for record in records:
        if record.doc_type == DocType.unreadable:
            return Outcome.quarantined
        statuses.add(record.validation.status)
    if Status.invalid in statuses:
        return Outcome.invalid
    if Status.needs_review in statuses:
        return Outcome.needs_review
    return Outcome.read


def folder_label(folder: Path, configured: str | None = None) -> str:
    """The archive's name in run names: the configured label, else a hash of its path.

    A folder's own name may be a person's name («Иванов И.И.»), so it is never used.
    """
    label = configured if configured is not None else os.environ.get(ARCHIVE_LABEL_ENV)
    if label:
        if not _LABEL.fullmatch(label):
            raise ConfigError(
                f"{ARCHIVE_LABEL_ENV} must be 1-40 of a-z, 0-9 and '-' (e.g. hr-scans), "
                f"got {label!r}"
            )
        return label
    digest = hashlib.sha256(str(folder.absolute()).encode("utf-8")).hexdigest()
    return f"dir-{digest[:10]}"


def run_name(kind: str, label: str, when: dt.datetime | None = None) -> str:
    """``<kind>-<label>-<UTC date and time>``, e.g. ``ingest-hr-scans-2026-12-01T02-00-05Z``."""
    moment = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"{kind}-{label}-{moment:%Y-%m-%dT%H-%M-%SZ}"


def review_url(configured: str | None = None) -> str | None:
    """The review station's URL (``MSEFLOW_REVIEW_URL``), if one is configured."""
    url = configured if configured is not None else os.environ.get(REVIEW_URL_ENV)
    return url.rstrip("/") if url else None


@dataclass(frozen=True)
class RunReport:
    """Counts by document type x status and the record ids that need a person's look."""

    counts: dict[tuple[str, str], int]
    review_ids: list[str] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    review_url: str | None = None

    @classmethod
    def of(
        cls,
        records: Sequence[Record],
        outcomes: Iterable[Outcome] = (),
        review_url: str | None = None,
    ) -> RunReport:
        """Summarise ``records`` (after cross-document checks) and the files' ``outcomes``."""
        counts = Counter((str(r.doc_type), str(r.validation.status)) for r in records)
        review_ids = [
            record_id(r)
            for r in records
            if r.validation.status == Status.needs_review and r.doc_type != DocType.unreadable
        ]
        return cls(
            counts=dict(counts),
            review_ids=review_ids,
            outcomes=dict(Counter(str(o) for o in outcomes)),
            review_url=review_url,
        )

    def table(self) -> list[dict[str, str | int]]:
        """One row per document type seen: a count per status and the total."""
        rows: list[dict[str, str | int]] = []
        for doc_type in DOC_TYPES:
            row: dict[str, str | int] = {"document type": doc_type}
            row.update({status: self.counts.get((doc_type, status), 0) for status in STATUSES})
            total = sum(int(row[status]) for status in STATUSES)
            if total:
                rows.append({**row, "total": total})
        return rows

    def markdown(self, limit: int = 50) -> str:
        """The artifact's description: file outcomes, ids to review, where to review them."""
        lines = []
        if self.outcomes:
            lines.append(
                "Files: " + ", ".join(f"{name} {n}" for name, n in sorted(self.outcomes.items()))
            )
        if self.review_ids:
            lines.append(f"\n{len(self.review_ids)} record(s) need review:\n")
            lines += [f"- `{rid}`" for rid in self.review_ids[:limit]]
            if len(self.review_ids) > limit:
                lines.append(f"- … and {len(self.review_ids) - limit} more")
        else:
            lines.append("\nNo record needs review.")
        if self.review_url:
            lines.append(f"\nReview station: {self.review_url}")
        return "\n".join(lines)
