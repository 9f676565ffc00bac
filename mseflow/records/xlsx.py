"""HRIS export as an Excel workbook (openpyxl): the ``excel-ru`` content, typed cells.

One sheet per table (documents, employees, obligations, retractions), Russian
headers with the label column beside each code, the header row frozen and
filtered. Dates are date cells (``DD.MM.YYYY``), numbers numbers, booleans «да» /
«нет» text (Excel's TRUE/FALSE would print in English), everything else text —
never a formula, whatever the document said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mseflow.errors import MissingDependencyError
from mseflow.outputs import private_file
from mseflow.records.csv_export import STYLES, Dialect, format_value
from mseflow.records.hris_columns import Column, Table, add_labels, with_labels

DATE_FORMAT = "DD.MM.YYYY"
MAX_WIDTH = 60
"""Widest column, in characters (long texts wrap)."""


def _cell_value(value: Any, column: Column) -> Any:
    style = STYLES[Dialect.excel_ru]
    if value is None or value == []:
        return None
    if isinstance(value, bool):
        return style.true if value else style.false
    if isinstance(value, dt.date | int | float):
        return value
    if isinstance(value, list | tuple):
        return format_value(value, column.kind, style)
    return str(value)


def _write_sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = with_labels(table.columns)
    sheet.append([c.ru for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(c.ru) for c in columns]
    for row_index, row in enumerate(table.rows, start=2):
        full = add_labels(row)
        for col_index, column in enumerate(columns, start=1):
            value = _cell_value(full.get(column.key), column)
            cell = sheet.cell(row=row_index, column=col_index)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even «=…» (no formula)
                widths[col_index - 1] = max(widths[col_index - 1], len(value))
                if "\n" in value or len(value) > MAX_WIDTH:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions


def write_workbook(tables: Sequence[Table], path: Path) -> int:
    """Write ``tables`` as sheets of one workbook at ``path``; return the rows written."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:  # pragma: no cover - openpyxl is a declared dependency
        raise MissingDependencyError("--format xlsx needs openpyxl: pip install openpyxl") from exc
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        _write_sheet(workbook.create_sheet(table.title_ru[:31]), table)
    with private_file(path, "wb", encoding=None) as handle:
        workbook.save(handle)
    return sum(len(t.rows) for t in tables)
