"""Faults around a run: kill -9 and resume, a full disk, a read-only OUT, two runs at once.

Every run is the real ``mseflow process`` in a child process. After each fault
the store holds only whole files' records, records.jsonl mirrors it once a run
completes, no partial copy or temp file is kept, and nothing is duplicated.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from mseflow.cli import main
from mseflow.outputs import remove_stale_temps

from .corpus import certificate_pdf
from .runner import child_env, finish, permissions_enforced, run, start

TODAY = ["--today", "2026-01-01"]


def _folder_of_certificates(folder: Path, numbers: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in numbers:
        path = folder / f"doc-{number:03d}.pdf"
        path.write_bytes(certificate_pdf(1_000_000 + number))
        paths.append(path)
    return paths


def _stored_ids(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        with closing(sqlite3.connect(db, timeout=30)) as conn:
            return [row[0] for row in conn.execute("SELECT record_id FROM records")]
    except sqlite3.OperationalError:  # the run has not created its table yet
        return []


def _assert_mirrored(out: Path) -> list[dict[str, object]]:
    """records.jsonl holds exactly the rows of records.sqlite, each once."""
    with closing(sqlite3.connect(out / "records.sqlite")) as conn:
        stored = sorted(row[0] for row in conn.execute("SELECT record FROM records"))
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    canonical = sorted(json.dumps(json.loads(s), sort_keys=True) for s in stored)
    assert canonical == sorted(json.dumps(json.loads(s), sort_keys=True) for s in lines)
    ids = [(r["source_sha256"], tuple(r["pages"])) for r in map(json.loads, lines)]
    assert len(ids) == len(set(ids))
    assert not list(out.rglob("*.tmp"))
    return [json.loads(line) for line in lines]


def test_kill_9_mid_batch_then_resume_loses_nothing_and_duplicates_nothing(
    tmp_path: Path,
) -> None:
    paths = _folder_of_certificates(tmp_path / "in", range(16))
    out = tmp_path / "out"
    proc = start(
        ["process", str(tmp_path / "in"), "--out", str(out), "--quiet", *TODAY], child_env()
    )
    deadline = time.monotonic() + 120
    while len(_stored_ids(out / "records.sqlite")) < 3 and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    killed = finish(proc)
    assert killed.code == -signal.SIGKILL
    done_before = len(_stored_ids(out / "records.sqlite"))
    assert 3 <= done_before < len(paths), "the kill did not land mid-batch"

    resumed = run(["process", str(tmp_path / "in"), "--out", str(out), *TODAY], child_env())
    assert resumed.code == 0, resumed.stderr[-2000:]
    assert f"already stored, not read again: {done_before} file(s)" in resumed.stdout
    records = _assert_mirrored(out)
    assert len(records) == len(paths)
    assert sorted(Path(str(r["source_path"])).name for r in records) == [p.name for p in paths]


def test_a_second_run_adds_to_out_and_never_drops_earlier_records(tmp_path: Path) -> None:
    _folder_of_certificates(tmp_path / "first", range(2))
    _folder_of_certificates(tmp_path / "second", range(10, 12))
    out = tmp_path / "out"
    for folder in ("first", "second"):  # in-process: the models are loaded once
        assert main(["process", str(tmp_path / folder), "--out", str(out), "-q", *TODAY]) == 0
    records = _assert_mirrored(out)
    assert {Path(str(r["source_path"])).parent.name for r in records} == {"first", "second"}
    assert len(records) == 4


def test_two_concurrent_runs_into_one_out(tmp_path: Path) -> None:
    _folder_of_certificates(tmp_path / "a", range(0, 6))
    _folder_of_certificates(tmp_path / "b", range(3, 9))  # 3..5 are the same content as in a/
    out = tmp_path / "out"
    procs = [
        start(["process", str(tmp_path / name), "--out", str(out), "--quiet", *TODAY], child_env())
        for name in ("a", "b")
    ]
    runs = [finish(p) for p in procs]
    assert [r.code for r in runs] == [0, 0], [r.stderr[-1500:] for r in runs]
    records = _assert_mirrored(out)
    assert len({r["source_sha256"] for r in records}) == 9 == len(records)


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 1 MiB tmpfs (root and mount(2) needed; skipped with the reason otherwise)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    mount_point = Path(tempfile.mkdtemp(prefix="mseflow-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def test_full_disk_keeps_no_partial_copy_and_a_rerun_completes(
    tmp_path: Path, small_disk: Path
) -> None:
    inbox = tmp_path / "in"
    _folder_of_certificates(inbox, range(1))
    for n in range(3):  # unsupported format, each quarantined: 450 KB apiece on a 1 MiB disk
        (inbox / f"junk-{n}.bin").write_bytes(hashlib.sha256(bytes([n])).digest() * 14_400)
    out = small_disk / "out"

    full = run(["process", str(inbox), "--out", str(out), "--quiet", *TODAY], child_env())
    assert full.code == 5, full.stderr[-2000:]
    assert "mseflow: error:" in full.stderr and "No space left on device" in full.stderr
    assert "Traceback" not in full.stderr
    copies = list((out / "quarantine").iterdir())
    assert not [p for p in copies if p.name.endswith(".tmp")]
    for copy in copies:  # every copy kept is whole: its content hash is its name
        assert hashlib.sha256(copy.read_bytes()).hexdigest().startswith(copy.name.split(".")[0])
    with closing(sqlite3.connect(out / "records.sqlite")) as conn:
        rows = conn.execute("SELECT source_sha256, doc_type FROM records").fetchall()
    unreadable = {sha for sha, doc_type in rows if doc_type == "unreadable"}
    assert {p.name.split(".")[0] for p in copies} == {sha[:12] for sha in unreadable}
    assert len(unreadable) < 3  # the disk filled before the last copy
    assert ("mse_certificate" in {doc_type for _, doc_type in rows}) is True  # earlier work kept

    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
    again = run(["process", str(inbox), "--out", str(out), "--quiet", *TODAY], child_env())
    assert again.code == 0, again.stderr[-2000:]
    records = _assert_mirrored(out)
    assert sorted(str(r["doc_type"]) for r in records) == ["mse_certificate"] + ["unreadable"] * 3
    assert len(list((out / "quarantine").iterdir())) == 3


def test_read_only_out_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    reason = permissions_enforced()
    if reason:
        pytest.skip(reason)
    _folder_of_certificates(tmp_path / "in", range(1))
    out = tmp_path / "out"
    out.mkdir()
    (out / "records.jsonl").write_text("earlier\n", encoding="utf-8")
    out.chmod(0o500)
    (out / "records.jsonl").chmod(0o400)
    try:
        result = run(
            ["process", str(tmp_path / "in"), "--out", str(out), "--quiet", *TODAY],
            child_env(),
            drop_caps=True,
        )
    finally:
        out.chmod(0o700)
    assert result.code == 5
    assert re.search(r"mseflow: error: cannot .*records", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["records.jsonl"]
    assert (out / "records.jsonl").read_text(encoding="utf-8") == "earlier\n"


def test_stale_temp_files_of_a_dead_run_are_removed_live_ones_kept(tmp_path: Path) -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        child_pid = child.pid
        ended = subprocess.Popen(["true"])  # a process id that has ended
        ended.wait()
        stale = tmp_path / f".records.jsonl.{ended.pid}.abc123.tmp"
        live = tmp_path / f".copy.{child_pid}.def456.tmp"
        other = tmp_path / "keep.tmp"
        for path in (stale, live, other):
            path.write_text("x")
        assert remove_stale_temps(tmp_path) == 1
        assert not stale.exists() and live.exists() and other.exists()
    finally:
        child.kill()
        child.wait()


def test_sigterm_stops_the_run_with_what_was_done_saved_and_mirrored(tmp_path: Path) -> None:
    # 64 files, so that the run cannot finish them all between the second stored record and
    # the signal on a fast machine (16 text-layer files once did: 16 < 16)
    paths = _folder_of_certificates(tmp_path / "in", range(64))
    out = tmp_path / "out"
    proc = start(
        ["process", str(tmp_path / "in"), "--out", str(out), "--quiet", *TODAY], child_env()
    )
    deadline = time.monotonic() + 120
    while len(_stored_ids(out / "records.sqlite")) < 2 and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    stopped = finish(proc)
    assert stopped.code == 130, stopped.stderr[-2000:]
    assert "interrupted; what was done is saved" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    records = _assert_mirrored(out)  # the end step ran: jsonl mirrors what was stored
    assert 2 <= len(records) < len(paths)
