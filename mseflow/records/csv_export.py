"""HRIS export sink: a CSV with a stable, documented column order, and its JSON Lines twin.

CSV conventions (for HR systems, Excel and 1C):

* UTF-8; with ``bom=True`` a byte-order mark first (Excel and 1C then detect UTF-8);
* comma-separated, ``"``-quoted where needed, CRLF line ends (RFC 4180);
* dates ISO ``YYYY-MM-DD``; booleans ``true`` / ``false``; unknown values empty;
* list fields joined with ``"; "``; ``obligation_codes`` lists the obligation codes.

The column order is :data:`HRIS_COLUMNS`; new columns are only ever appended.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mseflow.contract import Record
from mseflow.errors import OutputError

HRIS_COLUMNS: tuple[str, ...] = (
    "record_id",
    "source_sha256",
    "pages",
    "doc_type",
    "status",
    "full_name",
    "birth_date",
    "document_series",
    "document_number",
    "issue_date",
    "issuer",
    "disability_group",
    "disability_cause",
    "work_restriction_degree",
    "established_date",
    "valid_until",
    "indefinite",
    "reexamination_date",
    "incapable_of_work",
    "contraindications",
    "recommended_conditions",
    "available_work",
    "obligation_codes",
    "issue_codes",
    "confidence",
    "pipeline_version",
)
"""CSV header, in this order (stable: append only)."""

LIST_SEPARATOR = "; "
"""How list fields are joined in one CSV cell."""


def hris_row(record_id: str, record: Record) -> dict[str, str]:
    """One CSV row for ``record`` (every value a string, unknowns empty)."""
    data = record.to_json_dict()
    row = {name: _cell(data.get(name)) for name in HRIS_COLUMNS}
    row["record_id"] = record_id
    row["pages"] = LIST_SEPARATOR.join(str(p) for p in record.pages)
    row["status"] = str(record.validation.status)
    row["obligation_codes"] = LIST_SEPARATOR.join(o.code for o in record.obligations)
    row["issue_codes"] = LIST_SEPARATOR.join(i.code for i in record.validation.issues)
    return row


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def hris_json(record_id: str, record: Record) -> dict[str, Any]:
    """The JSON Lines form: the full record (obligations included) plus its ``record_id``."""
    return {"record_id": record_id, **record.to_json_dict()}


def content_hash(record: Record) -> str:
    """Hash of what is exported, so a record is exported again only when it changed.

    Run metadata (``pipeline_version``, ``source_path``) is left out: reprocessing
    with new code that yields the same values is not a change for HR.
    """
    data = record.to_json_dict()
    for volatile in ("pipeline_version", "source_path"):
        data.pop(volatile, None)
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def write_hris_csv(rows: Iterable[tuple[str, Record]], path: Path, bom: bool = False) -> int:
    """Write ``(record_id, record)`` pairs as the HRIS CSV; return the number of rows."""
    count = 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=HRIS_COLUMNS, lineterminator="\r\n")
            writer.writeheader()
            for rid, record in rows:
                writer.writerow(hris_row(rid, record))
                count += 1
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return count


def write_hris_jsonl(rows: Sequence[tuple[str, Record]], path: Path) -> int:
    """Write ``(record_id, record)`` pairs as JSON Lines (UTF-8, not ASCII-escaped)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for rid, record in rows:
                handle.write(json.dumps(hris_json(rid, record), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(rows)
