"""The HRIS export's columns: keys, Russian headers, kinds, and the label columns.

docs/hris.md lists every column (a test keeps it in step). The per-document keys
are :data:`mseflow.records.csv_export.HRIS_COLUMNS`: only ever appended to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mseflow.records.hris_labels import (
    CAUSE_RU,
    DOC_TYPE_RU,
    DUE_KIND_RU,
    DUE_STATE_RU,
    GROUP_RU,
    OBLIGATION_RU,
    RETRACTION_RU,
    REVIEW_RU,
    STATUS_RU,
    label,
)

Kind = Literal["text", "int", "float", "date", "bool", "list", "lines"]


@dataclass(frozen=True)
class Column:
    """One export column: its key (the default header), Russian header and value kind."""

    key: str
    ru: str
    kind: Kind = "text"


@dataclass
class Table:
    """A named table of typed rows (one CSV file, or one XLSX sheet)."""

    name: str
    title_ru: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)


def _c(key: str, ru: str, kind: Kind = "text") -> Column:
    return Column(key, ru, kind)


DOCUMENT_COLUMNS: tuple[Column, ...] = (
    _c("record_id", "Идентификатор записи"),
    _c("source_sha256", "SHA-256 файла"),
    _c("pages", "Страницы", "list"),
    _c("doc_type", "Тип документа (код)"),
    _c("status", "Статус (код)"),
    _c("full_name", "ФИО"),
    _c("birth_date", "Дата рождения", "date"),
    _c("document_series", "Серия"),
    _c("document_number", "Номер"),
    _c("issue_date", "Дата выдачи", "date"),
    _c("issuer", "Учреждение МСЭ"),
    _c("disability_group", "Группа инвалидности (код)", "int"),
    _c("disability_cause", "Причина инвалидности (код)"),
    _c("work_restriction_degree", "Степень ограничения к труду", "int"),
    _c("established_date", "Дата установления", "date"),
    _c("valid_until", "Установлена до", "date"),
    _c("indefinite", "Бессрочно", "bool"),
    _c("reexamination_date", "Дата очередного освидетельствования", "date"),
    _c("incapable_of_work", "Полная неспособность к труду", "bool"),
    _c("contraindications", "Противопоказания", "list"),
    _c("recommended_conditions", "Рекомендуемые условия труда", "list"),
    _c("available_work", "Доступные виды труда", "list"),
    _c("obligation_codes", "Обязанности работодателя (коды)", "list"),
    _c("issue_codes", "Замечания проверки (коды)", "list"),
    _c("confidence", "Уверенность распознавания", "float"),
    _c("pipeline_version", "Версия обработки"),
    # Appended after the first release (HRIS_COLUMNS only ever grows at the end).
    _c("snils", "СНИЛС"),
    _c("employee_key", "Ключ сотрудника"),
    _c("personnel_number", "Табельный номер"),
    _c("review_status", "Решение проверяющего (код)"),
    _c("obligations", "Обязанности работодателя: текст и основание", "lines"),
    _c("disabled_child", "Документ ребёнка-инвалида (работник — родитель)", "bool"),
)
"""Per-document columns in the default dialect's order (``HRIS_COLUMNS`` are their keys)."""

LABEL_COLUMNS: dict[str, Column] = {
    "doc_type": _c("doc_type_label", "Тип документа"),
    "status": _c("status_label", "Статус"),
    "disability_group": _c("disability_group_label", "Группа инвалидности"),
    "disability_cause": _c("disability_cause_label", "Причина инвалидности"),
    "obligation_codes": _c("obligation_labels", "Обязанности работодателя", "lines"),
    "review_status": _c("review_status_label", "Решение проверяющего"),
    "reason": _c("reason_label", "Причина отзыва"),
    "code": _c("code_label", "Обязанность"),
    "state": _c("state_label", "Состояние"),
    "kind": _c("kind_label", "Что наступает"),
}
"""Russian label columns that ``excel-ru`` and XLSX put right after their code column."""

