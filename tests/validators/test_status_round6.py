"""A valid document must not land in review because the reading missed a field (issue #10).

Table-driven over hand-made records: a certificate and an IPRA of one file lend each
other a ФИО, birth date or term the reading lost (validators/paired_fill.py), and only
then; every deliberate violation is still caught.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import Record
from mseflow.validators import validate_batch
from mseflow.validators.paired_fill import PAIRED_METHOD, names_match, same_examination

from .builders import TODAY, D, cert, ipra

FILE = "f" * 64
READ = 0.9


def _evidence(values: dict[str, Any], confidence: float = READ) -> dict[str, Any]:
    keys = ("full_name", "birth_date", "valid_until", "indefinite", "disability_group")
    return {
        key: {"page": 1, "text": str(values[key]), "confidence": confidence}
        for key in keys
        if values.get(key) not in (None, False)
    }


def paired(
    cert_changes: dict[str, Any] | None = None,
    ipra_changes: dict[str, Any] | None = None,
    *,
    ipra_confidence: float = READ,
    ipra_file: str = FILE,
) -> list[Record]:
    """A certificate (page 1) and an IPRA (pages 2–3) of one file, with evidence for each value."""
    c = cert(source_sha256=FILE, pages=[1], **(cert_changes or {})).model_dump()
    i = ipra(source_sha256=ipra_file, pages=[2, 3], **(ipra_changes or {})).model_dump()
    c["evidence"] = _evidence(c)
    i["evidence"] = _evidence(i, ipra_confidence)
    return [Record.model_validate(c), Record.model_validate(i)]


INDEFINITE = {"valid_until": None, "reexamination_date": None, "indefinite": True}
NO_TERM = {"valid_until": None, "reexamination_date": None, "indefinite": False}
DATIVE_CANDIDATE = {
    "full_name": [{"value": "Фёдоровой Анна Ильинична", "method": "labelled_line",
                   "extractor": "person", "confidence": 0.43}],
}  # fmt: skip
FEMALE = "Фёдорова Анна Ильинична"

# (name, certificate changes, IPRA changes, options, expected certificate fields,
#  expected IPRA fields, certificate status, IPRA status)
CASES: list[tuple[str, dict, dict, dict, dict, dict, str, str]] = [
    ("name_lost_on_certificate_births_agree", {"full_name": None}, {}, {},
     {"full_name": "Фёдоров Пётр Ильич"}, {}, "valid", "valid"),
    ("name_lost_on_ipra_births_agree", {}, {"full_name": None}, {},
     {}, {"full_name": "Фёдоров Пётр Ильич"}, "valid", "valid"),
    ("birth_lost_on_ipra_names_agree", {}, {"birth_date": None}, {},
     {}, {"birth_date": D(1980, 5, 12)}, "valid", "valid"),
    ("dative_surname_candidate_confirmed_by_ipra",
     {"full_name": None, "candidates": DATIVE_CANDIDATE}, {"full_name": FEMALE, "birth_date": None}, {},
     {"full_name": FEMALE}, {"birth_date": D(1980, 5, 12)}, "valid", "valid"),
    ("indefinite_lost_on_certificate", NO_TERM, INDEFINITE, {},
     {"indefinite": True, "valid_until": None}, {"indefinite": True}, "valid", "valid"),
    ("term_date_lost_on_ipra", {}, {"valid_until": None}, {},
     {}, {"valid_until": D(2026, 4, 1)}, "valid", "valid"),
    ("group_candidate_confirmed_by_ipra",
     {"disability_group": None, "candidates": {"disability_group": [
         {"value": 2, "method": "labelled_line", "extractor": "group", "confidence": 0.29}]}},
     {}, {}, {"disability_group": 2}, {}, "valid", "valid"),
    # what must NOT be lent
    ("group_lost_on_certificate_same_examination", {"disability_group": None}, {}, {},
     {"disability_group": 2}, {}, "valid", "valid"),
    ("group_not_lent_into_an_ipra_whose_form_prints_none", {}, {"disability_group": None}, {},
     {}, {"disability_group": None}, "valid", "valid"),
    ("group_candidate_of_an_ipra_printout_confirmed",
     {}, {"disability_group": None, "candidates": {"disability_group": [
         {"value": 2, "method": "labelled_line", "extractor": "group", "confidence": 0.29}]}}, {},
     {}, {"disability_group": 2}, "valid", "valid"),
    ("group_not_lent_from_an_unsure_ipra", {"disability_group": None}, {}, {"ipra_confidence": 0.75},
     {"disability_group": None}, {}, "needs_review", "valid"),
    ("group_not_lent_from_a_later_examination", {"disability_group": None}, {"issue_date": D(2025, 9, 1)}, {},
     {"disability_group": None}, {}, "needs_review", "valid"),
    ("name_not_lent_without_a_second_identifier", {"full_name": None, "birth_date": None}, {}, {},
     {"full_name": None, "birth_date": None}, {}, "needs_review", "valid"),
    ("births_disagree_nothing_lent", {"full_name": None}, {"birth_date": D(1981, 5, 12)}, {},
     {"full_name": None}, {}, "needs_review", "valid"),
    ("names_differ_in_one_ending_births_lend_the_term", NO_TERM,
     {**INDEFINITE, "full_name": "Фёдорову Пётр Ильич"}, {},
     {"indefinite": True}, {}, "valid", "valid"),
    ("names_disagree_nothing_lent", {}, {"full_name": "Иванов Пётр Ильич", "birth_date": None}, {},
     {}, {"birth_date": None}, "valid", "needs_review"),
    ("other_file_nothing_lent", {"full_name": None}, {}, {"ipra_file": "e" * 64},
     {"full_name": None}, {}, "needs_review", "valid"),
    ("weak_source_not_lent", {"full_name": None}, {}, {"ipra_confidence": 0.65},
     {"full_name": None}, {}, "needs_review", "valid"),
    ("term_not_lent_from_a_later_examination", NO_TERM, {**INDEFINITE, "issue_date": D(2025, 9, 1)}, {},
     {"indefinite": False, "valid_until": None}, {}, "needs_review", "valid"),
    ("own_weak_term_candidate_confirmed_across_examinations",
     {**NO_TERM, "candidates": {"valid_until": [
         {"value": "2026-04-01", "method": "labelled_line", "extractor": "term", "confidence": 0.38}]}},
     {"issue_date": D(2025, 9, 1)}, {},
     {"valid_until": D(2026, 4, 1)}, {}, "valid", "valid"),
    ("term_not_lent_without_ipra_issue_date", {}, {"valid_until": None, "issue_date": None}, {},
     {}, {"valid_until": None}, "valid", "needs_review"),
    # deliberate violations are still caught
    ("birth_missing_on_both_still_review", {"birth_date": None}, {"birth_date": None}, {},
     {"birth_date": None}, {"birth_date": None}, "needs_review", "needs_review"),
    ("expired_pair_still_review", {"valid_until": D(2025, 4, 1), "reexamination_date": D(2025, 3, 3),
                                   "established_date": D(2024, 3, 10), "issue_date": D(2024, 3, 12)},
     {"valid_until": None, "issue_date": D(2024, 3, 15)}, {},
     {}, {"valid_until": D(2025, 4, 1)}, "needs_review", "needs_review"),
    ("group_disagreement_still_invalid", {}, {"disability_group": 3}, {},
     {}, {}, "invalid", "invalid"),
    ("ipra_term_misread_II_for_01_only_the_ipra_to_review", {}, {"valid_until": D(2026, 4, 11)}, {},
     {"valid_until": D(2026, 4, 1)}, {"valid_until": D(2026, 4, 11)}, "valid", "needs_review"),
    ("term_disagreement_read_on_both_not_overwritten", {}, {"valid_until": D(2027, 4, 1)}, {},
     {"valid_until": D(2026, 4, 1)}, {"valid_until": D(2027, 4, 1)}, "valid", "invalid"),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "cert_changes",
        "ipra_changes",
        "options",
        "want_cert",
        "want_ipra",
        "cert_status",
        "ipra_status",
    ),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_paired_document_lends_only_what_it_may(
    cert_changes: dict,
    ipra_changes: dict,
    options: dict,
    want_cert: dict,
    want_ipra: dict,
    cert_status: str,
    ipra_status: str,
) -> None:
    records = paired(cert_changes, ipra_changes, **options)
    out_cert, out_ipra = validate_batch(records, today=TODAY)
    for record, want, status, before in (
        (out_cert, want_cert, cert_status, records[0]),
        (out_ipra, want_ipra, ipra_status, records[1]),
    ):
        for key, value in want.items():
            assert getattr(record, key) == value, key
        assert record.validation.status == status, [i.code for i in record.validation.issues]
        lent = [i for i in record.validation.issues if i.code == "field_from_paired_document"]
        changed = sorted(key for key in want if getattr(before, key) != getattr(record, key))
        if changed:
            assert lent and lent[0].severity == "info"
            assert set(changed) <= set(lent[0].fields)
            for key in changed:
                first = record.candidates[key][0]
                assert first.method == PAIRED_METHOD
                assert "того же файла" in record.evidence[key].text
                assert record.evidence[key].confidence < READ
        else:
            assert not lent


def test_lending_is_idempotent() -> None:
    once = validate_batch(
        paired({"full_name": None}, INDEFINITE | {"birth_date": D(1980, 5, 12)}), today=TODAY
    )
    twice = validate_batch(once, today=TODAY)
    assert [r.to_json_dict() for r in once] == [r.to_json_dict() for r in twice]
    assert once[0].candidates["full_name"][0].method == PAIRED_METHOD
    assert len(twice[0].candidates["full_name"]) == 1


def test_two_certificates_in_one_file_lend_nothing() -> None:
    c, i = paired({"full_name": None}, {})
    second = cert(source_sha256=FILE, pages=[4])
    out = validate_batch([c, i, second], today=TODAY)
    assert out[0].full_name is None
    assert out[0].validation.status == "needs_review"


def test_reviewed_record_is_never_changed() -> None:
    c, i = paired({"full_name": None}, {})
    c.review.status = "corrected"  # type: ignore[assignment]
    out = validate_batch([c, i], today=TODAY)
    assert out[0].full_name is None


@pytest.mark.parametrize(
    ("read", "other", "same"),
    [
        ("Луговой Агния Макаровна", "ЛУГОВАЯ АГНИЯ МАКАРОВНА", True),
        ("Бадмаев Богдан Борисовичу", "Бадмаев Богдан Борисович", True),
        ("Ковалёв-Ремизова Фома", "Ковалев-Ремизов Фома", True),
        ("Петрова Александра Ивановна", "Петров Александр Иванович", False),
        ("Луговой Агния", "Луговая Агния Макаровна", False),
        ("Лугов Агния Макаровна", "Смирнова Агния Макаровна", False),
        ("Ли Агния Макаровна", "Лю Агния Макаровна", False),
    ],
)
def test_names_match_one_word_in_another_form(read: str, other: str, same: bool) -> None:
    assert names_match(read, other) is same


@pytest.mark.parametrize(
    ("established", "cert_issued", "ipra_issued", "same"),
    [
        (D(2025, 3, 10), D(2025, 3, 12), D(2025, 3, 12), True),
        (D(2025, 3, 10), None, D(2025, 4, 20), True),
        (None, D(2025, 3, 12), D(2025, 3, 20), True),
        (D(2021, 4, 1), None, D(2021, 3, 26), True),  # an extension decided before its start
        (D(2025, 3, 10), D(2025, 3, 12), D(2025, 6, 1), False),
        (D(2025, 3, 10), D(2025, 3, 12), D(2024, 12, 1), False),
        (None, None, D(2025, 3, 12), False),
        (D(2025, 3, 10), D(2025, 3, 12), None, False),
    ],
)
def test_same_examination(
    established: dt.date | None,
    cert_issued: dt.date | None,
    ipra_issued: dt.date | None,
    same: bool,
) -> None:
    c = cert(established_date=established, issue_date=cert_issued)
    i = ipra(issue_date=ipra_issued)
    assert same_examination(c, i) is same


NO_BLOCK = {"contraindications": [], "recommended_conditions": [], "available_work": [],
            "issue_date": None, "valid_until": None, "indefinite": True}  # fmt: skip


@pytest.mark.parametrize(
    ("number", "status", "missing"),
    [
        ("880.14.62/2018", "valid", []),  # drawn up in 2018: no work block was printed then
        ("2505.61.86/2016", "valid", []),
        ("880.14.62 / 2017", "valid", []),
        ("2299.68.5/2021", "needs_review", ["issue_date"]),  # from 2019 the block is required
        ("2299.68.5/2099", "needs_review", ["issue_date"]),  # not a year yet: no inference
        ("1829", "needs_review", ["issue_date"]),  # no year in the number
        (None, "needs_review", ["issue_date"]),
    ],
)
def test_ipra_number_year_says_whether_an_empty_block_is_lawful(
    number: str | None, status: str, missing: list[str]
) -> None:
    record = ipra(**NO_BLOCK, document_number=number)
    (out,) = validate_batch([record], today=TODAY)
    assert out.validation.status == status
    found = [i.fields for i in out.validation.issues if i.code == "required_field_missing"]
    assert found == ([missing] if missing else [])


def test_ipra_dated_2019_without_block_still_caught() -> None:
    record = ipra(**{**NO_BLOCK, "issue_date": D(2019, 3, 1)}, document_number="880.14.62/2018")
    (out,) = validate_batch([record], today=TODAY)
    assert "ipra_recommendations_missing" in {i.code for i in out.validation.issues}
    assert out.validation.status == "needs_review"


def _with_evidence(record: Record, confidence: float) -> Record:
    data = record.model_dump()
    data["evidence"] = _evidence(data, confidence)
    return Record.model_validate(data)


@pytest.mark.parametrize(
    ("record", "low"),
    [
        # values read surely, number/issuer/issue date missed: the extraction's figure is
        # scaled down by the gaps, which secondary_field_missing already names
        (
            _with_evidence(
                ipra(document_number=None, issuer=None, issue_date=None, confidence=0.43), 0.8
            ),
            False,
        ),
        (_with_evidence(cert(document_number=None, issuer=None, confidence=0.5), 0.75), False),
        # the values themselves are unsure
        (_with_evidence(cert(confidence=0.5), 0.45), True),
        (_with_evidence(ipra(confidence=0.9), 0.5), True),
        # no evidence (a record made by hand): the extraction's figure stands
        (cert(confidence=0.3), True),
        (cert(confidence=0.9), False),
    ],
)
def test_low_confidence_judges_the_values_read_not_the_gaps(record: Record, low: bool) -> None:
    (out,) = validate_batch([record], today=TODAY)
    codes = {i.code for i in out.validation.issues}
    assert ("low_confidence" in codes) is low
    assert out.validation.status == ("needs_review" if low else "valid")


def test_same_person_across_files_lends_the_term_only() -> None:
    c, i = paired(NO_TERM, INDEFINITE, ipra_file="e" * 64)
    out_cert, out_ipra = validate_batch([c, i], today=TODAY)
    assert out_cert.indefinite is True and out_cert.validation.status == "valid"
    assert "того же лица в файле eeeeeeeeeeee" in out_cert.evidence["indefinite"].text
    assert out_cert.candidates["indefinite"][0].method == PAIRED_METHOD


def test_across_files_a_later_examination_lends_nothing() -> None:
    c, i = paired(NO_TERM, {**INDEFINITE, "issue_date": D(2025, 9, 1)}, ipra_file="e" * 64)
    out_cert, _ = validate_batch([c, i], today=TODAY)
    assert out_cert.indefinite is False and out_cert.valid_until is None
    assert out_cert.validation.status == "needs_review"
