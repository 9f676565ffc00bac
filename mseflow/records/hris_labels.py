"""Russian labels the HRIS exports print beside the codes (``--dialect excel-ru``, XLSX).

Codes stay the machine key; a label is for the person who opens the file. Causes
follow the wording of the certificate form (Приказ Минтруда России № 1031н, п. 7:
«общее заболевание», «трудовое увечье», «профессиональное заболевание»,
«инвалидность с детства», «военная травма», …); obligation titles summarise the
messages of :data:`mseflow.validators.OBLIGATIONS` (the full message and basis are
exported beside them).
"""

from __future__ import annotations

GROUP_RU: dict[int, str] = {1: "I группа", 2: "II группа", 3: "III группа"}
"""Disability group as printed on the forms (Roman numerals)."""

DEGREE_RU: dict[int, str] = {1: "1 степень", 2: "2 степень", 3: "3 степень"}
"""Degree of restriction of the ability to work."""

CAUSE_RU: dict[str, str] = {
    "general_disease": "общее заболевание",
    "work_injury": "трудовое увечье",
    "occupational_disease": "профессиональное заболевание",
    "since_childhood": "инвалидность с детства",
    "military_injury": "военная травма",
    "chernobyl": "вследствие катастрофы на Чернобыльской АЭС",
    "other": "иная причина",
}

STATUS_RU: dict[str, str] = {
    "valid": "действителен",
    "needs_review": "требует проверки",
    "invalid": "недействителен",
}

REVIEW_RU: dict[str, str] = {
    "confirmed": "подтверждено",
    "corrected": "исправлено",
    "rejected": "отклонено",
}

DOC_TYPE_RU: dict[str, str] = {
    "mse_certificate": "справка МСЭ",
    "ipra": "ИПРА",
    "other": "иной документ",
    "unreadable": "не прочитан",
}

OBLIGATION_RU: dict[str, str] = {
    "reduced_working_week": "Сокращённое рабочее время (не более 35 ч в неделю)",
    "annual_leave_30_days": "Ежегодный отпуск не менее 30 календарных дней",
    "unpaid_leave_60_days": "Отпуск без сохранения заработной платы до 60 дней",
    "chernobyl_extra_leave": "Дополнительный отпуск 14 дней (Чернобыльская АЭС)",
    "night_overtime_weekend_consent": "Ночная и сверхурочная работа — только с согласия",
    "conditions_no_worse": "Условия труда не хуже, чем у других работников",
    "daily_hours_medical_conclusion": "Продолжительность смены — по медицинскому заключению",
    "part_time_group3_ipra": "Неполное рабочее время по ИПРА (III группа)",
    "disability_not_dismissal_ground": "Инвалидность — не основание для увольнения",
    "ipra_binding_on_employer_optional_for_employee": "ИПРА обязательна для работодателя",
    "exclude_contraindicated_factors": "Исключить противопоказанные виды работ и факторы",
    "adjust_duties_then_offer_vacancies": "Исключить противопоказанные обязанности, затем вакансии",
    "special_workplace": "Оборудовать рабочее место по ИПРА",
    "harmful_conditions_review": "Вредные условия труда: сопоставить факторы с ИПРА",
    "ipra_2017_2018_guidance": "ИПРА 2017–2018 без рекомендаций о труде: подбор работы",
    "accompanied_employment": "Сопровождаемое содействие занятости",
    "track_reexamination": "Отслеживать срок и переосвидетельствование",
    "request_new_documents": "Срок истёк: запросить новые документы",
    "incapable_note_unconfirmed": "Отметка о неспособности к труду не подтверждена",
    "termination_basis_incapable": "Возможное основание прекращения договора (юр. проверка)",
    "medical_transfer": "Перевод по медицинским показаниям (юр. проверка)",
    "degree3_not_termination_ground": "3 степень — не основание для увольнения",
    "parent_extra_days_off": "Ребёнок-инвалид: 4 доп. оплачиваемых выходных в месяц",
    "parent_consent_night_overtime_trips": "Ребёнок-инвалид: ночь, сверхурочные, командировки — с согласия",
    "parent_part_time_on_request": "Ребёнок-инвалид: неполное время по просьбе родителя",
    "parent_leave_at_chosen_time": "Ребёнок-инвалид: отпуск в удобное время",
    "parent_unpaid_leave_by_agreement": "Ребёнок-инвалид: до 14 дней без оплаты (колдоговор)",
    "parent_dismissal_protection": "Ребёнок-инвалид: запрет увольнения одинокой матери (юр. проверка)",
}
"""Short titles of the obligation codes (docs/codes.md has the full table)."""

RETRACTION_RU: dict[str, str] = {
    "expired": "срок истёк",
    "invalid": "документ признан недействительным",
    "rejected": "отклонён при проверке",
    "needs_review": "требует проверки",
    "status_not_exported": "статус не выгружается",
    "not_a_person_document": "не справка и не ИПРА",
}
"""Why a record that went out before is no longer in force (retraction reasons)."""


DUE_KIND_RU: dict[str, str] = {
    "term": "окончание срока инвалидности / ИПРА",
    "reexamination": "очередное освидетельствование",
}
"""What ends, in the due list (``mseflow due``)."""

DUE_STATE_RU: dict[str, str] = {"overdue": "просрочено", "due": "скоро"}


def label(table: dict, code: object) -> str:
    """The label of ``code`` in ``table``; the code itself when unknown, "" for None."""
    if code is None:
        return ""
    return table.get(code, str(code))
