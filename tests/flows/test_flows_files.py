"""The per-file steps behind the tasks, without Prefect: short files, long files, changed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mseflow import pipeline
from mseflow.errors import InputError
from mseflow.fixtures.sample import SAMPLE_DIR
from mseflow.flows.files import (
    FileChangedError,
    FileOutcome,
    OpenedFile,
    finish_pages,
    finish_whole,
    read_file_page,
    start_file,
)
from mseflow.records.sqlite import SqliteStore
from mseflow.run_report import Outcome
from mseflow.settings import Settings

from .documents import COMPRESSION, certificate_pdf, tiff_with_a_broken_second_page, two_page_tiff

SETTINGS = Settings()


def _stored(database: Path, sha256: str) -> list[object]:
    with SqliteStore(database) as store:
        return store.records_for(sha256, pipeline.pipeline_version())


def test_a_short_file_is_processed_in_one_step(tmp_path: Path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes((SAMPLE_DIR / "documents" / "certificate-text.pdf").read_bytes())
    outcome = start_file(source, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q", 4)
    assert isinstance(outcome, FileOutcome)
    assert (outcome.status, outcome.outcome, outcome.records) == ("processed", Outcome.read, 1)
    [record] = _stored(tmp_path / "db.sqlite", outcome.sha256)
    assert record.doc_type == "mse_certificate" and not (tmp_path / "q").exists()


def test_a_long_file_with_a_broken_page_goes_whole_through_the_pipeline(tmp_path: Path) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(tiff_with_a_broken_second_page())
    opened = start_file(source, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q", 1)
    assert isinstance(opened, OpenedFile) and opened.plan.count == 2
    assert read_file_page(source, opened, 0, SETTINGS).number == 1
    with pytest.raises(InputError, match="cannot decode"):
        read_file_page(source, opened, 1, SETTINGS)

    outcome = finish_whole(source, opened, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q")

    assert (outcome.status, outcome.outcome) == ("unreadable", Outcome.quarantined)
    [record] = _stored(tmp_path / "db.sqlite", opened.sha256)
    assert [(i.code, i.message) for i in record.validation.issues] == [
        ("input_unreadable", "cannot decode the image (OSError)")
    ]
    [copy] = (tmp_path / "q").iterdir()
    assert copy.read_bytes() == source.read_bytes() == tiff_with_a_broken_second_page()


def test_pages_read_one_by_one_give_the_same_record_as_the_whole_file(tmp_path: Path) -> None:
    source = SAMPLE_DIR / "documents" / "ipra-text.pdf"
    opened = start_file(source, SETTINGS, tmp_path / "a.sqlite", None, 1)
    assert isinstance(opened, OpenedFile)
    pages = [read_file_page(source, opened, index, SETTINGS) for index in (0, 1)]
    paged = finish_pages(source, opened, pages, SETTINGS, tmp_path / "a.sqlite", None)
    whole = start_file(source, SETTINGS, tmp_path / "b.sqlite", None)
    assert isinstance(whole, FileOutcome) and paged == whole
    assert _stored(tmp_path / "a.sqlite", opened.sha256) == _stored(
        tmp_path / "b.sqlite", opened.sha256
    )


def test_a_file_changed_between_tasks_is_not_read(tmp_path: Path) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(two_page_tiff())
    opened = start_file(source, SETTINGS, tmp_path / "db.sqlite", None, 1)
    assert isinstance(opened, OpenedFile)
    source.write_bytes(certificate_pdf(2))
    with pytest.raises(FileChangedError, match="changed"):
        read_file_page(source, opened, 0, SETTINGS)
    with pytest.raises(FileChangedError, match="changed"):
        finish_whole(source, opened, SETTINGS, tmp_path / "db.sqlite", None)


def test_a_file_that_cannot_be_planned_is_recorded_by_the_pipeline(tmp_path: Path) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(two_page_tiff({COMPRESSION: 34999}))
    outcome = start_file(source, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q", 1)
    assert isinstance(outcome, FileOutcome) and outcome.status == "unreadable"
    [record] = _stored(tmp_path / "db.sqlite", outcome.sha256)
    assert record.validation.issues[0].message == "cannot decode the image (KeyError)"
    assert two_page_tiff() != source.read_bytes()  # the spoiled tag is really there


def test_a_file_that_cannot_be_opened_is_stored_without_a_hash(tmp_path: Path) -> None:
    outcome = start_file(tmp_path / "gone.pdf", SETTINGS, tmp_path / "db.sqlite", tmp_path / "q")
    assert isinstance(outcome, FileOutcome)
    assert (outcome.sha256, outcome.outcome, outcome.records) == ("", Outcome.quarantined, 1)
    [record] = _stored(tmp_path / "db.sqlite", "")
    assert record.validation.issues[0].code == "input_unreadable"
    assert not (tmp_path / "q").exists()  # nothing to copy
