"""Serve ``ingest_archive`` (and the HRIS feed) on cron schedules with Prefect's own ``serve``.

A schedule needs a real Prefect server (the ephemeral API runs no scheduler):
with ``PREFECT_API_URL`` unset, a local ``prefect server start`` is run for the
lifetime of the command (see :mod:`mseflow.flows.server`).

Deployment names come from the options: ``archive-<label>`` and
``hris-feed-<label>``, the label from ``MSEFLOW_ARCHIVE_LABEL`` or a hash of the
folder's path (never the folder's own name, which may be a person's), unless
``--name`` gives one. The HRIS database's DSN is read at run time from
``MSEFLOW_HRIS_DSN``, so no password becomes a deployment parameter.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from prefect import flow

from mseflow.flows.archive import ingest_archive
from mseflow.flows.settings import FlowSettings
from mseflow.run_report import folder_label
from mseflow.settings import Settings

HRIS_DSN_ENV = "MSEFLOW_HRIS_DSN"
"""The PostgreSQL DSN the scheduled HRIS feed writes to (read when each run starts)."""


def schedule_timezone() -> str:
    """The cron schedule's time zone: ``MSEFLOW_TIMEZONE`` (an IANA name), else UTC."""
    return os.environ.get("MSEFLOW_TIMEZONE") or "UTC"


def deployment_name(kind: str, folder: Path, name: str | None = None) -> str:
    """``<kind>-<label>`` (or ``name``): what the Prefect UI lists the deployment as."""
    return name or f"{kind}-{folder_label(folder)}"


def archive_deployment(
    archive: Path,
    out: Path,
    cron: str,
    flow_settings: FlowSettings,
    name: str | None = None,
    today: dt.date | None = None,
) -> Any:
    """A runner deployment of ``ingest_archive`` for ``archive`` -> ``out`` on ``cron``.

    ``today`` fixes the date expiry is judged on (``serve --today``); without it each
    run judges as of its own day.
    """
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    parameters: dict[str, Any] = {
        "archive_dir": str(archive),
        "out_dir": str(out),
        "flow_settings": flow_settings.model_dump(mode="json"),
    }
    if today is not None:
        settings = Settings.from_env()
        settings.validation.today = today
        parameters["settings"] = settings.model_dump(mode="json")
    return ingest_archive.to_deployment(
        name=deployment_name("archive", archive, name),
        schedule=Cron(cron, timezone=schedule_timezone()),
        parameters=parameters,
        entrypoint_type=EntrypointType.MODULE_PATH,
        tags=["mseflow"],
    )


@flow(name="hris-feed-scheduled", persist_result=False, log_prints=False)
def hris_feed_scheduled(store_dir: Path, export_dir: Path) -> Any:
    """The HRIS feed as a scheduled run: PostgreSQL from ``MSEFLOW_HRIS_DSN`` when set."""
    from mseflow.flows.hris import hris_feed

    return hris_feed(store_dir, export_dir, db=os.environ.get(HRIS_DSN_ENV) or None)


def hris_deployment(store: Path, export_dir: Path, cron: str, name: str | None = None) -> Any:
    """A runner deployment of the HRIS feed from ``store`` to ``export_dir`` on ``cron``."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    return hris_feed_scheduled.to_deployment(
        name=deployment_name("hris-feed", store, name),
        schedule=Cron(cron, timezone=schedule_timezone()),
        parameters={"store_dir": str(store), "export_dir": str(export_dir)},
        entrypoint_type=EntrypointType.MODULE_PATH,
        tags=["mseflow"],
    )


def serve_deployments(deployments: list[Any]) -> None:
    """Block, running each deployment at its schedule's ticks (Ctrl-C / SIGTERM stops)."""
    from prefect import serve

    from mseflow.flows.server import local_server

    with local_server():
        # One run at a time: a run still going at the next tick makes that tick wait
        # (two ingest runs over one archive would read every new file twice).
        serve(*deployments, print_starting_message=False, limit=1)


def serve_archive(
    archive: Path,
    out: Path,
    cron: str,
    flow_settings: FlowSettings,
    name: str | None = None,
    today: dt.date | None = None,
) -> None:
    """Block, starting a run of ``ingest_archive`` at every ``cron`` tick (Ctrl-C stops)."""
    serve_deployments([archive_deployment(archive, out, cron, flow_settings, name, today)])
