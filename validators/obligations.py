"""Employer obligations that follow from a certificate or an IPRA, each with its legal basis.

Sources: the Labour Code of the Russian Federation (ТК РФ) and Federal Law
№ 181-ФЗ of 24.11.1995 «О социальной защите инвалидов в РФ», art. 23. The
messages are for an HR officer; they never replace the documents themselves.
"""

from __future__ import annotations

import datetime as dt
import re

from mseflow.contract import Cause, DocType, Obligation, Record
from mseflow.validators.base import DISABILITY_DOCS, ObligationRule, ObligationTest

LAW_181 = "ст. 23 Федерального закона № 181-ФЗ от 24.11.1995"
NIGHT_WORDS = re.compile(r"ночн|ночь", re.IGNORECASE)
HELP_OF_OTHERS = re.compile(r"помощ\w*\s+(?:\w+\s+)?други[хм]\s+лиц", re.IGNORECASE)


def _ru_date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def _group_in(*groups: int) -> ObligationTest:
    return lambda record: record.disability_group in groups


def night_work_contraindicated(record: Record) -> bool:
    """Whether the contraindications mention night work / night shifts."""
    return any(NIGHT_WORDS.search(item) for item in record.contraindications)


def _night_overtime_text(record: Record) -> str:
    base = (
        "Ночная работа, сверхурочная работа, работа в выходные и праздничные дни, "
        "командировки — только с письменного согласия и при отсутствии медицинских "
        "противопоказаний, с письменным ознакомлением с правом отказаться"
    )
    if night_work_contraindicated(record):
        return base + ". Ночная работа противопоказана по ИПРА — не привлекать"
    return base


def _factors_text(record: Record) -> str:
    listed = "; ".join(record.contraindications)
    return (
        "Обеспечить условия труда по ИПРА и исключить противопоказанные виды работ и "
        f"производственные факторы: {listed}"
    )


def track_date(record: Record) -> dt.date | None:
    """The date to track: the re-examination date, else the «до» date."""
    return record.reexamination_date or record.valid_until


def _track_text(record: Record) -> str:
    exam, until = record.reexamination_date, record.valid_until
    parts = []
    if exam is not None:
        parts.append(f"очередное освидетельствование {_ru_date(exam)}")
    if until is not None:
        parts.append(f"инвалидность (ИПРА) установлена до {_ru_date(until)}")
    return (
        "Отслеживать срок: "
        + ", ".join(parts)
        + "; запросить у работника новую справку / ИПРА после переосвидетельствования"
    )


def accompanied_employment_applies(record: Record) -> bool:
    """Groups I/II with work possible only with significant help of others."""
    if record.disability_group not in (1, 2):
        return False
    return any(HELP_OF_OTHERS.search(item) for item in record.recommended_conditions)


def degree3_without_note(record: Record) -> bool:
    """Degree 3 and no express note of complete incapability of work."""
    return record.work_restriction_degree == 3 and not record.incapable_of_work


def _always(record: Record) -> bool:
    return True


def _has_contraindications(record: Record) -> bool:
    return bool(record.contraindications)


