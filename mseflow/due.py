"""Re-examination tracking: terms and re-examinations that end within N days or have passed.

Per person (:func:`mseflow.employees.group_employees`), from the current certificate
and IPRA (a rejected document never counts): the «до» date of the group or program
(``valid_until``, unless «бессрочно») and the date of the next re-examination
(``reexamination_date``). The same date on the certificate and the IPRA is listed
once. ``mseflow due`` prints the list and writes it as CSV; the scheduled flow
(:mod:`mseflow.flows.due`) also leaves it as a Prefect artifact, without names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mseflow.contract import Record
from mseflow.employees import Employee, group_employees
from mseflow.errors import ConfigError
from mseflow.records.hris_columns import Column, Table
from mseflow.records.hris_labels import DUE_KIND_RU, DUE_STATE_RU
from mseflow.records.hris_tables import stable_key
from mseflow.records.personnel_map import PersonnelMap
from mseflow.records.sqlite import SqliteStore, record_id

KIND_RU = DUE_KIND_RU
STATE_RU = DUE_STATE_RU


@dataclass(frozen=True)
class DueItem:
    """One date to act on for one person."""

    employee_key: str
    personnel_number: str | None
    full_name: str | None
    birth_date: dt.date | None
    kind: str
    date: dt.date
    days_left: int
    doc_type: str
    document_number: str | None
    record_id: str
    status: str

    @property
    def state(self) -> str:
        """``overdue`` once the date has passed (a term already on its «до» day), else ``due``."""
        lapsed = self.days_left <= 0 if self.kind == "term" else self.days_left < 0
        return "overdue" if lapsed else "due"

    def row(self) -> dict[str, Any]:
        """The typed row of the CSV table."""
        return {"state": self.state, **{c.key: getattr(self, c.key) for c in DUE_COLUMNS[1:]}}


DUE_COLUMNS: tuple[Column, ...] = (
    Column("state", "Состояние (код)"),
    Column("kind", "Что наступает (код)"),
    Column("date", "Дата", "date"),
    Column("days_left", "Дней осталось", "int"),
    Column("employee_key", "Ключ сотрудника"),
    Column("personnel_number", "Табельный номер"),
    Column("full_name", "ФИО"),
    Column("birth_date", "Дата рождения", "date"),
    Column("doc_type", "Тип документа"),
    Column("document_number", "Номер документа"),
    Column("record_id", "Идентификатор записи"),
    Column("status", "Статус записи"),
)


def _dates(record: Record) -> list[tuple[str, dt.date]]:
    found = []
    if record.valid_until is not None and not record.indefinite:
        found.append(("term", record.valid_until))
    if record.reexamination_date is not None:
        found.append(("reexamination", record.reexamination_date))
    return found


def employee_due(
    employee: Employee, today: dt.date, days: int, number: str | None = None
) -> list[DueItem]:
    """The dates of ``employee``'s current documents on or before ``today + days``."""
    horizon = today + dt.timedelta(days=days)
    items: list[DueItem] = []
    seen: set[tuple[str, dt.date]] = set()
    for record in (employee.certificate, employee.ipra):
        if record is None:
            continue
        for kind, date in _dates(record):
            if date > horizon or (kind, date) in seen:
                continue
            seen.add((kind, date))
            items.append(DueItem(
                stable_key(employee), number, record.full_name or employee.full_name,
                record.birth_date or employee.birth_date, kind, date, (date - today).days,
                str(record.doc_type), record.document_number, record_id(record),
                str(record.validation.status),
            ))  # fmt: skip
    return items


def due_items(
    records: Iterable[Record], today: dt.date, days: int = 30, mapping: PersonnelMap | None = None
) -> list[DueItem]:
    """Every person's dates ending within ``days`` of ``today`` or passed, soonest first."""
    items: list[DueItem] = []
    for employee in group_employees(records):
        number = (
            mapping.number_for(employee.snils, employee.full_name, employee.birth_date)
            if mapping is not None
            else None
        )
        items.extend(employee_due(employee, today, days, number))
    return sorted(items, key=lambda i: (i.date, i.employee_key, i.kind))


