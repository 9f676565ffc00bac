"""Serving, runner choice and the CLI functions' argument checks (no long-running server)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mseflow.errors import ConfigError
from mseflow.flows.cli import flow_settings_for, hris_feed_command, serve_command
from mseflow.flows.runners import task_runner_for
from mseflow.flows.serve import archive_deployment
from mseflow.flows.settings import FlowSettings

pytestmark = pytest.mark.flows


def test_archive_deployment_runs_nightly_with_folder_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSEFLOW_TIMEZONE", "Europe/Moscow")
    deployment = archive_deployment(
        tmp_path / "a", tmp_path / "o", "0 2 * * *", FlowSettings(workers=2)
    )
    [schedule] = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "Europe/Moscow")
    assert deployment.entrypoint == "mseflow.flows.archive.ingest_archive"
    assert deployment.parameters["archive_dir"] == str(tmp_path / "a")
    assert deployment.parameters["flow_settings"]["workers"] == 2
    assert re.fullmatch(r"archive-dir-[0-9a-f]{10}", deployment.name)
    assert "settings" not in deployment.parameters  # each run judges expiry on its own day


def test_deployment_names_and_today_come_from_the_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from mseflow.flows.serve import hris_deployment
    from mseflow.settings import Settings

    fixed = archive_deployment(
        tmp_path / "Иванов", tmp_path / "o", "0 2 * * *", FlowSettings(), name="nightly",
        today=dt.date(2025, 3, 1),
    )  # fmt: skip
    assert fixed.name == "nightly"
    settings = Settings.model_validate(fixed.parameters["settings"])
    assert settings.validation.today == dt.date(2025, 3, 1)
    monkeypatch.setenv("MSEFLOW_ARCHIVE_LABEL", "hr-scans")
    labelled = archive_deployment(tmp_path / "Иванов", tmp_path / "o", "0 2 * * *", FlowSettings())
    assert labelled.name == "archive-hr-scans"
    feed = hris_deployment(tmp_path / "o", tmp_path / "export", "0 6 * * *")
    assert (feed.name, feed.entrypoint) == (
        "hris-feed-hr-scans", "mseflow.flows.serve.hris_feed_scheduled",
    )  # fmt: skip
    assert feed.parameters == {
        "store_dir": str(tmp_path / "o"),
        "export_dir": str(tmp_path / "export"),
    }
    monkeypatch.setenv("MSEFLOW_ARCHIVE_LABEL", "Иванов")
    with pytest.raises(ConfigError, match="MSEFLOW_ARCHIVE_LABEL"):
        archive_deployment(tmp_path, tmp_path, "0 2 * * *", FlowSettings())


def test_runner_comes_from_settings() -> None:
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    assert isinstance(task_runner_for(FlowSettings(threads=3)), ThreadPoolTaskRunner)
    local = task_runner_for(FlowSettings(workers=2))
    assert isinstance(local, DaskTaskRunner)
    assert (
        local.cluster_kwargs["n_workers"] == 2 and local.cluster_kwargs["threads_per_worker"] == 1
    )
    assert local.cluster_kwargs["env"] == {"OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1"}
    assert local.cluster_kwargs["preload"] == ["mseflow.preload"]  # models loaded at start
    import dask

    # local workers are forks of one preloaded forkserver, not fresh interpreters (issue 13)
    assert dask.config.get("distributed.worker.multiprocessing-method") == "forkserver"
    one = task_runner_for(FlowSettings(workers=1))  # one worker: this process, no cluster
    assert isinstance(one, ThreadPoolTaskRunner) and one._max_workers == 1
    remote = task_runner_for(FlowSettings(dask_address="tcp://127.0.0.1:8786"))
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://127.0.0.1:8786"


def test_cli_functions_reject_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not both"):
        flow_settings_for(2, "tcp://127.0.0.1:8786")
    with pytest.raises(ConfigError, match="cron"):
        serve_command(tmp_path, tmp_path, cron="every night")
    with pytest.raises(ConfigError, match="--archive, --hris-export-dir"):
        serve_command(None, tmp_path)
    with pytest.raises(ConfigError, match="PostgreSQL URL"):
        hris_feed_command(tmp_path, tmp_path, db="mysql://x")
    with pytest.raises(ConfigError, match="no records database"):
        hris_feed_command(tmp_path, tmp_path / "hris")
