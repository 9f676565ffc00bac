"""Employer obligations that follow from a certificate or an IPRA, each with its exact basis.

Sources: the Labour Code (ТК РФ), Federal Law № 181-ФЗ of 24.11.1995, the Rules of
recognising a person as disabled (Decree № 588 of 05.04.2022) and the acts listed
in :mod:`mseflow.validators.acts` (docs/legal-basis.md), with what was verified.

Three gates stand before any obligation (:func:`derive_obligations`):

* an ``invalid`` record, or one a person rejected, gets none;
* an expired document gets only the *request* for new documents (presenting them
  is the employee's right, never a duty);
* anything that leads towards transfer, suspension or termination is a
  ``legal_review`` obligation: it appears only on a document provably in force,
  not invalid, whose note a person confirmed in the review station, and it names
  the documents the employer must hold. It is never an instruction.

The messages are for an HR officer; they never replace the documents themselves.
"""

from __future__ import annotations

import datetime as dt
import re

from mseflow.contract import Cause, DocType, Obligation, Record, Status
from mseflow.validators.base import (
    DISABILITY_DOCS,
    Gate,
    Holder,
    ObligationContext,
    ObligationKind,
    ObligationRule,
    ObligationTest,
)
from mseflow.validators.validity import (
    IPRA_NO_WORK_BLOCK_FROM,
    IPRA_WORK_BLOCK_FROM,
    Term,
    age_on,
    is_child_document,
    is_confirmed,
    is_rejected,
    term_status,
)

LAW_181 = "Федерального закона № 181-ФЗ от 24.11.1995"
TK = "ТК РФ"
RULES_588 = "Правила признания лица инвалидом (Постановление Правительства РФ № 588 от 05.04.2022)"

NIGHT = re.compile(r"ночн|в\s+ночь|ночное\s+время", re.IGNORECASE)
OVERTIME = re.compile(r"сверхуроч", re.IGNORECASE)
WEEKEND = re.compile(r"выходн\w*|праздни\w*", re.IGNORECASE)
TRIPS = re.compile(r"командиров|разъезд", re.IGNORECASE)
HARMFUL = re.compile(
    r"вредн|опасн|класс\w*\s*3|3\.[1-4]\b|химическ|вибрац|шум|излучени|запылен|загазован",
    re.IGNORECASE,
)
HELP_OF_OTHERS = re.compile(r"помощ\w*\s+(?:\w+\s+)?други[хм]\s+лиц", re.IGNORECASE)
SPECIAL_WORKPLACE = re.compile(
    r"специальн\w*\s+(?:оборудованн\w*\s+|оснащенн\w*\s+|созданн\w*\s+)?(?:рабоч\w*\s+мест|услови)"
    r"|специально\s+созданн\w*\s+услови|оснащени\w*\s+рабоч\w*\s+мест|оборудовани\w*\s+рабоч\w*\s+мест",
    re.IGNORECASE,
)
LIMITED_HOURS = re.compile(
    r"неполн\w*\s+рабоч|сокращ\w*\s+(?:рабоч|продолжительн)|огранич\w*\s+(?:продолжительн|рабоч\w*\s+времен)"
    r"|не\s+более\s+\d+\s+час",
    re.IGNORECASE,
)
WORKING_AGE = (16, 60)
"""Working age for the 652н information: from 16 to below 60 — the lower retirement age of
the two sexes (the record has no sex), so the check never claims someone is of working age
who may not be."""


def _ru_date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def _group_in(*groups: int) -> ObligationTest:
    return lambda record, ctx: record.disability_group in groups


def _always(record: Record, ctx: ObligationContext) -> bool:
    return True


def _has_contraindications(record: Record, ctx: ObligationContext) -> bool:
    return bool(record.contraindications)


def _all_items(record: Record) -> list[str]:
    return [*record.contraindications, *record.recommended_conditions, *record.available_work]


def contraindicated_regimes(record: Record) -> list[str]:
    """Which of night work, overtime, weekend work and business trips the IPRA contraindicates."""
    found = []
    for label, pattern in (
        ("ночная работа", NIGHT),
        ("сверхурочная работа", OVERTIME),
        ("работа в выходные и праздничные дни", WEEKEND),
        ("командировки", TRIPS),
    ):
        if any(pattern.search(item) for item in record.contraindications):
            found.append(label)
    return found


