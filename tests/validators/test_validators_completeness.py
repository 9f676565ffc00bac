"""The requirement table: each field, each document type, the weight of its absence."""

from __future__ import annotations

import pytest

from mseflow.contract import Record, Severity
from mseflow.validators import RULES, validate_record
from mseflow.validators.completeness import (
    ESSENTIAL_KEYS,
    REQUIREMENTS,
    SECONDARY_KEYS,
    Weight,
    missing_fields,
)

from .builders import TODAY, cert, ipra

NO_LISTS = {"contraindications": [], "recommended_conditions": [], "available_work": []}

# (record with one field emptied, the code that must name it, the field)
GAPS: list[tuple[str, Record, str, str]] = [
    ("cert_name", cert(full_name=None), "required_field_missing", "full_name"),
    ("cert_birth", cert(birth_date=None), "required_field_missing", "birth_date"),
    ("cert_group", cert(disability_group=None), "required_field_missing", "disability_group"),
    ("cert_term", cert(valid_until=None), "required_field_missing", "valid_until"),
    ("cert_issue", cert(issue_date=None), "secondary_field_missing", "issue_date"),
    ("cert_established", cert(established_date=None), "secondary_field_missing", "established_date"),
    ("cert_exam", cert(reexamination_date=None), "secondary_field_missing", "reexamination_date"),
    ("cert_series", cert(document_series=None), "secondary_field_missing", "document_series"),
    ("cert_number", cert(document_number=None), "secondary_field_missing", "document_number"),
    ("cert_issuer", cert(issuer=None), "secondary_field_missing", "issuer"),
    ("ipra_name", ipra(full_name=None), "required_field_missing", "full_name"),
    ("ipra_birth", ipra(birth_date=None), "required_field_missing", "birth_date"),
    ("ipra_term", ipra(valid_until=None), "required_field_missing", "valid_until"),
    ("ipra_issue_empty_block", ipra(issue_date=None, **NO_LISTS), "required_field_missing", "issue_date"),
    ("ipra_issue_with_block", ipra(issue_date=None), "secondary_field_missing", "issue_date"),
    ("ipra_issue_incapable_note", ipra(issue_date=None, **NO_LISTS, incapable_of_work=True), "secondary_field_missing", "issue_date"),
    ("ipra_number", ipra(document_number=None), "secondary_field_missing", "document_number"),
    ("ipra_issuer", ipra(issuer=None), "secondary_field_missing", "issuer"),
]  # fmt: skip

# (record, fields that must NOT be named by either code)
NOT_ASKED: list[tuple[str, Record, str]] = [
    ("ipra_group_486n_prints_none", ipra(disability_group=None), "disability_group"),
    ("ipra_series_not_printed", ipra(document_series=None), "document_series"),
    ("indefinite_cert_has_no_exam_date", cert(valid_until=None, reexamination_date=None, indefinite=True), "reexamination_date"),
    ("indefinite_cert_has_a_term", cert(valid_until=None, reexamination_date=None, indefinite=True), "valid_until"),
    ("ipra_snils_identifies", ipra(birth_date=None, snils="112-233-445 95"), "birth_date"),
]  # fmt: skip


def _named(record: Record, code: str) -> list[str]:
    issues = validate_record(record, today=TODAY).issues
    return [field for i in issues if i.code == code for field in i.fields]


@pytest.mark.parametrize(("record", "code", "key"), [pytest.param(*g[1:], id=g[0]) for g in GAPS])
def test_each_gap_is_named_under_its_weight(record: Record, code: str, key: str) -> None:
    other = {"required_field_missing": "secondary_field_missing"}.get(
        code, "required_field_missing"
    )
    assert _named(record, code) == [key]
    assert key not in _named(record, other)
    status = validate_record(record, today=TODAY).status
    assert status == ("needs_review" if code == "required_field_missing" else "valid")


@pytest.mark.parametrize(("record", "key"), [pytest.param(*n[1:], id=n[0]) for n in NOT_ASKED])
def test_fields_the_form_does_not_ask_for_are_not_named(record: Record, key: str) -> None:
    assert key not in _named(record, "required_field_missing")
    assert key not in _named(record, "secondary_field_missing")


def test_the_table_and_the_rules_name_the_same_fields() -> None:
    rules = {rule.code: rule for rule in RULES}
    assert rules["required_field_missing"].fields == ESSENTIAL_KEYS
    assert rules["secondary_field_missing"].fields == SECONDARY_KEYS
    assert rules["required_field_missing"].severity == Severity.warning
    assert rules["secondary_field_missing"].severity == Severity.info
    keys = {req.key for req in REQUIREMENTS}
    assert keys == set(ESSENTIAL_KEYS) | set(SECONDARY_KEYS)
    assert all(req.reason for req in REQUIREMENTS)


def test_every_gap_of_the_table_has_a_row() -> None:
    covered = {(row[1].doc_type, row[3]) for row in GAPS}
    asked = {(doc, req.key) for req in REQUIREMENTS for doc in req.applies_to}
    assert asked == covered


def test_a_record_missing_everything_names_every_essential_field_once() -> None:
    empty = cert(
        full_name=None, birth_date=None, disability_group=None, valid_until=None,
        reexamination_date=None,
    )  # fmt: skip
    assert missing_fields(empty, Weight.essential) == (
        "full_name", "birth_date", "disability_group", "valid_until",
    )  # fmt: skip


@pytest.mark.parametrize(("name", "record", "code", "key"), GAPS, ids=[row[0] for row in GAPS])
def test_a_weighing_returns_only_the_weights_it_declares(
    name: str, record: Record, code: str, key: str
) -> None:
    # The rule codes' ``fields`` are derived from the declared outcomes, so a weighing
    # that returned an undeclared weight would name a field its code does not list.
    for req in REQUIREMENTS:
        if req.key == key and record.doc_type in {d.value for d in req.applies_to}:
            weight = req.weight(record)
            assert weight is None or weight in req.weighing.outcomes
