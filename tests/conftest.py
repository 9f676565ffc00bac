"""Test-wide settings: single-threaded Tesseract, quiet Prefect."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(autouse=True)
def _reset_mseflow_logger() -> Iterator[None]:
    """The CLI configures the ``mseflow`` logger (Rich handler, no propagation); put it
    back to a library's defaults after each test so ``caplog`` sees mseflow's records.

    Not a save/restore: a module-scoped fixture may have run the CLI before this
    fixture starts.
    """
    yield
    logger = logging.getLogger("mseflow")
    logger.handlers.clear()
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
