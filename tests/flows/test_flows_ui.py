"""What an operator sees in the Prefect UI, read back through Prefect's client.

Named task states per file, a flow-run name without personal data, the run's
table artifact, mseflow's warnings in the run's logs and the review event.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from mseflow.fixtures.sample import SAMPLE_DIR
from mseflow.flows.archive import ingest_archive
from mseflow.flows.settings import FlowSettings
from mseflow.records.sqlite import record_id

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect_harness")]

REVIEW_URL = "http://127.0.0.1:8765"
FAST = FlowSettings(threads=2, retries=0, retry_delay_s=0.0)
SAMPLES = {
    "Иванов Иван Иванович/certificate-text.pdf": "certificate-text.pdf",
    "Иванов Иван Иванович/certificate-invalid-term.pdf": "certificate-invalid-term.pdf",
    "leave-request.pdf": "other-leave-request.pdf",
}


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, Path]:
    """One ingest of a read, an invalid, a needs-review and an unreadable file."""
    archive = tmp_path_factory.mktemp("archive") / "Петрова Анна"  # a folder named after a person
    for target, sample in SAMPLES.items():
        (archive / target).parent.mkdir(parents=True, exist_ok=True)
        (archive / target).write_bytes((SAMPLE_DIR / "documents" / sample).read_bytes())
    (archive / "empty.pdf").write_bytes(b"")
    out = archive.parent / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MSEFLOW_REVIEW_URL", REVIEW_URL + "/")
        state = ingest_archive(archive, out, flow_settings=FAST, return_state=True)
    return state, archive, out


def _ask(method: str, *args: Any, **kwargs: Any) -> Any:
    """Call a method of Prefect's (async) client on the test's API."""
    import asyncio

    from prefect.client.orchestration import get_client

    async def call() -> Any:
        async with get_client() as client:
            return await getattr(client, method)(*args, **kwargs)

    return asyncio.run(call())


def _post(route: str, body: dict[str, Any]) -> Any:
    """A raw API call (the client sends ``null`` filters that this server rejects)."""
    import asyncio

    from prefect.client.orchestration import get_client

    async def call() -> Any:
        async with get_client() as client:
            response = await client.request("POST", route, json=body)
            return response.json()

    return asyncio.run(call())


def _task_runs(flow_run_id: Any) -> list[Any]:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    return _ask(
        "read_task_runs",
        flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
        sort=TaskRunSort.EXPECTED_START_TIME_ASC,
        limit=200,
    )


def test_each_file_task_ends_in_a_named_state_and_the_flow_completes(
    mixed_run: tuple[Any, Path, Path],
) -> None:
    state, _, _ = mixed_run
    assert state.is_completed()
    summary = state.result()
    assert summary.outcomes == {"Read": 1, "Invalid": 1, "NeedsReview": 1, "Quarantined": 1}
    runs = [r for r in _task_runs(state.state_details.flow_run_id) if r.name.startswith("doc-")]
    assert sorted((r.state.type.value, r.state.name) for r in runs) == [
        ("COMPLETED", "Invalid"),
        ("COMPLETED", "NeedsReview"),
        ("COMPLETED", "Quarantined"),
        ("COMPLETED", "Read"),
    ]


def test_the_flow_run_is_named_from_the_folder_hash_and_the_date(
    mixed_run: tuple[Any, Path, Path],
) -> None:
    state, _, _ = mixed_run
    run = _ask("read_flow_run", state.state_details.flow_run_id)
    assert re.fullmatch(r"ingest-dir-[0-9a-f]{10}-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ", run.name)
    assert "Петрова" not in run.name and "Иванов" not in run.name


def test_the_run_leaves_a_table_artifact_with_counts_and_review_ids(
    mixed_run: tuple[Any, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.client.schemas.objects import Artifact

    state, _, out = mixed_run
    flow_run_id = str(state.state_details.flow_run_id)
    body = {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 10, "offset": 0}
    [artifact] = Artifact.model_validate_list(
        _post("/artifacts/filter", body | {"sort": "ID_DESC"})
    )
    assert artifact.type == "table" and artifact.key.startswith("mseflow-dir-")
    rows = {row["document type"]: row for row in _table(artifact.data)}
    assert rows["mse_certificate"] | {} == {
        "document type": "mse_certificate", "valid": 1, "needs_review": 0, "invalid": 1,
        "total": 2,
    }  # fmt: skip
    assert (rows["other"]["needs_review"], rows["unreadable"]["invalid"]) == (1, 1)
    from mseflow.records.jsonl import read_jsonl

    [other] = [r for r in read_jsonl(out / "records.jsonl") if r.doc_type == "other"]
    assert state.result().review_ids == [record_id(other)]
    assert record_id(other) in artifact.description
    assert f"Review station: {REVIEW_URL}" in artifact.description
    assert "Read 1" in artifact.description and "Quarantined 1" in artifact.description
    assert "Петрова" not in str(artifact.data) + artifact.description


def _table(data: Any) -> list[dict[str, Any]]:
    import json

    return json.loads(data) if isinstance(data, str) else data


def test_mseflow_warnings_reach_the_run_log_by_hash(mixed_run: tuple[Any, Path, Path]) -> None:
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    state, _, _ = mixed_run
    APILogWorker.drain_all(timeout=10)
    flow_run_id = state.state_details.flow_run_id
    logs = _ask(
        "read_logs",
        log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])),
        limit=200,
        offset=0,
    )
    messages = [log.message for log in logs]
    unreadable = [m for m in messages if "mseflow.pipeline" in m and "unreadable" in m]
    assert len(unreadable) == 1 and re.search(r"\[[0-9a-f]{12}\] unreadable: ", unreadable[0])
    assert any("1 record(s) need review" in m for m in messages)
    assert not [m for m in messages if "Иванов" in m or "Петрова" in m or ".pdf" in m]


def test_a_review_needed_event_is_emitted(mixed_run: tuple[Any, Path, Path]) -> None:
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter
    from prefect.events.worker import EventsWorker

    from mseflow.run_report import folder_label

    state, archive, _ = mixed_run
    EventsWorker.drain_all(timeout=10)
    resource = f"mseflow.folder.{folder_label(archive)}"
    wanted = EventFilter(
        event=EventNameFilter(name=["mseflow.review.needed"]),
        resource=EventResourceFilter(id=[resource]),
    )
    deadline, events = time.monotonic() + 60, []
    while time.monotonic() < deadline:
        events = _ask("read_events", filter=wanted, limit=50).events
        if events:
            break
        time.sleep(1)
    assert len(events) == 1
    [event] = events
    assert event.payload["record_ids"] == state.result().review_ids
    assert (event.payload["count"], event.payload["review_url"]) == (1, REVIEW_URL)
    assert event.resource.id == resource
