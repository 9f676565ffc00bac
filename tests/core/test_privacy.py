"""No personal data in logs at INFO and above: documents are named by their hash."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from mseflow.logs import doc_logger
from mseflow.pipeline import process_source_safely
from mseflow.settings import Settings

from .drawing import text_layer_pdf


def test_doc_logger_prefixes_hash_and_page(caplog: pytest.LogCaptureFixture) -> None:
    log = doc_logger(logging.getLogger("mseflow.test"), "ab" * 32, page=3)
    with caplog.at_level(logging.INFO, logger="mseflow"):
        log.info("read")
    assert caplog.messages == ["[abababababab p.3] read"]


def test_pipeline_logs_carry_hash_not_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "Иванов_Иван_справка.pdf"
    path.write_bytes(text_layer_pdf())
    with caplog.at_level(logging.INFO, logger="mseflow"):
        records = process_source_safely(path, Settings())
    text = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert records and records[0].source_sha256[:12] in text
    for secret in ["Иванов", "2431238", "01.06.2027", "2027-06-01"]:
        assert secret not in text
