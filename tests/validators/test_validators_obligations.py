"""Employer obligations per group, cause, incapability and degree 3, with their legal basis."""

from __future__ import annotations

import pytest

from mseflow.contract import Obligation, Record
from mseflow.validators import OBLIGATIONS, derive_obligations, validate_batch

from .builders import TODAY, D, cert, ipra, other

ALL_GROUPS = ["annual_leave_30_days", "unpaid_leave_60_days", "night_overtime_weekend_consent"]
NO_LISTS: dict[str, object] = {
    "contraindications": [],
    "recommended_conditions": [],
    "available_work": [],
}


def _codes(record: Record) -> list[str]:
    return [o.code for o in derive_obligations(record)]


def _one(record: Record, code: str) -> Obligation:
    (found,) = [o for o in derive_obligations(record) if o.code == code]
    return found


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (cert(disability_group=1), ["reduced_working_week", *ALL_GROUPS, "track_reexamination"]),
        (cert(), ["reduced_working_week", *ALL_GROUPS, "track_reexamination"]),
        (cert(disability_group=3), [*ALL_GROUPS, "track_reexamination"]),
        (cert(disability_group=3, valid_until=None, reexamination_date=None, indefinite=True), ALL_GROUPS),
        (cert(disability_cause="chernobyl", disability_group=3), ["annual_leave_30_days", "unpaid_leave_60_days", "chernobyl_extra_leave", "night_overtime_weekend_consent", "track_reexamination"]),
        (cert(incapable_of_work=True, work_restriction_degree=3), ["reduced_working_week", *ALL_GROUPS, "track_reexamination", "termination_basis_incapable"]),
        (cert(work_restriction_degree=3), ["reduced_working_week", *ALL_GROUPS, "track_reexamination", "degree3_not_termination_ground"]),
        (ipra(disability_group=3, valid_until=None, indefinite=True), [*ALL_GROUPS, "exclude_contraindicated_factors", "harmful_conditions_review", "medical_transfer"]),
    ],
    ids=["group1", "group2", "group3", "group3_indefinite", "chernobyl", "incapable", "degree3", "ipra_contraindications"],
)  # fmt: skip
def test_obligation_codes(record: Record, expected: list[str]) -> None:
    assert _codes(record) == expected


def test_reduced_week_cites_art_92_and_181_fz() -> None:
    found = _one(cert(disability_group=1), "reduced_working_week")
    assert found.basis == "ст. 92 ТК РФ; ст. 23 Федерального закона № 181-ФЗ от 24.11.1995"
    assert "35 часов" in found.message


@pytest.mark.parametrize(
    ("code", "basis_part"),
    [
        ("annual_leave_30_days", "ст. 115 ТК РФ"),
        ("unpaid_leave_60_days", "ст. 128 ТК РФ"),
        ("night_overtime_weekend_consent", "ст. 96, 99, 113, 259 ТК РФ"),
        ("track_reexamination", "№ 588"),
    ],
)
def test_basis_of_common_obligations(code: str, basis_part: str) -> None:
    assert basis_part in _one(cert(), code).basis


def test_chernobyl_leave_basis() -> None:
    found = _one(cert(disability_cause="chernobyl"), "chernobyl_extra_leave")
    assert "1244-1" in found.basis and "14 календарных дней" in found.message


def test_incapable_termination_basis() -> None:
    found = _one(
        ipra(incapable_of_work=True, work_restriction_degree=3), "termination_basis_incapable"
    )
    assert found.basis == "п. 5 ч. 1 ст. 83 ТК РФ; ст. 178 ТК РФ"
    assert "двухнедельного" in found.message


def test_degree3_without_note_is_not_a_termination_ground() -> None:
    record = ipra(work_restriction_degree=3)
    assert "termination_basis_incapable" not in _codes(record)
    assert _one(record, "degree3_not_termination_ground").basis.startswith("п. 5 ч. 1 ст. 83 ТК РФ")


def test_contraindicated_factors_are_listed() -> None:
    found = _one(ipra(), "exclude_contraindicated_factors")
    assert found.basis == "ст. 224 ТК РФ; ст. 23 Федерального закона № 181-ФЗ от 24.11.1995"
    assert found.message.endswith("работа в ночную смену; подъём тяжестей более 5 кг")
    assert "СП 2.2.3670-20" in _one(ipra(), "harmful_conditions_review").basis
    assert "ГОСТ Р 57958-2017" in _one(ipra(), "harmful_conditions_review").basis
    assert _one(ipra(), "medical_transfer").basis.startswith("ст. 73")


def test_night_work_contraindicated_is_said() -> None:
    with_night = _one(ipra(), "night_overtime_weekend_consent").message
    without = _one(ipra(contraindications=["подъём тяжестей"]), "night_overtime_weekend_consent")
    assert with_night.endswith("Ночная работа противопоказана по ИПРА — не привлекать")
    assert "противопоказана по ИПРА" not in without.message
    assert "письменного согласия" in without.message


def test_track_reexamination_names_the_dates() -> None:
    message = _one(cert(), "track_reexamination").message
    assert "очередное освидетельствование 15.03.2026" in message
    assert "до 01.04.2026" in message
    only_until = _one(ipra(), "track_reexamination").message
    assert "до 01.04.2026" in only_until and "освидетельствование 1" not in only_until


@pytest.mark.parametrize(
    ("group", "conditions", "applies"),
    [
        (2, ["Трудовая деятельность возможна при значительной помощи других лиц"], True),
        (1, ["трудовая деятельность возможна при помощи других лиц"], True),
        (3, ["Трудовая деятельность возможна при значительной помощи других лиц"], False),
        (2, ["Нуждается в дополнительных перерывах"], False),
    ],
)
def test_accompanied_employment(group: int, conditions: list[str], applies: bool) -> None:
    record = ipra(**{**NO_LISTS, "recommended_conditions": conditions}, disability_group=group)
    assert ("accompanied_employment" in _codes(record)) is applies
    if applies:
        assert "652н" in _one(record, "accompanied_employment").basis


def test_only_disability_documents_get_obligations() -> None:
    assert derive_obligations(other()) == []
    assert derive_obligations(other(doc_type="unreadable")) == []


def test_validate_batch_sets_obligations() -> None:
    out = validate_batch([cert(), other()], today=TODAY)
    assert [o.code for o in out[0].obligations] == _codes(cert())
    assert out[1].obligations == []


def test_every_obligation_has_basis_and_messages() -> None:
    for rule in OBLIGATIONS:
        assert rule.basis.strip() and rule.message_ru.strip() and rule.message_en.strip()
    assert len({rule.code for rule in OBLIGATIONS}) == len(OBLIGATIONS)


def test_date_format_in_messages_is_russian() -> None:
    record = cert(reexamination_date=D(2026, 3, 5))
    assert "05.03.2026" in _one(record, "track_reexamination").message
