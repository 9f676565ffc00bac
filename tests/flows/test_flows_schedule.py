"""``mseflow serve`` for real: its own Prefect server, a cron schedule that fires, Ctrl-C.

The command runs as an administrator runs it (a subprocess, no ``PREFECT_API_URL``),
so it starts a local ``prefect server start`` whose scheduler service creates the
runs. The cron has a seconds field (every 5 s) so the test waits seconds, not a
minute; the scheduler loop and the runner's poll are shortened for the same reason.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .documents import certificate_pdf, write_archive

pytestmark = pytest.mark.flows

EVERY_5_SECONDS = "* * * * * */5"


def _wait(condition: Callable[[], bool], timeout_s: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} within {timeout_s:.0f} s; output:\n{log.read_text()[-3000:]}")


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path, Path, Path]]:
    """``mseflow serve`` on a 2-file archive, killed (with its server) if the test fails."""
    archive, out, log = (
        write_archive(tmp_path / "archive", count=2),
        tmp_path / "out",
        tmp_path / "log",
    )
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env |= {
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
    }
    command = [sys.executable, "-m", "mseflow", "serve", "--archive", str(archive)]
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603
            [*command, "--out", str(out), "--cron", EVERY_5_SECONDS],
            env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_ctrl_c_as_at_a_terminal,
        )  # fmt: skip
    try:
        yield process, archive, out, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _ctrl_c_as_at_a_terminal() -> None:
    """In the child: SIGINT at its default, as for a command typed at a terminal.

    A test run started in the background (``cmd &`` from a script, as CI runners may) has
    SIGINT ignored, and every child inherits that: ``serve`` then rightly ignores Ctrl-C
    (seen: SigIgn 0x1001007 in /proc of the serve process), and this test failed.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_serve_runs_the_archive_on_its_schedule_and_stops_on_ctrl_c(
    serving: tuple[subprocess.Popen[bytes], Path, Path, Path],
) -> None:
    process, archive, out, log = serving
    records = out / "records.jsonl"
    _wait(lambda: _lines(records) == 2, 150, "no scheduled run wrote the 2 records", log)

    partial = archive / ".late-arrival.pdf.part"  # hidden: no run takes a half-written file
    partial.write_bytes(certificate_pdf(7))
    partial.rename(archive / "late-arrival.pdf")
    _wait(lambda: _lines(records) == 3, 60, "the next scheduled run did not add the new file", log)
    _wait(
        lambda: "processed=1 skipped=2" in log.read_text(), 20, "no run skipped the old files", log
    )

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    output = log.read_text()
    assert output.count("Flow run") >= 2 and "processed=2 skipped=0" in output
    assert "cert-" not in output and "late-arrival" not in output  # files named by hash only
    [port] = {int(p) for p in re.findall(r"http://127\.0\.0\.1:(\d+)/", output)}
    assert not _port_open(port)  # the local Prefect server went down with the command
