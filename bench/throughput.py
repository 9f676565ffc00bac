"""Throughput benchmark: the figures a user would compare, on one generated set.

Generates one set with the project's fixtures generator (scans and text-layer PDFs)
and times, interleaved and repeated (``--repeat``; min / median / max per run):

* ``naive``: the plain command-line way, ``pdftoppm -r 300 -gray`` (PGM: its PNG output
  takes ~8 s a page here) for PDFs, then one
  ``tesseract PAGE - -l rus`` process per page, then a few regexes on the text;
* ``process -j1`` and ``process -j2``: ``mseflow process`` with 1 and 2 worker processes;
* ``ingest w1`` and ``ingest w2`` (unless ``--no-ingest``): ``mseflow ingest --workers N``
  against a Prefect server that the benchmark starts first (its start-up is not counted);
* ``text -j1``: ``mseflow process`` on the text-layer PDFs alone;
* ``tesseract x1`` and ``tesseract x2`` (unless ``--no-bound``): one, then two concurrent
  loops of plain ``tesseract PAGE - -l rus`` over the same page images (``x2`` does every
  page twice), nothing of mseflow: how far two single-threaded Tesseract processes scale
  on this machine, the bound of ``-j2`` and ``ingest --workers 2`` against one worker.

Scanned runs use the scanned files only; the text-layer run the text-layer files only.
Every run is a fresh command (start-up included), as a user runs it. For each it prints
wall pages/s, CPU seconds per page (all processes of the run: robust when the machine
is shared), the peak RSS of the largest process and of each worker, then the ratios.
Start-up: the wall time of ``mseflow process`` on one text-layer page.
For ``process -j2`` and ``ingest w2`` it also prints each run's critical path in CPU
seconds (the busiest worker, the command's own process, the forkserver), and the ratio to
one process a machine with nothing else on its cores would give (read when the machine is
shared: a worker's CPU seconds do not grow while it waits for a core).

``--large N`` also times ``process -j1/-j2`` and ``ingest w1/w2`` on a second, larger set
of N scanned documents (rows ending in `` L``). A run's cost is then split in two, from the
two set sizes: a fixed part (start-up, Prefect, a Dask cluster: paid once per command) and
a steady part per page (what a page costs in a long run). On a 12-page set the fixed cost
of ``ingest --workers 2`` is about as large as the pages themselves, so its ratio to one
worker says little about an archive; the steady ratio is the one to read there.

``--ceiling`` measures the machine instead: two concurrent plain ``tesseract`` processes
against one, on the same scanned pages, interleaved and repeated. Two workers of ours
cannot scale better than that, so it is the bound to read the 1.8× targets against.

    .venv/bin/python bench/throughput.py --scans 6 --texts 6 --repeat 3 [--no-ingest]
    .venv/bin/python bench/throughput.py --scans 10 --texts 1 --repeat 5 --ceiling
    .venv/bin/python bench/throughput.py --scans 10 --texts 6 --repeat 3 --large 40
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

VENV_BIN = Path(sys.executable).parent
MSEFLOW = str(VENV_BIN / "mseflow")
SCAN_KINDS = ["png", "tiff", "scan_pdf", "jpeg"]
NAIVE_PATTERNS = [
    re.compile(r"МСЭ-\d{4}\s*№\s*\d+"),
    re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b"),
    re.compile(r"(?:групп[аы]|группа инвалидности)\D{0,20}(I{1,3}|[123])", re.IGNORECASE),
    re.compile(r"(?:степен[ьи])\D{0,20}(I{1,3}|[123])", re.IGNORECASE),
]


@dataclass
class Sample:
    """One timed run."""

    wall: float
    cpu: float
    peak_rss_mb: float
    worker_rss_mb: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    """CPU seconds the Prefect server spent during the run (ingest runs; not in ``cpu``)."""
    worker_cpu: list[float] = field(default_factory=list)
    """CPU seconds of each worker process (grandchildren: forks of the forkserver)."""
    own_cpu: float = 0.0
    """CPU seconds of the command's own process (the parent of ``process -j``, the flow)."""
    helper_cpu: float = 0.0
    """CPU seconds of the command's direct children (the forkserver, its resource tracker)."""

    def critical_cpu(self, with_helpers: bool) -> float:
        """The busiest worker's CPU plus the command's own, plus its helpers' with
        ``with_helpers``: the critical path of a contention-free run, read as if the
        command's own work never overlapped the busiest worker, and the forkserver's imports
        either all overlapped the command's start (without) or none did (with)."""
        if not self.worker_cpu:
            return self.cpu
        helpers = self.helper_cpu if with_helpers else 0.0
        return max(self.worker_cpu) + self.own_cpu + helpers


