"""The expected issue codes in the truth agree with the rules, checked independently.

A small re-statement of the rules (group terms: Постановление № 588, пп. 9, 13;
work recommendations: Order 486н, from 01.01.2019) is applied to the truth
records of a few hundred planned files; its codes must equal the generator's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from mseflow.fixtures.generate import (
    DEFAULT_DEGRADATION_MIX,
    DEFAULT_DOC_MIX,
    DEFAULT_KIND_MIX,
    DEFAULT_REFERENCE_DATE,
    plan_file,
    plan_files,
)
from mseflow.fixtures.verdicts import expected_status

REF = DEFAULT_REFERENCE_DATE
LISTS = ("contraindications", "recommended_conditions", "available_work")


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _add_months(value: dt.date, months: int) -> dt.date:
    month = value.month - 1 + months
    return value.replace(year=value.year + month // 12, month=month % 12 + 1, day=1) + (
        dt.timedelta(days=value.day - 1)
    )


def _term_ok(group: int, established: dt.date, until: dt.date) -> bool:
    years = 2 if group == 1 else 1
    low = established.replace(year=established.year + years)
    return low <= until <= _add_months(low, 2)


def _date_codes(r: dict[str, Any]) -> set[str]:
    codes = set()
    birth, est, issue = _d(r["birth_date"]), _d(r["established_date"]), _d(r["issue_date"])
    until, exam = _d(r["valid_until"]), _d(r["reexamination_date"])
    if est and birth and issue and not birth < est <= issue:
        codes.add("date_order_invalid")
    if est and exam and exam < est:
        codes.add("reexamination_before_established")
    if est and until and until < est:
        codes.add("term_before_established")
    if est and until and r["disability_group"] and not _term_ok(r["disability_group"], est, until):
        codes.add("group_term_mismatch")
    if until and until < REF:
        codes.add("document_expired")
    return codes


def rule_codes(r: dict[str, Any]) -> set[str]:
    """Single-document rules."""
    codes = _date_codes(r)
    if r["incapable_of_work"] and r["work_restriction_degree"] not in (None, 3):
        codes.add("incapable_note_degree_mismatch")
    if r["disability_group"] is None and r["doc_type"] != "ipra":  # 486н prints no group
        codes.add("required_field_missing")
    if r["doc_type"] == "ipra":
        has_lists = any(r[key] for key in LISTS)
        issue = _d(r["issue_date"])
        assert issue is not None
        if issue >= dt.date(2019, 1, 1) and not has_lists:
            codes.add("ipra_recommendations_missing")
        if dt.date(2017, 8, 12) <= issue <= dt.date(2018, 12, 31) and has_lists:
            codes.add("ipra_recommendations_unexpected")
    return codes


def pair_codes(cert: dict[str, Any], ipra: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Cross-document rules for a certificate and an IPRA of one person."""
    groups = (cert["disability_group"], ipra["disability_group"])
    if None not in groups and groups[0] != groups[1]:
        return {"cross_group_mismatch"}, {"cross_group_mismatch"}
    if (cert["valid_until"], cert["indefinite"]) != (ipra["valid_until"], ipra["indefinite"]):
        return set(), {"ipra_term_mismatch"}
    return set(), set()


def _planned_truth(count: int) -> list[list[tuple[dict[str, Any], list[str]]]]:
    specs = plan_files(count, 3, DEFAULT_KIND_MIX, DEFAULT_DOC_MIX, DEFAULT_DEGRADATION_MIX, 0.5)
    files = []
    for spec in specs:
        _, plans, _ = plan_file(spec, 3, REF)
        files.append([(p.facts.truth_record(), p.codes) for p in plans if p.doc_type != "other"])
    return files


def test_expected_codes_follow_the_rules() -> None:
    seen: Counter[str] = Counter()
    for documents in _planned_truth(600):
        computed = [rule_codes(record) for record, _ in documents]
        if len(documents) == 2:
            extra = pair_codes(documents[0][0], documents[1][0])
            computed = [computed[0] | extra[0], computed[1] | extra[1]]
        for (record, codes), mine in zip(documents, computed, strict=True):
            assert sorted(mine) == codes, (record, codes)
            seen.update(codes)
    assert set(seen) >= {
        "date_order_invalid", "reexamination_before_established", "term_before_established",
        "group_term_mismatch", "incapable_note_degree_mismatch", "ipra_term_mismatch",
        "cross_group_mismatch", "ipra_recommendations_missing", "ipra_recommendations_unexpected",
        "document_expired", "required_field_missing",
    }  # fmt: skip


def test_clean_documents_are_valid_on_the_reference_date() -> None:
    for documents in _planned_truth(200):
        for record, codes in documents:
            if not codes:
                assert expected_status(codes) == "valid"
                until = _d(record["valid_until"])
                assert record["indefinite"] or (until is not None and until > REF)
                assert record["incapable_of_work"] is False or record[
                    "work_restriction_degree"
                ] in (3, None)


def test_violation_share_is_about_fifteen_percent() -> None:
    specs = plan_files(600, 1, DEFAULT_KIND_MIX, DEFAULT_DOC_MIX, DEFAULT_DEGRADATION_MIX, 0.15)
    disability = [s for s in specs if s.composition != "other"]
    share = sum(s.violation is not None for s in disability) / len(disability)
    assert 0.10 <= share <= 0.20
