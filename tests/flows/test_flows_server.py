"""``ingest``'s temporary Prefect server never outlives the command: SIGTERM and kill -9."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .documents import write_archive

pytestmark = pytest.mark.flows


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _started_server(log: Path, process: subprocess.Popen[bytes]) -> int:
    """The port of the ``prefect server start`` the command started, once it answers."""
    import psutil

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(process.pid).children(recursive=True):
                line = child.cmdline()
                if "server" in line and "--port" in line:
                    port = int(line[line.index("--port") + 1])
                    if _port_open(port):
                        return port
        time.sleep(0.2)
    pytest.fail(f"no local Prefect server came up; output:\n{log.read_text()[-3000:]}")


def _wait_closed(port: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not _port_open(port):
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "kill-9"])
def test_ingest_stops_its_temporary_server_when_it_is_killed(
    tmp_path: Path, sig: signal.Signals
) -> None:
    archive = write_archive(tmp_path / "archive", count=12)  # still running when killed
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    log = tmp_path / "log"
    command = [sys.executable, "-m", "mseflow", "ingest", str(archive)]
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603
            [*command, "--out", str(tmp_path / "out"), "--workers", "1"],
            env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        port = _started_server(log, process)
        process.send_signal(sig)
        code = process.wait(timeout=60)
        assert _wait_closed(port, 30), "the Prefect server outlived the command"
        if sig == signal.SIGTERM:
            assert code == 130 and "Traceback" not in log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