def night_work_contraindicated(record: Record) -> bool:
    """Whether the contraindications mention night work / night shifts."""
    return any(NIGHT.search(item) for item in record.contraindications)


def _regimes_text(record: Record) -> str:
    base = (
        "Ночная и сверхурочная работа, работа в выходные и нерабочие праздничные дни, "
        "командировки — только с письменного согласия работника и если это не запрещено ему "
        "по медицинским рекомендациям; под подпись ознакомить с правом отказаться"
    )
    banned = contraindicated_regimes(record)
    if banned:
        return base + ". Противопоказано по ИПРА — не привлекать: " + "; ".join(banned)
    return base


def _factors_text(record: Record) -> str:
    listed = "; ".join(record.contraindications)
    return (
        "Создать условия труда по ИПРА и исключить противопоказанные виды работ и "
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
        + "; после переосвидетельствования попросить работника представить новую справку / ИПРА"
    )


def _request_text(record: Record) -> str:
    until = record.valid_until
    when = f" {_ru_date(until)}" if until is not None else ""
    return (
        f"Срок справки / ИПРА истёк{when}: попросить работника (письменно, без требования) "
        "представить новую справку и ИПРА, если инвалидность продлена. Представлять их — право "
        "работника, не обязанность; гарантии по группе применяются по документам в силе"
    )


def accompanied_employment_applies(record: Record, ctx: ObligationContext) -> bool:
    """Groups I/II of working age whose work is possible only with significant help of others."""
    if record.disability_group not in (1, 2):
        return False
    age = age_on(record, ctx.today)
    if age is None or not WORKING_AGE[0] <= age < WORKING_AGE[1]:
        return False
    return any(HELP_OF_OTHERS.search(item) for item in record.recommended_conditions)


def degree3_without_note(record: Record, ctx: ObligationContext) -> bool:
    """Degree 3 and no express note of complete incapability of work."""
    return record.work_restriction_degree == 3 and not record.incapable_of_work


def harmful_factors_listed(record: Record, ctx: ObligationContext) -> bool:
    """The IPRA names harmful or dangerous production factors (or hazard classes)."""
    return any(HARMFUL.search(item) for item in record.contraindications)


def special_workplace_required(record: Record, ctx: ObligationContext) -> bool:
    """An IPRA that calls for a special (equipped) workplace, or degree 2 on an IPRA.

    Degree 2 is the ability to work in specially created conditions with auxiliary
    technical means (585н). A certificate alone never requires one.
    """
    if record.doc_type != DocType.ipra:
        return False
    if record.work_restriction_degree == 2:
        return True
    return any(SPECIAL_WORKPLACE.search(item) for item in _all_items(record))


def group3_hours_limited(record: Record, ctx: ObligationContext) -> bool:
    """Group III whose IPRA limits the working hours."""
    if record.disability_group != 3:
        return False
    return any(LIMITED_HOURS.search(item) for item in _all_items(record))


def ipra_without_work_block(record: Record, ctx: ObligationContext) -> bool:
    """An IPRA issued 12.08.2017–31.12.2018: the form then had no work recommendations."""
    issued = record.issue_date
    return (
        record.doc_type == DocType.ipra
        and issued is not None
        and IPRA_NO_WORK_BLOCK_FROM <= issued < IPRA_WORK_BLOCK_FROM
    )


def _is_ipra(record: Record, ctx: ObligationContext) -> bool:
    return record.doc_type == DocType.ipra


def _incapable(record: Record, ctx: ObligationContext) -> bool:
    return record.incapable_of_work


def _incapable_unconfirmed(record: Record, ctx: ObligationContext) -> bool:
    return record.incapable_of_work and not is_confirmed(record)


def _has_track_date(record: Record, ctx: ObligationContext) -> bool:
    return track_date(record) is not None


