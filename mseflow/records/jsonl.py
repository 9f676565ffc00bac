"""JSON Lines sink: ``records.jsonl``, one record per line, written atomically."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from mseflow.contract import Record
from mseflow.errors import OutputError


def write_jsonl(records: Iterable[Record], path: Path) -> int:
    """Write ``records`` to ``path`` (replacing it atomically); return how many were written."""
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                handle.write(record.to_json_line() + "\n")
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return count


def read_jsonl(path: Path) -> Iterator[Record]:
    """Read records back from a JSON Lines file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield Record.model_validate(json.loads(line))
