"""``ingest_archive``: walk an archive folder and process what is new since the last run.

Re-running skips files whose content hash was already processed with the same
pipeline version; a new pipeline version (changed extractors or rules) redoes them.
The task runner follows ``flow_settings`` (a thread pool, or Dask for ``workers`` /
``dask_address``), also in runs started by a deployment's schedule. Runs are named
``ingest-<label>-<date>``, the label from ``MSEFLOW_ARCHIVE_LABEL`` or a hash of the
folder's path (a folder may be named after a person).
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from mseflow.flows.process import RunSummary, name_for, run_documents
from mseflow.flows.runners import task_runner_for
from mseflow.flows.settings import FlowSettings, OutputLayout
from mseflow.ingest import walk_inputs
from mseflow.run_report import folder_label
from mseflow.settings import Settings


def _ingest_run_name() -> str:
    return name_for("ingest", "archive_dir")


@flow(name="ingest-archive", flow_run_name=_ingest_run_name, persist_result=False, log_prints=False)
def ingest_archive(
    archive_dir: Path,
    out_dir: Path,
    settings: Settings | None = None,
    flow_settings: FlowSettings | None = None,
) -> RunSummary:
    """Process every file under ``archive_dir`` (recursively, hidden entries skipped) into ``out_dir``.

    Files are processed in this flow run, or in one sub-flow run on Dask, with the
    same folder parameters: file names never become flow-run parameters.
    """
    flow_settings = flow_settings or FlowSettings()
    if flow_settings.uses_dask:
        batch = ingest_archive_batch.with_options(task_runner=task_runner_for(flow_settings))
        return batch(archive_dir, out_dir, settings, flow_settings)
    return ingest_archive_batch.fn(archive_dir, out_dir, settings, flow_settings)


@flow(
    name="ingest-archive-batch",
    flow_run_name=_ingest_run_name,
    persist_result=False,
    log_prints=False,
)
def ingest_archive_batch(
    archive_dir: Path,
    out_dir: Path,
    settings: Settings | None = None,
    flow_settings: FlowSettings | None = None,
) -> RunSummary:
    """The files of ``archive_dir`` through :func:`~mseflow.flows.process.run_documents`."""
    walk = walk_inputs([archive_dir])
    return run_documents(
        walk.files, OutputLayout(out_dir=out_dir), settings or Settings.from_env(),
        flow_settings or FlowSettings(), label=folder_label(archive_dir), refusals=walk.refusals,
    )  # fmt: skip
