"""Settings of the orchestration layer: concurrency backend, retries, output layout.

The pipeline's own settings (:class:`mseflow.settings.Settings`) stay separate; the
task runner is chosen from these settings, never hard-coded in a flow.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field


def _default_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class FlowSettings(BaseModel):
    """How a flow run spreads its tasks and where it writes."""

    workers: int | None = Field(
        None, ge=1, description="local Dask worker processes (None: a thread pool in-process)"
    )
    dask_address: str | None = Field(
        None, description="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786"
    )
    threads: int = Field(
        default_factory=_default_threads, ge=1, description="thread-pool size without Dask"
    )
    page_tasks_above: int | None = Field(
        4,
        ge=0,
        description="files of more pages get a task per page (None: one task per file always)",
    )
    single_writer: bool | None = Field(
        None,
        description=(
            "store records from the flow process only, never from the workers "
            "(None: only with dask_address, whose workers may be other machines)"
        ),
    )
    retries: int = Field(3, ge=0, description="retries of a task after a transient I/O error")
    retry_delay_s: float = Field(2.0, ge=0, description="seconds between those retries")

    @classmethod
    def from_env(cls) -> FlowSettings:
        """Defaults overridden by ``MSEFLOW_WORKERS`` and ``MSEFLOW_DASK_ADDRESS``."""
        values: dict[str, object] = {}
        if workers := os.environ.get("MSEFLOW_WORKERS"):
            values["workers"] = int(workers)
        if address := os.environ.get("MSEFLOW_DASK_ADDRESS"):
            values["dask_address"] = address
        if single := os.environ.get("MSEFLOW_SINGLE_WRITER"):
            values["single_writer"] = single.strip().lower() in {"1", "true", "yes"}
        return cls.model_validate(values)

    @property
    def writes_in_flow(self) -> bool:
        """Whether the flow process is the one writer of ``records.sqlite``."""
        return self.single_writer if self.single_writer is not None else bool(self.dask_address)

    @property
    def uses_dask(self) -> bool:
        """Whether tasks run on Dask (a local cluster or an existing one)."""
        return self.workers is not None or self.dask_address is not None


class OutputLayout(BaseModel):
    """Where a run writes: ``OUT/records.sqlite``, ``OUT/records.jsonl``, ``OUT/quarantine/``."""

    out_dir: Path

    @property
    def database(self) -> Path:
        """The SQLite records store (the cache of processed files)."""
        return self.out_dir / "records.sqlite"

    @property
    def jsonl(self) -> Path:
        """The run's records as JSON Lines."""
        return self.out_dir / "records.jsonl"

    @property
    def quarantine(self) -> Path:
        """Copies of unreadable inputs (originals are left where they are)."""
        return self.out_dir / "quarantine"
