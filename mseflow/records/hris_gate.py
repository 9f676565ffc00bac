"""What may go to the HR system: expiry judged again on the export date, review gating.

A record goes out only when HR can act on it as it stands today:

* it is a certificate or an IPRA, and a person has not rejected it;
* its term has not passed on the export date (a record stored ``valid`` months ago
  whose «до» date has come is not in force, so it is not exported as valid; the
  «до» day itself is no longer in force, as :func:`mseflow.validators.validity.term_status`
  judges it);
* it is ``valid``, or a person confirmed or corrected it in the review station
  (``record.review.status``) — ``needs_review`` and ``invalid`` wait for a person.
A record that goes out never carries a termination basis (``termination_basis_incapable``)
or another obligation marked ``requires_legal_review`` (a transfer, a suspension) that
nobody has confirmed: :func:`exported_view` drops those. The rules themselves derive
them only for confirmed records in force (issue 12); this keeps it so for records
stored by older rules too.

A record that went out before and no longer passes is retracted, with the reason
code returned here (labels in :data:`mseflow.records.hris_labels.RETRACTION_RU`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from mseflow.contract import DocType, Obligation, Record, ReviewStatus, Status
from mseflow.validators.validity import Term, term_status

EXPORTED_DOC_TYPES: frozenset[str] = frozenset({DocType.mse_certificate, DocType.ipra})
"""Only documents HR acts on are exported (not ``other`` or ``unreadable``)."""

ALL_STATUSES: tuple[str, ...] = (Status.valid, Status.needs_review, Status.invalid)
"""Statuses the feed considers by default (``needs_review``/``invalid`` only once confirmed)."""

CONFIRMING: frozenset[str] = frozenset({ReviewStatus.confirmed, ReviewStatus.corrected})
"""Review decisions that let a record that is not ``valid`` go out."""

TERMINATION_CODES: frozenset[str] = frozenset({"termination_basis_incapable"})
"""A basis for ending employment: never exported unconfirmed, whatever its flags say."""


@dataclass(frozen=True)
class ExportVerdict:
    """Whether a record may go out now, and if not, why (a stable reason code)."""

    exportable: bool
    reason: str | None = None


def requires_legal_review(obligation: Obligation) -> bool:
    """A termination basis, or an obligation the rules mark ``requires_legal_review``."""
    return obligation.code in TERMINATION_CODES or bool(obligation.requires_legal_review)


def exported_view(record: Record) -> Record:
    """``record`` as it may leave: without unconfirmed legal-review obligations."""
    if is_confirmed(record) or not any(requires_legal_review(o) for o in record.obligations):
        return record
    kept = [o for o in record.obligations if not requires_legal_review(o)]
    return record.model_copy(update={"obligations": kept})


def is_confirmed(record: Record) -> bool:
    """A person confirmed or corrected the record in the review station."""
    return record.review.status in CONFIRMING


def is_expired(record: Record, today: dt.date) -> bool:
    """The term (``valid_until``) has come on ``today``; an indefinite record never expires."""
    return term_status(record, today) == Term.expired


def judge_for_export(
    record: Record, today: dt.date, statuses: Collection[str] = ALL_STATUSES
) -> ExportVerdict:
    """May ``record`` go to the HR system on ``today``? (see the module docstring)."""
    if record.doc_type not in EXPORTED_DOC_TYPES:
        return ExportVerdict(False, "not_a_person_document")
    if record.review.status == ReviewStatus.rejected:
        return ExportVerdict(False, "rejected")
    if is_expired(record, today):
        return ExportVerdict(False, "expired")
    status = str(record.validation.status)
    if status not in statuses:
        return ExportVerdict(False, "status_not_exported")
    if status != Status.valid and not is_confirmed(record):
        return ExportVerdict(False, status)
    return ExportVerdict(True)
