"""Single-document rules for the MSE certificate (Order 1031н) and the IPRA (Order 486н).

Each predicate returns ``True`` (or the fields at fault) when the record breaks
the rule, and skips — returns ``False`` — when a value it needs is missing: a
missing value is the business of ``required_field_missing`` alone.
"""

from __future__ import annotations

import datetime as dt

from mseflow.contract import DocType, Record, Severity
from mseflow.validators.base import CERTIFICATE, DISABILITY_DOCS, IPRA, CheckContext, Rule
from mseflow.validators.completeness import (
    ESSENTIAL_KEYS,
    OPTIONAL_KEYS,
    SECONDARY_KEYS,
    WORK_LISTS,
    Weight,
    has_work_recommendations,
    is_empty,
    required_field_missing,
    secondary_field_missing,
    weight_of,
)
from mseflow.validators.terms import (
    first_of_next_month,
    in_any_window,
    issued_ahead_of_extension,
    term_windows,
    term_years,
)
from mseflow.validators.validity import (
    is_child_ipra,
    is_confirmed,
    issue_year,
    issued_before_drawn_up,
)

IPRA_NO_WORK_BLOCK_FROM = dt.date(2017, 8, 12)
IPRA_WORK_BLOCK_FROM = dt.date(2019, 1, 1)
BASIS_588 = (
    "Правила признания лица инвалидом (Постановление Правительства РФ № 588 от 05.04.2022), "
    "пп. 9, 13"
)
BASIS_1031 = "Приказ Минздравсоцразвития России № 1031н от 24.11.2010 (форма справки)"
BASIS_486 = "Приказ Минтруда России № 486н от 13.06.2017, приложение № 2 (форма ИПРА)"
BASIS_545 = "Приказ Минтруда России № 545н от 26.06.2023 (форма и порядок ИПРА)"
BASIS_DEGREE = "Приказ Минтруда России № 585н от 27.08.2019 (степени ограничения 1–3)"
BASIS_TEMPORARY = (
    "Временный порядок признания лица инвалидом (Постановления Правительства РФ № 467 "
    "от 09.04.2020 и № 1697 от 16.10.2020; 01.03.2020–01.07.2022): продление на 6 месяцев "
    "с даты прежнего срока, решение — до её наступления"
)
BASIS_T2 = "форма № Т-2 (Постановление Госкомстата России № 1 от 05.01.2004)"


def _before(earlier: dt.date | None, later: dt.date | None, *, strict: bool) -> bool:
    """``False`` only when both dates are known and out of order."""
    if earlier is None or later is None:
        return True
    return earlier < later if strict else earlier <= later


def date_order_invalid(record: Record, ctx: CheckContext) -> bool:
    """Birth < established ≤ issue, checked on every pair of dates that is known.

    A 6-month extension under the temporary procedure (2020–2022) was decided and
    issued before the date it runs from, so its issue date may precede its
    established date (by up to 2 months).

    A date after the processing date is left out: it is a misread digit or a date of
    another line (a «до» date taken for the established one), and ``date_in_future``
    already names it for review; out of order with the others it says nothing more, and
    would make a misreading an error of the document.
    """
    birth, est, issue = (
        None if value is not None and value > ctx.today else value
        for value in (record.birth_date, record.established_date, record.issue_date)
    )
    issue_ok = _before(est, issue, strict=False) or issued_ahead_of_extension(
        est, record.valid_until, issue
    )
    return not (
        _before(birth, est, strict=True) and issue_ok and _before(birth, issue, strict=True)
    )


def reexamination_before_established(record: Record, ctx: CheckContext) -> bool:
    """The next re-examination cannot come before the group was established."""
    return not _before(record.established_date, record.reexamination_date, strict=False)


def term_start(record: Record) -> dt.date | None:
    """What a term counts from: the established date, or an IPRA's issue date."""
    if record.established_date is not None or record.doc_type != DocType.ipra:
        return record.established_date
    return record.issue_date


