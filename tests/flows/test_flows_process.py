"""``ingest_archive`` / ``process_documents`` run for real: skip by hash + version, quarantine, retries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from mseflow.flows.archive import ingest_archive
from mseflow.flows.files import TransientIOError
from mseflow.flows.process import process_documents
from mseflow.flows.settings import FlowSettings
from mseflow.ingest import sha256_hex, stored_name
from mseflow.records.jsonl import read_jsonl
from mseflow.records.sqlite import SqliteStore

from .documents import BAD_FILES, tiff_with_a_broken_second_page

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect_harness")]

FAST = FlowSettings(threads=2, retries=2, retry_delay_s=0.0)


def _stored(out: Path) -> int:
    with SqliteStore(out / "records.sqlite") as store:
        return store.count()


RUNNERS = [
    pytest.param(FAST, id="threads"),
    pytest.param(FlowSettings(workers=2, retries=2, retry_delay_s=0.0), id="dask-2-workers"),
    pytest.param(FAST.model_copy(update={"single_writer": True}), id="single-writer"),
]


@pytest.mark.parametrize("flow_settings", RUNNERS)
def test_archive_is_processed_once_then_skipped(
    archive: Path, tmp_path: Path, flow_settings: FlowSettings
) -> None:
    out = tmp_path / "out"
    first = ingest_archive(archive, out, flow_settings=flow_settings)
    assert (first.files, first.processed, first.skipped, first.failed) == (3, 3, 0, 0)
    assert _stored(out) == 3
    records = list(read_jsonl(out / "records.jsonl"))
    assert [r.doc_type for r in records] == ["mse_certificate"] * 3
    assert [Path(r.source_path).name for r in records] == ["cert-0.pdf", "cert-1.pdf", "cert-2.pdf"]

    second = ingest_archive(archive, out, flow_settings=flow_settings)
    assert (second.processed, second.skipped, second.records) == (0, 3, 3)
    assert _stored(out) == 3


def test_new_pipeline_version_reprocesses(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert ingest_archive(archive, out, flow_settings=FAST).processed == 3
    monkeypatch.setattr("mseflow.pipeline.pipeline_version", lambda *_: "9.9.9+rules-changed")
    rerun = ingest_archive(archive, out, flow_settings=FAST)
    assert (rerun.processed, rerun.skipped) == (3, 0)
    versions = {r.pipeline_version for r in read_jsonl(out / "records.jsonl")}
    assert versions == {"9.9.9+rules-changed"}


@pytest.mark.parametrize("single_writer", [False, True], ids=["workers-write", "single-writer"])
def test_bad_files_become_unreadable_and_are_quarantined(
    tmp_path: Path, single_writer: bool
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, data in BAD_FILES.items():
        (inbox / name).write_bytes(data)
    paths = sorted(inbox.iterdir())
    flow_settings = FAST.model_copy(update={"single_writer": single_writer})
    summary = process_documents(paths, tmp_path / "out", flow_settings=flow_settings)

    assert (summary.processed, summary.unreadable, summary.failed) == (3, 3, 0)
    records = list(read_jsonl(tmp_path / "out" / "records.jsonl"))
    assert [r.doc_type for r in records] == ["unreadable"] * 3
    assert all(r.validation.status == "invalid" and r.validation.issues for r in records)
    quarantined = {p.name: p.read_bytes() for p in (tmp_path / "out" / "quarantine").iterdir()}
    assert quarantined == {stored_name(sha256_hex(d), n): d for n, d in BAD_FILES.items()}
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == BAD_FILES  # originals intact


@pytest.mark.parametrize("page_tasks_above", [None, 1], ids=["file-task", "page-tasks"])
def test_a_broken_page_makes_its_file_unreadable_not_the_batch(
    archive: Path, tmp_path: Path, page_tasks_above: int | None
) -> None:
    broken = tmp_path / "scan.tif"
    broken.write_bytes(tiff_with_a_broken_second_page())
    flow_settings = FAST.model_copy(update={"page_tasks_above": page_tasks_above})
    summary = process_documents(
        [broken, archive / "cert-1.pdf"], tmp_path / "out", flow_settings=flow_settings
    )
    assert (summary.processed, summary.unreadable, summary.failed) == (2, 1, 0)
    by_type = {r.doc_type: r for r in read_jsonl(tmp_path / "out" / "records.jsonl")}
    unreadable, certificate = by_type["unreadable"], by_type["mse_certificate"]
    assert unreadable.validation.issues[0].message == "cannot decode the image (OSError)"
    assert certificate.doc_type == "mse_certificate"
    [copy] = (tmp_path / "out" / "quarantine").iterdir()
    assert copy.read_bytes() == broken.read_bytes()


def test_transient_read_error_is_retried(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mseflow.flows.files as files

    real_read, calls = files.read_input, {"n": 0}

    def flaky_read(path: Path, max_bytes: int | None = None) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:  # the read in the process-file task (after the fingerprint's)
            raise TransientIOError(5, "transient read error: Input/output error")
        return real_read(path, max_bytes)

    monkeypatch.setattr(files, "read_input", flaky_read)
    single = [next(archive.glob("cert-1.pdf"))]
    summary = process_documents(single, tmp_path / "out", flow_settings=FAST)
    # fingerprint, process-file (fails), process-file retried
    assert (summary.processed, summary.failed, calls["n"]) == (1, 0, 3)


def test_a_bug_in_the_pipeline_becomes_an_internal_error_record(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> list[object]:
        raise RuntimeError("a bug, not bad input")

    monkeypatch.setattr("mseflow.pipeline.records_from_pages", broken)
    summary = process_documents(sorted(archive.glob("*.pdf")), tmp_path / "out", flow_settings=FAST)
    assert (summary.processed, summary.failed, summary.outcomes) == (2, 0, {"Quarantined": 2})
    records = list(read_jsonl(tmp_path / "out" / "records.jsonl"))
    assert [r.validation.issues[0].code for r in records] == ["internal_error"] * 2
    assert records[0].validation.issues[0].message.endswith("(RuntimeError)")


def test_a_store_failure_fails_the_file_not_the_run_and_is_not_retried(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}

    def broken(*args: object) -> object:
        calls["n"] += 1
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("mseflow.flows.files.store_file", broken)
    summary = process_documents(sorted(archive.glob("*.pdf")), tmp_path / "out", flow_settings=FAST)
    assert (summary.processed, summary.failed, calls["n"]) == (0, 2, 2)
    assert len(summary.failed_hashes) == 2 and all(len(h) == 12 for h in summary.failed_hashes)
    assert not (tmp_path / "out" / "quarantine").exists()


def test_a_file_that_cannot_be_opened_reaches_records_jsonl(archive: Path, tmp_path: Path) -> None:
    gone = archive / "vanished.pdf"  # listed, then gone before it is read
    summary = process_documents(
        [gone, archive / "cert-1.pdf"], tmp_path / "out", flow_settings=FAST
    )
    assert (summary.processed, summary.unreadable, summary.records) == (2, 1, 2)
    by_type = {r.doc_type: r for r in read_jsonl(tmp_path / "out" / "records.jsonl")}
    certificate, unopened = by_type["mse_certificate"], by_type["unreadable"]
    assert (unopened.doc_type, unopened.source_sha256) == ("unreadable", "")
    assert unopened.validation.issues[0].code == "input_unreadable"
    assert certificate.doc_type == "mse_certificate"


def _task_run_names(state: Any) -> list[str]:
    """Names of the task runs of the flow run that ended in ``state``."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
            ),
            sort=TaskRunSort.EXPECTED_START_TIME_ASC,
            limit=200,
        )
    return [run.name for run in runs]


