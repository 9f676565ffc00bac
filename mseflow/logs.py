"""Logging set-up: documents are named by their source hash, never by their content.

Use :func:`doc_logger` to log about a document; it prefixes ``[sha12 p.N]``.
Personal data (names, dates of birth, numbers) must not be logged at INFO or above.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any


class DocumentAdapter(logging.LoggerAdapter[logging.Logger]):
    """Prefix every message with the document's short hash (and page when given)."""

    def process(
        self, msg: Any, kwargs: MutableMapping[str, Any]
    ) -> tuple[Any, MutableMapping[str, Any]]:
        extra = self.extra or {}
        page = f" p.{extra['page']}" if extra.get("page") else ""
        return f"[{extra.get('source', '?')}{page}] {msg}", kwargs


def doc_logger(logger: logging.Logger, sha256: str, page: int | None = None) -> DocumentAdapter:
    """Return ``logger`` wrapped to name the document by ``sha256[:12]``."""
    return DocumentAdapter(logger, {"source": sha256[:12], "page": page})


def configure_logging(verbosity: int = 0) -> None:
    """Send mseflow's logs to stderr through Rich; ``verbosity`` 0=WARNING, 1=INFO, 2=DEBUG."""
    from rich.console import Console
    from rich.logging import RichHandler

    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = RichHandler(console=Console(stderr=True), show_path=False, rich_tracebacks=False)
    root = logging.getLogger("mseflow")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