def term_before_established(record: Record, ctx: CheckContext) -> bool:
    """The «до» date must fall after the date the group (or the IPRA) was set."""
    start = term_start(record)
    return not _before(start, record.valid_until, strict=True)


def group_term_mismatch(record: Record, ctx: CheckContext) -> bool:
    """A certificate's term is 2 years for group I, 1 year for II/III (+ up to 2 months).

    From 01.03.2020 to 01.07.2022 a 6-month extension was lawful too (temporary procedure).
    """
    group, est, until = record.disability_group, record.established_date, record.valid_until
    if record.indefinite or until is None or est is None or term_years(group) is None:
        return False
    return not in_any_window(until, term_windows(est, group))  # type: ignore[arg-type]


def ipra_term_mismatch(record: Record, ctx: CheckContext) -> bool:
    """An IPRA runs for the group's term or «бессрочно».

    From the established date the whole window applies. From the issue date only
    the upper end does: an IPRA redeveloped mid-term keeps the group's end date.
    """
    group, until = record.disability_group, record.valid_until
    start = term_start(record)
    if record.indefinite or until is None or start is None or term_years(group) is None:
        return False
    windows = term_windows(start, group)  # type: ignore[arg-type]
    if record.established_date is None:
        return until > max(high for _, high in windows)
    return not in_any_window(until, windows)


def degree_out_of_range(record: Record, ctx: CheckContext) -> bool:
    """The degree of restriction of the ability to work is 1, 2 or 3."""
    return record.work_restriction_degree not in (None, 1, 2, 3)


def group_out_of_range(record: Record, ctx: CheckContext) -> bool:
    """The disability group is I, II or III."""
    return record.disability_group not in (None, 1, 2, 3)


def incapable_note_degree_mismatch(record: Record, ctx: CheckContext) -> bool:
    """Complete incapability of work goes only with degree 3 (or no degree printed)."""
    return record.incapable_of_work and record.work_restriction_degree not in (None, 3)


def ipra_recommendations_missing(record: Record, ctx: CheckContext) -> bool:
    """From 01.01.2019 an adult's IPRA carries the work block (or says work is impossible).

    A child's IPRA (486н Appendix 3) has no such block (see :func:`is_child_ipra` for the
    sources); family 6 expects the warning there only as a recorded gap of earlier rules.
    """
    issue = record.issue_date
    if issue is None or is_child_ipra(record):
        return False
    if issued_before_drawn_up(record):  # the number's year stands for a date that cannot be
        year = issue_year(record)
        if year is None or year < IPRA_WORK_BLOCK_FROM.year:
            return False
    elif issue < IPRA_WORK_BLOCK_FROM:
        return False
    return not has_work_recommendations(record) and not record.incapable_of_work


def ipra_recommendations_unexpected(record: Record, ctx: CheckContext) -> bool:
    """IPRAs issued 12.08.2017–31.12.2018 carry no work recommendations.

    An issue date that cannot be the IPRA's (:func:`issued_before_drawn_up`) gives way to
    the year of its registration number: «…/2018» lies in that window whole.
    """
    issue = record.issue_date
    if issue is not None and issued_before_drawn_up(record):
        if issue_year(record) != IPRA_NO_WORK_BLOCK_FROM.year + 1:
            return False
    elif issue is None or not IPRA_NO_WORK_BLOCK_FROM <= issue < IPRA_WORK_BLOCK_FROM:
        return False
    return has_work_recommendations(record)


def document_expired(record: Record, ctx: CheckContext) -> bool:
    """The term has passed on the processing date: on the «до» day itself it has lapsed.

    The group is set *until* the 1st of the month after the re-examination month.
    """
    until = record.valid_until
    return not record.indefinite and until is not None and until <= ctx.today


def term_not_first_of_month(record: Record, ctx: CheckContext) -> bool:
    """The «до» date is the 1st of a month (the month after the re-examination month)."""
    until = record.valid_until
    return not record.indefinite and until is not None and until.day != 1


