"""A local Prefect server, started only when a run needs one and none is configured.

Two cases need a real server (shared/env-notes.md traps 4–5): a cron schedule
(the ephemeral API runs no scheduler) and Dask worker processes (without
``PREFECT_API_URL`` each worker starts its own temporary server, ~15 s each).

The server never outlives the command: it is stopped (its whole process group) on
every exit path, SIGTERM included, and it gets SIGTERM from the kernel when the
command dies by ``kill -9``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

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
    with _server_log() as log:  # its output (tracebacks when stopped mid-request) stays out of ours
        process = subprocess.Popen(  # noqa: S603
            [*command, "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
    previous = os.environ.get("PREFECT_API_URL")
    try:
        with _sigterm_interrupts():
            _wait_healthy(api_url, process, timeout_s)
            os.environ["PREFECT_API_URL"] = api_url  # for child processes (Dask workers)
            with temporary_settings(updates={PREFECT_API_URL: api_url}):  # for this process
                yield api_url
    finally:
        with contextlib.suppress(Exception):  # the server goes down whatever the drain does
            _drain_prefect_clients()
        _restore_env("PREFECT_API_URL", previous)
        stop_server(process)


@contextlib.contextmanager
def _server_log() -> Iterator[int]:
    """``PREFECT_HOME/local-server.log``, private (0600), appended to."""
    from prefect.settings import PREFECT_HOME

    home = Path(str(PREFECT_HOME.value())).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / "local-server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        yield fd
    finally:
        os.close(fd)


def stop_server(process: subprocess.Popen[bytes], timeout_s: float = 15.0) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after ``timeout_s``."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout_s)
            return
        except subprocess.TimeoutExpired:
            continue


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the server's process: get SIGTERM when its parent dies, even by ``kill -9`` (Linux)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt meanwhile, so ``finally`` blocks stop the server."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):  # someone (watch, a runner) handles it already
        yield
        return
    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
