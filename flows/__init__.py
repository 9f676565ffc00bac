"""Prefect 3 flows over the plain pipeline: the product as operators run it.

This is the only package that imports Prefect. The stages stay plain Python
(:mod:`mseflow.pipeline`); modules here compose them:

* :mod:`mseflow.flows.process` — ``process_documents``: one task per file (named final
  states), page tasks for long files, skip by hash + version, the run's artifact and event;
* :mod:`mseflow.flows.files` — the task bodies over the pipeline's one per-file function;
* :mod:`mseflow.flows.archive` — ``ingest_archive``: walk a folder, process what is new;
* :mod:`mseflow.flows.serve` — cron deployments of ``ingest_archive`` and the HRIS feed;
* :mod:`mseflow.flows.watch` — drop-folder mode, one long flow run;
* :mod:`mseflow.flows.hris` — ``hris_feed``: CSV / JSON Lines / PostgreSQL export, each record once;
* :mod:`mseflow.flows.server` — a temporary local Prefect server that never outlives its command;
* :mod:`mseflow.flows.runlog` — mseflow's warnings in the Prefect run log;
* :mod:`mseflow.flows.health` — container health checks (Prefect API + UI, review station);
* :mod:`mseflow.flows.cli` — plain functions behind the ``mseflow`` commands.

What is plain logic (outcome names, run names, the summary table) lives in
:mod:`mseflow.run_report`, testable without Prefect.

Importing this package sets safe defaults for Prefect's environment (a patient
ephemeral-server start-up, no telemetry; shared/env-notes.md trap 4) and single-threaded
Tesseract (trap 3) before Prefect is imported anywhere.
"""

from __future__ import annotations

import os

PREFECT_ENV_DEFAULTS: dict[str, str] = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "OMP_THREAD_LIMIT": "1",
}
"""Environment defaults applied on import (an operator's own values win)."""

for _name, _value in PREFECT_ENV_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
