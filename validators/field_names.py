"""How an issue names the record keys it concerns, in Russian, for the HR officer.

Issue messages name the fields at fault (``Не прочитаны обязательные поля: ФИО,
дата рождения``); the English message keeps the contract keys.
"""

from __future__ import annotations

FIELD_NAMES_RU: dict[str, str] = {
    "full_name": "ФИО",
    "birth_date": "дата рождения",
    "snils": "СНИЛС",
    "document_series": "серия документа",
    "document_number": "номер документа",
    "issue_date": "дата выдачи",
    "issuer": "бюро МСЭ, выдавшее документ",
    "disability_group": "группа инвалидности",
    "disability_cause": "причина инвалидности",
    "work_restriction_degree": "степень ограничения способности к трудовой деятельности",
    "established_date": "дата установления инвалидности",
    "valid_until": "срок «до» или «бессрочно»",
    "indefinite": "«бессрочно»",
    "reexamination_date": "дата очередного освидетельствования",
    "incapable_of_work": "отметка о неспособности к трудовой деятельности",
    "contraindications": "противопоказанные виды работ и факторы",
    "recommended_conditions": "рекомендуемые условия труда",
    "available_work": "доступные виды трудовой деятельности",
    "confidence": "уверенность распознавания",
    "doc_type": "тип документа",
    "evidence": "источник значения",
}
"""Record key → the words an issue message uses for it."""


def field_name_ru(key: str) -> str:
    """The Russian words for a record key (the key itself when it has none).

    >>> field_name_ru("birth_date"), field_name_ru("unknown_key")
    ('дата рождения', 'unknown_key')
    """
    return FIELD_NAMES_RU.get(key, key)


def named_ru(keys: tuple[str, ...] | list[str]) -> str:
    """The keys as a Russian list for a message.

    >>> named_ru(("full_name", "valid_until"))
    'ФИО, срок «до» или «бессрочно»'
    """
    return ", ".join(field_name_ru(key) for key in keys)
