"""Serve ``ingest_archive`` on a cron schedule with Prefect's own ``serve``.

A schedule needs a real Prefect server (the ephemeral API runs no scheduler):
with ``PREFECT_API_URL`` unset, a local ``prefect server start`` is run for the
lifetime of the command (see :mod:`mseflow.flows.server`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mseflow.flows.archive import ingest_archive
from mseflow.flows.settings import FlowSettings

DEPLOYMENT_NAME = "archive-nightly"


def schedule_timezone() -> str:
    """The cron schedule's time zone: ``MSEFLOW_TIMEZONE`` (an IANA name), else UTC."""
    return os.environ.get("MSEFLOW_TIMEZONE") or "UTC"


def archive_deployment(
    archive: Path, out: Path, cron: str, flow_settings: FlowSettings, name: str = DEPLOYMENT_NAME
) -> Any:
    """A runner deployment of ``ingest_archive`` for ``archive`` -> ``out`` on ``cron``."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    return ingest_archive.to_deployment(
        name=name,
        schedule=Cron(cron, timezone=schedule_timezone()),
        parameters={
            "archive_dir": str(archive),
            "out_dir": str(out),
            "flow_settings": flow_settings.model_dump(mode="json"),
        },
        entrypoint_type=EntrypointType.MODULE_PATH,
        tags=["mseflow"],
    )


def serve_archive(archive: Path, out: Path, cron: str, flow_settings: FlowSettings) -> None:
    """Block, starting a run of ``ingest_archive`` at every ``cron`` tick (Ctrl-C stops)."""
    from prefect import serve

    from mseflow.flows.server import local_server

    with local_server():
        serve(archive_deployment(archive, out, cron, flow_settings), print_starting_message=False)
