"""Every single-document rule has a passing and a failing case (table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import Evidence, Record, Severity
from mseflow.validators import RULES, Scope, validate_record

from .builders import TODAY, D, cert, ipra, other, unvalidated

CHILD_FORM = Evidence(page=1, text="486н ребенок", confidence=0.9)
ADULT_FORM = Evidence(page=1, text="486н", confidence=0.9)

LATER = dt.date(2026, 5, 1)
IPRA_2018: dict[str, object] = {
    "issue_date": D(2018, 5, 10),
    "document_number": "123.4.56/2018",
    "valid_until": None,
    "indefinite": True,
}
EXTENSION_2021: dict[str, object] = {
    "established_date": D(2021, 4, 1),
    "issue_date": D(2021, 3, 26),
    "valid_until": D(2021, 10, 1),
    "reexamination_date": D(2021, 9, 6),
}
"""A 6-month extension under the temporary procedure: decided and issued before it starts."""
EXTENSION_TODAY = D(2021, 5, 1)
EMPTY_LISTS: dict[str, object] = {
    "contraindications": [],
    "recommended_conditions": [],
    "available_work": [],
}

# (code, record, today, broken?)
CASES: list[tuple[str, str, Record, dt.date, bool]] = [
    ("date_order_invalid", "clean_certificate", cert(), TODAY, False),
    ("date_order_invalid", "clean_ipra", ipra(), TODAY, False),
    ("date_order_invalid", "issue_before_established", cert(issue_date=D(2025, 3, 1)), TODAY, True),
    ("date_order_invalid", "born_after_established", cert(birth_date=D(2025, 4, 1)), TODAY, True),
    ("date_order_invalid", "ipra_born_after_issue", ipra(birth_date=D(2025, 4, 1)), TODAY, True),
    ("date_order_invalid", "temporary_extension_issued_before_start", cert(**EXTENSION_2021), EXTENSION_TODAY, False),
    ("date_order_invalid", "one_year_term_issued_before_start", cert(**{**EXTENSION_2021, "valid_until": D(2022, 4, 1), "reexamination_date": D(2022, 3, 6)}), EXTENSION_TODAY, True),
    ("date_order_invalid", "extension_issued_three_months_early", cert(**{**EXTENSION_2021, "issue_date": D(2020, 12, 20)}), EXTENSION_TODAY, True),
    ("date_order_invalid", "six_months_after_the_temporary_procedure", cert(**{**EXTENSION_2021, "established_date": D(2023, 4, 1), "valid_until": D(2023, 10, 1), "reexamination_date": D(2023, 9, 6), "issue_date": D(2023, 3, 26)}), D(2023, 5, 1), True),
    ("reexamination_before_established", "clean", cert(), TODAY, False),
    ("reexamination_before_established", "exam_before", cert(reexamination_date=D(2025, 1, 9)), TODAY, True),
    ("term_before_established", "clean", cert(), TODAY, False),
    ("term_before_established", "until_equals_established", cert(valid_until=D(2025, 3, 10)), TODAY, True),
    ("term_before_established", "ipra_until_before_issue", ipra(valid_until=D(2025, 3, 1)), TODAY, True),
    ("group_term_mismatch", "group2_one_year", cert(), TODAY, False),
    ("group_term_mismatch", "group1_two_years", cert(disability_group=1, valid_until=D(2027, 4, 1), reexamination_date=D(2027, 3, 20)), TODAY, False),
    ("group_term_mismatch", "upper_end_of_window", cert(valid_until=D(2026, 5, 10), reexamination_date=None), TODAY, False),
    ("group_term_mismatch", "indefinite", cert(valid_until=None, reexamination_date=None, indefinite=True), TODAY, False),
    ("group_term_mismatch", "temporary_extension_six_months", cert(**EXTENSION_2021), EXTENSION_TODAY, False),
    ("group_term_mismatch", "temporary_extension_group1", cert(**EXTENSION_2021, disability_group=1), EXTENSION_TODAY, False),
    ("group_term_mismatch", "six_months_after_the_temporary_procedure", cert(established_date=D(2023, 4, 1), issue_date=D(2023, 4, 3), valid_until=D(2023, 10, 1), reexamination_date=D(2023, 9, 6)), D(2023, 5, 1), True),
    ("group_term_mismatch", "group1_one_year", cert(disability_group=1), TODAY, True),
    ("group_term_mismatch", "group2_two_years", cert(valid_until=D(2027, 4, 1), reexamination_date=D(2027, 3, 20)), TODAY, True),
    ("group_term_mismatch", "past_window", cert(valid_until=D(2026, 6, 1), reexamination_date=None), TODAY, True),
    ("ipra_term_mismatch", "clean", ipra(), TODAY, False),
    ("ipra_term_mismatch", "indefinite", ipra(valid_until=None, indefinite=True), TODAY, False),
    ("ipra_term_mismatch", "redeveloped_mid_term", ipra(issue_date=D(2025, 9, 1)), TODAY, False),
    ("ipra_term_mismatch", "temporary_extension_from_established", ipra(**{**EXTENSION_2021, "reexamination_date": None}), EXTENSION_TODAY, False),
    ("ipra_term_mismatch", "temporary_extension_from_issue", ipra(issue_date=D(2021, 3, 26), valid_until=D(2021, 10, 1)), EXTENSION_TODAY, False),
    ("ipra_term_mismatch", "six_months_after_the_temporary_procedure", ipra(established_date=D(2023, 4, 1), issue_date=D(2023, 4, 3), valid_until=D(2023, 10, 1)), D(2023, 5, 1), True),
    ("ipra_term_mismatch", "group2_two_years", ipra(valid_until=D(2027, 4, 1)), TODAY, True),
    ("ipra_term_mismatch", "group1_three_years", ipra(disability_group=1, valid_until=D(2028, 4, 1)), TODAY, True),
    ("ipra_term_mismatch", "short_from_established", ipra(established_date=D(2025, 3, 10), valid_until=D(2025, 12, 1)), TODAY, True),
    ("degree_out_of_range", "degree_2", cert(work_restriction_degree=2), TODAY, False),
    ("degree_out_of_range", "degree_4", unvalidated(cert(), work_restriction_degree=4), TODAY, True),
    ("group_out_of_range", "group_3", cert(disability_group=3), TODAY, False),
    ("group_out_of_range", "group_5", unvalidated(cert(), disability_group=5), TODAY, True),
    ("incapable_note_degree_mismatch", "incapable_degree3", cert(incapable_of_work=True, work_restriction_degree=3), TODAY, False),
    ("incapable_note_degree_mismatch", "incapable_no_degree", ipra(incapable_of_work=True), TODAY, False),
    ("incapable_note_degree_mismatch", "incapable_degree2", cert(incapable_of_work=True, work_restriction_degree=2), TODAY, True),
    ("required_field_missing", "clean_certificate", cert(), TODAY, False),
    ("required_field_missing", "clean_ipra", ipra(), TODAY, False),
    ("required_field_missing", "certificate_without_name", cert(full_name=None), TODAY, True),
    ("required_field_missing", "certificate_without_group", cert(disability_group=None), TODAY, True),
    ("required_field_missing", "certificate_without_birth_date", cert(birth_date=None), TODAY, True),
    ("required_field_missing", "certificate_without_term", cert(valid_until=None, reexamination_date=None), TODAY, True),
    ("required_field_missing", "certificate_without_established_is_secondary", cert(established_date=None), TODAY, False),
    ("required_field_missing", "certificate_without_issue_date_is_secondary", cert(issue_date=None), TODAY, False),
    ("required_field_missing", "certificate_without_reexamination_is_secondary", cert(reexamination_date=None), TODAY, False),
    ("required_field_missing", "ipra_without_issue_date_but_work_block", ipra(issue_date=None), TODAY, False),
    ("required_field_missing", "ipra_without_issue_date_nor_work_block", ipra(issue_date=None, **EMPTY_LISTS), TODAY, True),
    ("required_field_missing", "ipra_without_issue_date_incapable_note", ipra(issue_date=None, **EMPTY_LISTS, incapable_of_work=True), TODAY, False),
    ("required_field_missing", "ipra_without_group_486n_prints_none", ipra(disability_group=None), TODAY, False),
    ("required_field_missing", "ipra_without_birth_date", ipra(birth_date=None), TODAY, True),
    ("required_field_missing", "ipra_snils_stands_for_birth_date", ipra(birth_date=None, snils="112-233-445 95"), TODAY, False),
    ("required_field_missing", "ipra_without_term", ipra(valid_until=None), TODAY, True),
    ("required_field_missing", "indefinite_ipra", ipra(valid_until=None, indefinite=True), TODAY, False),
    ("secondary_field_missing", "clean_certificate", cert(), TODAY, False),
    ("secondary_field_missing", "clean_ipra", ipra(), TODAY, False),
    ("secondary_field_missing", "certificate_without_established", cert(established_date=None), TODAY, True),
    ("secondary_field_missing", "certificate_without_reexamination", cert(reexamination_date=None), TODAY, True),
    ("secondary_field_missing", "indefinite_certificate_needs_no_reexamination", cert(valid_until=None, reexamination_date=None, indefinite=True), TODAY, False),
    ("secondary_field_missing", "certificate_without_issuer", cert(issuer=None), TODAY, True),
    ("secondary_field_missing", "certificate_without_number", cert(document_series=None, document_number=None), TODAY, True),
    ("secondary_field_missing", "ipra_without_issue_date_but_work_block", ipra(issue_date=None), TODAY, True),
    ("secondary_field_missing", "ipra_without_issue_date_nor_work_block_is_essential", ipra(issue_date=None, **EMPTY_LISTS), TODAY, False),
    ("secondary_field_missing", "ipra_prints_no_series", ipra(document_series=None), TODAY, False),
    ("ipra_recommendations_missing", "clean", ipra(), TODAY, False),
    ("ipra_recommendations_missing", "incapable_note_only", ipra(**EMPTY_LISTS, incapable_of_work=True, work_restriction_degree=3), TODAY, False),
    ("ipra_recommendations_missing", "issued_2018", ipra(**IPRA_2018, **EMPTY_LISTS), TODAY, False),
    ("ipra_recommendations_missing", "empty_work_block", ipra(**EMPTY_LISTS), TODAY, True),
    ("ipra_recommendations_missing", "child_ipra_has_no_work_block", ipra(**EMPTY_LISTS, evidence={"form_version": CHILD_FORM}), TODAY, False),
    ("ipra_recommendations_missing", "adult_486n_form_tag", ipra(**EMPTY_LISTS, evidence={"form_version": ADULT_FORM}), TODAY, True),
    ("required_field_missing", "child_ipra_without_issue_date", ipra(issue_date=None, **EMPTY_LISTS, evidence={"form_version": CHILD_FORM}), TODAY, False),
    ("ipra_recommendations_unexpected", "issued_2018_no_block", ipra(**IPRA_2018, **EMPTY_LISTS), TODAY, False),
    ("ipra_recommendations_unexpected", "issued_2019", ipra(), TODAY, False),
    ("ipra_recommendations_unexpected", "issued_2018_with_block", ipra(**IPRA_2018), TODAY, True),
    ("document_expired", "valid_today", cert(), TODAY, False),
    ("document_expired", "indefinite", cert(valid_until=None, reexamination_date=None, indefinite=True), LATER, False),
    ("document_expired", "expired", cert(), LATER, True),
    ("document_expired", "ipra_expired", ipra(), LATER, True),
    ("document_expired", "day_before_until", cert(), D(2026, 3, 31), False),
    ("document_expired", "on_the_until_day", cert(), D(2026, 4, 1), True),
    ("term_not_first_of_month", "first_of_month", cert(), TODAY, False),
    ("term_not_first_of_month", "indefinite", cert(valid_until=None, reexamination_date=None, indefinite=True), TODAY, False),
    ("term_not_first_of_month", "mid_month", cert(valid_until=D(2026, 4, 10), reexamination_date=None), TODAY, True),
    ("term_not_after_reexamination_month", "month_after_exam", cert(), TODAY, False),
    ("term_not_after_reexamination_month", "no_exam_date", ipra(), TODAY, False),
    ("term_not_after_reexamination_month", "two_months_after_exam", cert(reexamination_date=D(2026, 2, 15)), TODAY, True),
    ("conflicting_values", "no_conflict", cert(evidence={"disability_group": {"text": "II", "confidence": 0.9}}), TODAY, False),
    ("conflicting_values", "confirmed_by_person", cert(evidence={"disability_group": {"text": "II", "conflict": True}}, review={"status": "confirmed", "by": "hr"}), TODAY, False),
    ("conflicting_values", "resolver_marked_conflict", cert(evidence={"disability_group": {"text": "II", "conflict": True}}), TODAY, True),
    ("conflicting_values", "secondary_field_left_empty", cert(reexamination_date=None, evidence={"reexamination_date": {"text": "31.08.2027", "conflict": True}}), TODAY, False),
    ("conflicting_values", "secondary_field_with_a_value", cert(evidence={"reexamination_date": {"text": "15.03.2026", "conflict": True}}), TODAY, True),
    ("conflicting_values", "essential_field_left_empty", cert(full_name=None, evidence={"full_name": {"text": "Фёдоров П. И.", "conflict": True}}), TODAY, True),
    ("conflicting_values", "ipra_issue_date_empty_with_work_block", ipra(issue_date=None, evidence={"issue_date": {"text": "12.03.2025", "conflict": True}}), TODAY, False),
    ("conflicting_values", "ipra_issue_date_empty_without_work_block", ipra(issue_date=None, **EMPTY_LISTS, evidence={"issue_date": {"text": "12.03.2025", "conflict": True}}), TODAY, True),
    ("conflicting_values", "certificate_degree_left_empty", cert(evidence={"work_restriction_degree": {"text": "I", "conflict": True}}), TODAY, False),
    ("conflicting_values", "ipra_degree_left_empty", ipra(evidence={"work_restriction_degree": {"text": "I", "conflict": True}}), TODAY, True),
    ("conflicting_values", "certificate_degree_with_a_value", cert(work_restriction_degree=1, evidence={"work_restriction_degree": {"text": "I", "conflict": True}}), TODAY, True),
    ("conflicting_values", "work_list_left_empty", ipra(contraindications=[], evidence={"contraindications": {"text": "…", "conflict": True}}), TODAY, True),
    ("date_in_future", "clean", cert(), TODAY, False),
    ("date_in_future", "issued_after_today", cert(), D(2025, 3, 11), True),
    ("indefinite_term_conflict", "indefinite_alone", cert(valid_until=None, reexamination_date=None, indefinite=True), TODAY, False),
    ("indefinite_term_conflict", "indefinite_with_exam", cert(valid_until=None, indefinite=True), TODAY, True),
    ("reexamination_after_term", "clean", cert(), TODAY, False),
    ("reexamination_after_term", "exam_on_until", cert(reexamination_date=D(2026, 4, 1)), TODAY, True),
    ("field_from_paired_document", "read_on_its_own_page", cert(), TODAY, False),
    ("field_from_paired_document", "name_lent_by_the_ipra", cert(candidates={"full_name": [{"value": "Фёдоров Пётр Ильич", "method": "paired_document", "extractor": "cross_document", "confidence": 0.8}]}), TODAY, True),
    ("low_confidence", "confident", cert(), TODAY, False),
    ("low_confidence", "unsure", cert(confidence=0.3), TODAY, True),
    ("low_confidence", "not_judged_on_other", other(confidence=0.2), TODAY, False),
    ("not_a_disability_document", "certificate", cert(), TODAY, False),
    ("not_a_disability_document", "other", other(), TODAY, True),
    ("degree3_without_incapable_note", "degree3_with_note", cert(work_restriction_degree=3, incapable_of_work=True), TODAY, False),
    ("degree3_without_incapable_note", "degree2", cert(work_restriction_degree=2), TODAY, False),
    ("degree3_without_incapable_note", "degree3_alone", cert(work_restriction_degree=3), TODAY, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "record", "today", "broken"),
    [
        pytest.param(c, r, t, b, id=f"{c}-{'fail' if b else 'pass'}-{name}")
        for c, name, r, t, b in CASES
    ],
)
def test_rule(code: str, record: Record, today: dt.date, broken: bool) -> None:
    found = [i for i in validate_record(record, today=today).issues if i.code == code]
    assert bool(found) is broken
    if broken:
        issue = found[0]
        assert issue.message and issue.model_extra and issue.model_extra["message_en"]
        assert issue.fields


def test_every_single_rule_has_a_passing_and_a_failing_case() -> None:
    single = {rule.code for rule in RULES if rule.scope == Scope.single}
    passing = {code for code, _, _, _, broken in CASES if not broken}
    failing = {code for code, _, _, _, broken in CASES if broken}
    assert passing == failing == single


def test_clean_documents_raise_nothing_but_info() -> None:
    for record in (cert(), ipra()):
        validation = validate_record(record, today=TODAY)
        assert validation.issues == []
        assert validation.status == "valid"


def test_required_field_missing_names_each_missing_field_in_russian() -> None:
    record = cert(established_date=None, full_name=None, valid_until=None)
    validation = validate_record(record, today=TODAY)
    (issue,) = [i for i in validation.issues if i.code == "required_field_missing"]
    assert issue.fields == ["full_name", "valid_until"]
    assert issue.message.endswith(": ФИО, срок «до» или «бессрочно»")
    assert issue.model_extra and issue.model_extra["message_en"].endswith(
        ": full_name, valid_until"
    )
    assert issue.severity == Severity.warning
    (secondary,) = [i for i in validation.issues if i.code == "secondary_field_missing"]
    assert secondary.fields == ["established_date"]
    assert secondary.message.endswith(": дата установления инвалидности")
    assert secondary.severity == Severity.info
    assert validation.status == "needs_review"


def test_a_valid_certificate_missing_only_secondary_fields_stays_valid() -> None:
    record = cert(
        established_date=None, reexamination_date=None, issue_date=None, issuer=None,
        document_series=None, document_number=None,
    )  # fmt: skip
    validation = validate_record(record, today=TODAY)
    assert validation.status == "valid"
    assert [(i.code, i.fields) for i in validation.issues] == [
        (
            "secondary_field_missing",
            ["issue_date", "established_date", "reexamination_date", "document_series",
             "document_number", "issuer"],
        )
    ]  # fmt: skip


def test_term_before_established_quiets_reexamination_after_term() -> None:
    record = cert(valid_until=D(2024, 4, 1))
    found = [i.code for i in validate_record(record, today=TODAY).issues]
    assert found == ["term_before_established", "group_term_mismatch", "document_expired"]


def test_range_rules_skip_missing_values() -> None:
    record = cert(
        established_date=None, valid_until=None, reexamination_date=None, indefinite=False
    )
    found = {i.code for i in validate_record(record, today=TODAY).issues}
    assert found == {"required_field_missing", "secondary_field_missing"}
