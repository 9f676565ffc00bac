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


def _variant(base, sha: str, **changes):  # noqa: ANN001, ANN003, ANN202
    data = base.to_json_dict()
    data.update(source_sha256=sha * 64, **changes)
    return type(base).model_validate(data)


def test_queue_ladder_worst_first(tmp_path) -> None:  # noqa: ANN001
    from mseflow.contract import Issue, Record, Validation

    base = Record(
        source_path="x.pdf", source_sha256="", pages=[1], doc_type="mse_certificate",
        full_name="Тестова Анна Петровна", confidence=0.95,
        valid_until=TODAY + dt.timedelta(days=300), pipeline_version="test",
        validation=Validation(status="valid"),
    )  # fmt: skip

    def status(value: str, *codes: str) -> Validation:
        issues = [Issue(code=c, severity="warning", message=c) for c in codes]
        return Validation(status=value, issues=issues)

    records = {
        "low": _variant(base, "f", confidence=0.3),
        "fine": _variant(base, "0"),
        "expiring": _variant(base, "e", valid_until=TODAY + dt.timedelta(days=10)),
        "review": _variant(base, "d", validation=status("needs_review", "required_field_missing")),
        "conflict": _variant(base, "c", validation=status("needs_review", "conflicting_values")),
        "incapable": _variant(base, "b", incapable_of_work=True),
        "invalid": _variant(base, "a", validation=Validation(status="invalid")),
    }
    with SqliteStore(tmp_path / "records.sqlite") as store:
        store.upsert(records.values())
    index = QueueIndex(tmp_path / "records.sqlite")
    page = index.page(QueueQuery(today=TODAY))
    by_id = {record_id(r): name for name, r in records.items()}
    order = ["invalid", "incapable", "conflict", "review", "expiring", "low"]
    assert [by_id[i.record_id] for i in page.items] == order
    assert [i.priority for i in page.items] == [0, 1, 2, 3, 4, 5]
    reasons = {by_id[i.record_id]: i.reasons for i in page.items}
    assert reasons["incapable"] == ["incapable_of_work"]
    assert reasons["expiring"] == ["expires_soon"]
    assert reasons["low"] == ["low_confidence"]
    assert reasons["conflict"] == ["conflicting_values"]
    soon = index.page(QueueQuery(today=TODAY, reason="expires_soon"))
    assert [by_id[i.record_id] for i in soon.items] == ["expiring"]
    index.close()