def term_not_after_reexamination_month(record: Record, ctx: CheckContext) -> bool:
    """«До» is the 1st of the month right after the month of the re-examination date."""
    exam, until = record.reexamination_date, record.valid_until
    if record.indefinite or exam is None or until is None or exam >= until:
        return False
    return until != first_of_next_month(exam)


def conflict_matters(record: Record, key: str) -> bool:
    """Whether a conflict on ``key`` can mislead: a value was written, or the field is needed.

    A field the resolver left empty carries no value to doubt unless the guarantees need
    it: a secondary field's gap is reported by ``secondary_field_missing``; an optional
    one the form prints only sometimes (the degree on a certificate, the cause on an
    IPRA) weighs nothing. Its candidates stay in the record for the reviewer.
    """
    if not is_empty(record, key):
        return True
    weight = weight_of(record, key)
    if weight is not None:
        return weight == Weight.essential
    return key not in OPTIONAL_KEYS.get(DocType(record.doc_type), ())


def conflicting_values(record: Record, ctx: CheckContext) -> tuple[str, ...]:
    """Fields whose strong candidates disagreed (the resolver marks their evidence).

    Left out: secondary fields the resolver left empty (see :func:`conflict_matters`).
    """
    if is_confirmed(record):
        return ()
    return tuple(
        key
        for key, ev in record.evidence.items()
        if getattr(ev, "conflict", False) is True and conflict_matters(record, key)
    )


def date_in_future(record: Record, ctx: CheckContext) -> tuple[str, ...]:
    """Dates after the processing date: a misread digit or a wrong document."""
    keys = ("birth_date", "established_date", "issue_date")
    return tuple(key for key in keys if (value := getattr(record, key)) and value > ctx.today)


def indefinite_term_conflict(record: Record, ctx: CheckContext) -> bool:
    """«Бессрочно» has neither a «до» date nor a re-examination date."""
    return record.indefinite and (
        record.valid_until is not None or record.reexamination_date is not None
    )


def reexamination_after_term(record: Record, ctx: CheckContext) -> bool:
    """The re-examination falls in the month before the «до» date, never on or after it."""
    exam, until = record.reexamination_date, record.valid_until
    return exam is not None and until is not None and exam >= until


NOT_READ_VALUES = frozenset({"form_version"})
"""Evidence keys that are no value read from the page (the form tag is the validators' own)."""


def reading_confidence(record: Record) -> float:
    """How sure the reading is of the values the record carries: their evidence's mean.

    The extraction's own figure (``record.confidence``) is also scaled down for every key
    it did not find, the secondary ones (number, issuer) included; gaps are already judged
    by their legal weight (``required_field_missing``, ``secondary_field_missing``), so
    counting them here again would send a document to review for a field it may miss.
    Without evidence (a record made by hand) the extraction's figure stands.
    """
    found = [
        ev.confidence
        for key, ev in record.evidence.items()
        if key not in NOT_READ_VALUES and key in Record.model_fields and not is_empty(record, key)
    ]
    return sum(found) / len(found) if found else record.confidence


def low_confidence(record: Record, ctx: CheckContext) -> bool:
    """The values read are unsure on the whole (and no person has confirmed them since)."""
    return reading_confidence(record) < ctx.min_confidence and not is_confirmed(record)


def degree3_without_incapable_note(record: Record, ctx: CheckContext) -> bool:
    """Degree 3 without an express note: the person is NOT thereby incapable of work."""
    return record.work_restriction_degree == 3 and not record.incapable_of_work


def not_a_disability_document(record: Record, ctx: CheckContext) -> bool:
    """Neither a certificate nor an IPRA: an HR officer should look at it."""
    return record.doc_type == DocType.other


DATES = ("birth_date", "established_date", "issue_date")

