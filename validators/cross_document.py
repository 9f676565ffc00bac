"""Cross-document rules: a certificate and an IPRA of the same person must agree.

Records are matched by the normalised ФИО (casefold, ё → е, single spaces) and
the birth date. Each IPRA is paired with one certificate of that person: the
latest one established on or before the IPRA's issue date, else the earliest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence

from mseflow.contract import DocType, Issue, Record, Severity
from mseflow.validators.base import DISABILITY_DOCS, IPRA, Rule, Scope
from mseflow.validators.form_486n import BASIS_486, BASIS_588, BASIS_1031, BASIS_TEMPORARY
from mseflow.validators.terms import issued_ahead_of_extension
from mseflow.validators.validity import issue_year, issued_before_drawn_up

PersonKey = tuple[str, dt.date]


def normalise_name(name: str) -> str:
    """ФИО for matching: casefold, ё → е, whitespace collapsed.

    >>> normalise_name("  Фёдоров   Пётр  Ильич ")
    'федоров петр ильич'
    """
    return re.sub(r"\s+", " ", name.casefold().replace("ё", "е")).strip()


def person_key(record: Record) -> PersonKey | None:
    """The matching key of a record, or ``None`` without a name or a birth date."""
    if not record.full_name or record.birth_date is None:
        return None
    name = normalise_name(record.full_name)
    return (name, record.birth_date) if name else None


def cross_group_mismatch(certificate: Record, ipra: Record) -> bool:
    """The IPRA is drawn up for the group the certificate states."""
    groups = (certificate.disability_group, ipra.disability_group)
    return None not in groups and groups[0] != groups[1]


def cross_ipra_before_certificate(certificate: Record, ipra: Record) -> bool:
    """The IPRA follows the examination: it cannot be issued before the group was set.

    Except with a 6-month extension under the temporary procedure (2020–2022), whose new
    IPRA was drawn up with the decision, before the date the extension runs from. An issue
    date that falls before the year of the IPRA's own registration number is not the IPRA's
    (:func:`~mseflow.validators.validity.issued_before_drawn_up`): the number's year then
    stands for it, and only a year before the group's says the IPRA came first.
    """
    issue, est = ipra.issue_date, certificate.established_date
    if issue is None or est is None or issue >= est:
        return False
    if issued_before_drawn_up(ipra):
        year = issue_year(ipra)
        return year is not None and year < est.year
    return not issued_ahead_of_extension(est, certificate.valid_until, issue)


def _term(record: Record) -> tuple[dt.date | None, bool] | None:
    if record.indefinite:
        return (None, True)
    return (record.valid_until, False) if record.valid_until is not None else None


def cross_term_mismatch(certificate: Record, ipra: Record) -> bool:
    """The IPRA runs for the certificate's term («до» date or «бессрочно»).

    Suppressed when one of the two terms already breaks a rule of its own (not the 1st
    of a month, not after the start): that term is the one in doubt — a misread «01»
    as «II» — and its own issue sends that document, not its sound partner, to review.
    """
    terms = (_term(certificate), _term(ipra))
    return None not in terms and terms[0] != terms[1]


def cross_cause_mismatch(certificate: Record, ipra: Record) -> bool:
    """Where both documents state the cause of disability, it is the same."""
    causes = (certificate.disability_cause, ipra.disability_cause)
    return None not in causes and causes[0] != causes[1]


CROSS_RULES: tuple[Rule, ...] = (
    Rule(
        code="cross_group_mismatch",
        severity=Severity.error,
        message_ru="Группа инвалидности в справке МСЭ и в ИПРА того же лица различается",
        message_en="The certificate and the IPRA of the same person state different groups",
        fields=("disability_group",),
        basis=f"{BASIS_1031}; {BASIS_486}",
        applies_to=DISABILITY_DOCS,
        scope=Scope.cross,
        pair_check=cross_group_mismatch,
        version=2,
    ),
    Rule(
        code="cross_ipra_before_certificate",
        severity=Severity.error,
        message_ru="ИПРА выдана раньше даты установления инвалидности по справке МСЭ",
        message_en="The IPRA was issued before the date the certificate's disability was set",
        fields=("issue_date", "established_date"),
        basis=f"{BASIS_588}; {BASIS_486}; {BASIS_TEMPORARY}",
        applies_to=IPRA,
        scope=Scope.cross,
        pair_check=cross_ipra_before_certificate,
        version=3,
    ),
    Rule(
        code="cross_term_mismatch",
        severity=Severity.warning,
        message_ru="Срок ИПРА не совпадает со сроком инвалидности по справке МСЭ",
        message_en="The IPRA term differs from the certificate's term",
        fields=("valid_until", "indefinite"),
        basis=f"{BASIS_486}, п. 17; Порядок разработки ИПРА (приказ № 486н), п. 8",
        applies_to=DISABILITY_DOCS,
        scope=Scope.cross,
        pair_check=cross_term_mismatch,
        suppressed_by=(
            "ipra_term_mismatch",
            "cross_group_mismatch",
            "term_not_first_of_month",
            "term_before_established",
        ),
        version=2,
    ),
    Rule(
        code="cross_cause_mismatch",
        severity=Severity.warning,
        message_ru="Причина инвалидности в справке МСЭ и в ИПРА различается",
        message_en="The certificate and the IPRA state different causes of disability",
        fields=("disability_cause",),
        basis=f"{BASIS_1031}; {BASIS_486}",
        applies_to=DISABILITY_DOCS,
        scope=Scope.cross,
        pair_check=cross_cause_mismatch,
    ),
)
"""Rules over a (certificate, IPRA) pair; ``applies_to`` says which of the two gets the issue."""


def _certificate_for(ipra: Record, certificates: list[tuple[int, Record]]) -> int:
    """Index of the certificate an IPRA belongs to (see the module docstring)."""
    issue = ipra.issue_date

    def settled(item: tuple[int, Record]) -> bool:
        est = item[1].established_date
        return issue is not None and est is not None and est <= issue

    earlier = [item for item in certificates if settled(item)]
    if earlier:
        return max(earlier, key=lambda item: item[1].established_date or dt.date.min)[0]
    return certificates[0][0]


def pair_documents(records: Sequence[Record]) -> list[tuple[int, int]]:
    """``(certificate index, IPRA index)`` for every IPRA with a certificate of the same person."""
    certificates: dict[PersonKey, list[tuple[int, Record]]] = defaultdict(list)
    for index, record in enumerate(records):
        key = person_key(record)
        if key is not None and record.doc_type == DocType.mse_certificate:
            certificates[key].append((index, record))
    pairs = []
    for index, record in enumerate(records):
        key = person_key(record)
        if key is not None and record.doc_type == DocType.ipra and key in certificates:
            pairs.append((_certificate_for(record, certificates[key]), index))
    return pairs


def pair_issues(
    certificate: Record, ipra: Record, known: set[str]
) -> tuple[list[Issue], list[Issue]]:
    """Issues for (certificate, IPRA) from the cross rules; ``known`` holds codes already raised.

    A rule is skipped when one of its ``suppressed_by`` codes was raised on either record.
    """
    raised = set(known)
    on_certificate: list[Issue] = []
    on_ipra: list[Issue] = []
    for rule in CROSS_RULES:
        if rule.pair_check is None or raised & set(rule.suppressed_by):
            continue
        if not rule.pair_check(certificate, ipra):
            continue
        raised.add(rule.code)
        if DocType.mse_certificate in rule.applies_to:
            on_certificate.append(rule.issue())
        if DocType.ipra in rule.applies_to:
            on_ipra.append(rule.issue())
    return on_certificate, on_ipra