OBLIGATIONS: tuple[ObligationRule, ...] = (
    ObligationRule(
        code="reduced_working_week",
        basis=f"ст. 92 ТК РФ; {LAW_181}",
        message_ru=(
            "Установить сокращённую продолжительность рабочего времени — не более 35 часов "
            "в неделю с сохранением полной оплаты труда (I и II группа, даже при отказе от ИПРА)"
        ),
        message_en="Working week of at most 35 hours with full pay (groups I and II)",
        fields=("disability_group",),
        applies=_group_in(1, 2),
    ),
    ObligationRule(
        code="annual_leave_30_days",
        basis=f"ст. 115 ТК РФ; {LAW_181}",
        message_ru="Ежегодный оплачиваемый отпуск не менее 30 календарных дней",
        message_en="Annual paid leave of at least 30 calendar days",
        fields=("disability_group",),
        applies=_always,
    ),
    ObligationRule(
        code="unpaid_leave_60_days",
        basis="ч. 2 ст. 128 ТК РФ",
        message_ru="По заявлению — отпуск без сохранения заработной платы до 60 календарных дней в году",
        message_en="Unpaid leave of up to 60 calendar days a year on request",
        fields=("disability_group",),
        applies=_always,
    ),
    ObligationRule(
        code="chernobyl_extra_leave",
        basis="п. 5 ч. 1 ст. 14 Закона РФ № 1244-1 от 15.05.1991",
        message_ru=(
            "Инвалидность вследствие катастрофы на Чернобыльской АЭС: дополнительный "
            "оплачиваемый отпуск 14 календарных дней и ежегодный отпуск в удобное для работника время"
        ),
        message_en="Chernobyl-related disability: 14 more paid days and leave at a time of choice",
        fields=("disability_cause",),
        applies=lambda record: record.disability_cause == Cause.chernobyl,
    ),
    ObligationRule(
        code="night_overtime_weekend_consent",
        basis=f"ст. 96, 99, 113, 259 ТК РФ; {LAW_181}",
        message_ru=(
            "Ночная и сверхурочная работа, работа в выходные и праздники, командировки — "
            "только с письменного согласия и без медицинских противопоказаний"
        ),
        message_en=(
            "Night work, overtime, weekend/holiday work and business trips only with written "
            "consent and where not contraindicated (said so when night work is contraindicated)"
        ),
        fields=("contraindications",),
        applies=_always,
        render=_night_overtime_text,
    ),
    ObligationRule(
        code="exclude_contraindicated_factors",
        basis=f"ст. 224 ТК РФ; {LAW_181}",
        message_ru="Исключить противопоказанные по ИПРА виды работ и производственные факторы",
        message_en="Exclude the kinds of work and factors the IPRA contraindicates (listed)",
        fields=("contraindications",),
        applies=_has_contraindications,
        render=_factors_text,
    ),
    ObligationRule(
        code="harmful_conditions_review",
        basis="СП 2.2.3670-20; ГОСТ Р 57958-2017, п. 4.3 (рекомендательный)",
        message_ru=(
            "Если рабочее место с вредными условиями труда (класс 3.x) — решение о допуске "
            "принимается по ИПРА вручную: безусловного запрета больше нет (СП 2.2.9.2510-09 отменён)"
        ),
        message_en="A class 3.x (harmful) workplace goes to human review against the IPRA",
        fields=("contraindications",),
        applies=_has_contraindications,
    ),
    ObligationRule(
        code="medical_transfer",
        basis="ст. 73, 182 ТК РФ; п. 8 ч. 1 ст. 77 ТК РФ",
        message_ru=(
            "Если текущая работа противопоказана — с согласия работника перевести на "
            "подходящую работу (при переводе на нижеоплачиваемую — средний заработок месяц); "
            "нет работы или отказ: до 4 месяцев — отстранение, свыше — увольнение "
            "по п. 8 ч. 1 ст. 77 с выходным пособием в размере двухнедельного заработка"
        ),
        message_en="If the current job is contraindicated: offer a suitable transfer (art. 73)",
        fields=("contraindications",),
        applies=_has_contraindications,
    ),
    ObligationRule(
        code="track_reexamination",
        basis="Постановление Правительства РФ № 588 от 05.04.2022, пп. 9, 13",
        message_ru="Отслеживать дату очередного освидетельствования и срок инвалидности",
        message_en="Track the re-examination date / the «until» date (named in the message)",
        fields=("reexamination_date", "valid_until"),
        applies=lambda record: track_date(record) is not None,
        render=_track_text,
    ),
    ObligationRule(
        code="termination_basis_incapable",
        basis="п. 5 ч. 1 ст. 83 ТК РФ; ст. 178 ТК РФ",
        message_ru=(
            "Документ содержит заключение о полной неспособности к трудовой деятельности: "
            "трудовой договор прекращается по п. 5 ч. 1 ст. 83 ТК РФ с выплатой выходного "
            "пособия в размере двухнедельного среднего заработка"
        ),
        message_en="Complete incapability of work: termination under item 5 part 1 art. 83, two weeks' pay",
        fields=("incapable_of_work",),
        applies=lambda record: record.incapable_of_work,
    ),
    ObligationRule(
        code="degree3_not_termination_ground",
        basis="п. 5 ч. 1 ст. 83 ТК РФ; Приказ Минтруда России № 585н",
        message_ru=(
            "3 степень ограничения без прямого заключения о полной неспособности к труду "
            "не является основанием для увольнения"
        ),
        message_en="Degree 3 without an express incapability note is no ground for termination",
        fields=("work_restriction_degree", "incapable_of_work"),
        applies=degree3_without_note,
    ),
    ObligationRule(
        code="accompanied_employment",
        basis="Приказ Минтруда России № 652н (сопровождаемое содействие занятости, с 05.11.2023)",
        message_ru=(
            "I/II группа, труд возможен при помощи других лиц: возможно сопровождаемое "
            "содействие занятости — организовать наставничество / помощь на рабочем месте"
        ),
        message_en="Groups I/II working with help of others: accompanied employment may apply",
        fields=("disability_group", "recommended_conditions"),
        applies=accompanied_employment_applies,
    ),
)
"""Obligation rules, in the order obligations are listed on a record."""


def derive_obligations(record: Record) -> list[Obligation]:
    """The employer obligations that follow from a certificate or an IPRA (none for others)."""
    if DocType(record.doc_type) not in DISABILITY_DOCS:
        return []
    return [
        Obligation(
            code=rule.code,
            basis=rule.basis,
            message=rule.message_for(record),
            message_en=rule.message_en,
        )
        for rule in OBLIGATIONS
        if rule.applies(record)
    ]