@dataclass
class Run:
    """A named command over a set of ``pages`` pages, with its samples."""

    name: str
    pages: int
    command: Callable[[Path], Sample]
    samples: list[Sample] = field(default_factory=list)

    def rates(self) -> list[float]:
        return sorted(self.pages / s.wall for s in self.samples)

    def median_rate(self) -> float:
        return statistics.median(self.rates())


class RssWatch:
    """Polls the peak RSS (VmHWM) of a process tree until stopped."""

    def __init__(self, pid: int) -> None:
        self.root = pid
        self.peaks: dict[int, tuple[str, float]] = {}
        self.cpu: dict[int, float] = {}
        self.direct: set[int] = set()
        """Direct children of the root (a forkserver, a tesseract); the rest are their forks."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.root)
                self.direct.update(child.pid for child in root.children())
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            for proc in procs:
                try:
                    hwm = _vm_hwm_mb(proc.pid)
                    name = " ".join(proc.cmdline())
                    times = proc.cpu_times()
                except (psutil.Error, OSError):
                    continue
                self.cpu[proc.pid] = times.user + times.system
                if hwm > self.peaks.get(proc.pid, ("", 0.0))[1]:
                    self.peaks[proc.pid] = (name, hwm)
            self._stop.wait(0.1)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _vm_hwm_mb(pid: int) -> float:
    with Path(f"/proc/{pid}/status").open() as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def run_command(argv: list[str], env: dict[str, str] | None = None) -> Sample:
    """Run ``argv`` to the end; wall time, CPU of all its reaped processes, peak RSS."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    watch = RssWatch(proc.pid)
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    watch.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} failed ({proc.returncode}): {err[-2000:]}")
    peaks = watch.peaks.values()
    workers = [mb for name, mb in peaks if "multiprocessing" in name or "dask" in name]
    cpu = max(_children_cpu() - cpu0, sum(watch.cpu.values()))  # workers of a forkserver
    forks = [c for pid, c in watch.cpu.items() if pid != proc.pid and pid not in watch.direct]
    sample = Sample(wall, cpu, max((mb for _, mb in peaks), default=0.0), workers)
    sample.worker_cpu, sample.own_cpu = sorted(forks, reverse=True), watch.cpu.get(proc.pid, 0.0)
    sample.helper_cpu = sum(c for pid, c in watch.cpu.items() if pid in watch.direct)
    return sample