def _task_states(state: Any) -> dict[str, str]:
    """Task-run name -> final state name, for the flow run that ended in ``state``."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
            ),
            sort=TaskRunSort.EXPECTED_START_TIME_ASC,
            limit=200,
        )
    return {run.name: run.state.name for run in runs if run.state}


def test_task_runs_and_logs_name_files_by_hash(
    archive: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.INFO)
    state = ingest_archive(archive, tmp_path / "out", flow_settings=FAST, return_state=True)
    messages = [record.getMessage() for record in caplog.records]
    assert any("stored 1 record(s)" in m for m in messages)
    assert not [m for m in messages if "cert-" in m or "Серия" in m]
    names = {name for name in _task_run_names(state) if name.startswith("doc-")}
    assert len(names) == 3 and not [name for name in names if "cert" in name]
    assert all(re.fullmatch(r"doc-[0-9a-f]{12}", name) for name in names)  # one task per file


def test_pages_of_a_file_are_tasks(tmp_path: Path) -> None:
    from mseflow.fixtures.sample import SAMPLE_DIR

    ipra = SAMPLE_DIR / "documents" / "ipra-text.pdf"  # two pages
    paged = FAST.model_copy(update={"page_tasks_above": 1})
    state = process_documents([ipra], tmp_path / "out", flow_settings=paged, return_state=True)
    assert state.result().processed == 1
    names = _task_run_names(state)
    pages = sorted(name[17:] for name in names if re.fullmatch(r"doc-\w{12}-p\d+", name))
    assert pages == ["p1", "p2"]
    states = {n: s for n, s in _task_states(state).items() if n.startswith("doc-")}
    label = next(n for n in states if re.fullmatch(r"doc-\w{12}", n))
    assert states == {
        label: "Paged", f"{label}-p1": "Completed", f"{label}-p2": "Completed",
        f"{label}-records": "Read",
    }  # fmt: skip
    [record] = read_jsonl(tmp_path / "out" / "records.jsonl")
    assert (record.doc_type, record.pages) == ("ipra", [1, 2])


def test_ingest_command_fails_the_run_only_for_failed_tasks(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mseflow.errors import IncompleteRunError
    from mseflow.flows.cli import ingest_command

    assert ingest_command(archive, tmp_path / "ok").processed == 3

    def broken(*args: object) -> list[object]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("mseflow.flows.files.store_file", broken)
    with pytest.raises(IncompleteRunError, match="3 file"):
        ingest_command(archive, tmp_path / "broken")


def test_ingest_records_what_the_walk_refused(archive: Path, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.pdf"
    secret.write_bytes(b"%PDF-1.4 not for the archive")
    (archive / "link.pdf").symlink_to(secret)
    summary = ingest_archive(archive, tmp_path / "out", flow_settings=FAST)
    assert (summary.processed, summary.failed) == (3, 0)
    records = list(read_jsonl(tmp_path / "out" / "records.jsonl"))
    [refused] = [r for r in records if r.doc_type == "unreadable"]
    assert refused.validation.issues[0].code == "input_outside_root"
    assert not (tmp_path / "out" / "quarantine").exists()  # the target is never copied
    assert summary.records == 4
