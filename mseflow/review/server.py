"""``mseflow review``: check the address and the token, then serve the app with uvicorn."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mseflow.review.config import config_from_env, is_loopback
from mseflow.settings import Settings

logger = logging.getLogger(__name__)


def serve_review(
    out_dir: Path, host: str, port: int, settings: Settings, source_dirs: list[Path]
) -> None:
    """Serve the review station until Ctrl-C.

    Raises :class:`~mseflow.errors.ConfigError` before listening when ``host`` is
    not loopback and ``MSEFLOW_REVIEW_TOKEN`` is not set, or when OUT has no records.
    uvicorn's own access log is off (it writes query strings); the app logs
    paths only (:mod:`mseflow.review.security`).
    """
    import uvicorn

    from mseflow.review.app import create_app

    config = config_from_env(out_dir, host, settings, source_dirs)
    app = create_app(config)
    app.state.service.index.refresh()  # warm the queue before the first page
    shown = f"[{host}]" if ":" in host else host
    access = "login with MSEFLOW_REVIEW_TOKEN" if config.auth_on else "this computer only"
    reviews = settings.reviews
    history = f"PostgreSQL schema {reviews.pg_schema}" if reviews.dsn else "records.sqlite"
    sys.stderr.write(
        f"mseflow review: open http://{shown}:{port}/ ({access}; decisions in {history}); "
        "Ctrl-C stops\n"
    )
    if not is_loopback(host):
        logger.warning("listening beyond this computer: put HTTPS in front of it (a reverse proxy)")
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
