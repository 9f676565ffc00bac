"""The fields a reviewer edits: what kind each is, how it is shown and how input is read.

A reviewer types «12.03.2027», «II» or «да»; :func:`parse_value` turns that into
the record's typed value, or raises :class:`FieldInputError` with a Russian
message naming what is expected. JSON clients may send typed values directly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from mseflow.contract import Cause
from mseflow.errors import MseflowError
from mseflow.records.reviews import REVIEWABLE_FIELDS
from mseflow.review.texts import CAUSE_LABELS, GROUP_LABELS, field_label

DATE_FIELDS = frozenset(
    {"birth_date", "issue_date", "established_date", "valid_until", "reexamination_date"}
)
LEVEL_FIELDS = frozenset({"disability_group", "work_restriction_degree"})
BOOL_FIELDS = frozenset({"indefinite", "incapable_of_work"})
LIST_FIELDS = frozenset({"contraindications", "recommended_conditions", "available_work"})

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "1": 1, "2": 2, "3": 3, "і": 1, "іі": 2, "ііі": 3}
_TRUE = {"да", "true", "1", "yes", "on", "истина"}
_FALSE = {"нет", "false", "0", "no", "off", "", "ложь"}
_DATE_RU = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")


class FieldInputError(MseflowError, ValueError):
    """A reviewer's input that is not a value of its field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field_label(field)}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class FieldView:
    """One field as the record page shows it."""

    name: str
    label: str
    kind: str
    value: Any
    text: str
    confidence: float | None
    page: int | None
    bbox: list[float] | None
    low: bool
    choices: tuple[tuple[str, str], ...] = ()
    view: str | None = None
    """The page image the box is drawn on (:func:`mseflow.review.views.view_key`)."""


def kind_of(name: str) -> str:
    """``date``, ``level``, ``bool``, ``list``, ``cause`` or ``text``."""
    if name in DATE_FIELDS:
        return "date"
    if name in LEVEL_FIELDS:
        return "level"
    if name in BOOL_FIELDS:
        return "bool"
    if name in LIST_FIELDS:
        return "list"
    return "cause" if name == "disability_cause" else "text"


def display(name: str, value: Any) -> str:
    """The value as the reviewer reads and types it (dates as ДД.ММ.ГГГГ, lists by line)."""
    if value is None:
        return ""
    kind = kind_of(name)
    if kind == "date":
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    if kind == "bool":
        return "да" if value else "нет"
    if kind == "list":
        return "\n".join(str(item) for item in value)
    return str(value)


def value_label(name: str, value: Any) -> str:
    """The value in words for tables (group «II (вторая)», cause «общее заболевание»)."""
    if name == "disability_group" and value in GROUP_LABELS:
        return GROUP_LABELS[value]
    if name == "disability_cause" and value in CAUSE_LABELS:
        return CAUSE_LABELS[value]
    if kind_of(name) == "list":
        return "; ".join(str(item) for item in value or [])
    return display(name, value)


def parse_value(name: str, raw: Any) -> Any:
    """The typed value of ``raw`` for field ``name``; raises :class:`FieldInputError`."""
    if name not in REVIEWABLE_FIELDS:
        raise FieldInputError(name, "это поле нельзя исправить")
    kind = kind_of(name)
    parser = _PARSERS[kind]
    return parser(name, raw)


def _text(name: str, raw: Any) -> str | None:
    text = " ".join(str(raw or "").split())
    if name == "snils" and text:
        return _snils(text)
    return text or None


def _date(name: str, raw: Any) -> str | None:
    text = str(raw or "").strip()
    if not text:
        return None
    match = _DATE_RU.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise FieldInputError(name, "нужна дата в виде ДД.ММ.ГГГГ, например 01.06.2027") from None


def _level(name: str, raw: Any) -> int | None:
    text = str(raw if raw is not None else "").strip().casefold().split(" ")[0]
    if not text:
        return None
    if text in _ROMAN:
        return _ROMAN[text]
    raise FieldInputError(name, "нужно 1, 2 или 3 (или I, II, III)")


def _bool(name: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw if raw is not None else "").strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldInputError(name, "нужно «да» или «нет»")


def _list(name: str, raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw or "").splitlines()
    return [" ".join(str(item).split()) for item in items if str(item).strip()]


def _cause(name: str, raw: Any) -> str | None:
    text = str(raw or "").strip()
    if not text:
        return None
    if text in Cause.__members__:
        return text
    for code, label in CAUSE_LABELS.items():
        if text.casefold() == label.casefold():
            return code
    raise FieldInputError(name, "выберите причину из списка")


def _snils(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) != 11 or not snils_checksum_ok(digits):
        raise FieldInputError("snils", "нужен СНИЛС из 11 цифр с верным контрольным числом")
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def snils_checksum_ok(digits: str) -> bool:
    """The СНИЛС control number (last two digits) matches the first nine.

    >>> snils_checksum_ok("11223344595")
    True
    """
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:9]))
    check = total if total < 100 else 0 if total in (100, 101) else total % 101
    return f"{0 if check == 100 else check:02d}" == digits[9:]


_PARSERS = {
    "text": _text,
    "date": _date,
    "level": _level,
    "bool": _bool,
    "list": _list,
    "cause": _cause,
}


def parse_fields(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values of the fields in ``raw`` and Russian errors of those that did not parse."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, given in raw.items():
        try:
            values[name] = parse_value(name, given)
        except FieldInputError as exc:
            errors[name] = exc.message
    return values, errors


def cause_choices() -> tuple[tuple[str, str], ...]:
    """``(code, label)`` of the causes, for the select box."""
    return tuple(CAUSE_LABELS.items())
