"""The optional mapping CSV: a person (СНИЛС, or ФИО + birth date) -> табельный номер.

HR systems such as 1C:ZUP key employees on the personnel number. The mapping file
is a CSV with a header row, ``;`` or ``,`` separated, UTF-8 with or without a BOM:

    ФИО;Дата рождения;Табельный номер;СНИЛС
    Иванова Анна Петровна;17.05.1980;000123;

English headers work too (``full_name``, ``birth_date``, ``personnel_number``,
``snils``); the СНИЛС column is optional. Dates are ``dd.mm.yyyy`` or ISO. Names are
compared in their normalised form (:func:`mseflow.employees.normalise_name`),
exactly: a wrong personnel number is worse than none, so a person listed twice with
different numbers gets none.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from mseflow.employees import normalise_name, snils_digits
from mseflow.errors import ConfigError

logger = logging.getLogger(__name__)

HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "фио", "сотрудник", "физическое лицо"),
    "birth_date": ("birth_date", "дата рождения"),
    "personnel_number": ("personnel_number", "табельный номер", "таб. номер", "табельный №"),
    "snils": ("snils", "снилс"),
}
"""Accepted header names per column (compared case-insensitively)."""

_AMBIGUOUS = ""


@dataclass
class PersonnelMap:
    """Lookups from the mapping file; an ambiguous person maps to nothing."""

    by_snils: dict[str, str] = field(default_factory=dict)
    by_person: dict[tuple[str, dt.date], str] = field(default_factory=dict)

    def number_for(
        self, snils: str | None, full_name: str | None, birth_date: dt.date | None
    ) -> str | None:
        """The personnel number of this person, or None when unknown or ambiguous."""
        digits = snils_digits(snils)
        if digits and self.by_snils.get(digits):
            return self.by_snils[digits]
        if full_name and birth_date:
            return self.by_person.get((normalise_name(full_name), birth_date)) or None
        return None

    def __len__(self) -> int:
        return len(self.by_person) + len(self.by_snils)


def parse_date(text: str) -> dt.date:
    """``17.05.1980`` or ``1980-05-17``."""
    text = text.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _columns(header: list[str], path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    names = [h.strip().casefold() for h in header]
    for key, accepted in HEADERS.items():
        for index, name in enumerate(names):
            if name in accepted:
                found[key] = index
                break
    missing = [k for k in ("full_name", "birth_date", "personnel_number") if k not in found]
    if missing and not ("snils" in found and "personnel_number" in found):
        raise ConfigError(
            f"{path}: the mapping CSV needs the columns ФИО; Дата рождения; Табельный номер "
            f"(or full_name, birth_date, personnel_number); missing: {', '.join(missing)}"
        )
    return found


def _put(table: dict, key: object, number: str) -> None:
    known = table.get(key)
    table[key] = number if known in (None, number) else _AMBIGUOUS


def _read_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the mapping CSV {path}: {exc}") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [row for row in csv.reader(text.splitlines(), delimiter=delimiter) if any(row)]


def load_personnel_map(path: Path) -> PersonnelMap:
    """Read the mapping CSV at ``path`` (see the module docstring); ConfigError when malformed."""
    rows = _read_rows(path)
    if not rows:
        raise ConfigError(f"the mapping CSV {path} is empty")
    cols = _columns(rows[0], path)
    mapping = PersonnelMap()
    for line, row in enumerate(rows[1:], start=2):
        cell = {key: row[i].strip() if i < len(row) else "" for key, i in cols.items()}
        number = cell.get("personnel_number", "")
        if not number:
            continue
        if digits := snils_digits(cell.get("snils")):
            _put(mapping.by_snils, digits, number)
        if cell.get("full_name") and cell.get("birth_date"):
            try:
                born = parse_date(cell["birth_date"])
            except ValueError:
                raise ConfigError(
                    f"{path}, line {line}: birth date is not dd.mm.yyyy or yyyy-mm-dd"
                ) from None
            _put(mapping.by_person, (normalise_name(cell["full_name"]), born), number)
    ambiguous = sum(
        v == _AMBIGUOUS for v in (*mapping.by_snils.values(), *mapping.by_person.values())
    )
    if ambiguous:
        logger.warning(
            "mapping CSV: %d person(s) listed with different numbers; left unmapped", ambiguous
        )
    return mapping
