"""Cross-document rules between a certificate and an IPRA of the same person."""

from __future__ import annotations

import pytest

from mseflow.contract import Record
from mseflow.validators import validate_batch
from mseflow.validators.cross_document import normalise_name, pair_documents, person_key

from .builders import TODAY, D, cert, codes, ipra, other

CROSS = {"cross_group_mismatch", "cross_ipra_before_certificate", "cross_term_mismatch", "cross_cause_mismatch"}  # fmt: skip


def _cross_codes(records: list[Record]) -> list[list[str]]:
    return [[c for c in codes(r) if c in CROSS] for r in validate_batch(records, today=TODAY)]


EXTENSION = {
    "established_date": D(2021, 4, 1),
    "issue_date": D(2021, 3, 26),
    "valid_until": D(2021, 10, 1),
    "reexamination_date": D(2021, 9, 6),
}
"""A 6-month extension under the temporary procedure (2020–2022), issued before it starts."""

# (name, certificate, ipra, codes on the certificate, codes on the IPRA)
PAIRS = [
    ("clean", cert(), ipra(), [], []),
    ("group_mismatch", cert(disability_group=3), ipra(), ["cross_group_mismatch"], ["cross_group_mismatch"]),
    ("ipra_before_certificate", cert(), ipra(issue_date=D(2025, 3, 1)), [], ["cross_ipra_before_certificate"]),
    ("ipra_on_established_day", cert(), ipra(issue_date=D(2025, 3, 10)), [], []),
    ("temporary_extension_ipra_drawn_up_with_the_decision", cert(**EXTENSION), ipra(issue_date=D(2021, 3, 26), valid_until=D(2021, 10, 1)), [], []),
    ("ipra_before_a_one_year_term_of_2021", cert(**{**EXTENSION, "valid_until": D(2022, 4, 1), "reexamination_date": D(2022, 3, 6)}), ipra(issue_date=D(2021, 3, 26), valid_until=D(2022, 4, 1), document_number="123.4.56/2021"), [], ["cross_ipra_before_certificate"]),
    ("term_mismatch", cert(), ipra(valid_until=D(2026, 5, 1)), ["cross_term_mismatch"], ["cross_term_mismatch"]),
    ("indefinite_vs_term", cert(valid_until=None, reexamination_date=None, indefinite=True), ipra(), ["cross_term_mismatch"], ["cross_term_mismatch"]),
    ("both_indefinite", cert(valid_until=None, reexamination_date=None, indefinite=True), ipra(valid_until=None, indefinite=True), [], []),
    ("ipra_term_unknown", cert(), ipra(valid_until=None), [], []),
    ("cause_mismatch", cert(), ipra(disability_cause="work_injury"), ["cross_cause_mismatch"], ["cross_cause_mismatch"]),
    ("cause_on_one_side", cert(), ipra(disability_cause=None), [], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("certificate", "program", "on_cert", "on_ipra"),
    [pytest.param(*row[1:], id=row[0]) for row in PAIRS],
)
def test_pair_rules(
    certificate: Record, program: Record, on_cert: list[str], on_ipra: list[str]
) -> None:
    assert _cross_codes([certificate, program]) == [on_cert, on_ipra]
    assert _cross_codes([program, certificate]) == [on_ipra, on_cert]  # order does not matter


def test_every_cross_rule_has_a_passing_and_a_failing_pair() -> None:
    failing = {c for row in PAIRS for c in (*row[3], *row[4])}
    assert failing == CROSS


def test_same_person_matches_across_case_yo_and_spacing() -> None:
    variant = ipra(full_name="  ФЕДОРОВ  петр   Ильич ", disability_group=3)
    assert _cross_codes([cert(), variant]) == [["cross_group_mismatch"], ["cross_group_mismatch"]]


@pytest.mark.parametrize(
    "stranger",
    [
        ipra(full_name="Фёдоров Павел Ильич", disability_group=3),
        ipra(birth_date=D(1981, 5, 12), disability_group=3),
        ipra(full_name=None, disability_group=3),
        ipra(birth_date=None, disability_group=3),
    ],
    ids=["other_name", "other_birth_date", "no_name", "no_birth_date"],
)
def test_different_person_is_not_compared(stranger: Record) -> None:
    assert _cross_codes([cert(), stranger]) == [[], []]


def test_group_mismatch_makes_both_invalid() -> None:
    out = validate_batch([cert(disability_group=3), ipra()], today=TODAY)
    assert [r.validation.status for r in out] == ["invalid", "invalid"]


def test_ipra_term_mismatch_quiets_cross_term_mismatch() -> None:
    out = validate_batch([cert(), ipra(valid_until=D(2027, 4, 1))], today=TODAY)
    assert [codes(r) for r in out] == [[], ["ipra_term_mismatch"]]
    assert [r.validation.status for r in out] == ["valid", "invalid"]


def test_ipra_pairs_with_the_latest_certificate_before_it() -> None:
    old = cert(established_date=D(2023, 3, 1), issue_date=D(2023, 3, 2), disability_group=3,
               valid_until=D(2024, 4, 1), reexamination_date=D(2024, 3, 10))  # fmt: skip
    records = [old, cert(), ipra(), other()]
    assert pair_documents(records) == [(1, 2)]
    assert _cross_codes(records) == [[], [], [], []]


def test_two_ipras_of_one_person_each_pair_with_the_certificate() -> None:
    records = [ipra(), cert(), ipra(disability_group=3)]
    assert pair_documents(records) == [(1, 0), (1, 2)]
    assert _cross_codes(records) == [[], ["cross_group_mismatch"], ["cross_group_mismatch"]]


def test_two_certificates_are_not_compared_with_each_other() -> None:
    assert pair_documents([cert(), cert(disability_group=3)]) == []


def test_normalise_name_and_key() -> None:
    assert normalise_name("Ёлкин\tЁЖИК  ") == "елкин ежик"
    assert person_key(cert()) == ("федоров петр ильич", D(1980, 5, 12))
    assert person_key(cert(full_name="   ")) is None
