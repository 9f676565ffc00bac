"""A disabled child's certificate or IPRA at work: the employee is a parent, so the record
carries ``disabled_child`` and the parent's guarantees (ТК РФ ст. 93, 96, 259, 261, 262,
262.1, 263), never a disabled employee's own (35-hour week, 30 days' leave, IPRA duties)."""

from __future__ import annotations

import pytest

from mseflow.contract import DocType, Evidence, Record
from mseflow.extractors import extract_fields, split_documents
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.classify import form_version
from mseflow.validators import OBLIGATIONS, validate_batch
from mseflow.validators.base import Holder
from mseflow.validators.obligations import GUARANTEES, IPRA_DUTIES, PARENT_GUARANTEES
from mseflow.validators.validity import is_child_document

from ..extractors.pages import make_page
from .builders import TODAY, D, cert, ipra

CHILD_IPRA = Evidence(page=1, text="486н ребенок", confidence=0.9)
CHILD_CERT = Evidence(page=1, text="1031н ребенок", confidence=0.6)
ADULT_CERT = Evidence(page=1, text="1031н", confidence=0.6)
PARENT_CODES = {rule.code for rule in PARENT_GUARANTEES}
EMPLOYEE_CODES = {rule.code for rule in (*GUARANTEES, *IPRA_DUTIES)}

CERT_HEAD = [
    "СПРАВКА",
    "подтверждающая факт установления инвалидности",
    "Серия МСЭ-2023 № 1234567",
]

# fmt: off
CERT_TAGS = [
    # (case, lines, tag)
    ("category_line", [*CERT_HEAD, "Категория «ребенок-инвалид» установлена до 01.03.2030"], "1031н ребенок"),
    ("category_cause", [*CERT_HEAD, "Причина инвалидности: ребёнок-инвалид"], "1031н ребенок"),
    ("upper_case", [*CERT_HEAD, "КАТЕГОРИЯ РЕБЕНОК-ИНВАЛИД"], "1031н ребенок"),
    ("adult_group", [*CERT_HEAD, "Инвалидность II группы установлена до 01.03.2027"], "1031н"),
    ("adult_since_childhood", [*CERT_HEAD, "Причина инвалидности: инвалидность с детства"], "1031н"),
]
# fmt: on


@pytest.mark.parametrize(("case", "lines", "tag"), CERT_TAGS, ids=[c[0] for c in CERT_TAGS])
def test_certificate_form_tag_names_the_child_category(
    case: str, lines: list[str], tag: str
) -> None:
    span = DocumentSpan(DocType.mse_certificate, [make_page(lines)])
    assert form_version(span)[0] == tag


def test_child_ipra_title_gives_the_child_tag_through_extraction() -> None:
    page = make_page(
        [
            "Индивидуальная программа реабилитации или абилитации ребенка-инвалида",
            "ИПРА ребенка-инвалида № 123.4.56/2025 к протоколу",
            "Дата выдачи 12.03.2025",
        ]
    )
    spans = split_documents([page])
    assert [s.doc_type for s in spans] == [DocType.ipra]
    assert extract_fields(spans[0]).evidence["form_version"].text == "486н ребенок"


# fmt: off
CHILD_CASES = [
    # (case, record, child?)
    ("child_ipra", ipra(evidence={"form_version": CHILD_IPRA}), True),
    ("adult_ipra", ipra(), False),
    ("child_certificate", cert(disability_group=None, birth_date=D(2015, 2, 3), evidence={"form_version": CHILD_CERT}), True),
    ("child_certificate_no_birth_date", cert(disability_group=None, birth_date=None, evidence={"form_version": CHILD_CERT}), True),
    ("category_but_group_read", cert(evidence={"form_version": CHILD_CERT}), False),
    ("category_but_adult_birth_date", cert(disability_group=None, evidence={"form_version": CHILD_CERT}), False),
    ("adult_certificate", cert(disability_group=None, evidence={"form_version": ADULT_CERT}), False),
]
# fmt: on


@pytest.mark.parametrize(("case", "record", "child"), CHILD_CASES, ids=[c[0] for c in CHILD_CASES])
def test_is_child_document(case: str, record: Record, child: bool) -> None:
    assert is_child_document(record) is child
    (validated,) = validate_batch([record], today=TODAY)
    assert validated.disabled_child is child
    codes = {o.code for o in validated.obligations}
    if child:
        assert codes & PARENT_CODES and not codes & EMPLOYEE_CODES
    else:
        assert not codes & PARENT_CODES


def test_child_ipra_gets_the_parent_guarantees_and_term_tracking() -> None:
    (record,) = validate_batch([ipra(evidence={"form_version": CHILD_IPRA})], today=TODAY)
    codes = [o.code for o in record.obligations]
    assert codes == [
        "track_reexamination",
        "parent_extra_days_off",
        "parent_consent_night_overtime_trips",
        "parent_part_time_on_request",
        "parent_leave_at_chosen_time",
        "parent_unpaid_leave_by_agreement",
        "parent_dismissal_protection",
    ]
    days_off = next(o for o in record.obligations if o.code == "parent_extra_days_off")
    assert "ст. 262 ТК РФ" in days_off.basis and "четыре" in days_off.message


def test_expired_child_document_keeps_only_the_request_and_the_dismissal_note() -> None:
    (record,) = validate_batch([ipra(evidence={"form_version": CHILD_IPRA})], today=D(2026, 6, 1))
    assert [o.code for o in record.obligations] == [
        "request_new_documents",
        "parent_dismissal_protection",
    ]


def test_every_rule_has_a_holder_and_term_rules_serve_both() -> None:
    holders = {rule.code: rule.holder for rule in OBLIGATIONS}
    assert holders["track_reexamination"] == Holder.either
    assert holders["request_new_documents"] == Holder.either
    assert {holders[c] for c in PARENT_CODES} == {Holder.parent}
    assert {holders[c] for c in EMPLOYEE_CODES} == {Holder.disabled_employee}
