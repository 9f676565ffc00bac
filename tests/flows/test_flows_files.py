"""The per-file steps behind the tasks, without Prefect: page failures, changed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mseflow import pipeline
from mseflow.flows.files import (
    FileChangedError,
    OpenedFile,
    PageFailure,
    finish_file,
    open_file,
    read_file_page,
)
from mseflow.records.sqlite import SqliteStore
from mseflow.settings import Settings

from .documents import COMPRESSION, certificate_pdf, tiff_with_a_broken_second_page, two_page_tiff

SETTINGS = Settings()


def test_a_page_that_cannot_be_read_makes_the_file_unreadable(tmp_path: Path) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(tiff_with_a_broken_second_page())
    opened = open_file(source, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q")
    assert isinstance(opened, OpenedFile) and opened.plan.count == 2
    pages = [read_file_page(source, opened, index, SETTINGS) for index in (0, 1)]
    assert pages[1] == PageFailure(
        2, "input_unreadable", "page 2: cannot decode the image (OSError)"
    )

    outcome = finish_file(source, opened, pages, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q")

    assert outcome.status == "unreadable" and outcome.sha256 == opened.sha256
    with SqliteStore(tmp_path / "db.sqlite") as store:
        [record] = store.records_for(opened.sha256, pipeline.pipeline_version())
    assert record.doc_type == "unreadable"
    assert [(i.code, i.message) for i in record.validation.issues] == [
        ("input_unreadable", "page 2: cannot decode the image (OSError)")
    ]
    [copy] = (tmp_path / "q").iterdir()
    assert copy.read_bytes() == source.read_bytes() == tiff_with_a_broken_second_page()


def test_a_file_changed_between_tasks_is_not_read(tmp_path: Path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(certificate_pdf(1))
    opened = open_file(source, SETTINGS, tmp_path / "db.sqlite", None)
    assert isinstance(opened, OpenedFile)
    source.write_bytes(certificate_pdf(2))
    with pytest.raises(FileChangedError, match="changed"):
        read_file_page(source, opened, 0, SETTINGS)


def test_a_file_that_cannot_be_planned_ends_at_open(tmp_path: Path) -> None:
    source = tmp_path / "broken.pdf"
    source.write_bytes(certificate_pdf(3)[:300])
    outcome = open_file(source, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q")
    assert not isinstance(outcome, OpenedFile)
    assert (outcome.status, outcome.records) == ("unreadable", 1)
    assert [p.read_bytes() for p in (tmp_path / "q").iterdir()] == [certificate_pdf(3)[:300]]


def test_a_page_in_an_unknown_compression_ends_the_file_at_open(tmp_path: Path) -> None:
    source = tmp_path / "scan.tif"
    source.write_bytes(two_page_tiff({COMPRESSION: 34999}))
    outcome = open_file(source, SETTINGS, tmp_path / "db.sqlite", tmp_path / "q")
    assert not isinstance(outcome, OpenedFile) and outcome.status == "unreadable"
    with SqliteStore(tmp_path / "db.sqlite") as store:
        [record] = store.records_for(outcome.sha256, pipeline.pipeline_version())
    assert record.validation.issues[0].message == "cannot decode the image (KeyError)"
    assert two_page_tiff() != source.read_bytes()  # the spoiled tag is really there
