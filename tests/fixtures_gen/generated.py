"""Helpers for the fixtures-generator tests: reading truth files, the shared seed, and the
checks every family's own tests make of its sets (families 6–12 write the same set layout:
``truth.jsonl`` with its ``_meta`` header, ``documents/``, private modes).

The families stay independent: each test module draws its own sets and checks its own
content; only what every family's set must satisfy alike is here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from mseflow.contract import Record
from mseflow.validators import validate_batch

TEXT_SEED = 11


def read_truth(folder: Path) -> list[dict[str, Any]]:
    """The documents of ``folder/truth.jsonl`` (the ``_meta`` header skipped)."""
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [entry for entry in map(json.loads, lines) if "_meta" not in entry]


def set_rows(out: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``_meta`` header and the document rows of ``out/truth.jsonl``."""
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return rows[0]["_meta"], rows[1:]


def flat(text: str) -> str:
    """Runs of white space as one space (a text layer's line breaks are no content)."""
    return re.sub(r"\s+", " ", text)


def check_set_layout(
    family: str, out: Path, written: list[Any], reference: dt.date, at_least: int
) -> list[dict[str, Any]]:
    """``out`` as :func:`mseflow.fixtures.sets.generate_set` wrote it for ``family``: the
    ``_meta`` header (family, synthetic, reference date), a row per document written, each
    file named ``f<N>-…`` and private (0600 in a 0700 ``documents/``). Returns the rows."""
    meta, truth = set_rows(out)
    assert meta["family"] == family and meta["synthetic"] is True
    assert meta["reference_date"] == reference.isoformat()
    assert len(truth) == len(written) >= at_least
    assert (out / "documents").stat().st_mode & 0o777 == 0o700
    assert (out / "truth.jsonl").stat().st_mode & 0o777 == 0o600
    prefix = family.replace("family", "f") + "-"
    for row in truth:
        path = out / row["file"]
        assert path.is_file() and path.name.startswith(prefix), row["file"]
        assert row["family"] == family
        assert path.stat().st_mode & 0o777 == 0o600
    return truth


def check_same_seed_same_bytes(generate: Callable[[Path, int], object], folder: Path) -> None:
    """``generate(out, seed)`` twice with seed 11 writes the same truth and document bytes;
    seed 12 another truth."""
    a, b, c = folder / "a", folder / "b", folder / "c"
    for out, seed in ((a, 11), (b, 11), (c, 12)):
        generate(out, seed)
    assert (a / "truth.jsonl").read_bytes() == (b / "truth.jsonl").read_bytes()
    for path in sorted((a / "documents").iterdir()):
        assert path.read_bytes() == (b / "documents" / path.name).read_bytes(), path.name
    assert (c / "truth.jsonl").read_bytes() != (a / "truth.jsonl").read_bytes()


def check_verdicts(rows: list[dict[str, Any]], today: dt.date) -> None:
    """Each row's ``expected_issue_codes`` (info issues aside) and ``expected_status`` are
    what the validators give its record, the records of one file validated together."""
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    for file_rows in by_file.values():
        records = [
            Record(
                source_path="x",
                source_sha256="0" * 64,
                pipeline_version="t",
                confidence=1.0,
                pages=r["pages"],
                **r["record"],
            )
            for r in file_rows
        ]
        for row, rec in zip(file_rows, validate_batch(records, today=today), strict=True):
            codes = sorted({i.code for i in rec.validation.issues if i.severity != "info"})
            assert codes == row["expected_issue_codes"], (row["file"], row["scenario"], codes)
            assert rec.validation.status == row["expected_status"], row["file"]


SetsByKind = dict[str, tuple[Path, list[dict[str, Any]]]]


def one_set_per_kind(
    generate: Callable[..., object],
    kinds: Sequence[str],
    factory: pytest.TempPathFactory,
    name: str,
    first_seed: int,
) -> SetsByKind:
    """A one-document set of each kind (``generate(1, seed, out, kinds=[kind])``, seeds from
    ``first_seed`` on), by kind: its folder and rows."""
    sets: SetsByKind = {}
    for i, kind in enumerate(kinds):
        out = factory.mktemp(f"{name}{kind}")
        generate(1, first_seed + i, out, kinds=[kind])
        sets[kind] = (out, set_rows(out)[1])
    return sets


def check_a_new_process_writes_the_same_bytes(family: str, call: str, folder: Path) -> None:
    """``call`` (``family``'s module, writing into ``out``) run in two fresh interpreters
    writes the same document bytes: nothing depends on the process (clock, hash seed)."""
    code = (
        f"import sys; from pathlib import Path; from mseflow.fixtures import {family}; "
        f"out = Path(sys.argv[1]); {call}"
    )
    for name in ("p", "q"):
        subprocess.run([sys.executable, "-c", code, str(folder / name)], check=True)
    for path in sorted((folder / "p" / "documents").iterdir()):
        assert path.read_bytes() == (folder / "q" / "documents" / path.name).read_bytes()
