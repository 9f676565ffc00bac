"""The plain logic behind what the Prefect UI shows (no Prefect needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mseflow.contract import DocType, Issue, Record, Severity, Status, Validation
from mseflow.errors import ConfigError
from mseflow.records.sqlite import record_id
from mseflow.run_report import Outcome, RunReport, file_outcome, folder_label, run_name


def _record(doc_type: DocType, status: Status, sha: str = "ab" * 32) -> Record:
    issue = Issue(code="x", severity=Severity.warning, message="m", fields=[])
    return Record(
        source_path="/in/Иванов.pdf", source_sha256=sha, pages=[1], doc_type=doc_type,
        validation=Validation(status=status, issues=[issue] if status != Status.valid else []),
        pipeline_version="test",
    )  # fmt: skip


def test_the_worst_record_names_the_file() -> None:
    cert, ipra = DocType.mse_certificate, DocType.ipra
    assert file_outcome([_record(cert, Status.valid)]) is Outcome.read
    assert file_outcome([_record(cert, Status.valid), _record(ipra, Status.needs_review)]) == (
        Outcome.needs_review
    )
    assert file_outcome([_record(ipra, Status.needs_review), _record(cert, Status.invalid)]) == (
        Outcome.invalid
    )
    assert file_outcome([_record(DocType.unreadable, Status.invalid)]) is Outcome.quarantined


def test_folder_labels_never_carry_the_folder_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MSEFLOW_ARCHIVE_LABEL", raising=False)
    label = folder_label(Path("/srv/Иванов Иван"))
    assert label.startswith("dir-") and len(label) == 14 and "Иванов" not in label
    assert label == folder_label(Path("/srv/Иванов Иван")) != folder_label(Path("/srv/other"))
    assert folder_label(Path("/x"), "hr-scans") == "hr-scans"
    with pytest.raises(ConfigError, match="a-z"):
        folder_label(Path("/x"), "HR Scans")
    when = dt.datetime(2026, 3, 1, 23, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert run_name("ingest", "hr-scans", when) == "ingest-hr-scans-2026-03-01T20-30-05Z"


def test_the_report_counts_by_type_and_status_and_lists_review_ids() -> None:
    review = _record(DocType.other, Status.needs_review, "cd" * 32)
    records = [
        _record(DocType.mse_certificate, Status.valid),
        _record(DocType.mse_certificate, Status.invalid, "ef" * 32),
        review,
    ]
    report = RunReport.of(records, [Outcome.read, Outcome.invalid], "http://hr:8765")
    assert report.table() == [
        {"document type": "mse_certificate", "valid": 1, "needs_review": 0, "invalid": 1,
         "total": 2},
        {"document type": "other", "valid": 0, "needs_review": 1, "invalid": 0, "total": 1},
    ]  # fmt: skip
    assert report.review_ids == [record_id(review)]
    text = report.markdown()
    assert "Files: Invalid 1, Read 1" in text and f"`{record_id(review)}`" in text
    assert "Review station: http://hr:8765" in text and "Иванов" not in text
