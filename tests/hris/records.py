"""Records for the HRIS tests, validated by the real rules (statuses and obligations are real)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mseflow.contract import Record, Review
from mseflow.records.sqlite import SqliteStore
from mseflow.validators import validate_batch

TODAY = dt.date(2026, 11, 1)
D = dt.date

CERTIFICATE: dict[str, Any] = {
    "source_path": "in/cert.pdf",
    "source_sha256": "c" * 64,
    "pages": [1],
    "pipeline_version": "test",
    "doc_type": "mse_certificate",
    "full_name": "Фёдоров Пётр Ильич",
    "birth_date": D(1980, 5, 12),
    "document_series": "МСЭ-2023",
    "document_number": "2431238",
    "issue_date": D(2026, 3, 12),
    "issuer": "Бюро № 3 – филиал ФКУ «ГБ МСЭ по Тестовой области»",
    "disability_group": 2,
    "disability_cause": "general_disease",
    "established_date": D(2026, 3, 10),
    "valid_until": D(2027, 4, 1),
    "reexamination_date": D(2027, 3, 15),
    "confidence": 0.95,
}

IPRA: dict[str, Any] = {
    "source_path": "in/ipra.pdf",
    "source_sha256": "d" * 64,
    "pages": [1, 2],
    "pipeline_version": "test",
    "doc_type": "ipra",
    "full_name": "ФЕДОРОВ ПЕТР ИЛЬИЧ",
    "birth_date": D(1980, 5, 12),
    "document_number": "123.4.56/2026",
    "issue_date": D(2026, 3, 12),
    "disability_group": 2,
    "work_restriction_degree": 1,
    "valid_until": D(2027, 4, 1),
    "snils": "112-233-445 95",
    "contraindications": ["работа в ночную смену", "подъём тяжестей более 5 кг"],
    "recommended_conditions": [
        "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда"
    ],
    "available_work": ["офисная работа"],
    "confidence": 0.95,
}


def validated(data: dict[str, Any], today: dt.date = TODAY, **changes: Any) -> Record:
    """A record of ``data`` with ``changes``, validated on ``today`` (real issues, obligations)."""
    review = changes.pop("review", None)
    if review is not None:
        changes["review"] = Review(**review)  # the rules see the decision, as after a review
    [record] = validate_batch([Record(**{**data, **changes})], today=today)
    return record


def cert(**changes: Any) -> Record:
    """A clean group II certificate, valid on :data:`TODAY`."""
    return validated(CERTIFICATE, **changes)


def ipra(**changes: Any) -> Record:
    """The same person's IPRA (with a СНИЛС)."""
    return validated(IPRA, **changes)


def confirmed(by: str = "hr1") -> dict[str, Any]:
    """A review decision ``confirmed`` (for ``review=``)."""
    return {"status": "confirmed", "by": by, "at": dt.datetime(2026, 10, 30, 9, 0, tzinfo=dt.UTC)}


def store(folder: Path, *records: Record) -> Path:
    """``folder/records.sqlite`` holding ``records``; returns ``folder``."""
    with SqliteStore(folder / "records.sqlite") as db:
        db.upsert(records)
    return folder