GUARANTEES: tuple[ObligationRule, ...] = (
    ObligationRule(
        code="reduced_working_week",
        basis=f"ч. 1 ст. 92 {TK}; ч. 3 ст. 23 {LAW_181}",
        message_ru=(
            "Установить сокращённую продолжительность рабочего времени — не более 35 часов "
            "в неделю с сохранением полной оплаты труда (I и II группа, даже при отказе от ИПРА)"
        ),
        message_en="Working week of at most 35 hours with full pay (groups I and II)",
        fields=("disability_group",),
        applies=_group_in(1, 2),
        version=2,
    ),
    ObligationRule(
        code="annual_leave_30_days",
        basis=f"ст. 115 {TK}; ч. 5 ст. 23 {LAW_181}",
        message_ru="Ежегодный оплачиваемый отпуск не менее 30 календарных дней",
        message_en="Annual paid leave of at least 30 calendar days",
        fields=("disability_group",),
        applies=_always,
        version=2,
    ),
    ObligationRule(
        code="unpaid_leave_60_days",
        basis=f"ч. 2 ст. 128 {TK}",
        message_ru="По заявлению работника — отпуск без сохранения заработной платы до 60 календарных дней в году",
        message_en="Unpaid leave of up to 60 calendar days a year on the employee's request",
        fields=("disability_group",),
        applies=_always,
        version=2,
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
        applies=lambda record, ctx: record.disability_cause == Cause.chernobyl,
        version=2,
    ),
    ObligationRule(
        code="night_overtime_weekend_consent",
        basis=(f"ч. 5 ст. 96, ч. 5 ст. 99, ч. 7 ст. 113, ч. 2 ст. 167 {TK}; ч. 4 ст. 23 {LAW_181}"),
        message_ru=(
            "Ночная и сверхурочная работа, работа в выходные и праздники, командировки — "
            "только с письменного согласия и без медицинских противопоказаний"
        ),
        message_en=(
            "Night work, overtime, weekend/holiday work and business trips only with written "
            "consent and where not contraindicated (those the IPRA contraindicates are named)"
        ),
        fields=("contraindications",),
        applies=_always,
        render=_regimes_text,
        version=3,
    ),
    ObligationRule(
        code="conditions_no_worse",
        basis=f"ч. 2 ст. 23 {LAW_181}",
        message_ru=(
            "Условия труда (оплата, режим рабочего времени и отдыха, отпуска) не могут быть "
            "хуже, чем у других работников: ни в коллективном, ни в трудовом договоре"
        ),
        message_en="Pay, hours, rest and leave no worse than other employees' (contracts included)",
        fields=("disability_group",),
        applies=_always,
    ),
    ObligationRule(
        code="daily_hours_medical_conclusion",
        basis=f"ч. 1 ст. 94 {TK}",
        message_ru=(
            "Продолжительность ежедневной работы (смены) — в соответствии с медицинским "
            "заключением, если работник его представил"
        ),
        message_en="Daily (shift) length as a medical conclusion sets it, where one is presented",
        fields=("disability_group",),
        applies=_always,
        kind=ObligationKind.information,
    ),
    ObligationRule(
        code="part_time_group3_ipra",
        basis=f"ч. 1 ст. 23 {LAW_181}; ст. 93 {TK}; ч. 2 ст. 101 {TK}",
        message_ru=(
            "III группа, ИПРА ограничивает продолжительность работы: установить неполное рабочее "
            "время по ИПРА; ненормированный рабочий день при неполном времени — только при "
            "неполной неделе с полным днём"
        ),
        message_en="Group III with hours limited by the IPRA: part-time work as the IPRA says",
        fields=("disability_group", "recommended_conditions"),
        applies=group3_hours_limited,
    ),
    ObligationRule(
        code="disability_not_dismissal_ground",
        basis=f"ст. 3 {TK}; ч. 2 ст. 23 {LAW_181}",
        message_ru=(
            "Инвалидность и её группа (любая) сами по себе не основание для увольнения или "
            "ухудшения условий труда"
        ),
        message_en="Disability or a group alone (any group) is no ground for dismissal",
        fields=("disability_group",),
        applies=_always,
        kind=ObligationKind.information,
        gate=Gate.any_term,
    ),
)
"""The group guarantees: in force (or term unread) only."""

