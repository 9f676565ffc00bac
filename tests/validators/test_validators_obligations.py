"""Employer obligations: when each applies and when it must not, with its exact basis.

The three dangerous cases of issue 12 are tested first: obligations of an expired
or invalid document, a termination basis nobody confirmed, and a transfer that
leads to dismissal issued as an instruction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import Obligation, Record
from mseflow.validators import OBLIGATIONS, derive_obligations, validate_batch
from mseflow.validators.acts import (
    ACTS,
    BANNED_CITATIONS,
    PARENTS_ONLY_CITATIONS,
    render_legal_basis_markdown,
)
from mseflow.validators.base import Holder, ObligationKind

from .builders import TODAY, D, cert, ipra, other

GROUP1: dict[str, Any] = {
    "disability_group": 1,
    "valid_until": D(2027, 4, 1),
    "reexamination_date": D(2027, 3, 20),
}
CONFIRMED: dict[str, Any] = {"review": {"status": "confirmed", "by": "hr", "at": None}}
GUARANTEES_ALL = [
    "annual_leave_30_days",
    "unpaid_leave_60_days",
    "night_overtime_weekend_consent",
    "conditions_no_worse",
    "daily_hours_medical_conclusion",
    "disability_not_dismissal_ground",
]
NO_LISTS: dict[str, object] = {
    "contraindications": [],
    "recommended_conditions": [],
    "available_work": [],
}


def validated(record: Record, today: dt.date = TODAY) -> Record:
    (out,) = validate_batch([record], today=today)
    return out


def _codes(record: Record, today: dt.date = TODAY) -> list[str]:
    return [o.code for o in validated(record, today).obligations]


def _one(record: Record, code: str, today: dt.date = TODAY) -> Obligation:
    (found,) = [o for o in validated(record, today).obligations if o.code == code]
    return found


# --- the three dangerous cases -----------------------------------------------------------


def test_an_expired_certificate_gets_only_the_request_for_new_documents() -> None:
    expired = cert(issue_date=D(2021, 3, 12), established_date=D(2021, 3, 10),
                   valid_until=D(2022, 4, 1), reexamination_date=D(2022, 3, 15))  # fmt: skip
    assert _codes(expired) == ["disability_not_dismissal_ground", "request_new_documents"]
    request = _one(expired, "request_new_documents")
    assert request.kind == "request" and "01.04.2022" in request.message
    assert "не обязанность" in request.message and not request.requires_legal_review


def test_an_invalid_certificate_gets_nothing() -> None:
    assert validated(cert(disability_group=1)).validation.status == "invalid"
    assert validated(cert(disability_group=1)).obligations == []


def test_an_invalid_expired_ipra_with_an_incapable_note_gets_nothing() -> None:
    record = ipra(incapable_of_work=True, work_restriction_degree=2, issue_date=D(2019, 3, 12),
                  valid_until=D(2020, 4, 1), **CONFIRMED)  # fmt: skip
    out = validated(record)
    assert out.validation.status == "invalid"
    assert out.obligations == []


def test_a_valid_incapable_note_nobody_confirmed_gives_no_termination_basis() -> None:
    record = ipra(incapable_of_work=True, work_restriction_degree=3)
    codes = _codes(record)
    assert "termination_basis_incapable" not in codes
    assert "incapable_note_unconfirmed" in codes
    assert _one(record, "incapable_note_unconfirmed").kind == "review"


def test_a_confirmed_incapable_note_gives_a_legal_review_never_an_instruction() -> None:
    record = ipra(incapable_of_work=True, work_restriction_degree=3, **CONFIRMED)
    found = _one(record, "termination_basis_incapable")
    assert found.kind == "legal_review" and found.requires_legal_review
    assert found.basis == "п. 5 ч. 1 ст. 83 ТК РФ; ч. 3 ст. 178 ТК РФ"
    assert "Не инструкция" in found.message and "двухнедельный" in found.message
    assert any("полной неспособности" in doc for doc in found.documents)
    assert "incapable_note_unconfirmed" not in _codes(record)


def test_a_confirmed_incapable_note_of_an_expired_ipra_gives_no_termination_basis() -> None:
    record = ipra(incapable_of_work=True, work_restriction_degree=3, **CONFIRMED)
    assert "termination_basis_incapable" not in _codes(record, D(2026, 4, 1))


def test_a_rejected_record_gets_nothing() -> None:
    rejected = cert(review={"status": "rejected", "by": "hr"})
    assert validated(rejected).obligations == []


def test_medical_transfer_is_never_an_instruction_and_needs_confirmation() -> None:
    assert "medical_transfer" not in _codes(ipra())
    found = _one(ipra(**CONFIRMED), "medical_transfer")
    assert found.kind == "legal_review" and found.requires_legal_review
    assert "с указанием срока" in found.message and "согласия" in found.message
    assert len(found.documents) == 3
    adjust = _one(ipra(), "adjust_duties_then_offer_vacancies")
    assert adjust.kind == "instruction" and "соглашению сторон" in adjust.message
    assert "вакансии" in adjust.message


def test_no_instruction_leads_to_termination_or_transfer() -> None:
    for rule in OBLIGATIONS:
        text = rule.message_ru.casefold()
        if any(word in text for word in ("прекращ", "увольнен", "отстранен", "перевод")):
            assert (
                rule.kind
                in (
                    ObligationKind.legal_review,
                    ObligationKind.information,
                    ObligationKind.review,
                )
                or "только после юридической проверки" in text
            ), rule.code


# --- group guarantees, gated on validity ------------------------------------------------


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (cert(**GROUP1), ["reduced_working_week", *GUARANTEES_ALL, "track_reexamination"]),
        (cert(), ["reduced_working_week", *GUARANTEES_ALL, "track_reexamination"]),
        (cert(disability_group=3), [*GUARANTEES_ALL, "track_reexamination"]),
        (cert(disability_group=3, valid_until=None, reexamination_date=None, indefinite=True), GUARANTEES_ALL),
        (cert(work_restriction_degree=3), ["reduced_working_week", *GUARANTEES_ALL, "track_reexamination", "degree3_not_termination_ground"]),
    ],
    ids=["group1", "group2", "group3", "group3_indefinite", "degree3_alone"],
)  # fmt: skip
def test_certificate_obligation_codes(record: Record, expected: list[str]) -> None:
    assert _codes(record) == expected


def test_guarantees_stop_on_the_until_day() -> None:
    assert "reduced_working_week" in _codes(cert(), D(2026, 3, 31))
    assert "reduced_working_week" not in _codes(cert(), D(2026, 4, 1))


def test_an_unread_term_keeps_the_guarantees_but_not_legal_review() -> None:
    record = ipra(valid_until=None, incapable_of_work=True, work_restriction_degree=3, **CONFIRMED)
    codes = _codes(record)
    assert "reduced_working_week" in codes and "termination_basis_incapable" not in codes


def test_reduced_week_cites_its_parts() -> None:
    found = _one(cert(**GROUP1), "reduced_working_week")
    assert (
        found.basis == "ч. 1 ст. 92 ТК РФ; ч. 3 ст. 23 Федерального закона № 181-ФЗ от 24.11.1995"
    )
    assert "35 часов" in found.message and found.kind == "instruction"


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        ("annual_leave_30_days", "ст. 115 ТК РФ; ч. 5 ст. 23"),
        ("unpaid_leave_60_days", "ч. 2 ст. 128 ТК РФ"),
        ("night_overtime_weekend_consent", "ч. 5 ст. 96, ч. 5 ст. 99, ч. 7 ст. 113, ч. 2 ст. 167 ТК РФ; ч. 4 ст. 23"),
        ("conditions_no_worse", "ч. 2 ст. 23"),
        ("daily_hours_medical_conclusion", "ч. 1 ст. 94 ТК РФ"),
        ("disability_not_dismissal_ground", "ст. 3 ТК РФ"),
        ("track_reexamination", "№ 588 от 05.04.2022), пп. 9, 13"),
    ],
)  # fmt: skip
def test_basis_of_common_obligations(code: str, basis: str) -> None:
    assert basis in _one(cert(), code).basis


def test_chernobyl_leave() -> None:
    found = _one(cert(disability_cause="chernobyl"), "chernobyl_extra_leave")
    assert "п. 5 ч. 1 ст. 14" in found.basis and "1244-1" in found.basis
    assert "14 календарных дней" in found.message
    assert "chernobyl_extra_leave" not in _codes(cert())


def test_disability_alone_is_no_dismissal_ground_for_every_group() -> None:
    for record in (cert(**GROUP1), cert(), cert(disability_group=3)):
        found = _one(record, "disability_not_dismissal_ground")
        assert found.kind == "information" and "любая" in found.message


# --- regimes: night, overtime, weekends, business trips ---------------------------------


def test_contraindicated_regimes_are_named() -> None:
    record = ipra(contraindications=["работа в ночную смену", "сверхурочные работы",
                                     "работа в выходные дни", "служебные командировки"])  # fmt: skip
    message = _one(record, "night_overtime_weekend_consent").message
    assert message.endswith(
        "не привлекать: ночная работа; сверхурочная работа; работа в выходные и праздничные "
        "дни; командировки"
    )
    plain = _one(ipra(contraindications=["подъём тяжестей"]), "night_overtime_weekend_consent")
    assert "Противопоказано" not in plain.message and "письменного согласия" in plain.message


# --- IPRA duties -----------------------------------------------------------------------


def test_contraindicated_factors_are_listed() -> None:
    found = _one(ipra(), "exclude_contraindicated_factors")
    assert found.basis == ("ч. 1 ст. 23 Федерального закона № 181-ФЗ от 24.11.1995; ст. 224 ТК РФ")
    assert found.message.endswith("работа в ночную смену; подъём тяжестей более 5 кг")


def test_harmful_conditions_review_only_when_harmful_factors_are_named() -> None:
    assert "harmful_conditions_review" not in _codes(ipra())
    record = ipra(contraindications=["работа во вредных условиях труда (класс 3.2)"])
    found = _one(record, "harmful_conditions_review")
    assert found.kind == "review" and "СП 2.2.3670-20" in found.basis
    assert "02.12.2020 № 40" in found.basis and "безусловного запрета нет" in found.message


def test_ipra_is_binding_on_the_employer_only() -> None:
    found = _one(ipra(), "ipra_binding_on_employer_optional_for_employee")
    assert "ст. 11" in found.basis and "письменно" in found.message
    assert "гарантии по группе инвалидности сохраняются" in found.message
    assert "ipra_binding_on_employer_optional_for_employee" not in _codes(cert())


@pytest.mark.parametrize(
    ("record", "applies"),
    [
        (ipra(work_restriction_degree=2), True),
        (ipra(recommended_conditions=["Нуждается в оснащении рабочего места специальными средствами"]), True),
        (ipra(available_work=["работа на специально оборудованном рабочем месте"]), True),
        (ipra(), False),
        (cert(work_restriction_degree=2), False),
    ],
    ids=["ipra_degree2", "equipped_workplace", "special_workplace", "plain_ipra", "certificate_alone"],
)  # fmt: skip
def test_special_workplace(record: Record, applies: bool) -> None:
    assert ("special_workplace" in _codes(record)) is applies


@pytest.mark.parametrize(
    ("group", "conditions", "applies"),
    [
        (3, ["Рекомендуется неполный рабочий день"], True),
        (3, ["Рабочий день не более 4 часов"], True),
        (2, ["Рекомендуется неполный рабочий день"], False),
        (
            3,
            ["Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда"],
            False,
        ),
    ],
)
def test_part_time_for_group3_when_the_ipra_limits_hours(
    group: int, conditions: list[str], applies: bool
) -> None:
    record = ipra(**{**NO_LISTS, "recommended_conditions": conditions}, disability_group=group)
    assert ("part_time_group3_ipra" in _codes(record)) is applies
    if applies:
        assert "ч. 2 ст. 101 ТК РФ" in _one(record, "part_time_group3_ipra").basis


def test_ipra_of_2017_2018_gets_the_guidance() -> None:
    old = ipra(**NO_LISTS, issue_date=D(2018, 5, 10), valid_until=None, indefinite=True)
    found = _one(old, "ipra_2017_2018_guidance")
    assert "2716" in found.basis and "№ 515" in found.basis and found.kind == "information"
    assert "ipra_2017_2018_guidance" not in _codes(ipra())


@pytest.mark.parametrize(
    ("group", "born", "conditions", "applies"),
    [
        (2, D(1980, 5, 12), ["Трудовая деятельность возможна при значительной помощи других лиц"], True),
        (1, D(1980, 5, 12), ["трудовая деятельность возможна при помощи других лиц"], True),
        (3, D(1980, 5, 12), ["Трудовая деятельность возможна при значительной помощи других лиц"], False),
        (2, D(1980, 5, 12), ["Нуждается в дополнительных перерывах"], False),
        (2, D(1960, 1, 2), ["Трудовая деятельность возможна при значительной помощи других лиц"], False),
        (2, D(2012, 1, 2), ["Трудовая деятельность возможна при значительной помощи других лиц"], False),
    ],
    ids=["group2", "group1", "group3", "no_help", "past_working_age", "under_16"],
)  # fmt: skip
def test_accompanied_employment_is_a_possibility_for_working_age(
    group: int, born: dt.date, conditions: list[str], applies: bool
) -> None:
    record = ipra(**{**NO_LISTS, "recommended_conditions": conditions},
                  disability_group=group, birth_date=born)  # fmt: skip
    assert ("accompanied_employment" in _codes(record)) is applies
    if applies:
        found = _one(record, "accompanied_employment")
        assert "652н" in found.basis and "565-ФЗ" in found.basis and "1032-1" not in found.basis
        assert found.kind == "information" and "не обязанность" in found.message


# --- terms --------------------------------------------------------------------------------


def test_track_reexamination_names_the_dates() -> None:
    message = _one(cert(), "track_reexamination").message
    assert "очередное освидетельствование 15.03.2026" in message
    assert "до 01.04.2026" in message
    only_until = _one(ipra(), "track_reexamination").message
    assert "до 01.04.2026" in only_until and "освидетельствование 1" not in only_until


def test_date_format_in_messages_is_russian() -> None:
    record = cert(reexamination_date=D(2026, 3, 5))
    assert "05.03.2026" in _one(record, "track_reexamination").message


# --- registry hygiene ---------------------------------------------------------------------


def test_only_disability_documents_get_obligations() -> None:
    assert derive_obligations(other(), TODAY) == []
    assert derive_obligations(other(doc_type="unreadable"), TODAY) == []


def test_every_obligation_has_basis_messages_and_a_kind() -> None:
    for rule in OBLIGATIONS:
        assert rule.basis.strip() and rule.message_ru.strip() and rule.message_en.strip()
        assert rule.kind in ObligationKind
        if rule.requires_legal_review:
            assert rule.documents, rule.code
    assert len({rule.code for rule in OBLIGATIONS}) == len(OBLIGATIONS)


def test_no_basis_or_message_cites_replaced_or_unrelated_acts() -> None:
    texts = [t for rule in OBLIGATIONS for t in (rule.basis, rule.message_ru, rule.message_en)]
    from mseflow.validators import RULES

    texts += [t for rule in RULES for t in (rule.basis, rule.message_ru, rule.message_en)]
    for text in texts:
        for banned in BANNED_CITATIONS:
            assert banned not in text, (banned, text)
        assert "1032-1" not in text
    for rule in OBLIGATIONS:
        if rule.holder != Holder.parent:
            for cited in PARENTS_ONLY_CITATIONS:
                assert cited not in rule.basis, (rule.code, cited)
    assert "585н от 27.08.2019" in " ".join(texts)


def test_legal_basis_doc_is_generated_and_lists_every_act() -> None:
    from pathlib import Path

    committed = Path(__file__).resolve().parents[2] / "docs" / "legal-basis.md"
    assert committed.read_text(encoding="utf-8") == render_legal_basis_markdown(), (
        "run: mseflow rules --legal-basis > docs/legal-basis.md"
    )
    assert len(ACTS) == len({act.key for act in ACTS})
    assert all(act.verified for act in ACTS)
