"""A local Prefect server, started only when a run needs one and none is configured.

Two cases need a real server (shared/env-notes.md traps 4–5): a cron schedule
(the ephemeral API runs no scheduler) and Dask worker processes (without
``PREFECT_API_URL`` each worker starts its own temporary server, ~15 s each).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

from mseflow.errors import ConfigError

logger = logging.getLogger(__name__)


def configured_api_url() -> str | None:
    """The Prefect API this process talks to (env, profile or test harness), if any."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(api_url: str, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(f"`prefect server start` exited with status {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{api_url}/health", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.5)
    raise ConfigError(f"the local Prefect server did not answer within {timeout_s:.0f} s")


@contextlib.contextmanager
def local_server(timeout_s: float = 120.0) -> Iterator[str]:
    """Run ``prefect server start`` on loopback for the duration; export its ``PREFECT_API_URL``.

    Does nothing (yields the configured URL) when an API is already configured.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    existing = configured_api_url()
    if existing:
        yield existing
        return
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    env = {**os.environ, "PREFECT_UI_ENABLED": "false"}
    logger.info("starting a local Prefect server on %s", api_url)
    process = subprocess.Popen(  # noqa: S603
        [*command, "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    previous = os.environ.get("PREFECT_API_URL")
    try:
        _wait_healthy(api_url, process, timeout_s)
        os.environ["PREFECT_API_URL"] = api_url  # for child processes (Dask workers)
        with temporary_settings(updates={PREFECT_API_URL: api_url}):  # for this process
            yield api_url
    finally:
        _drain_prefect_clients()
        _restore_env("PREFECT_API_URL", previous)
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)


def _drain_prefect_clients(timeout_s: float = 10.0) -> None:
    """Send buffered logs and events while the server still runs (else exit waits on retries)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=timeout_s, at_exit=False)


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
