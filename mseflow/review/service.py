"""What the review station does, without HTTP: read records, render pages, record decisions.

Every read and write goes through the stores of :mod:`mseflow.records`;
re-validation goes through :func:`mseflow.pipeline.validate_records`, the same
composition every run uses (it applies the reviews table first).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from mseflow.contract import Record
from mseflow.employees import Employee, group_employees
from mseflow.errors import InputError, MseflowError
from mseflow.pipeline import validate_records
from mseflow.records.pg_reviews import PgReviewStore
from mseflow.records.queue import QueueIndex, QueuePage, QueueQuery
from mseflow.records.reviews import (
    REVIEWABLE_FIELDS,
    Decision,
    ReviewLog,
    ReviewRow,
    ReviewStore,
    open_review_log,
)
from mseflow.records.sqlite import SqliteStore, StoredRecord
from mseflow.review.config import ReviewConfig
from mseflow.review.fields import parse_fields
from mseflow.review.pages import PageCache, PageView, render_view, sheet_crops
from mseflow.review.sources import SourceFinder

MAX_PEERS = 50
"""Documents of the same person re-validated with a decision (cross-document rules)."""


class NotFoundError(MseflowError, LookupError):
    """No such record, page or source file."""


class FieldErrors(MseflowError, ValueError):
    """Some corrected values did not parse; ``errors`` maps field -> Russian message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("some values are not valid: " + ", ".join(sorted(errors)))
        self.errors = errors


@dataclass(frozen=True)
class DueItem:
    """A date an HR officer must act by: a re-examination or the end of a term."""

    kind: str
    date: dt.date
    days: int
    employee: Employee
    record: Record