IPRA_DUTIES: tuple[ObligationRule, ...] = (
    ObligationRule(
        code="ipra_binding_on_employer_optional_for_employee",
        basis=f"ст. 11 {LAW_181}",
        message_ru=(
            "ИПРА обязательна для работодателя и рекомендательна для работника: отказ работника "
            "(полностью или от части мероприятий) оформить письменно; он освобождает только от "
            "исполнения отказанной части, гарантии по группе инвалидности сохраняются"
        ),
        message_en=(
            "The IPRA binds the employer, not the employee: a refusal is written down, releases "
            "only the refused part, and the group guarantees stay"
        ),
        fields=("doc_type",),
        applies=_is_ipra,
        kind=ObligationKind.information,
    ),
    ObligationRule(
        code="exclude_contraindicated_factors",
        basis=f"ч. 1 ст. 23 {LAW_181}; ст. 224 {TK}",
        message_ru="Исключить противопоказанные по ИПРА виды работ и производственные факторы",
        message_en="Exclude the kinds of work and factors the IPRA contraindicates (listed)",
        fields=("contraindications",),
        applies=_has_contraindications,
        render=_factors_text,
        version=2,
    ),
    ObligationRule(
        code="adjust_duties_then_offer_vacancies",
        basis=f"ч. 1 ст. 23 {LAW_181}; ст. 72 {TK}",
        message_ru=(
            "Если в обязанностях работника есть противопоказанные по ИПРА работы — сначала "
            "исключить их из обязанностей по письменному соглашению сторон; если это невозможно — "
            "письменно предложить подходящие вакансии. Перевод, отстранение или увольнение — "
            "только после юридической проверки"
        ),
        message_en=(
            "Contraindicated duties: first remove them by written agreement, then offer suitable "
            "vacancies in writing; transfer, suspension or dismissal only after legal review"
        ),
        fields=("contraindications",),
        applies=_has_contraindications,
    ),
    ObligationRule(
        code="special_workplace",
        basis=f"ст. 22, ч. 1 ст. 23 {LAW_181}; ст. 224 {TK}",
        message_ru=(
            "ИПРА требует специально созданных условий / оснащённого рабочего места: оборудовать "
            "его по ИПРА (справка МСЭ без ИПРА для этого не основание)"
        ),
        message_en="The IPRA calls for a special (equipped) workplace: equip it as the IPRA says",
        fields=("work_restriction_degree", "recommended_conditions"),
        applies=special_workplace_required,
    ),
    ObligationRule(
        code="harmful_conditions_review",
        basis=(
            "СП 2.2.3670-20 (Постановление Главного государственного санитарного врача РФ "
            f"от 02.12.2020 № 40); ч. 1 ст. 23 {LAW_181}; ГОСТ Р 57958-2017, п. 4.3 "
            "(рекомендательный)"
        ),
        message_ru=(
            "ИПРА называет вредные или опасные факторы: если по СОУТ рабочее место вредное "
            "(класс 3.1–3.4) или опасное (4) — сопоставить факторы с ИПРА и принять меры по ИПРА; "
            "безусловного запрета нет, решение — после проверки человеком"
        ),
        message_en=(
            "The IPRA names harmful factors: a class 3.x/4 workplace is checked against the IPRA "
            "by a person"
        ),
        fields=("contraindications",),
        applies=harmful_factors_listed,
        kind=ObligationKind.review,
        version=2,
    ),
    ObligationRule(
        code="ipra_2017_2018_guidance",
        basis=(
            "Приказ Минтруда России № 486н от 13.06.2017 (ред. до 01.01.2019); Приказ Минтруда "
            "России № 515 от 04.08.2014 (методические рекомендации); письмо Минтруда России "
            "2018 г. № …/2716 (реквизиты не сверены)"
        ),
        message_ru=(
            "ИПРА 12.08.2017–31.12.2018 не содержит рекомендаций о видах трудовой деятельности: "
            "подбирать работу по методическим рекомендациям Минтруда и иным медицинским "
            "заключениям; любые не противопоказанные ими работы допустимы"
        ),
        message_en=(
            "An IPRA of 12.08.2017–31.12.2018 has no work recommendations: use Mintrud's methodical "
            "recommendations and other medical conclusions"
        ),
        fields=("issue_date",),
        applies=ipra_without_work_block,
        kind=ObligationKind.information,
    ),
    ObligationRule(
        code="accompanied_employment",
        basis=(
            "Приказ Минтруда России № 652н (сопровождаемое содействие занятости; реквизиты не "
            "сверены); Федеральный закон № 565-ФЗ от 12.12.2023 «О занятости населения в РФ»"
        ),
        message_ru=(
            "I/II группа, трудоспособный возраст, труд возможен при помощи других лиц: работодатель "
            "может участвовать в сопровождаемом содействии занятости (наставник, помощь на рабочем "
            "месте) через службу занятости — это возможность, не обязанность"
        ),
        message_en=(
            "Groups I/II of working age working with help of others: accompanied employment may "
            "be arranged (a possibility, not a duty)"
        ),
        fields=("disability_group", "recommended_conditions", "birth_date"),
        applies=accompanied_employment_applies,
        kind=ObligationKind.information,
        version=2,
    ),
)
"""Duties that follow from an IPRA's content: in force (or term unread) only."""

