"""The hostile corpus through the real ``mseflow process``: a record per case, nothing leaked.

One run (as a child process, file-mode checks enforced) over every case of
:mod:`corpus`, plus a file that is still being written while the run reads it.
Checks the record and issue code of each entry, that the batch went on, that no
original changed and the link target outside the root was neither read nor
copied, the peak memory, and privacy: no personal data in the log (at INFO),
in any file name under OUT, and no output readable by others.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from mseflow.ingest import stored_name

from .corpus import (
    MAX_BYTES,
    SECRET_BIRTH,
    SECRET_NAME,
    SECRET_NUMBER,
    Expected,
    build_hostile_folder,
    certificate_pdf,
)
from .runner import Run, child_env, finish, permissions_enforced, start

MAX_PAGES = 5
MEMORY_LIMIT_MB = 600


@dataclass(frozen=True)
class HostileRun:
    root: Path
    outside: Path
    out: Path
    expected: dict[str, Expected]
    before: dict[str, str]
    run: Run
    permissions: str | None  # why permission cases cannot be checked, or None


def _hashes(root: Path) -> dict[str, str]:
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.stat().st_mode & stat.S_IRUSR:
            found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _grow(path: Path, stop: threading.Event) -> None:
    """A copy that never ends: the file gets a chunk every 20 ms until the run is over."""
    data = certificate_pdf(8888888)
    with path.open("wb") as handle:
        for offset in range(0, 10**9, 64):
            if stop.is_set():
                return
            handle.write(data[offset % len(data) : offset % len(data) + 64])
            handle.flush()
            time.sleep(0.02)


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileRun]:
    base = Path(tempfile.mkdtemp(prefix="mseflow-hostile-"))
    root, outside, out = base / "in", base / "outside", base / "work" / "out"
    for folder in (root, outside, out.parent):
        folder.mkdir(parents=True)
    expected = build_hostile_folder(root, outside, MAX_PAGES)
    expected["growing.pdf"] = Expected("unreadable", "input_changed")
    stop = threading.Event()
    writer = threading.Thread(target=_grow, args=(root / "growing.pdf", stop), daemon=True)
    writer.start()
    time.sleep(0.1)
    before = _hashes(root)
    env = child_env(MSEFLOW_MAX_PAGES=str(MAX_PAGES), MSEFLOW_MAX_FILE_BYTES=str(MAX_BYTES))
    try:
        proc = start(
            ["-v", "process", str(root), "--out", str(out), "--today", "2026-01-01"],
            env,
            True,
            measure_peak=True,
        )
        run = finish(proc)
    finally:
        stop.set()
        writer.join()
    before.pop("growing.pdf", None)
    yield HostileRun(root, outside, out, expected, before, run, permissions_enforced())
    for folder in (root / "locked", root / "unreadable.pdf"):
        folder.chmod(0o700)
    shutil.rmtree(base, ignore_errors=True)


def _records(out: Path) -> list[dict[str, object]]:
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_every_case_gives_its_record_and_the_batch_goes_on(hostile: HostileRun) -> None:
    assert hostile.run.code == 0, hostile.run.stderr[-2000:]
    by_name: dict[str, list[dict[str, object]]] = {}
    for record in _records(hostile.out):
        name = str(Path(str(record["source_path"])).relative_to(hostile.root))
        by_name.setdefault(name, []).append(record)
    permission_codes = {"input_permission_denied"}
    for name, want in hostile.expected.items():
        if hostile.permissions and want.code in permission_codes:
            continue  # reported by test_permission_cases
        assert name in by_name, f"no record for {name!r}"
        [record] = by_name[name]
        assert record["doc_type"] == want.doc_type, (name, record["validation"])
        codes = [issue["code"] for issue in record["validation"]["issues"]]  # type: ignore[index]
        if want.code is not None:
            assert codes[0] == want.code, (name, codes)
            assert record["validation"]["status"] == "invalid"  # type: ignore[index]
    assert "link-in.pdf" not in by_name  # a link inside the root: the same file, read once
    assert set(by_name) <= set(hostile.expected)


def test_permission_cases(hostile: HostileRun) -> None:
    if hostile.permissions:
        pytest.skip(hostile.permissions)
    records = {Path(str(r["source_path"])).name: r for r in _records(hostile.out)}
    for name in ("locked", "unreadable.pdf"):
        issue = records[name]["validation"]["issues"][0]  # type: ignore[index]
        assert issue["code"] == "input_permission_denied"
        assert "permission denied" in issue["message"]


def test_originals_untouched_and_outside_target_never_copied(hostile: HostileRun) -> None:
    after = _hashes(hostile.root)
    after.pop("growing.pdf", None)
    assert after == hostile.before
    secret = (hostile.outside / "secret.pdf").read_bytes()
    secret_sha = hashlib.sha256(secret).hexdigest()
    out_files = [p for p in hostile.out.rglob("*") if p.is_file()]
    assert all(p.read_bytes() != secret for p in out_files)
    assert not any(p.name.startswith(secret_sha[:12]) for p in out_files)
    text = (hostile.out / "records.jsonl").read_text(encoding="utf-8")
    assert secret_sha not in text and "Посторонний" not in text and "9999999" not in text


def test_quarantine_holds_whole_copies_named_by_hash(hostile: HostileRun) -> None:
    records = _records(hostile.out)
    unreadable = {
        r["source_sha256"]: r
        for r in records
        if r["doc_type"] == "unreadable" and r["source_sha256"]
    }
    copies = {p.name: p for p in (hostile.out / "quarantine").iterdir()}
    expected_names = {
        stored_name(str(sha), Path(str(r["source_path"])).name) for sha, r in unreadable.items()
    }
    assert set(copies) == expected_names
    for sha in unreadable:
        [copy] = [p for name, p in copies.items() if name.startswith(str(sha)[:12])]
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == sha


def test_store_and_jsonl_agree(hostile: HostileRun) -> None:
    with closing(sqlite3.connect(hostile.out / "records.sqlite")) as db:
        stored = sorted(row[0] for row in db.execute("SELECT record FROM records"))
    lines = sorted((hostile.out / "records.jsonl").read_text(encoding="utf-8").splitlines())
    assert [json.loads(s) for s in stored] == [json.loads(s) for s in lines]


def test_memory_per_worker_stays_under_the_limit(hostile: HostileRun) -> None:
    assert hostile.run.max_rss_mb < MEMORY_LIMIT_MB, f"{hostile.run.max_rss_mb:.0f} MB"


def test_no_traceback_and_no_personal_data_in_the_log(hostile: HostileRun) -> None:
    log = hostile.run.stderr + hostile.run.stdout
    assert "Traceback" not in log
    assert "INFO" in log  # -v: the INFO lines were there to scan
    for secret in [*SECRET_NAME.split(), SECRET_BIRTH, SECRET_NUMBER, "1979-02-14", "Посторонний"]:
        assert secret not in log, secret
    for name in hostile.expected:  # inputs are named by hash, never by file name
        if "." in Path(name).name:
            assert Path(name).name not in log, name


def test_outputs_are_private_and_named_without_personal_data(hostile: HostileRun) -> None:
    entries = [hostile.out, *hostile.out.rglob("*")]
    assert {p.name for p in entries} >= {"records.jsonl", "records.sqlite", "quarantine"}
    for path in entries:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path.name, oct(mode))
        for word in [*SECRET_NAME.split(), "certificate", "new", "line", "bomb", "encrypted"]:
            assert word not in path.name, path.name
