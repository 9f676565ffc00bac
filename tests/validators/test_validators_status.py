"""Status derivation: errors → invalid, warnings → needs_review, info never counts."""

from __future__ import annotations

import pytest

from mseflow.contract import Issue, Severity, Status, Validation
from mseflow.validators import status_from_issues, validate_batch, validate_record

from .builders import TODAY, cert, codes, ipra, other

E, W, I = Severity.error, Severity.warning, Severity.info  # noqa: E741


def _issues(*severities: Severity) -> list[Issue]:
    return [Issue(code=f"c{i}", severity=s, message="m") for i, s in enumerate(severities)]


@pytest.mark.parametrize(
    ("severities", "status"),
    [
        ((), Status.valid),
        ((I,), Status.valid),
        ((W,), Status.needs_review),
        ((I, W), Status.needs_review),
        ((W, E, I), Status.invalid),
        ((E,), Status.invalid),
    ],
)
def test_status_from_issues(severities: tuple[Severity, ...], status: Status) -> None:
    assert status_from_issues(_issues(*severities)) == status


@pytest.mark.parametrize(
    ("record", "status"),
    [
        (cert(), "valid"),
        (cert(work_restriction_degree=3), "valid"),  # info only
        (cert(confidence=0.59), "needs_review"),
        (cert(full_name=None), "needs_review"),
        (cert(established_date=None), "valid"),  # secondary: info only
        (other(), "needs_review"),
        (cert(issue_date=cert().established_date.replace(day=1)), "invalid"),
        (cert(confidence=0.1, disability_group=1), "invalid"),
    ],
    ids=[
        "clean",
        "info",
        "low_confidence",
        "missing",
        "missing_secondary",
        "other",
        "error",
        "error_and_warning",
    ],  # fmt: skip
)
def test_validate_record_status(record, status: str) -> None:
    assert validate_record(record, today=TODAY).status == status


def test_min_confidence_is_a_parameter() -> None:
    record = cert(confidence=0.7)
    assert validate_record(record, today=TODAY).status == "valid"
    validation = validate_record(record, today=TODAY, min_confidence=0.8)
    assert [i.code for i in validation.issues] == ["low_confidence"]


def test_issues_carry_russian_and_english_messages() -> None:
    (issue,) = validate_record(cert(disability_group=1), today=TODAY).issues
    assert issue.code == "group_term_mismatch"
    assert issue.severity == "error"
    assert "Срок не соответствует группе" in issue.message
    assert issue.model_extra == {"message_en": issue.model_extra["message_en"]}
    assert issue.model_extra["message_en"].startswith("The term does not fit the group")
    assert issue.fields == ["disability_group", "established_date", "valid_until"]


def _unreadable(issues: list[Issue]):
    return other(doc_type="unreadable", validation=Validation(status="invalid", issues=issues))


def test_unreadable_record_keeps_its_input_issue() -> None:
    reason = Issue(code="input_encrypted", severity=E, message="the PDF is encrypted")
    validation = validate_record(_unreadable([reason]), today=TODAY)
    assert validation.status == "invalid"
    assert [(i.code, i.message) for i in validation.issues] == [
        ("input_encrypted", "the PDF is encrypted")
    ]


def test_unreadable_record_without_reason_gets_input_unreadable() -> None:
    validation = validate_record(_unreadable([]), today=TODAY)
    assert validation.status == "invalid"
    assert [i.code for i in validation.issues] == ["input_unreadable"]


def test_unreadable_records_get_no_obligations() -> None:
    (record,) = validate_batch([_unreadable([])], today=TODAY)
    assert record.obligations == []
    assert record.validation.status == "invalid"


def test_revalidation_is_idempotent_and_keeps_foreign_issues() -> None:
    extra = Issue(code="extractor_note", severity=I, message="kept")
    record = cert(disability_group=1, validation=Validation(issues=[extra]))
    once = validate_batch([record, ipra(disability_group=1)], today=TODAY)
    twice = validate_batch(once, today=TODAY)
    assert [codes(r) for r in twice] == [codes(r) for r in once]
    assert codes(once[0]) == ["extractor_note", "group_term_mismatch"]
    assert record.validation.issues == [extra]  # the input record is not changed