def naive(files: list[Path], work: Path) -> Sample:
    """pdftoppm for PDFs, one ``tesseract PAGE - -l rus`` per page, regexes on the text."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    found = 0
    for index, path in enumerate(files):
        pages = [path]
        if path.suffix.lower() == ".pdf":
            prefix = work / f"p{index}"
            subprocess.run(["pdftoppm", "-r", "300", "-gray", str(path), str(prefix)], check=True)
            pages = sorted(work.glob(f"p{index}-*.pgm"))
        elif path.suffix.lower() in (".tif", ".tiff"):
            pages = [path]  # tesseract reads every frame of a multi-page TIFF
        for page in pages:
            text = subprocess.run(
                ["tesseract", str(page), "-", "-l", "rus"],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
            found += sum(bool(p.search(text)) for p in NAIVE_PATTERNS)
    wall = time.perf_counter() - start
    for leftover in work.glob("p*-*.pgm"):
        leftover.unlink()
    return Sample(wall, _children_cpu() - cpu0, 0.0)


def plain_pages(files: list[Path], work: Path) -> list[Path]:
    """The page images the naive path gives ``tesseract`` (PDFs rendered once, not timed)."""
    pages: list[Path] = []
    for index, path in enumerate(files):
        if path.suffix.lower() == ".pdf":
            prefix = work / f"c{index}"
            subprocess.run(["pdftoppm", "-r", "300", "-gray", str(path), str(prefix)], check=True)
            pages.extend(sorted(work.glob(f"c{index}-*.pgm")))
        else:
            pages.append(path)  # tesseract reads every frame of a multi-page TIFF
    return pages


def _frames(pages: list[Path]) -> int:
    """Pages in these images (a multi-page TIFF counts each frame)."""
    from PIL import Image

    total = 0
    for page in pages:
        with Image.open(page) as image:
            total += getattr(image, "n_frames", 1)
    return total


def plain_streams(pages: list[Path], streams: int) -> Sample:
    """``streams`` concurrent loops, each running ``tesseract PAGE - -l rus`` over every page.

    Nothing of mseflow runs: this is what the machine itself gives one and two
    single-threaded Tesseract processes (``OMP_THREAD_LIMIT=1``).
    """
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    failures: list[str] = []

    def loop() -> None:
        for page in pages:
            done = subprocess.run(
                ["tesseract", str(page), "-", "-l", "rus"], capture_output=True, env=env
            )
            if done.returncode != 0:
                failures.append(f"{page.name}: {done.stderr[-300:]!r}")

    cpu0 = _children_cpu()
    start = time.perf_counter()
    threads = [threading.Thread(target=loop) for _ in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if failures:
        raise SystemExit("tesseract failed: " + "; ".join(failures[:3]))
    return Sample(wall, _children_cpu() - cpu0, 0.0)


def ceiling(files: list[Path], work: Path, repeat: int) -> None:
    """Print how two concurrent plain Tesseract processes scale against one on this machine.

    The same pages, the two runs interleaved (their order alternating per repeat) and
    repeated; the scaling of a repeat is ``2 × wall(one) / wall(two)`` (two streams do
    twice the pages). This bounds what ``process -j2`` and ``ingest --workers 2`` can
    reach against one worker: they cannot scale better than Tesseract alone does here.
    """
    pages = plain_pages(files, work)
    count = _frames(pages)
    scaling: list[float] = []
    cpu: dict[int, list[float]] = {1: [], 2: []}
    for rep in range(repeat):
        order = (1, 2) if rep % 2 == 0 else (2, 1)
        samples: dict[int, Sample] = {}
        for streams in order:
            load = os.getloadavg()[0]
            samples[streams] = sample = plain_streams(pages, streams)
            cpu[streams].append(sample.cpu / (streams * count))
            print(
                f"repeat {rep + 1}: {streams} tesseract process(es) at once  "
                f"{streams * count / sample.wall:5.2f} pages/s  "
                f"({sample.wall:.1f} s wall, {sample.cpu / (streams * count):.2f} CPU s/page,"
                f" load average {load:.1f} before)",
                flush=True,
            )
        scaling.append(2 * samples[1].wall / samples[2].wall)
    scaling.sort()
    print()
    print(
        f"{'plain tesseract, 2 processes vs 1 (wall)':<44} {statistics.median(scaling):5.2f}x  "
        f"(min {scaling[0]:.2f}, max {scaling[-1]:.2f}; per repeat: "
        + ", ".join(f"{value:.2f}" for value in scaling)
        + ")"
    )
    one, two = statistics.median(cpu[1]), statistics.median(cpu[2])
    print(
        f"{'plain tesseract, CPU s/page, 1 vs 2 at once':<44} {one:5.2f} vs {two:.2f} "
        f"({two / one:.2f}x: what a page costs more when both cores work)"
    )
    print(
        f"{'':<44} {count} pages, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )


def compile_sources() -> int:
    """Write the bytecode caches of mseflow's own packages, as a pip install of the wheel does.

    An editable install run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the project's
    machines) otherwise compiles every module of ours at every start, ~0.3 CPU s that a
    user's install never pays. Returns the number of package folders compiled.
    """
    import compileall
    import importlib.util

    folders = set()
    for name in ("mseflow", "mseflow.extractors", "mseflow.validators", "mseflow.flows"):
        spec = importlib.util.find_spec(name)  # the folder, without importing the package
        if spec is not None and spec.submodule_search_locations:
            folders.update(Path(folder) for folder in spec.submodule_search_locations)
    for folder in folders:
        compileall.compile_dir(folder, quiet=1)
    return len(folders)


def count_pages(files: list[Path]) -> int:
    from mseflow.reading.files import plan_pages
    from mseflow.settings import ReadingSettings

    settings = ReadingSettings()
    return sum(plan_pages(path.read_bytes(), settings).count for path in files)


def link_set(files: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy2(path, folder / path.name)
    return folder


class PrefectServer:
    """``prefect server start`` on a free local port with its own PREFECT_HOME."""

    def __init__(self, home: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/api"
        self.env = {
            **os.environ,
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": self.url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
        server_env = {k: v for k, v in self.env.items() if k != "PREFECT_API_URL"}
        self.proc = subprocess.Popen(
            [
                str(VENV_BIN / "prefect"),
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=server_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 240) -> float:
        import urllib.request

        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.5)
        raise SystemExit("the Prefect server did not become healthy")

    def cpu(self) -> float:
        """CPU seconds of the server's processes so far."""
        total = 0.0
        try:
            root = psutil.Process(self.proc.pid)
            for proc in [root, *root.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
        return total

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _fmt_rates(run: Run) -> str:
    rates = run.rates()
    return f"{rates[0]:6.2f} {statistics.median(rates):6.2f} {rates[-1]:6.2f}"


def steady_text_rate(files: list[Path], pages: int) -> float:
    """Text-layer pages per CPU second in this process, warm (models loaded, no start-up)."""
    from mseflow.pipeline import process_source_safely
    from mseflow.settings import Settings

    settings = Settings()
    for path in files:  # warm-up: imports and models
        process_source_safely(path, settings)
    start = time.process_time()
    for path in files:
        process_source_safely(path, settings)
    return pages / (time.process_time() - start)


LARGE_SUFFIX = " L"
"""Name suffix of a run over the larger set (``--large``)."""
SPLIT_RUNS = ("process -j1", "process -j2", "ingest w1", "ingest w2")
"""The runs ``--large`` repeats on the larger set, to split their cost in fixed and per page."""


def fixed_and_steady(
    small_pages: int, small_cost: float, large_pages: int, large_cost: float
) -> tuple[float, float]:
    """Split a cost measured on two set sizes into (fixed, per page), by the line through both.

    >>> fixed_and_steady(12, 30.0, 48, 90.0)
    (10.0, 1.6666666666666667)
    """
    if large_pages <= small_pages:
        raise ValueError("the large set must have more pages than the small one")
    per_page = (large_cost - small_cost) / (large_pages - small_pages)
    return small_cost - small_pages * per_page, per_page


def report_split(runs: dict[str, Run]) -> None:
    """Fixed and steady cost of every run timed on both sets (``--large``), and their ratios."""
    steady: dict[str, tuple[float, float]] = {}  # name: (pages/s, CPU s/page) in steady state
    for name in SPLIT_RUNS:
        small, large = runs.get(name), runs.get(name + LARGE_SUFFIX)
        if small is None or large is None:
            continue
        wall = [statistics.median(s.wall for s in r.samples) for r in (small, large)]
        cpu = [statistics.median(s.cpu for s in r.samples) for r in (small, large)]
        fixed_wall, wall_page = fixed_and_steady(small.pages, wall[0], large.pages, wall[1])
        fixed_cpu, cpu_page = fixed_and_steady(small.pages, cpu[0], large.pages, cpu[1])
        steady[name] = (1 / wall_page if wall_page > 0 else float("inf"), cpu_page)
        print(
            f"{name + ', fixed / per page':<44} {fixed_wall:5.1f} s wall, {fixed_cpu:5.1f} CPU s"
            f" once; {steady[name][0]:.2f} pages/s, {cpu_page:.2f} CPU s/page"
            f" ({small.pages} vs {large.pages} pages)"
        )
    for a, b, label in (
        ("process -j1", "process -j2", "process -j2 vs -j1, steady state"),
        ("ingest w1", "ingest w2", "ingest --workers 2 vs 1, steady state"),
        ("process -j1", "ingest w1", "ingest --workers 1 vs process -j1, steady"),
    ):
        if a in steady and b in steady:
            print(
                f"{label:<44} {steady[b][0] / steady[a][0]:5.2f}x  (by CPU s/page: "
                f"{steady[a][1]:.2f} vs {steady[b][1]:.2f})"
            )


def critical_path(runs: dict[str, Run]) -> None:
    """Per run with workers: the busiest worker's CPU, the command's own, and the ratio a
    contention-free machine would give at least (one process's CPU over the critical path).

    On a shared machine these read where wall times cannot: a worker's CPU does not grow
    while it waits for a core.
    """
    pairs = [
        (f"{kind}2{tail}", f"{kind}1{tail}")
        for kind in ("process -j", "ingest w")
        for tail in ("", " L")
    ]
    for many, one in pairs:
        if many not in runs or not any(s.worker_cpu for s in runs[many].samples):
            continue
        samples = runs[many].samples
        busiest = statistics.median(max(s.worker_cpu, default=0.0) for s in samples)
        others = statistics.median(
            sum(s.worker_cpu) - max(s.worker_cpu, default=0) for s in samples
        )
        own = statistics.median(s.own_cpu for s in samples)
        helper = statistics.median(s.helper_cpu for s in samples)
        line = (
            f"busiest worker {busiest:.2f}, other workers {others:.2f}, command {own:.2f}, "
            f"forkserver {helper:.2f} CPU s"
        )
        if one in runs:
            alone = statistics.median(s.cpu for s in runs[one].samples)
            low, high = (
                statistics.median(s.critical_cpu(h) for s in samples) for h in (True, False)
            )
            line += f"; vs {one} {alone:.2f}: {alone / low:.2f}-{alone / high:.2f}x contention-free"
        print(f"{'critical path of ' + many:<44} {line}")


def report(runs: dict[str, Run], startup: list[Sample], text_warm: float | None = None) -> None:
    print()
    print(f"{'run':<14}{'pages':>6}  pages/s min  med    max   CPU s/page  peak RSS MB (workers)")
    for run in runs.values():
        cpu = statistics.median(s.cpu for s in run.samples) / run.pages
        peak = max(s.peak_rss_mb for s in run.samples)
        workers = max((mb for s in run.samples for mb in s.worker_rss_mb), default=0.0)
        worker_txt = f" ({workers:.0f})" if workers else ""
        print(
            f"{run.name:<14}{run.pages:>6}  {_fmt_rates(run)}   {cpu:9.2f}   {peak:6.0f}{worker_txt}"
        )
    print()

    def ratio(a: str, b: str, label: str) -> None:
        if a in runs and b in runs:
            pairs = [
                (runs[b].samples[i].wall / runs[b].pages)
                / (runs[a].samples[i].wall / runs[a].pages)
                for i in range(min(len(runs[a].samples), len(runs[b].samples)))
            ]
            pairs.sort()
            print(
                f"{label:<44} {statistics.median(pairs):5.2f}x  (per repeat: "
                + ", ".join(f"{p:.2f}" for p in pairs)
                + ")"
            )

    ratio("process -j1", "naive", "process -j1 vs naive CLI (scanned pages)")
    ratio("process -j2", "naive", "process -j2 vs naive CLI (scanned pages)")
    ratio("process -j2", "process -j1", "process -j2 vs -j1")
    ratio("ingest w2", "ingest w1", "ingest --workers 2 vs 1")
    ratio("ingest w1", "process -j1", "ingest --workers 1 vs process -j1 (speed)")
    ratio("tesseract x2", "tesseract x1", "plain tesseract, 2 at once vs 1 (the bound)")

    def cpu_ratio(a: str, b: str, label: str) -> None:
        if a in runs and b in runs:
            med = {
                n: statistics.median(s.cpu for s in runs[n].samples) / runs[n].pages for n in (a, b)
            }
            print(f"{label:<44} {med[b] / med[a]:5.2f}x  (CPU s/page {med[a]:.2f} vs {med[b]:.2f})")

    cpu_ratio("process -j1", "naive", "process -j1 vs naive CLI, by CPU s/page")
    critical_path(runs)
    for name, run in runs.items():
        if name.startswith("ingest") and any(s.server_cpu for s in run.samples):
            server = statistics.median(s.server_cpu for s in run.samples)
            print(
                f"{'Prefect server during ' + name:<44} {server:5.1f} CPU s "
                f"({server / run.pages:.2f} per page; not in the run's CPU s/page)"
            )
    cpu_ratio("ingest w1", "process -j1", "ingest --workers 1 vs process -j1, by CPU")
    start_cpu = statistics.median(s.cpu for s in startup) if startup else 0.0
    if startup:
        walls = sorted(s.wall for s in startup)
        print(
            f"{'start-up: process on one text page (wall)':<44} {walls[0]:5.2f} s min, "
            f"{statistics.median(walls):.2f} s median, {start_cpu:.2f} CPU s"
        )
    if "text -j1" in runs:
        run = runs["text -j1"]
        cpu = statistics.median(s.cpu for s in run.samples)
        print(
            f"{'text layer, CLI run incl. start-up, per core':<44} {run.pages / cpu:5.1f} pages/CPU s"
        )
    if text_warm:
        print(f"{'text layer, warm pipeline, per core':<44} {text_warm:5.1f} pages/CPU s")
    if "process -j1" in runs:
        run = runs["process -j1"]
        scan_cpu = (statistics.median(s.cpu for s in run.samples) - start_cpu) / run.pages
        text_cpu = 1 / text_warm if text_warm else 0.0
        hours = (70_000 * scan_cpu + 30_000 * text_cpu) / 2 / 3600
        print(
            f"{'scanned page, warm (CPU s, start-up taken out)':<44} {scan_cpu:5.2f}\n"
            f"{'100,000 pages (70 % scanned), one 2-core box':<44} {hours:5.1f} h "
            f"(CPU-bound, 2 jobs; a 10-box cluster: about {hours / 10:.1f} h)"
        )
    report_split(runs)


def parse_args() -> argparse.Namespace:
    """The command line of the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=6, help="scanned documents to generate")
    parser.add_argument("--texts", type=int, default=6, help="text-layer documents to generate")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--large",
        type=int,
        default=0,
        metavar="N",
        help="also time process -j1/-j2 and ingest w1/w2 on N more scanned documents, "
        "to split each run's cost into a fixed part and a per-page part",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ingest", action="store_true", help="skip the Prefect runs")
    parser.add_argument(
        "--only", nargs="*", help="run names to time (default: all), e.g. naive 'process -j1'"
    )
    parser.add_argument(
        "--no-bound",
        action="store_true",
        help="skip the runs of 1 and 2 plain tesseract processes at once (the machine's bound)",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="only measure how 2 concurrent plain tesseract processes scale against 1 "
        "on the scanned pages (the machine's own bound for -j2 and ingest --workers 2)",
    )
    return parser.parse_args()


def select_runs(runs: dict[str, Run], only: list[str] | None) -> dict[str, Run]:
    """The runs named in ``--only`` (all when not given); a named run keeps its ``L`` twin."""
    if not only:
        return runs
    return {
        name: run
        for name, run in runs.items()
        if name in only or name.removesuffix(LARGE_SUFFIX) in only
    }


def add_large_runs(
    runs: dict[str, Run],
    prefix: str,
    make: Callable[[int, Path], Callable[[Path], Sample]],
    folder: Path | None,
    pages: int,
) -> None:
    """The ``L`` twins (``--large``) of the 1- and 2-worker runs named ``prefix1`` / ``prefix2``."""
    if folder is None:
        return
    for workers in (1, 2):
        name = f"{prefix}{workers}{LARGE_SUFFIX}"
        runs[name] = Run(name, pages, make(workers, folder))


def make_large_set(count: int, seed: int, root: Path, scans: list[Path]) -> tuple[Path | None, int]:
    """The folder of ``--large`` (the small set's scans and ``count`` more) and its pages."""
    if not count:
        return None, 0
    from mseflow.fixtures import generate

    generate(count, seed, root / "gen-large", kinds=SCAN_KINDS)
    more = sorted(p for p in (root / "gen-large").iterdir() if p.name != "truth.jsonl")
    folder = link_set(scans + more, root / "large")
    pages = count_pages(scans + more)
    print(f"large set (--large): {len(scans) + len(more)} scanned files ({pages} pages)")
    return folder, pages


def main() -> None:
    args = parse_args()

    from mseflow.fixtures import generate

    compile_sources()

    with tempfile.TemporaryDirectory(prefix="mseflow-throughput-") as tmp:
        root = Path(tmp)
        generate(args.scans, args.seed, root / "gen-scans", kinds=SCAN_KINDS)
        generate(args.texts, args.seed + 1, root / "gen-texts", kinds=["text_layer"])
        scans = sorted(p for p in (root / "gen-scans").iterdir() if p.name != "truth.jsonl")
        texts = sorted(p for p in (root / "gen-texts").iterdir() if p.name != "truth.jsonl")
        scan_dir, text_dir = link_set(scans, root / "scans"), link_set(texts, root / "texts")
        biggest = max(texts, key=lambda p: p.stat().st_size)  # a certificate or IPRA
        one_text = link_set([biggest], root / "one-text")
        scan_pages, text_pages = count_pages(scans), count_pages(texts)
        work = root / "work"
        work.mkdir()
        print(
            f"{len(scans)} scanned files ({scan_pages} pages), {len(texts)} text-layer files "
            f"({text_pages} pages); {os.cpu_count()} cores; load average "
            f"{os.getloadavg()[0]:.1f}; {_engine()}"
        )
        large_dir, large_pages = make_large_set(args.large, args.seed + 2, root, scans)

        if args.ceiling:
            ceiling(scans, work, args.repeat)
            return

        counter = iter(range(1_000_000))

        def process(folder: Path, jobs: int) -> Callable[[Path], Sample]:
            def go(_: Path) -> Sample:
                out = root / f"out-{next(counter)}"
                return run_command(
                    [MSEFLOW, "process", str(folder), "-o", str(out), "-q", "-j", str(jobs)]
                )

            return go

        runs = {
            "naive": Run("naive", scan_pages, lambda _: naive(scans, work)),
            "process -j1": Run("process -j1", scan_pages, process(scan_dir, 1)),
            "process -j2": Run("process -j2", scan_pages, process(scan_dir, 2)),
            "text -j1": Run("text -j1", text_pages, process(text_dir, 1)),
        }
        if not args.no_bound:
            images = plain_pages(scans, work)
            frames = _frames(images)
            runs["tesseract x1"] = Run("tesseract x1", frames, lambda _: plain_streams(images, 1))
            runs["tesseract x2"] = Run(
                "tesseract x2", 2 * frames, lambda _: plain_streams(images, 2)
            )
        server = None
        if not args.no_ingest:
            server = PrefectServer(root / "prefect-home")
            print(f"Prefect server healthy after {server.wait_healthy():.0f} s (not counted)")

            def ingest(workers: int, folder: Path = scan_dir) -> Callable[[Path], Sample]:
                return ingest_run(server, folder, workers, lambda: root / f"out-{next(counter)}")

            runs["ingest w1"] = Run("ingest w1", scan_pages, ingest(1))
            runs["ingest w2"] = Run("ingest w2", scan_pages, ingest(2))
            add_large_runs(runs, "ingest w", ingest, large_dir, large_pages)
        add_large_runs(runs, "process -j", lambda jobs, d: process(d, jobs), large_dir, large_pages)
        runs = select_runs(runs, args.only)
        startup: list[Sample] = []
        try:
            for rep in range(args.repeat):
                for run in runs.values():
                    sample = run.command(work)
                    run.samples.append(sample)
                    print(
                        f"repeat {rep + 1}: {run.name:<12} {run.pages / sample.wall:6.2f} pages/s "
                        f"({sample.wall:.1f} s wall, {sample.cpu:.1f} s CPU, "
                        f"{sample.cpu / run.pages:.2f} CPU s/page)",
                        flush=True,
                    )
                out = root / f"out-{next(counter)}"
                startup.append(
                    run_command(
                        [MSEFLOW, "process", str(one_text), "-o", str(out), "-q", "-j", "1"]
                    )
                )
        finally:
            if server is not None:
                server.stop()
        report(runs, startup, steady_text_rate(texts, text_pages))


def ingest_run(
    server: PrefectServer | None,
    folder: Path,
    workers: int,
    out: Callable[[], Path],
) -> Callable[[Path], Sample]:
    """A timed ``mseflow ingest FOLDER --workers N`` against ``server`` (a fresh ``out()`` each)."""
    assert server is not None
    env = dict(server.env)

    def go(_: Path) -> Sample:
        argv = [MSEFLOW, "ingest", str(folder), "-o", str(out()), "--workers", str(workers)]
        before = server.cpu()  # type: ignore[union-attr]
        sample = run_command(argv, env=env)
        sample.server_cpu = server.cpu() - before  # type: ignore[union-attr]
        return sample

    return go


def _engine() -> str:
    done = subprocess.run([MSEFLOW, "--version"], capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else "?"


if __name__ == "__main__":
    main()