class ReviewService:
    """The review station's operations over ``config.out_dir``."""

    def __init__(self, config: ReviewConfig) -> None:
        self.config = config
        self.settings = config.settings.model_copy(update={"review_database": config.database})
        self.index = QueueIndex(config.database)
        self.finder = SourceFinder(config.out_dir, config.source_dirs)
        self.pages = PageCache()
        self._employees: tuple[int, list[Employee]] | None = None
        self._write = threading.Lock()
        self._prepare_reviews()

    def reviews(self, create: bool = False) -> ReviewLog:
        """The review history the settings choose (SQLite beside the records, or PostgreSQL).

        Its table is made once, at start (:meth:`_prepare_reviews`); requests only read
        and append, so a PostgreSQL role with SELECT and INSERT on it is enough then.
        """
        return open_review_log(self.config.database, self.settings.reviews, create=create)

    def _prepare_reviews(self) -> None:
        """Create the history's table; with PostgreSQL, copy in the decisions of records.sqlite.

        An office that switches to PostgreSQL keeps what its officers decided before:
        the rows of the SQLite ``reviews`` table are appended once (same decision ids).
        """
        with ReviewStore(self.config.database) as local:
            earlier = local.all_rows() if self.settings.reviews.dsn is not None else []
        with self.reviews(create=True) as log:
            if isinstance(log, PgReviewStore):
                log.copy_rows(earlier)

    @property
    def today(self) -> dt.date:
        """The date expiry and due dates are judged on."""
        return self.settings.validation.effective_today()

    def query(self, **filters: Any) -> QueueQuery:
        """A queue query for today and the configured confidence threshold."""
        return QueueQuery(
            today=self.today, min_confidence=self.settings.validation.min_confidence, **filters
        )

    def queue(self, query: QueueQuery) -> QueuePage:
        """One page of the queue, worst first."""
        return self.index.page(query)

    def stored(self, record_id: str) -> StoredRecord:
        """The stored record; raises :class:`NotFoundError`."""
        with SqliteStore(self.config.database) as store:
            found = store.get_many([record_id])
        if not found:
            raise NotFoundError(f"no record {record_id}")
        return found[0]

    def history(self, record_id: str) -> list[ReviewRow]:
        """The decisions on a record, oldest first."""
        with self.reviews() as reviews:
            return reviews.history(record_id)

    def payload(self, record_id: str) -> dict[str, Any]:
        """``GET /api/records/{id}``: the record plus its id, candidates and review history."""
        stored = self.stored(record_id)
        data = stored.record.to_json_dict()
        data["record_id"] = stored.record_id
        data["processed_at"] = stored.processed_at
        data["candidates"] = data.get("candidates") or {}
        data["review_history"] = [row.to_json_dict() for row in self.history(record_id)]
        return data

    def page_view(self, record_id: str, page: int, side: int | None = None) -> PageView:
        """The image of page ``page`` (1-based, of the source file) of a record; with
        ``side`` (1-based), of the record's ``side``-th side of that two-up sheet
        (:func:`~mseflow.review.pages.sheet_crops`)."""
        record = self.stored(record_id).record
        if page not in record.pages:
            raise NotFoundError(f"page {page} is not part of record {record_id}")
        crop = None
        if side is not None:
            crops = sheet_crops(record, page)
            if not 1 <= side <= len(crops):
                raise NotFoundError(f"page {page} of record {record_id} has no side {side}")
            crop = crops[side - 1]
        text = record.text_source if crop is None else f"ocr:{','.join(map(str, crop))}"
        key = (record.source_sha256, page, text)
        return self.pages.get_or_render(key, lambda: self._render(record, page, crop))

    def _render(self, record: Record, page: int, crop: list[float] | None = None) -> PageView:
        path = self.finder.find(record.source_sha256, record.source_path)
        if path is None:
            raise NotFoundError("the source file was not found (moved or deleted)")
        text_layer = {"text_layer": True, "ocr": False}.get(str(record.text_source))
        try:
            return render_view(path.read_bytes(), page - 1, text_layer, self.settings.reading, crop)
        except (OSError, InputError) as exc:
            raise NotFoundError(f"the source file cannot be shown: {exc}") from exc

    def _peers(self, record_id: str) -> list[Record]:
        ids = self.index.same_person(record_id)[:MAX_PEERS]
        if not ids:
            return []
        with SqliteStore(self.config.database) as store:
            return [row.record for row in store.get_many(ids)]

    def preview(self, record_id: str, raw: dict[str, Any]) -> Record:
        """The record as it would be with ``raw`` values: validation and obligations, not stored."""
        values, errors = parse_fields(raw)
        if errors:
            raise FieldErrors(errors)
        current = self.stored(record_id).record
        changed = Record.model_validate({**current.to_json_dict(), **values})
        unsaved = self.settings.model_copy(update={"review_database": None})
        return validate_records([changed, *self._peers(record_id)], unsaved)[0]

    def decide(
        self, record_id: str, decision: Decision, raw: dict[str, Any], reviewer: str, comment: str
    ) -> Record:
        """Write a decision to the reviews table, re-validate, store and return the record.

        ``accept`` with changed values is stored as ``correct``, ``correct`` without
        changes as ``accept``. Every field the record has (or the person gave) is
        written with its value, so the whole confirmed record wins on a re-run.
        """
        values, errors = parse_fields(raw)
        if errors:
            raise FieldErrors(errors)
        with self._write:
            current = self.stored(record_id).record
            changes = _changes(current, values) if decision is not Decision.reject else {}
            if decision is not Decision.reject:
                edited = any(old != new for old, new in changes.values())
                decision = Decision.correct if edited else Decision.accept
            with self.reviews() as reviews:
                reviews.append(record_id, decision, changes, reviewer, comment)
            validated = validate_records([current, *self._peers(record_id)], self.settings)
            with SqliteStore(self.config.database) as store:
                store.upsert(validated)
            self.index.forget(record_id)
        return validated[0]

    def employees(self) -> list[Employee]:
        """Everyone's documents grouped by person (cached until the store changes)."""
        self.index.refresh()
        generation = self.index.generation
        if self._employees is not None and self._employees[0] == generation:
            return self._employees[1]
        with SqliteStore(self.config.database) as store:
            records = [row.record for row in store.rows()]
        employees = group_employees(records)
        employees.sort(key=lambda e: (e.full_name or "", e.key))
        self._employees = (generation, employees)
        return employees

    def due(self, within_days: int) -> list[DueItem]:
        """Re-examinations and term ends in the next ``within_days`` days, or already past."""
        horizon = self.today + dt.timedelta(days=within_days)
        items: list[DueItem] = []
        for employee in self.employees():
            for kind, record, date in _due_dates(employee):
                if date <= horizon:
                    days = (date - self.today).days
                    items.append(DueItem(kind, date, days, employee, record))
        items.sort(key=lambda item: (item.date, item.employee.full_name or ""))
        return items


def _changes(current: Record, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    data = current.to_json_dict()
    changes: dict[str, tuple[Any, Any]] = {}
    for name in REVIEWABLE_FIELDS:
        old = data.get(name)
        new = values.get(name, old)
        if name in values or old not in (None, [], False, ""):
            changes[name] = (old, new)
    return changes


def _due_dates(employee: Employee) -> list[tuple[str, Record, dt.date]]:
    found: list[tuple[str, Record, dt.date]] = []
    certificate, ipra = employee.certificate, employee.ipra
    if certificate is not None:
        if certificate.reexamination_date is not None:
            found.append(("reexamination", certificate, certificate.reexamination_date))
        if certificate.valid_until is not None and not certificate.indefinite:
            found.append(("certificate_term", certificate, certificate.valid_until))
    if ipra is not None and ipra.valid_until is not None and not ipra.indefinite:
        found.append(("ipra_term", ipra, ipra.valid_until))
    return found