TERMS: tuple[ObligationRule, ...] = (
    ObligationRule(
        code="track_reexamination",
        basis=f"{RULES_588}, пп. 9, 13",
        message_ru="Отслеживать дату очередного освидетельствования и срок инвалидности",
        message_en="Track the re-examination date / the «until» date (named in the message)",
        fields=("reexamination_date", "valid_until"),
        applies=_has_track_date,
        render=_track_text,
        version=2,
        holder=Holder.either,
    ),
    ObligationRule(
        code="request_new_documents",
        basis=f"{RULES_588}, п. 13; ст. 11 {LAW_181}",
        message_ru="Срок справки / ИПРА истёк: попросить работника представить новые документы",
        message_en=(
            "The term has passed: ask (never demand) the employee for the new certificate and IPRA"
        ),
        fields=("valid_until",),
        applies=_always,
        kind=ObligationKind.request,
        gate=Gate.expired,
        render=_request_text,
        holder=Holder.either,
    ),
)
"""Keeping track of the term; on expiry, only the request."""

INCAPABILITY: tuple[ObligationRule, ...] = (
    ObligationRule(
        code="incapable_note_unconfirmed",
        basis=f"п. 5 ч. 1 ст. 83 {TK}",
        message_ru=(
            "Прочитана отметка о полной неспособности к трудовой деятельности, но человек её ещё "
            "не подтвердил: сверить с оригиналом в станции проверки; до подтверждения никаких "
            "решений о переводе или прекращении договора"
        ),
        message_en=(
            "A complete-incapability note was read but nobody confirmed it: check it against the "
            "original before any decision"
        ),
        fields=("incapable_of_work",),
        applies=_incapable_unconfirmed,
        kind=ObligationKind.review,
        gate=Gate.any_term,
    ),
    ObligationRule(
        code="termination_basis_incapable",
        basis=f"п. 5 ч. 1 ст. 83 {TK}; ч. 3 ст. 178 {TK}",
        message_ru=(
            "Подтверждённое заключение о полной неспособности к трудовой деятельности может быть "
            "основанием прекращения договора по п. 5 ч. 1 ст. 83 ТК РФ (выходное пособие — "
            "двухнедельный средний заработок). Не инструкция: решение — после юридической проверки"
        ),
        message_en=(
            "A confirmed complete-incapability conclusion may be a ground under item 5 part 1 "
            "art. 83 (two weeks' pay): for legal review, never an instruction"
        ),
        fields=("incapable_of_work",),
        applies=_incapable,
        kind=ObligationKind.legal_review,
        gate=Gate.confirmed_in_force,
        documents=(
            "медицинское заключение (ИПРА или иной документ МСЭ) с прямой записью о полной "
            "неспособности к трудовой деятельности — не только 3 степень",
            "подтверждение этой записи человеком по оригиналу (станция проверки)",
            "документ в силе на дату решения",
        ),
        version=2,
    ),
    ObligationRule(
        code="medical_transfer",
        basis=f"ст. 73, 76, 182, п. 8 ч. 1 ст. 77 {TK}",
        message_ru=(
            "Перевод по медицинским показаниям (ст. 73 ТК РФ) возможен только по медицинскому "
            "заключению о необходимости перевода с указанием срока и с письменного согласия "
            "работника; ИПРА срока перевода не содержит. Отстранение и прекращение по п. 8 ч. 1 "
            "ст. 77 — только после юридической проверки"
        ),
        message_en=(
            "A medical transfer (art. 73) needs a medical conclusion with its term and written "
            "consent; the IPRA alone gives no term: for legal review"
        ),
        fields=("contraindications",),
        applies=_has_contraindications,
        kind=ObligationKind.legal_review,
        gate=Gate.confirmed_in_force,
        documents=(
            "медицинское заключение о необходимости перевода с указанием срока (ст. 73 ТК РФ)",
            "письменное согласие работника на перевод",
            "письменное предложение всех подходящих вакансий",
        ),
        version=2,
    ),
    ObligationRule(
        code="degree3_not_termination_ground",
        basis=f"п. 5 ч. 1 ст. 83 {TK}; Приказ Минтруда России № 585н от 27.08.2019",
        message_ru=(
            "3 степень ограничения без прямого заключения о полной неспособности к труду "
            "не является основанием для увольнения"
        ),
        message_en="Degree 3 without an express incapability note is no ground for termination",
        fields=("work_restriction_degree", "incapable_of_work"),
        applies=degree3_without_note,
        kind=ObligationKind.information,
        gate=Gate.any_term,
        version=2,
    ),
)
"""The incapability note: review, legal review, never an instruction."""