EMPLOYEE_COLUMNS: tuple[Column, ...] = (
    _c("employee_key", "Ключ сотрудника"),
    _c("personnel_number", "Табельный номер"),
    _c("snils", "СНИЛС"),
    _c("full_name", "ФИО"),
    _c("birth_date", "Дата рождения", "date"),
    _c("in_force", "Есть действующий документ", "bool"),
    _c("disability_group", "Группа инвалидности (код)", "int"),
    _c("disability_cause", "Причина инвалидности (код)"),
    _c("work_restriction_degree", "Степень ограничения к труду", "int"),
    _c("established_date", "Дата установления", "date"),
    _c("valid_until", "Установлена до", "date"),
    _c("indefinite", "Бессрочно", "bool"),
    _c("reexamination_date", "Дата очередного освидетельствования", "date"),
    _c("incapable_of_work", "Полная неспособность к труду", "bool"),
    _c("contraindications", "Противопоказания", "list"),
    _c("recommended_conditions", "Рекомендуемые условия труда", "list"),
    _c("available_work", "Доступные виды труда", "list"),
    _c("obligation_codes", "Обязанности работодателя (коды)", "list"),
    _c("obligations", "Обязанности работодателя: текст и основание", "lines"),
    _c("certificate_record_id", "Справка МСЭ: идентификатор"),
    _c("certificate_series", "Справка МСЭ: серия"),
    _c("certificate_number", "Справка МСЭ: номер"),
    _c("certificate_issue_date", "Справка МСЭ: дата выдачи", "date"),
    _c("ipra_record_id", "ИПРА: идентификатор"),
    _c("ipra_number", "ИПРА: номер"),
    _c("ipra_issue_date", "ИПРА: дата выдачи", "date"),
    _c("conflicts", "Расхождения справки и ИПРА (коды)", "list"),
    # Appended after the first release (EMPLOYEE_COLUMNS only ever grows at the end).
    _c(
        "disabled_child",
        "Документы ребёнка-инвалида (работник — родитель; ФИО и дата — ребёнка)",
        "bool",
    ),
)

OBLIGATION_COLUMNS: tuple[Column, ...] = (
    _c("record_id", "Идентификатор записи"),
    _c("employee_key", "Ключ сотрудника"),
    _c("personnel_number", "Табельный номер"),
    _c("doc_type", "Тип документа (код)"),
    _c("code", "Обязанность (код)"),
    _c("message", "Текст"),
    _c("basis", "Правовое основание"),
)

RETRACTION_COLUMNS: tuple[Column, ...] = (
    _c("record_id", "Идентификатор записи"),
    _c("employee_key", "Ключ сотрудника"),
    _c("personnel_number", "Табельный номер"),
    _c("doc_type", "Тип документа (код)"),
    _c("document_series", "Серия"),
    _c("document_number", "Номер"),
    _c("reason", "Причина отзыва (код)"),
    _c("status", "Статус (код)"),
    _c("valid_until", "Установлена до", "date"),
)

_LABELS: dict[str, tuple[dict, bool]] = {
    "doc_type": (DOC_TYPE_RU, False),
    "status": (STATUS_RU, False),
    "disability_group": (GROUP_RU, False),
    "disability_cause": (CAUSE_RU, False),
    "obligation_codes": (OBLIGATION_RU, True),
    "review_status": (REVIEW_RU, False),
    "reason": (RETRACTION_RU, False),
    "code": (OBLIGATION_RU, False),
    "state": (DUE_STATE_RU, False),
    "kind": (DUE_KIND_RU, False),
}


def with_labels(columns: Sequence[Column]) -> tuple[Column, ...]:
    """``columns`` with each code column followed by its Russian label column."""
    out: list[Column] = []
    for column in columns:
        out.append(column)
        if column.key in LABEL_COLUMNS:
            out.append(LABEL_COLUMNS[column.key])
    return tuple(out)


def add_labels(row: dict[str, Any]) -> dict[str, Any]:
    """The label values for ``row``'s code values (keys of :data:`LABEL_COLUMNS`)."""
    labelled = dict(row)
    for key, (table, many) in _LABELS.items():
        if key in row:
            value = row[key]
            target = LABEL_COLUMNS[key].key
            labelled[target] = [label(table, v) for v in value] if many else label(table, value)
    return labelled
