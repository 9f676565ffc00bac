"""Records built directly for the validator tests: one clean certificate, one clean IPRA."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mseflow.contract import Record

TODAY = dt.date(2025, 11, 1)
D = dt.date

CERTIFICATE: dict[str, Any] = {
    "source_path": "in/cert.pdf",
    "source_sha256": "0" * 64,
    "pipeline_version": "test",
    "doc_type": "mse_certificate",
    "full_name": "Фёдоров Пётр Ильич",
    "birth_date": D(1980, 5, 12),
    "document_series": "МСЭ-2023",
    "document_number": "2431238",
    "issue_date": D(2025, 3, 12),
    "issuer": "Бюро № 4 – филиал ФКУ «ГБ МСЭ по Тверской области» Минтруда России",
    "disability_group": 2,
    "disability_cause": "general_disease",
    "established_date": D(2025, 3, 10),
    "valid_until": D(2026, 4, 1),
    "reexamination_date": D(2026, 3, 15),
    "confidence": 0.95,
}

IPRA: dict[str, Any] = {
    "source_path": "in/ipra.pdf",
    "source_sha256": "1" * 64,
    "pipeline_version": "test",
    "doc_type": "ipra",
    "full_name": "Фёдоров Пётр Ильич",
    "birth_date": D(1980, 5, 12),
    "document_number": "123.4.56/2025",
    "issue_date": D(2025, 3, 12),
    "issuer": "Бюро № 4 – филиал ФКУ «ГБ МСЭ по Тверской области» Минтруда России",
    "disability_group": 2,
    "valid_until": D(2026, 4, 1),
    "contraindications": ["работа в ночную смену", "подъём тяжестей более 5 кг"],
    "recommended_conditions": [
        "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда"
    ],
    "available_work": ["офисная работа"],
    "confidence": 0.95,
}

OTHER: dict[str, Any] = {
    "source_path": "in/other.pdf",
    "source_sha256": "2" * 64,
    "pipeline_version": "test",
    "doc_type": "other",
    "confidence": 0.9,
}


def cert(**changes: Any) -> Record:
    """A clean group II certificate (valid on :data:`TODAY`) with ``changes``."""
    return Record(**{**CERTIFICATE, **changes})


def ipra(**changes: Any) -> Record:
    """A clean group II IPRA of the same person with ``changes``."""
    return Record(**{**IPRA, **changes})


def other(**changes: Any) -> Record:
    """A document that is neither a certificate nor an IPRA."""
    return Record(**{**OTHER, **changes})


def unvalidated(record: Record, **changes: Any) -> Record:
    """``record`` with values the model would refuse (to test the range rules)."""
    return record.model_copy(update=changes)


def codes(record: Record) -> list[str]:
    """The issue codes on a validated record."""
    return [issue.code for issue in record.validation.issues]
