"""Run the real ``mseflow`` command in a child process and measure it.

As root, permission cases are only meaningful without the capabilities that
bypass file modes: the child runs under ``setpriv`` with CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH taken out of its bounding set (root then obeys mode 000 and
read-only folders like any user). The child's peak memory comes from ``wait4``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

MSEFLOW = Path(sys.executable).with_name("mseflow")
DROP_CAPS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
PEAK_LAUNCHER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[2], sys.argv[2:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)
"""A small Python that starts mseflow and records its peak RSS (with its workers).

Measured from pytest's own child instead, the peak would include the pages a fork of the
(large) pytest process holds before it execs, not mseflow's own memory."""


@functools.cache
def permissions_enforced() -> str | None:
    """``None`` when mode 000 denies the child; else the reason the cases cannot be tested."""
    if os.geteuid() != 0:
        return None
    if shutil.which("setpriv") is None:
        return "running as root without setpriv: file modes cannot be enforced on the child"
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("x")
        probe.chmod(0o000)
        denied = subprocess.run([*DROP_CAPS, "cat", str(probe)], capture_output=True, check=False)
    if denied.returncode == 0:
        return "setpriv could not drop CAP_DAC_OVERRIDE here"
    return None


@dataclass(frozen=True)
class Run:
    """A finished ``mseflow`` run."""

    code: int
    stdout: str
    stderr: str
    max_rss_mb: float


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child run: single-thread Tesseract, no colours, wide lines."""
    env = dict(os.environ)
    env.update(
        {"OMP_THREAD_LIMIT": "1", "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"},
        **extra,
    )
    return env


def start(
    args: list[str], env: dict[str, str], drop_caps: bool = False, measure_peak: bool = False
) -> subprocess.Popen[str]:
    """Start ``mseflow ARGS`` (output to temp files, read by :func:`finish`).

    ``measure_peak`` runs it under :data:`PEAK_LAUNCHER` (then signals reach the launcher,
    not mseflow: fault tests that kill the run leave it off).
    """
    usable = os.geteuid() == 0 and permissions_enforced() is None
    prefix = DROP_CAPS if drop_caps and usable else []
    out = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by finish()
    err = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
    fd, peak = tempfile.mkstemp(prefix="mseflow-peak-")
    os.close(fd)
    launcher = [sys.executable, "-S", "-c", PEAK_LAUNCHER, peak] if measure_peak else []
    proc = subprocess.Popen(
        [*prefix, *launcher, str(MSEFLOW), *args],
        stdout=out,
        stderr=err,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    proc._mseflow_files = (out, err, peak)  # type: ignore[attr-defined]
    return proc


def finish(proc: subprocess.Popen[str], timeout: float = 300.0) -> Run:
    """Wait for ``proc`` (``wait4`` for its peak memory) and collect its output."""
    import signal
    import threading

    timer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err, peak = proc._mseflow_files  # type: ignore[attr-defined]
    texts = []
    for handle in (out, err):
        handle.seek(0)
        texts.append(handle.read())
        handle.close()
    peak_path = Path(peak)
    measured = peak_path.read_text().strip() if peak_path.exists() else ""
    peak_path.unlink(missing_ok=True)
    max_rss_kb = int(measured) if measured.isdigit() else usage.ru_maxrss
    return Run(proc.returncode, texts[0], texts[1], max_rss_kb / 1024)


def run(args: list[str], env: dict[str, str], drop_caps: bool = False) -> Run:
    """Run ``mseflow ARGS`` to the end."""
    return finish(start(args, env, drop_caps))
