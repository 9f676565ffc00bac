"""JSON Lines sink: ``records.jsonl``, one record per line, written atomically.

The file is written to a temporary name unique to this process, fsynced and
renamed over the old one (:func:`mseflow.outputs.write_atomically`): a reader, or
a run killed half-way, never sees a partial file, and two runs into one OUT never
share a temporary file. The file is 0600.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from mseflow.contract import Record
from mseflow.errors import OutputError
from mseflow.outputs import write_atomically


def write_jsonl(records: Iterable[Record], path: Path) -> int:
    """Write ``records`` to ``path`` (replacing it atomically); return how many were written."""
    count = 0

    def write(handle: BinaryIO) -> None:
        nonlocal count
        for record in records:
            handle.write((record.to_json_line() + "\n").encode("utf-8"))
            count += 1

    write_atomically(path, write)
    return count


def read_jsonl(path: Path) -> Iterator[Record]:
    """Read records back from a JSON Lines file."""
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield Record.model_validate(json.loads(line))
    except OSError as exc:
        raise OutputError(f"cannot read {path}: {exc.strerror or exc}") from exc