def due_table(items: Iterable[DueItem]) -> Table:
    """The items as an export table (for :func:`mseflow.records.csv_export.write_table_csv`)."""
    return Table("due", "Сроки", DUE_COLUMNS, [item.row() for item in items])


def load_due(
    out: Path, today: dt.date, days: int, mapping: PersonnelMap | None = None
) -> list[DueItem]:
    """The due list of the store in ``out`` (ConfigError when there is none)."""
    database = out / "records.sqlite"
    if not database.is_file():
        raise ConfigError(f"no records database in {out}: run `mseflow process` or `ingest` first")
    with SqliteStore(database) as store:
        records = [row.record for row in store.rows()]
    return due_items(records, today, days, mapping)


STATE_SHORT: dict[str, str] = {"overdue": "прошло", "due": "скоро"}
KIND_SHORT: dict[str, str] = {"term": "срок", "reexamination": "переосв."}
DOC_SHORT: dict[str, str] = {"mse_certificate": "справка", "ipra": "ИПРА"}
STATUS_SHORT: dict[str, str] = {"valid": "", "needs_review": "проверить", "invalid": "недейств."}


def short_name(full_name: str | None) -> str:
    """``"Вишневская Людмила Викторовна"`` -> ``"Вишневская Л. В."`` (the CSV has the full name)."""
    if not full_name:
        return "—"
    surname, *given = full_name.split()
    return " ".join([surname, *(f"{part[0]}." for part in given)])


def print_due(items: list[DueItem], days: int, today: dt.date) -> None:
    """The list as a Rich table on the terminal (passed dates in red), readable at 80 columns."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable

    numbers = any(item.personnel_number for item in items)
    flagged = any(item.status != "valid" for item in items)
    table = RichTable(
        title=f"Сроки на {today:%d.%m.%Y}: прошли или наступают в {days} дн.",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        caption="срок: окончание срока инвалидности / ИПРА; переосв.: очередное освидетельствование",
    )
    table.add_column("", no_wrap=True)
    table.add_column("дата", no_wrap=True)
    table.add_column("дн.", justify="right", no_wrap=True)
    table.add_column("что", no_wrap=True)
    table.add_column("ФИО")
    if numbers:
        table.add_column("таб. №", no_wrap=True)
    table.add_column("документ", no_wrap=True)
    if flagged:
        table.add_column("запись", no_wrap=True)
    for item in items:
        cells = [
            STATE_SHORT[item.state], f"{item.date:%d.%m.%Y}", str(item.days_left),
            KIND_SHORT[item.kind], short_name(item.full_name),
        ]  # fmt: skip
        if numbers:
            cells.append(item.personnel_number or "")
        cells.append(DOC_SHORT.get(item.doc_type, item.doc_type))
        if flagged:
            cells.append(STATUS_SHORT.get(item.status, item.status))
        table.add_row(*cells, style="red" if item.state == "overdue" else None)
    Console().print(table)


def due_command(
    out: Path,
    days: int = 30,
    csv_path: Path | None = None,
    dialect: str = "default",
    mapping: Path | None = None,
    today: dt.date | None = None,
) -> list[DueItem]:
    """``mseflow due``: print the list and write it as CSV (``OUT/due.csv`` by default)."""
    from mseflow.records.csv_export import Dialect, write_table_csv
    from mseflow.records.personnel_map import load_personnel_map

    if dialect not in {d.value for d in Dialect}:
        raise ConfigError(f"--dialect is one of: {', '.join(d.value for d in Dialect)}")
    day = today or dt.date.today()
    people = load_personnel_map(mapping) if mapping is not None else None
    items = load_due(out, day, days, people)
    print_due(items, days, day)
    target = csv_path or out / "due.csv"
    write_table_csv(due_table(items), target, Dialect(dialect))
    from rich.console import Console

    Console().print(f"{len(items)} date(s); CSV: {target}")
    return items
