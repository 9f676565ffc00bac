"""The reviews table: append-only rows, folding a history into a record, the pipeline hook."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from mseflow.pipeline import validate_records
from mseflow.records.queue import QueueIndex, QueueQuery, ReviewFilter
from mseflow.records.reviews import Decision, ReviewStore, apply_history
from mseflow.records.sqlite import SqliteStore, record_id

from .conftest import TODAY, Workspace, settings_for_tests


def _invalid_certificate(workspace: Workspace):  # noqa: ANN202
    with SqliteStore(workspace.database) as store:
        rows = store.rows()
    [row] = [r for r in rows if r.record.source_path.endswith("certificate-invalid-term.pdf")]
    return row


def test_rows_are_append_only(workspace: Workspace) -> None:
    row = _invalid_certificate(workspace)
    with ReviewStore(workspace.database) as reviews:
        written = reviews.append(
            row.record_id, Decision.correct, {"disability_group": (3, 1)}, "Иванова", "по скану"
        )
    assert [(r.field, r.old_value, r.new_value) for r in written] == [
        (None, None, None),
        ("disability_group", 3, 1),
    ]
    assert {r.decision_id for r in written} == {written[0].decision_id}
    conn = sqlite3.connect(workspace.database)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE reviews SET new_value = '2'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM reviews")
    conn.close()
    with ReviewStore(workspace.database) as reviews:
        history = reviews.history(row.record_id)
    assert [(r.reviewer, r.comment, r.decision) for r in history][0] == (
        "Иванова",
        "по скану",
        Decision.correct,
    )


def test_latest_value_wins_and_review_is_set(workspace: Workspace) -> None:
    row = _invalid_certificate(workspace)
    at = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    with ReviewStore(workspace.database) as reviews:
        reviews.append(row.record_id, Decision.correct, {"disability_group": (3, 2)}, "А", at=at)
        reviews.append(
            row.record_id,
            Decision.correct,
            {"disability_group": (2, 1), "valid_until": ("2027-12-01", "2027-12-01")},
            "Б",
            at=at + dt.timedelta(minutes=5),
        )
        history = reviews.history(row.record_id)
    folded = apply_history(row.record, history)
    assert folded.disability_group == 1
    assert folded.valid_until == dt.date(2027, 12, 1)
    assert (folded.review.status, folded.review.by) == ("corrected", "Б")
    assert folded.review.at == at + dt.timedelta(minutes=5)
    assert folded.evidence["disability_group"].confidence == 1.0
    assert folded.evidence["disability_group"].bbox == row.record.evidence["disability_group"].bbox
    assert apply_history(row.record, []) is row.record


def test_pipeline_validates_with_the_reviewed_values(workspace: Workspace) -> None:
    row = _invalid_certificate(workspace)
    assert row.record.validation.status == "invalid"
    with ReviewStore(workspace.database) as reviews:
        reviews.append(row.record_id, Decision.correct, {"disability_group": (3, 1)}, "Иванова")
    settings = settings_for_tests()
    [plain] = validate_records([row.record], settings)
    assert plain.validation.status == "invalid" and plain.review.status is None
    settings.review_database = workspace.database
    [reviewed] = validate_records([row.record], settings)
    assert reviewed.disability_group == 1
    assert reviewed.validation.status == "valid"
    assert reviewed.review.status == "corrected"
    assert record_id(reviewed) == row.record_id


def test_queue_worst_first_and_filters(workspace: Workspace) -> None:
    index = QueueIndex(workspace.database)
    page = index.page(QueueQuery(today=TODAY))
    assert page.total == len(page.items) >= 2
    priorities = [item.priority for item in page.items]
    assert priorities == sorted(priorities)
    first = page.items[0]
    assert (first.status, first.reasons[0]) == ("invalid", "group_term_mismatch")
    other = index.page(QueueQuery(today=TODAY, doc_type="other"))
    assert other.total >= 1 and {i.doc_type for i in other.items} == {"other"}
    assert all("not_a_disability_document" in i.reasons for i in other.items)
    assert index.page(QueueQuery(today=TODAY, reason="group_term_mismatch")).total == 1
    assert index.page(QueueQuery(today=TODAY, limit=1, offset=1)).items == page.items[1:2]
    # a decided record leaves the pending queue and shows under "done"
    with ReviewStore(workspace.database) as reviews:
        reviews.append(first.record_id, Decision.accept, {}, "Иванова")
    with SqliteStore(workspace.database) as store:
        [stored] = store.get_many([first.record_id])
        settings = settings_for_tests()
        settings.review_database = workspace.database
        store.upsert(validate_records([stored.record], settings))
    pending = index.page(QueueQuery(today=TODAY))
    assert first.record_id not in {i.record_id for i in pending.items}
    done = index.page(QueueQuery(today=TODAY, review=ReviewFilter.done))
    assert [i.record_id for i in done.items] == [first.record_id]
    index.close()
