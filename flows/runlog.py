"""mseflow's own warnings in the Prefect UI: a handler that forwards them to the run logger.

The ``mseflow`` loggers name documents by their hash only (:func:`mseflow.logs.doc_logger`),
so what reaches Prefect's database is hash-only too. Only WARNING and above is
forwarded, and only inside a flow or task run (elsewhere the handler does nothing);
it is installed once per process (:func:`forward_warnings`), including in Dask workers,
where the task bodies call it.
"""

from __future__ import annotations

import logging
import threading

FORWARDED_LOGGER = "mseflow"
FORWARDED_LEVEL = logging.WARNING

_lock = threading.Lock()


class RunLoggerForwarder(logging.Handler):
    """Re-log ``mseflow`` records on the current Prefect run's logger."""

    def emit(self, record: logging.LogRecord) -> None:
        from prefect.exceptions import MissingContextError
        from prefect.logging import get_run_logger

        try:
            run_logger = get_run_logger()
        except MissingContextError:
            return
        run_logger.log(record.levelno, "%s: %s", record.name, record.getMessage())


def forward_warnings() -> RunLoggerForwarder:
    """Install the forwarder on the ``mseflow`` logger (once per process) and return it."""
    root = logging.getLogger(FORWARDED_LOGGER)
    with _lock:
        for handler in root.handlers:
            if isinstance(handler, RunLoggerForwarder):
                return handler
        handler = RunLoggerForwarder(level=FORWARDED_LEVEL)
        root.addHandler(handler)
        if root.getEffectiveLevel() > FORWARDED_LEVEL:
            root.setLevel(FORWARDED_LEVEL)
        return handler
