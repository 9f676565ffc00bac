"""Plain functions behind the ``mseflow serve | ingest | watch | hris-feed`` commands.

The CLI (:mod:`mseflow.cli`) wraps them as Typer commands; Prefect is imported
inside them so ``mseflow --help`` stays fast. Each raises a
:class:`~mseflow.errors.MseflowError` for the per-run error boundary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mseflow.errors import ConfigError, IncompleteRunError

if TYPE_CHECKING:
    from mseflow.flows.hris import ExportSummary
    from mseflow.flows.process import RunSummary
    from mseflow.flows.settings import FlowSettings
    from mseflow.flows.watch import WatchSummary
    from mseflow.settings import Settings


def flow_settings_for(workers: int | None, dask_address: str | None) -> FlowSettings:
    """Flow settings from the environment, then the flags (``--workers`` / ``--dask-address``)."""
    from mseflow.flows.settings import FlowSettings

    if workers is not None and dask_address:
        raise ConfigError("give --workers or --dask-address, not both")
    settings = FlowSettings.from_env()
    if workers is not None or dask_address:
        settings = settings.model_copy(update={"workers": workers, "dask_address": dask_address})
    return settings


@contextlib.contextmanager
def _api_for(flow_settings: FlowSettings) -> Iterator[None]:
    """A local Prefect server for local Dask workers when no API is configured (env-notes trap 5)."""
    from mseflow.flows.server import configured_api_url, local_server

    if flow_settings.dask_address and not configured_api_url():
        raise ConfigError(
            "a remote Dask cluster needs a Prefect server its workers can reach: "
            "set PREFECT_API_URL (e.g. http://prefect:4200/api)"
        )
    if flow_settings.workers is None:
        yield
        return
    with local_server():
        yield


def ingest_command(
    archive: Path,
    out: Path,
    workers: int | None = None,
    dask_address: str | None = None,
    settings: Settings | None = None,
) -> RunSummary:
    """Process new files of ``archive`` into ``out`` once; raise when some file's task failed."""
    from mseflow.flows.runners import start_local_workers_early

    if not archive.is_dir():
        raise ConfigError(f"not a folder: {archive}")
    flow_settings = flow_settings_for(workers, dask_address)
    start_local_workers_early(flow_settings)  # local Dask workers load while Prefect imports here

    from mseflow.flows.archive import ingest_archive

    with _api_for(flow_settings):
        summary = ingest_archive(archive, out, settings=settings, flow_settings=flow_settings)
    if summary.failed:
        raise IncompleteRunError(
            f"{summary.failed} file(s) failed ({', '.join(summary.failed_hashes)}); "
            "run again to retry them, with -v for details"
        )
    return summary


def serve_command(
    archive: Path | None,
    out: Path,
    cron: str = "0 2 * * *",
    workers: int | None = None,
    dask_address: str | None = None,
    name: str | None = None,
    today: dt.date | None = None,
    hris_export_dir: Path | None = None,
    hris_cron: str = "0 6 * * *",
) -> None:
    """Serve ``ingest_archive`` for ``archive`` -> ``out`` on ``cron`` until interrupted.

    With ``hris_export_dir`` the HRIS feed from ``out`` is served too, on ``hris_cron``
    (``archive=None``: the feed alone).
    """
    from mseflow.flows.serve import archive_deployment, hris_deployment, serve_deployments

    if archive is None and hris_export_dir is None:
        raise ConfigError("give --archive, --hris-export-dir or both")
    deployments = []
    if archive is not None:
        _check_cron(cron)
        if not archive.is_dir():
            raise ConfigError(f"not a folder: {archive}")
        flow_settings = flow_settings_for(workers, dask_address)
        deployments.append(archive_deployment(archive, out, cron, flow_settings, name, today))
    if hris_export_dir is not None:
        _check_cron(hris_cron)
        deployments.append(hris_deployment(out, hris_export_dir, hris_cron))
    serve_deployments(deployments)


def _check_cron(cron: str) -> None:
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron)
    except ValidationError as exc:
        raise ConfigError(f"not a cron expression: {cron!r} (e.g. '0 2 * * *')") from exc


def watch_command(
    drop: Path,
    out: Path,
    once: bool = False,
    poll_interval: float = 2.0,
    settle_seconds: float = 2.0,
    settings: Settings | None = None,
) -> WatchSummary:
    """Watch ``drop`` for finished files; ``once`` returns when no file is waiting."""
    from mseflow.flows.watch import watch

    if poll_interval <= 0 or settle_seconds < 0:
        raise ConfigError("--poll-interval must be > 0 and --settle-seconds >= 0")
    return watch(
        drop, out, poll_interval=poll_interval, settle_seconds=settle_seconds, once=once,
        settings=settings,
    )  # fmt: skip


def hris_feed_command(
    out: Path,
    export_dir: Path,
    db: str | None = None,
    bom: bool = False,
    since: dt.datetime | None = None,
) -> ExportSummary:
    """Export new or changed records of ``out/records.sqlite`` to ``export_dir`` (and PostgreSQL)."""
    from mseflow.flows.hris import hris_feed

    if db is not None and not db.startswith(("postgresql://", "postgres://")):
        raise ConfigError("--db takes a PostgreSQL URL: postgresql://user@host:5432/dbname")
    if not (out / "records.sqlite").is_file():
        raise ConfigError(f"no records database in {out}: run `mseflow process` or `ingest` first")
    return hris_feed(out, export_dir, db=db, since=since, bom=bom)
