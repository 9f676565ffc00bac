"""Russian wording of the review station: field labels, statuses, reasons, causes.

Issue codes take their Russian message from the rule registry
(:data:`mseflow.validators.RULES`, the same text as ``docs/codes.md``); the
queue's own reasons (not issue codes) and the obligation codes are worded here or
taken from :data:`mseflow.validators.OBLIGATIONS`.
"""

from __future__ import annotations

import functools

FIELD_LABELS: dict[str, str] = {
    "full_name": "Фамилия, имя, отчество",
    "birth_date": "Дата рождения",
    "snils": "СНИЛС",
    "document_series": "Серия документа",
    "document_number": "Номер документа",
    "issue_date": "Дата выдачи",
    "issuer": "Кем выдан (бюро МСЭ)",
    "disability_group": "Группа инвалидности",
    "disability_cause": "Причина инвалидности",
    "work_restriction_degree": "Степень ограничения способности к труду",
    "established_date": "Дата установления инвалидности",
    "valid_until": "Срок — до",
    "indefinite": "Бессрочно",
    "reexamination_date": "Дата очередного освидетельствования",
    "incapable_of_work": "Полная неспособность к трудовой деятельности",
    "contraindications": "Противопоказанные виды работ и факторы",
    "recommended_conditions": "Рекомендуемые условия труда",
    "available_work": "Доступные виды трудовой деятельности",
    "form_version": "Форма документа",
    "confidence": "Уверенность распознавания",
    "doc_type": "Тип документа",
    "source_path": "Файл",
}

DOC_TYPE_LABELS: dict[str, str] = {
    "mse_certificate": "Справка МСЭ",
    "ipra": "ИПРА",
    "other": "Другой документ",
    "unreadable": "Не читается",
}

STATUS_LABELS: dict[str, str] = {
    "valid": "В порядке",
    "needs_review": "Нужна проверка",
    "invalid": "Ошибка в документе",
}

REVIEW_LABELS: dict[str, str] = {
    "confirmed": "Подтверждено",
    "corrected": "Исправлено",
    "rejected": "Отклонено: не документ об инвалидности",
}

DECISION_LABELS: dict[str, str] = {
    "accept": "подтвердил(а)",
    "correct": "исправил(а)",
    "reject": "отклонил(а)",
}

CAUSE_LABELS: dict[str, str] = {
    "general_disease": "общее заболевание",
    "work_injury": "трудовое увечье",
    "occupational_disease": "профессиональное заболевание",
    "since_childhood": "инвалидность с детства",
    "military_injury": "военная травма",
    "chernobyl": "катастрофа на Чернобыльской АЭС",
    "other": "иная причина",
}

GROUP_LABELS: dict[int, str] = {1: "I (первая)", 2: "II (вторая)", 3: "III (третья)"}

QUEUE_REASONS: dict[str, str] = {
    "incapable_of_work": "Отмечена полная неспособность к трудовой деятельности: это основание "
    "для прекращения трудового договора, проверьте по документу",
    "expires_soon": "Срок инвалидности или переосвидетельствование — в ближайшие 30 дней "
    "или уже прошли",
    "low_confidence": "Низкая уверенность распознавания — проверьте значения по документу",
    "conflicting_values": "В документе найдены разные значения одного поля — выберите верное",
}
"""Reasons of the queue that are not (yet) rule codes; a registered rule's text wins."""

CONFLICT_LABELS: dict[str, str] = {
    "group_differs": "Группа в справке и в ИПРА различается",
    "term_differs": "Срок в справке и в ИПРА различается",
    "birth_date_differs": "Дата рождения в справке и в ИПРА различается",
}

DUE_LABELS: dict[str, str] = {
    "reexamination": "Очередное освидетельствование",
    "certificate_term": "Окончание срока инвалидности (справка)",
    "ipra_term": "Окончание срока ИПРА",
}

METHOD_LABELS: dict[str, str] = {
    "labelled_line": "строка с подписью",
    "next_line": "строка под подписью",
    "table_cell": "ячейка таблицы",
    "marked_option": "отмеченный вариант",
    "tick_box": "галочка",
    "list_item": "пункт списка",
    "prose": "текст",
    "ner": "распознавание имён",
    "review": "проверка человеком",
    "paired_document": "другой документ того же файла (справка МСЭ ↔ ИПРА)",
}


@functools.cache
def _rule_texts() -> dict[str, str]:
    from mseflow.validators import OBLIGATIONS, RULES

    texts = {rule.code: rule.message_ru for rule in RULES}
    texts.update({rule.code: rule.message_ru for rule in OBLIGATIONS})
    return texts


def reason_text(code: str) -> str:
    """The Russian reason for a queue reason or issue code (the code itself when unknown)."""
    return _rule_texts().get(code) or QUEUE_REASONS.get(code) or code


def reason_choices() -> list[tuple[str, str]]:
    """``(code, text)`` of every reason the queue filter offers."""
    from mseflow.validators import RULES

    codes = [r.code for r in RULES if str(r.severity) in {"error", "warning"}]
    codes += [code for code in QUEUE_REASONS if code not in codes]
    return [(code, reason_text(code)) for code in codes]


def field_label(name: str) -> str:
    """The Russian label of a record key."""
    return FIELD_LABELS.get(name, name)
