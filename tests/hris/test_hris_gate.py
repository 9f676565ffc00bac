"""What may go out: expiry judged on the export date, review gating, termination basis, retractions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mseflow.contract import Obligation, Review
from mseflow.flows.ledger import mark_exported, mark_retracted, plan_exports
from mseflow.records.csv_export import content_hash
from mseflow.records.hris_gate import exported_view, judge_for_export, requires_legal_review
from mseflow.records.sqlite import SqliteStore, record_id

from .records import CERTIFICATE, TODAY, D, cert, confirmed, ipra, store, validated

OLD = {
    "issue_date": D(2025, 3, 12),
    "established_date": D(2025, 3, 10),
    "valid_until": D(2026, 4, 1),
    "reexamination_date": D(2026, 3, 15),
}


def expired_but_stored_valid() -> object:
    return validated(CERTIFICATE, today=D(2025, 11, 1), **OLD)


def test_a_valid_record_whose_term_passed_is_not_exported_as_valid() -> None:
    record = expired_but_stored_valid()
    assert record.validation.status == "valid"  # stored valid when it was processed
    assert judge_for_export(record, D(2025, 11, 1)).exportable
    verdict = judge_for_export(record, TODAY)
    assert (verdict.exportable, verdict.reason) == (False, "expired")
    assert judge_for_export(record, D(2026, 3, 31)).exportable
    assert not judge_for_export(record, D(2026, 4, 1)).exportable  # on the «до» day it has lapsed
    assert judge_for_export(
        record.model_copy(update={"indefinite": True, "valid_until": None}), TODAY
    ).exportable


def test_needs_review_and_invalid_wait_for_a_person() -> None:
    missing_group = cert(disability_group=None)
    assert missing_group.validation.status == "needs_review"
    assert judge_for_export(missing_group, TODAY).reason == "needs_review"
    assert judge_for_export(cert(disability_group=None, review=confirmed()), TODAY).exportable
    bad_term = cert(valid_until=D(2030, 1, 1))
    assert bad_term.validation.status == "invalid"
    assert judge_for_export(bad_term, TODAY).reason == "invalid"
    corrected = cert(valid_until=D(2030, 1, 1), review={**confirmed(), "status": "corrected"})
    assert judge_for_export(corrected, TODAY).exportable


def test_rejected_and_non_person_documents_never_go_out() -> None:
    assert (
        judge_for_export(cert(review={**confirmed(), "status": "rejected"}), TODAY).reason
        == "rejected"
    )
    other = validated({**CERTIFICATE, "doc_type": "other"})
    assert judge_for_export(other, TODAY).reason == "not_a_person_document"


def test_a_termination_basis_never_leaves_unconfirmed() -> None:
    termination = Obligation(code="termination_basis_incapable", basis="п. 5 ч. 1 ст. 83 ТК РФ",
                             message="…")  # fmt: skip
    transfer = Obligation(code="medical_transfer", basis="ст. 73 ТК РФ", message="…",
                          requires_legal_review=True)  # fmt: skip
    assert requires_legal_review(termination) and requires_legal_review(transfer)
    assert not requires_legal_review(
        Obligation(code="annual_leave_30_days", basis="b", message="m")
    )
    # As stored by older rules that derived them without a confirmation:
    record = cert(incapable_of_work=True, work_restriction_degree=3)
    stored = record.model_copy(update={"obligations": [*record.obligations, termination, transfer]})
    assert judge_for_export(stored, TODAY).exportable  # the record goes out ...
    view = exported_view(stored)  # ... without the legal-review obligations
    assert [o.code for o in view.obligations] == [o.code for o in record.obligations]
    sure = stored.model_copy(update={"review": Review(**confirmed())})
    assert exported_view(sure) is sure  # confirmed: nothing withheld


def test_the_rules_give_a_termination_basis_only_once_confirmed() -> None:
    unconfirmed = cert(incapable_of_work=True, work_restriction_degree=3)
    sure = cert(incapable_of_work=True, work_restriction_degree=3, review=confirmed())
    assert "termination_basis_incapable" not in [o.code for o in unconfirmed.obligations]
    assert "termination_basis_incapable" in [o.code for o in sure.obligations]


def test_plan_sends_the_view_and_hashes_it(tmp_path: Path) -> None:
    termination = Obligation(code="termination_basis_incapable", basis="b", message="m")
    record = cert()
    stored = record.model_copy(update={"obligations": [*record.obligations, termination]})
    database = store(tmp_path, stored) / "records.sqlite"
    [row] = plan_exports(database, TODAY).upserts
    assert "termination_basis_incapable" not in [o.code for o in row.record.obligations]
    mark_exported(database, [(row.record_id, content_hash(row.record))])
    assert not plan_exports(database, TODAY)


def test_statuses_filter_restricts_further() -> None:
    confirmed_review = cert(disability_group=None, review=confirmed())
    assert judge_for_export(confirmed_review, TODAY, ["valid"]).reason == "status_not_exported"


def test_plan_exports_each_once_then_retracts_what_fell_out(tmp_path: Path) -> None:
    old, fresh = expired_but_stored_valid(), ipra()
    database = store(tmp_path, old, fresh) / "records.sqlite"
    first = plan_exports(database, D(2025, 11, 1))
    assert sorted(r.record_id for r in first.upserts) == sorted([record_id(old), record_id(fresh)])
    mark_exported(database, [(r.record_id, content_hash(r.record)) for r in first.upserts])
    assert not plan_exports(database, D(2025, 11, 1))  # nothing changed: nothing to send

    later = plan_exports(database, TODAY)  # the certificate's term has passed since
    assert [(r.record_id, why) for r, why in later.retractions] == [(record_id(old), "expired")]
    assert [r.record_id for r in later.in_force] == [record_id(fresh)] and not later.upserts
    mark_retracted(database, [(r.record_id, why) for r, why in later.retractions])
    assert not plan_exports(database, TODAY)  # a retraction goes out once

    with SqliteStore(database) as db:  # the person rejects the IPRA in the review station
        db.upsert([ipra(review={**confirmed(), "status": "rejected"})])
    [(row, why)] = plan_exports(database, TODAY).retractions
    assert (row.record_id, why) == (record_id(fresh), "rejected")


def test_a_retracted_record_that_is_confirmed_goes_out_again(tmp_path: Path) -> None:
    database = store(tmp_path, cert()) / "records.sqlite"
    plan = plan_exports(database, TODAY)
    mark_exported(database, [(r.record_id, content_hash(r.record)) for r in plan.upserts])
    with SqliteStore(database) as db:  # reprocessed: now it misses the group
        db.upsert([cert(disability_group=None)])
    [(row, why)] = plan_exports(database, TODAY).retractions
    assert why == "needs_review"
    mark_retracted(database, [(row.record_id, why)])
    with SqliteStore(database) as db:
        db.upsert([cert(disability_group=None, review=confirmed())])
    again = plan_exports(database, TODAY)
    assert [r.record.review.status for r in again.upserts] == ["confirmed"]


def test_since_limits_upserts_but_not_retractions(tmp_path: Path) -> None:
    old = expired_but_stored_valid()
    database = store(tmp_path, old) / "records.sqlite"
    plan = plan_exports(database, D(2025, 11, 1))
    mark_exported(database, [(r.record_id, content_hash(r.record)) for r in plan.upserts])
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with SqliteStore(database) as db:
        db.upsert([ipra()])
    later = plan_exports(database, TODAY, since=future)
    assert not later.upserts and [why for _, why in later.retractions] == ["expired"]
