"""Apply the rules: one record at a time, then across a batch, then derive obligations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mseflow.contract import DocType, Issue, Record, Validation
from mseflow.validators.base import CheckContext, Rule
from mseflow.validators.cross_document import CROSS_RULES, pair_issues
from mseflow.validators.form_486n import SINGLE_RULES
from mseflow.validators.input_codes import INPUT_CODES, INPUT_RULES
from mseflow.validators.obligations import derive_obligations
from mseflow.validators.paired_fill import PAIRED_RULES, checked_pairs, fill_from_paired
from mseflow.validators.status import status_from_issues
from mseflow.validators.validity import form_version, is_child_document

RECORD_RULES: tuple[Rule, ...] = (*SINGLE_RULES, *PAIRED_RULES)
"""Rules over one record: the form rules, then the note on fields lent by the paired document."""
COMPUTED_CODES: frozenset[str] = frozenset(rule.code for rule in (*RECORD_RULES, *CROSS_RULES))
"""Codes this package recomputes on every run; other issues on a record are kept as they are."""


def _rule_issue(rule: Rule, record: Record, ctx: CheckContext) -> Issue | None:
    if rule.check is None or not rule.applies(record):
        return None
    found = rule.check(record, ctx)
    if not found:
        return None
    return rule.issue(found if isinstance(found, tuple) else ())


def single_issues(record: Record, ctx: CheckContext) -> list[Issue]:
    """Issues from the single-document rules, honouring ``suppressed_by``."""
    issues: list[Issue] = []
    for rule in RECORD_RULES:
        issue = _rule_issue(rule, record, ctx)
        if issue is not None:
            issues.append(issue)
    raised = {issue.code for issue in issues}
    suppressed = {r.code for r in RECORD_RULES if raised & set(r.suppressed_by)}
    return [issue for issue in issues if issue.code not in suppressed]


def kept_issues(record: Record) -> list[Issue]:
    """Issues put by other stages (input codes, anything not recomputed here)."""
    return [issue for issue in record.validation.issues if issue.code not in COMPUTED_CODES]


def _unreadable_validation(record: Record) -> Validation:
    issues = kept_issues(record)
    if not any(issue.code in INPUT_CODES for issue in issues):
        generic = INPUT_RULES[0]
        issues.insert(0, generic.issue())
    return Validation(status=status_from_issues(issues), issues=issues)


def validate_record(record: Record, *, today: dt.date, min_confidence: float = 0.6) -> Validation:
    """The verdict on one record from the single-document rules.

    ``invalid`` on any error, ``needs_review`` on any warning (``low_confidence``
    included), else ``valid``. An ``unreadable`` record keeps its input issue and is
    ``invalid``. Re-validating a record recomputes its rule issues (idempotent).
    """
    if record.doc_type == DocType.unreadable:
        return _unreadable_validation(record)
    ctx = CheckContext(today=today, min_confidence=min_confidence)
    issues = kept_issues(record) + single_issues(record, ctx)
    return Validation(status=status_from_issues(issues), issues=issues)


def _add_cross(validations: list[Validation], records: Sequence[Record]) -> None:
    for cert_index, ipra_index in checked_pairs(records):
        cert_v, ipra_v = validations[cert_index], validations[ipra_index]
        known = {issue.code for issue in (*cert_v.issues, *ipra_v.issues)}
        on_cert, on_ipra = pair_issues(records[cert_index], records[ipra_index], known)
        _extend_unique(cert_v, on_cert)
        _extend_unique(ipra_v, on_ipra)


def _extend_unique(validation: Validation, issues: list[Issue]) -> None:
    codes = {issue.code for issue in validation.issues}
    for issue in issues:
        if issue.code not in codes:
            validation.issues.append(issue)
            codes.add(issue.code)


def validate_batch(
    records: Sequence[Record], *, today: dt.date, min_confidence: float = 0.6
) -> list[Record]:
    """Copies of ``records`` with ``validation`` (single + cross rules) and ``obligations`` set.

    A certificate and an IPRA of one file first lend each other a ФИО, birth date or
    term the reading lost (:mod:`mseflow.validators.paired_fill`). A certificate and an
    IPRA of the same person (normalised ФИО + birth date) are then checked against each
    other; the input order is kept.
    """
    records = fill_from_paired(records)
    validations = [
        validate_record(record, today=today, min_confidence=min_confidence) for record in records
    ]
    _add_cross(validations, records)
    out = []
    for record, validation in zip(records, validations, strict=True):
        copy = record.model_copy(deep=True)
        copy.validation = Validation(
            status=status_from_issues(validation.issues), issues=validation.issues
        )
        copy.form_version = form_version(record)
        copy.disabled_child = is_child_document(record)
        copy.obligations = derive_obligations(copy, today)
        out.append(copy)
    return out