SINGLE_RULES: tuple[Rule, ...] = (
    Rule(
        code="date_order_invalid",
        severity=Severity.error,
        message_ru="Даты не по порядку: должно быть рождение < установление инвалидности ≤ выдача",
        message_en="Dates out of order: birth < established ≤ issue is required",
        fields=DATES,
        basis=f"{BASIS_588}; {BASIS_1031}; {BASIS_TEMPORARY}",
        applies_to=DISABILITY_DOCS,
        check=date_order_invalid,
        version=3,
    ),
    Rule(
        code="reexamination_before_established",
        severity=Severity.error,
        message_ru="Дата очередного освидетельствования раньше даты установления инвалидности",
        message_en="The next re-examination date is before the date the disability was established",
        fields=("established_date", "reexamination_date"),
        basis=BASIS_588,
        applies_to=DISABILITY_DOCS,
        check=reexamination_before_established,
    ),
    Rule(
        code="term_before_established",
        severity=Severity.error,
        message_ru="Срок «до» не позже даты установления инвалидности (или выдачи ИПРА)",
        message_en="The «until» date is not after the date the disability (or the IPRA) was set",
        fields=("established_date", "issue_date", "valid_until"),
        basis=BASIS_588,
        applies_to=DISABILITY_DOCS,
        check=term_before_established,
    ),
    Rule(
        code="group_term_mismatch",
        severity=Severity.error,
        message_ru=(
            "Срок не соответствует группе: I группа — 2 года, II и III — 1 год "
            "(до 1-го числа месяца после месяца переосвидетельствования) или бессрочно; "
            "в 2020–2022 гг. — также продление на 6 месяцев"
        ),
        message_en=(
            "The term does not fit the group: 2 years for group I, 1 year for II and III "
            "(to the 1st of the month after the re-examination month), or indefinite; "
            "in 2020-2022 also a 6-month extension"
        ),
        fields=("disability_group", "established_date", "valid_until"),
        basis=f"{BASIS_588}; {BASIS_TEMPORARY}",
        applies_to=CERTIFICATE,
        check=group_term_mismatch,
        version=2,
    ),
    Rule(
        code="ipra_term_mismatch",
        severity=Severity.error,
        message_ru="Срок ИПРА не равен сроку группы инвалидности и не «бессрочно»",
        message_en="The IPRA term is neither the term of the disability group nor indefinite",
        fields=("disability_group", "issue_date", "valid_until"),
        basis=(
            f"Порядок разработки и реализации ИПРА (приказ Минтруда России № 486н от 13.06.2017), "
            f"п. 8; {BASIS_486}, п. 18.6; {BASIS_545}; {BASIS_TEMPORARY}"
        ),
        applies_to=IPRA,
        check=ipra_term_mismatch,
        suppressed_by=("term_before_established",),
        version=2,
    ),
    Rule(
        code="degree_out_of_range",
        severity=Severity.error,
        message_ru="Степень ограничения способности к трудовой деятельности не 1, 2 или 3",
        message_en="The degree of restriction of the ability to work is not 1, 2 or 3",
        fields=("work_restriction_degree",),
        basis=BASIS_DEGREE,
        applies_to=DISABILITY_DOCS,
        check=degree_out_of_range,
    ),
    Rule(
        code="group_out_of_range",
        severity=Severity.error,
        message_ru="Группа инвалидности не I, II или III",
        message_en="The disability group is not I, II or III",
        fields=("disability_group",),
        basis=BASIS_588,
        applies_to=DISABILITY_DOCS,
        check=group_out_of_range,
    ),
    Rule(
        code="incapable_note_degree_mismatch",
        severity=Severity.error,
        message_ru="Отметка о полной неспособности к труду при степени ограничения не 3",
        message_en="Complete incapability of work is noted with a degree other than 3",
        fields=("incapable_of_work", "work_restriction_degree"),
        basis=BASIS_DEGREE,
        applies_to=DISABILITY_DOCS,
        check=incapable_note_degree_mismatch,
    ),
    Rule(
        code="required_field_missing",
        severity=Severity.warning,
        message_ru=(
            "Не прочитаны обязательные поля — без них гарантии нельзя применить; "
            "впишите их по документу"
        ),
        message_en="Essential fields were not read; fill them in from the document",
        fields=ESSENTIAL_KEYS,
        basis=(
            "ФИО и дата рождения (или СНИЛС) — чей документ; группа — от неё зависят "
            "гарантии (ч. 1 ст. 92 ТК РФ, ст. 23 Федерального закона № 181-ФЗ); срок «до» или "
            f"«бессрочно» — пока документ в силе ({BASIS_588}); у ИПРА с пустым блоком "
            f"рекомендаций — дата выдачи ({BASIS_486}, ред. с 01.01.2019). Формы: {BASIS_1031}; "
            f"{BASIS_486}"
        ),
        applies_to=DISABILITY_DOCS,
        check=required_field_missing,
        version=4,
    ),
    Rule(
        code="ipra_recommendations_missing",
        severity=Severity.warning,
        message_ru=(
            "ИПРА выдана с 01.01.2019, но не содержит рекомендаций о показанных и "
            "противопоказанных видах трудовой деятельности"
        ),
        message_en="An IPRA issued from 01.01.2019 carries no recommendations on kinds of work",
        fields=(*WORK_LISTS, "issue_date", "incapable_of_work"),
        basis=f"{BASIS_486} (в ред. с 01.01.2019); {BASIS_545}",
        applies_to=IPRA,
        check=ipra_recommendations_missing,
        version=2,
    ),
    Rule(
        code="ipra_recommendations_unexpected",
        severity=Severity.warning,
        message_ru=(
            "ИПРА выдана 12.08.2017–31.12.2018, когда рекомендаций о видах трудовой "
            "деятельности форма не содержала, но они прочитаны"
        ),
        message_en="An IPRA issued 12.08.2017–31.12.2018 (no work block then) has work recommendations",
        fields=(*WORK_LISTS, "issue_date"),
        basis=f"{BASIS_486} (ред. 12.08.2017–31.12.2018)",
        applies_to=IPRA,
        check=ipra_recommendations_unexpected,
        version=2,
    ),
    Rule(
        code="document_expired",
        severity=Severity.warning,
        message_ru="Срок, на который установлена инвалидность (разработана ИПРА), истёк",
        message_en="The term of the disability group (of the IPRA) has passed",
        fields=("valid_until", "indefinite"),
        basis=BASIS_588,
        applies_to=DISABILITY_DOCS,
        check=document_expired,
        version=2,
    ),
    Rule(
        code="term_not_first_of_month",
        severity=Severity.warning,
        message_ru="Срок «до» не 1-е число месяца: группа устанавливается до 1-го числа месяца",
        message_en="The «until» date is not the 1st of a month, as the group's term always is",
        fields=("valid_until",),
        basis=f"{BASIS_588}; {BASIS_486}, п. 18 (срок ИПРА)",
        applies_to=DISABILITY_DOCS,
        check=term_not_first_of_month,
    ),
    Rule(
        code="term_not_after_reexamination_month",
        severity=Severity.warning,
        message_ru=(
            "Срок «до» не 1-е число месяца, следующего за месяцем очередного освидетельствования"
        ),
        message_en="The «until» date is not the 1st of the month after the re-examination month",
        fields=("reexamination_date", "valid_until"),
        basis=BASIS_588,
        applies_to=DISABILITY_DOCS,
        check=term_not_after_reexamination_month,
        suppressed_by=(
            "term_not_first_of_month",
            "reexamination_after_term",
            "reexamination_before_established",
            "term_before_established",
        ),
    ),
    Rule(
        code="conflicting_values",
        severity=Severity.warning,
        message_ru="Распознаны разные значения одного поля — выберите верное по документу",
        message_en="Different values were read for one field: pick the right one from the document",
        fields=("evidence",),
        basis=(
            "без правовой нормы — проверка распознавания. Не выставляется для необязательного "
            "поля, оставленного пустым (справочного или печатаемого не на всех формах): "
            "сомнительного значения в записи нет, пробел справочного поля называет "
            "secondary_field_missing"
        ),
        applies_to=DISABILITY_DOCS,
        check=conflicting_values,
        version=3,
    ),
    Rule(
        code="date_in_future",
        severity=Severity.warning,
        message_ru="Дата позже даты обработки — вероятна ошибка распознавания",
        message_en="A date is after the processing date: likely a misread",
        fields=DATES,
        basis=f"{BASIS_1031}; {BASIS_486}",
        applies_to=DISABILITY_DOCS,
        check=date_in_future,
    ),
    Rule(
        code="indefinite_term_conflict",
        severity=Severity.warning,
        message_ru="«Бессрочно» указано вместе со сроком «до» или датой переосвидетельствования",
        message_en="«Indefinite» is given together with an «until» date or a re-examination date",
        fields=("indefinite", "valid_until", "reexamination_date"),
        basis=BASIS_588,
        applies_to=DISABILITY_DOCS,
        check=indefinite_term_conflict,
    ),
    Rule(
        code="reexamination_after_term",
        severity=Severity.warning,
        message_ru="Дата переосвидетельствования не раньше срока «до» (он — 1-е число следующего месяца)",
        message_en="The re-examination date is not before the «until» date (the 1st of the next month)",
        fields=("reexamination_date", "valid_until"),
        basis=BASIS_588,
        applies_to=DISABILITY_DOCS,
        check=reexamination_after_term,
        suppressed_by=("term_before_established",),
    ),
    Rule(
        code="low_confidence",
        severity=Severity.warning,
        message_ru="Низкая уверенность распознавания — проверьте значения по документу",
        message_en="Low extraction confidence: check the values against the document",
        fields=("confidence",),
        basis=(
            "— (проверка распознавания: средняя уверенность прочитанных значений; пробелы "
            "судят required_field_missing и secondary_field_missing по их весу)"
        ),
        applies_to=DISABILITY_DOCS,
        check=low_confidence,
        version=2,
    ),
    Rule(
        code="not_a_disability_document",
        severity=Severity.warning,
        message_ru="Документ не является справкой МСЭ или ИПРА",
        message_en="The document is neither an MSE certificate nor an IPRA",
        fields=("doc_type",),
        basis=f"{BASIS_1031}; {BASIS_486}",
        applies_to=frozenset({DocType.other}),
        check=not_a_disability_document,
    ),
    Rule(
        code="secondary_field_missing",
        severity=Severity.info,
        message_ru="Не прочитаны справочные поля (на статус не влияют) — при случае впишите",
        message_en="Secondary fields were not read (the status does not depend on them)",
        fields=SECONDARY_KEYS,
        basis=(
            "Обязанности работодателя от этих полей не зависят; номер и дата выдачи "
            f"документа нужны для личной карточки — {BASIS_T2}; дата установления и дата "
            f"очередного освидетельствования лишь проверяют срок ({BASIS_588})"
        ),
        applies_to=DISABILITY_DOCS,
        check=secondary_field_missing,
    ),
    Rule(
        code="degree3_without_incapable_note",
        severity=Severity.info,
        message_ru=(
            "3 степень без отметки о полной неспособности к труду: сама по себе не означает "
            "нетрудоспособность и не основание для увольнения"
        ),
        message_en=(
            "Degree 3 without an incapability note: it does not by itself mean incapable "
            "of work, nor a ground for termination"
        ),
        fields=("work_restriction_degree", "incapable_of_work"),
        basis=f"{BASIS_DEGREE}; п. 5 ч. 1 ст. 83 ТК РФ",
        applies_to=DISABILITY_DOCS,
        check=degree3_without_incapable_note,
    ),
)
"""Rules over one record, in the order their issues are listed."""
