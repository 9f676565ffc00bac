"""The review station shows which fields an issue names (e.g. the essential fields not read)."""

from __future__ import annotations

import datetime as dt

from mseflow.contract import Issue, Record
from mseflow.review.texts import reason_text
from mseflow.review.views import validation_view
from mseflow.validators import validate_batch

CERT = {
    "source_path": "in/c.pdf", "source_sha256": "0" * 64, "pipeline_version": "t",
    "doc_type": "mse_certificate", "birth_date": dt.date(1980, 5, 12), "disability_group": 2,
    "established_date": dt.date(2025, 3, 10), "valid_until": dt.date(2026, 4, 1),
    "reexamination_date": dt.date(2026, 3, 15), "confidence": 0.95,
}  # fmt: skip


def test_the_missing_essential_field_is_named_for_the_officer() -> None:
    (record,) = validate_batch([Record(**CERT)], today=dt.date(2025, 11, 1))
    texts = {i["code"]: i["text"] for i in validation_view(record)["issues"]}
    assert texts["required_field_missing"] == f"{reason_text('required_field_missing')}: ФИО"
    assert texts["secondary_field_missing"].endswith(
        ": дата выдачи, серия документа, номер документа, бюро МСЭ, выдавшее документ"
    )


def test_a_technical_message_stays_behind_the_russian_reason() -> None:
    issue = Issue(code="input_unreadable", severity="error", message="cannot decode (OSError)")
    record = Record(**{**CERT, "doc_type": "unreadable"})
    record.validation.issues = [issue]
    (shown,) = validation_view(record)["issues"]
    assert shown["text"] == reason_text("input_unreadable")