CHILD = "ребенка-инвалида в возрасте до 18 лет"
DAYS_OFF_RULES = (
    "Правила предоставления дополнительных оплачиваемых выходных дней для ухода за "
    "детьми-инвалидами (Постановление Правительства РФ № 1048 от 13.10.2014)"
)

PARENT_GUARANTEES: tuple[ObligationRule, ...] = (
    ObligationRule(
        code="parent_extra_days_off",
        basis=f"ст. 262 {TK} (ред. Федерального закона № 491-ФЗ от 05.12.2022); {DAYS_OFF_RULES}",
        message_ru=(
            "Документ ребёнка-инвалида: одному из родителей (опекуну, попечителю) по письменному "
            "заявлению — четыре дополнительных оплачиваемых выходных дня в месяц (родители могут "
            "разделить их между собой; раз в году — до 24 дней подряд в пределах неиспользованных), "
            "оплата в размере среднего заработка"
        ),
        message_en=(
            "A disabled child's document: one parent (guardian) gets four extra paid days off a "
            "month on written application (may be shared; once a year up to 24 in a row)"
        ),
        fields=("disabled_child",),
        applies=_always,
        holder=Holder.parent,
    ),
    ObligationRule(
        code="parent_consent_night_overtime_trips",
        basis=f"ч. 2, 3 ст. 259, ч. 5 ст. 96 {TK}",
        message_ru=(
            "Работника, имеющего ребёнка-инвалида, направлять в командировки, привлекать к "
            "сверхурочной и ночной работе, к работе в выходные и праздники — только с его "
            "письменного согласия, под подпись ознакомив с правом отказаться"
        ),
        message_en=(
            "Business trips, overtime, night, weekend and holiday work of a parent of a disabled "
            "child only with written consent, after telling them in writing they may refuse"
        ),
        fields=("disabled_child",),
        applies=_always,
        holder=Holder.parent,
    ),
    ObligationRule(
        code="parent_part_time_on_request",
        basis=f"ч. 2 ст. 93 {TK}",
        message_ru=(
            f"По просьбе одного из родителей (опекуна, попечителя) {CHILD} — установить неполный "
            "рабочий день (смену) или неполную рабочую неделю"
        ),
        message_en="Part-time work on the request of a parent (guardian) of a disabled child under 18",
        fields=("disabled_child",),
        applies=_always,
        holder=Holder.parent,
    ),
    ObligationRule(
        code="parent_leave_at_chosen_time",
        basis=f"ст. 262.1 {TK}",
        message_ru=(
            f"Одному из родителей (опекуну, попечителю, приёмному родителю), воспитывающему {CHILD}, "
            "— ежегодный оплачиваемый отпуск по его желанию в удобное для него время"
        ),
        message_en="Annual paid leave at a time of the parent's choosing (disabled child under 18)",
        fields=("disabled_child",),
        applies=_always,
        holder=Holder.parent,
    ),
    ObligationRule(
        code="parent_unpaid_leave_by_agreement",
        basis=f"ст. 263 {TK}",
        message_ru=(
            f"Если коллективный договор это предусматривает: работнику, имеющему {CHILD}, — "
            "ежегодный дополнительный отпуск без сохранения заработной платы до 14 календарных "
            "дней в удобное для него время"
        ),
        message_en=(
            "Where the collective agreement provides it: up to 14 days of unpaid leave a year"
        ),
        fields=("disabled_child",),
        applies=_always,
        kind=ObligationKind.information,
        holder=Holder.parent,
    ),
    ObligationRule(
        code="parent_dismissal_protection",
        basis=f"ч. 4 ст. 261 {TK}",
        message_ru=(
            f"Одинокую мать, воспитывающую {CHILD}, или родителя — единственного кормильца такого "
            "ребёнка нельзя уволить по инициативе работодателя, кроме оснований, названных в "
            "статье: проверить с юристом семейное положение работника до любого решения"
        ),
        message_en=(
            "A single mother of a disabled child under 18, or a parent who is the only "
            "breadwinner, may not be dismissed on the employer's initiative but on the grounds "
            "the article lists: check the family facts with a lawyer first"
        ),
        fields=("disabled_child",),
        applies=_always,
        kind=ObligationKind.information,
        gate=Gate.any_term,
        holder=Holder.parent,
    ),
)
"""A disabled child's certificate or IPRA at work: the parent's guarantees (sources: the
articles of the Labour Code as a prosecutor's office lists them for parents of disabled
children — ч. 2 ст. 93, ч. 5 ст. 96, ч. 2, 3 ст. 259, ч. 4 ст. 261, ст. 262, 262.1, 263; the
text of ст. 262 as amended by № 491-ФЗ, in force from 01.09.2023). The disabled employee's
guarantees, the IPRA's work duties and the incapability note are not the parent's."""

