"""HRIS export sink: CSV files with a stable, documented column order, and the JSON Lines twin.

Two dialects (docs/hris.md has the column tables):

* ``default`` — for programs: UTF-8 (a BOM with ``bom=True``), ``,``-separated,
  ``"``-quoted where needed, CRLF line ends (RFC 4180); dates ISO ``YYYY-MM-DD``;
  booleans ``true`` / ``false``; English column keys; unknown values empty.
* ``excel-ru`` — for Excel and 1C:ZUP with Russian locale: UTF-8 with BOM,
  ``;``-separated, dates ``dd.mm.yyyy``, booleans «да» / «нет», decimal comma,
  Russian headers, a Russian label column beside each code column, and cells that
  would start a formula (``=``, ``+``, ``-``, ``@``) prefixed with ``'``.

List fields are joined with ``"; "``; multi-line cells (obligation texts) with a
line feed inside the quoted cell. The per-document column order is
:data:`HRIS_COLUMNS`; new columns are only ever appended. Files are written to a
temporary name and renamed, readable by the owner only (0600, :mod:`mseflow.outputs`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from mseflow.contract import Record
from mseflow.outputs import private_file
from mseflow.records.hris_columns import DOCUMENT_COLUMNS, Column, Table, add_labels, with_labels
from mseflow.records.hris_tables import Person, document_row

HRIS_COLUMNS: tuple[str, ...] = tuple(column.key for column in DOCUMENT_COLUMNS)
"""CSV header of the per-document file in the default dialect, in this order (append only)."""

LIST_SEPARATOR = "; "
"""How list fields are joined in one CSV cell."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts that Excel would read as a formula (OWASP CSV injection)."""


class Dialect(StrEnum):
    """The CSV dialects of ``hris-feed --dialect``."""

    default = "default"
    excel_ru = "excel-ru"


@dataclass(frozen=True)
class CsvStyle:
    """How one dialect writes values."""

    delimiter: str
    bom: bool
    date_format: str
    true: str
    false: str
    decimal: str
    russian: bool


STYLES: dict[Dialect, CsvStyle] = {
    Dialect.default: CsvStyle(",", False, "%Y-%m-%d", "true", "false", ".", russian=False),
    Dialect.excel_ru: CsvStyle(";", True, "%d.%m.%Y", "да", "нет", ",", russian=True),
}


def format_value(value: Any, kind: str, style: CsvStyle) -> str:
    """One cell as text in ``style`` (unknowns are empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return style.true if value else style.false
    if isinstance(value, dt.date):
        return value.strftime(style.date_format)
    if isinstance(value, float):
        return str(value).replace(".", style.decimal)
    if isinstance(value, int):
        return str(value)  # a number, never a formula (negative days are fine)
    if isinstance(value, list | tuple):
        joiner = "\n" if kind == "lines" else LIST_SEPARATOR
        return joiner.join(format_value(item, "text", style) for item in value)
    text = str(value)
    if style.russian and text.startswith(FORMULA_START):
        return "'" + text
    return text


def table_columns(table: Table, dialect: Dialect) -> tuple[Column, ...]:
    """The columns ``dialect`` writes for ``table`` (labels beside codes in ``excel-ru``)."""
    return with_labels(table.columns) if STYLES[dialect].russian else table.columns


def csv_lines(table: Table, dialect: Dialect) -> Iterator[list[str]]:
    """The header and the rows of ``table`` as text cells."""
    style = STYLES[dialect]
    columns = table_columns(table, dialect)
    yield [c.ru if style.russian else c.key for c in columns]
    for row in table.rows:
        full = add_labels(row) if style.russian else row
        yield [format_value(full.get(c.key), c.kind, style) for c in columns]


def write_table_csv(
    table: Table, path: Path, dialect: Dialect = Dialect.default, bom: bool | None = None
) -> int:
    """Write ``table`` as one CSV file; return its number of rows.

    ``bom``: overrides the dialect's byte-order mark (``excel-ru`` always has one).
    """
    style = STYLES[dialect]
    with_bom = style.bom or bool(bom)
    with private_file(path, "w", encoding="utf-8-sig" if with_bom else "utf-8") as handle:
        writer = csv.writer(handle, delimiter=style.delimiter, lineterminator="\r\n")
        writer.writerows(csv_lines(table, dialect))
    return len(table.rows)


def hris_row(record_id: str, record: Record, person: Person | None = None) -> dict[str, str]:
    """One default-dialect CSV row for ``record`` (every value a string, unknowns empty)."""
    row = document_row(record_id, record, person or Person())
    style = STYLES[Dialect.default]
    return {c.key: format_value(row.get(c.key), c.kind, style) for c in DOCUMENT_COLUMNS}


def hris_json(record_id: str, record: Record, **extra: Any) -> dict[str, Any]:
    """The JSON Lines form: ``record_id``, ``extra`` keys, then the full record."""
    return {"record_id": record_id, **extra, **record.to_json_dict()}


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


def write_hris_csv(
    rows: Iterable[tuple[str, Record]],
    path: Path,
    bom: bool = False,
    dialect: Dialect = Dialect.default,
) -> int:
    """Write ``(record_id, record)`` pairs as the per-document HRIS CSV; return the row count."""
    table = Table("documents", "Документы", DOCUMENT_COLUMNS)
    table.rows = [document_row(rid, record, Person()) for rid, record in rows]
    return write_table_csv(table, path, dialect, bom)


def write_hris_jsonl(
    rows: Sequence[tuple[str, Record]] | Sequence[dict[str, Any]], path: Path
) -> int:
    """Write JSON Lines (UTF-8, not ASCII-escaped): ``(record_id, record)`` pairs or ready dicts."""
    with private_file(path, "w") as handle:
        for item in rows:
            data = hris_json(*item) if isinstance(item, tuple) else item
            handle.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    return len(rows)