OBLIGATIONS: tuple[ObligationRule, ...] = (
    *GUARANTEES,
    *IPRA_DUTIES,
    *TERMS,
    *INCAPABILITY,
    *PARENT_GUARANTEES,
)
"""Obligation rules, in the order obligations are listed on a record."""


def holder_of(record: Record) -> Holder:
    """Whose guarantees a record brings: a parent's for a disabled child's document
    (:func:`~mseflow.validators.validity.is_child_document`, what ``disabled_child`` says
    once the record is validated; judged here too, so a caller of :func:`derive_obligations`
    on an unvalidated record gets the same answer)."""
    return Holder.parent if is_child_document(record) else Holder.disabled_employee


def gate_open(rule: ObligationRule, record: Record, today: dt.date) -> bool:
    """Whether ``rule`` may appear on ``record`` at all (validity and review gates)."""
    term = term_status(record, today)
    if rule.gate == Gate.any_term:
        return True
    if rule.gate == Gate.expired:
        return term == Term.expired
    if rule.gate == Gate.in_force:
        return term != Term.expired
    if rule.gate == Gate.in_force_known:
        return term == Term.in_force
    return (  # Gate.confirmed_in_force
        term == Term.in_force
        and is_confirmed(record)
        and record.validation.status != Status.invalid
    )


def derive_obligations(record: Record, today: dt.date | None = None) -> list[Obligation]:
    """The employer obligations that follow from a validated certificate or IPRA.

    None for other documents, for ``invalid`` records and for records a person
    rejected. ``today`` defaults to the date of the call.
    """
    if DocType(record.doc_type) not in DISABILITY_DOCS or is_rejected(record):
        return []
    if record.validation.status == Status.invalid:
        return []
    day = today or dt.date.today()
    ctx = ObligationContext(today=day)
    holders = (holder_of(record), Holder.either)
    return [
        Obligation(
            code=rule.code,
            basis=rule.basis,
            message=rule.message_for(record),
            message_en=rule.message_en,
            kind=str(rule.kind),
            requires_legal_review=rule.requires_legal_review,
            documents=list(rule.documents),
        )
        for rule in OBLIGATIONS
        if rule.holder in holders and gate_open(rule, record, day) and rule.applies(record, ctx)
    ]
