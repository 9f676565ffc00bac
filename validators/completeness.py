"""Which fields a record must carry, and how much a missing one weighs.

One table, :data:`REQUIREMENTS`, says for every document type which fields are
asked for and what a gap means for an HR officer:

- **essential** — without it the employer cannot apply the guarantees to this
  employee: who the document is for (ФИО and a second identifier), the group a
  certificate states, and the term the document is in force for. A gap sends
  the record to review with ``required_field_missing`` (warning), each missing
  field named.
- **secondary** — printed on the form and wanted for the personnel file (the
  number and date of the document go into the personal card Т-2), or used only
  for plausibility checks, but no obligation depends on it. A gap is reported
  with ``secondary_field_missing`` (info): it is shown, it never changes the
  status.

A valid document whose secondary field the reading missed therefore stays
``valid``; one whose essential field was missed goes to a person, who sees
which field is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from mseflow.contract import DocType, Record
from mseflow.validators.base import CERTIFICATE, DISABILITY_DOCS, IPRA, CheckContext
from mseflow.validators.validity import (
    IPRA_WORK_BLOCK_FROM,
    ipra_number_year,
    is_child_document,
    is_child_ipra,
)

WORK_LISTS = ("contraindications", "recommended_conditions", "available_work")


class Weight(StrEnum):
    """What a missing field means for the verdict."""

    essential = "essential"
    """Missing → ``required_field_missing`` (warning, needs review)."""
    secondary = "secondary"
    """Missing → ``secondary_field_missing`` (info, status unchanged)."""


@dataclass(frozen=True)
class Weighing:
    """How a gap in one field weighs on a record, and the weights it can come to."""

    outcomes: frozenset[Weight]
    """Every weight :attr:`decide` may return (``None`` aside): the rule codes' ``fields``
    are derived from these."""
    decide: Callable[[Record], Weight | None]
    """The weight on this record; ``None`` when the field is not asked for."""


def has_work_recommendations(record: Record) -> bool:
    """Whether any of the three work lists of the IPRA has an item."""
    return any(getattr(record, key) for key in WORK_LISTS)


def drawn_up_before_work_block(record: Record) -> bool:
    """The IPRA's registration number ends in a year before the work block was required.

    The number is «порядковый номер.бюро.код субъекта/год» (примечание 1 к форме ИПРА,
    приказ № 486н); an IPRA drawn up in 2018 or earlier was issued before 01.01.2019, when
    the block «Рекомендации о показанных и противопоказанных видах трудовой деятельности»
    came in, so its empty block is lawful whatever its exact issue date.
    """
    year = ipra_number_year(record)
    return year is not None and year < IPRA_WORK_BLOCK_FROM.year


def _ipra_issue_date_weight(record: Record) -> Weight | None:
    """Essential only when it alone tells whether an empty work block is lawful.

    Not when the work block is filled, work is impossible, the registration number
    dates the IPRA before 2019 (:func:`drawn_up_before_work_block`), or the IPRA is a
    child's, whose form has no work block (:func:`is_child_ipra`).
    """
    if has_work_recommendations(record) or record.incapable_of_work or is_child_ipra(record):
        return Weight.secondary
    if drawn_up_before_work_block(record):
        return Weight.secondary
    return Weight.essential


def _term_dates_weight(record: Record) -> Weight | None:
    """The re-examination date is asked for only when the group has a term."""
    return None if record.indefinite else Weight.secondary


ALWAYS_ESSENTIAL = Weighing(frozenset({Weight.essential}), lambda record: Weight.essential)
ALWAYS_SECONDARY = Weighing(frozenset({Weight.secondary}), lambda record: Weight.secondary)
IPRA_ISSUE_DATE = Weighing(frozenset(Weight), _ipra_issue_date_weight)
TERM_DATES = Weighing(frozenset({Weight.secondary}), _term_dates_weight)


def _value(key: str) -> Callable[[Record], bool]:
    def present(record: Record) -> bool:
        return not is_empty(record, key)

    return present


def _identified_beyond_name(record: Record) -> bool:
    return record.birth_date is not None or bool(record.snils)


def _group_or_child_category(record: Record) -> bool:
    return record.disability_group is not None or is_child_document(record)


def _has_term(record: Record) -> bool:
    return record.valid_until is not None or record.indefinite


@dataclass(frozen=True)
class Requirement:
    """One field a document type is asked to carry, and the weight of its absence."""

    key: str
    """The record key named in the issue."""
    applies_to: frozenset[DocType]
    weighing: Weighing
    """The weight of a gap, per record."""
    present: Callable[[Record], bool]
    reason: str
    """Why it weighs what it weighs (Russian, with the legal basis)."""

    def weight(self, record: Record) -> Weight | None:
        """The weight of a gap in this field on ``record``."""
        return self.weighing.decide(record)


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        key="full_name",
        applies_to=DISABILITY_DOCS,
        weighing=ALWAYS_ESSENTIAL,
        present=_value("full_name"),
        reason="без ФИО документ нельзя отнести к работнику (ст. 1, 11 Федерального закона "
        "№ 181-ФЗ: гарантии — лицу, признанному инвалидом)",
    ),
    Requirement(
        key="birth_date",
        applies_to=DISABILITY_DOCS,
        weighing=ALWAYS_ESSENTIAL,
        present=_identified_beyond_name,
        reason="второй признак личности при однофамильцах; его заменяет СНИЛС, напечатанный "
        "в ИПРА (п. 13 формы; СНИЛС уникален — Федеральный закон № 27-ФЗ)",
    ),
    Requirement(
        key="disability_group",
        applies_to=CERTIFICATE,
        weighing=ALWAYS_ESSENTIAL,
        present=_group_or_child_category,
        reason="от группы зависят гарантии (ч. 1 ст. 92 ТК РФ, ч. 3 ст. 23 Федерального "
        "закона № 181-ФЗ); форма ИПРА группу не печатает — для ИПРА поле не требуется; "
        "ребёнку до 18 лет вместо группы устанавливается категория «ребенок-инвалид» "
        "(Правила признания лица инвалидом, Постановление № 588)",
    ),
    Requirement(
        key="valid_until",
        applies_to=DISABILITY_DOCS,
        weighing=ALWAYS_ESSENTIAL,
        present=_has_term,
        reason="гарантии действуют, пока документ в силе: до 1-го числа месяца после месяца "
        "переосвидетельствования или бессрочно (Правила, Постановление № 588, пп. 9, 13)",
    ),
    Requirement(
        key="issue_date",
        applies_to=IPRA,
        weighing=IPRA_ISSUE_DATE,
        present=_value("issue_date"),
        reason="обязательна, только если блок рекомендаций о видах трудовой деятельности пуст: "
        "лишь дата выдачи показывает, законно ли это (Приказ № 486н, ред. с 01.01.2019); "
        "не нужна, если год в номере ИПРА («…/2018», примечание 1 к форме) раньше 2019",
    ),
    Requirement(
        key="issue_date",
        applies_to=CERTIFICATE,
        weighing=ALWAYS_SECONDARY,
        present=_value("issue_date"),
        reason="номер и дата выдачи документа вносятся в личную карточку (форма № Т-2, "
        "Постановление Госкомстата России № 1 от 05.01.2004); на обязанности не влияет",
    ),
    Requirement(
        key="established_date",
        applies_to=CERTIFICATE,
        weighing=ALWAYS_SECONDARY,
        present=_value("established_date"),
        reason="обязанности работодателя зависят от группы и срока, не от даты установления; "
        "по ней лишь проверяется срок группы (Постановление № 588, п. 9)",
    ),
    Requirement(
        key="reexamination_date",
        applies_to=CERTIFICATE,
        weighing=TERM_DATES,
        present=_value("reexamination_date"),
        reason="срок документа — дата «до»; месяц переосвидетельствования следует из неё "
        "(Постановление № 588, п. 13)",
    ),
    Requirement(
        key="document_series",
        applies_to=CERTIFICATE,
        weighing=ALWAYS_SECONDARY,
        present=_value("document_series"),
        reason="серия и номер справки — для личной карточки Т-2 (Постановление Госкомстата "
        "России № 1 от 05.01.2004)",
    ),
    Requirement(
        key="document_number",
        applies_to=DISABILITY_DOCS,
        weighing=ALWAYS_SECONDARY,
        present=_value("document_number"),
        reason="номер документа — для личной карточки Т-2 (Постановление Госкомстата России "
        "№ 1 от 05.01.2004)",
    ),
    Requirement(
        key="issuer",
        applies_to=DISABILITY_DOCS,
        weighing=ALWAYS_SECONDARY,
        present=_value("issuer"),
        reason="бюро МСЭ, выдавшее документ, — справочно; на обязанности не влияет",
    ),
)
"""Every field asked for, per document type, with the weight of its absence."""


OPTIONAL_KEYS: dict[DocType, tuple[str, ...]] = {
    DocType.mse_certificate: ("work_restriction_degree",),
}
"""Fields a document type's form prints only sometimes and no duty reads there: not asked
for, so a gap (or an unresolved conflict left empty) weighs nothing. The degree of
restriction of the ability to work is printed only on older certificates; the employer's
duties follow the IPRA's degree and recommendations (Приказ Минтруда России № 585н от
27.08.2019; ст. 22, 23 Федерального закона № 181-ФЗ), a certificate's degree only informs."""


def keys_weighing(weight: Weight) -> tuple[str, ...]:
    """The keys a gap of ``weight`` may name, in table order (each once)."""
    keys: list[str] = []
    for req in REQUIREMENTS:
        if weight in req.weighing.outcomes and req.key not in keys:
            keys.append(req.key)
    return tuple(keys)


ESSENTIAL_KEYS: tuple[str, ...] = keys_weighing(Weight.essential)
"""Keys ``required_field_missing`` may name (``issue_date``: an IPRA with an empty work block)."""
SECONDARY_KEYS: tuple[str, ...] = keys_weighing(Weight.secondary)
"""Keys ``secondary_field_missing`` may name."""


def missing_fields(record: Record, weight: Weight) -> tuple[str, ...]:
    """The keys of ``weight`` that ``record``'s document type asks for and that are empty."""
    doc_type = DocType(record.doc_type)
    found: list[str] = []
    for req in REQUIREMENTS:
        if doc_type not in req.applies_to or req.key in found:
            continue
        if req.weight(record) == weight and not req.present(record):
            found.append(req.key)
    return tuple(found)


def weight_of(record: Record, key: str) -> Weight | None:
    """The weight of ``key`` on ``record``'s document type (``None``: not in the table)."""
    doc_type = DocType(record.doc_type)
    for req in REQUIREMENTS:
        if req.key == key and doc_type in req.applies_to:
            return req.weight(record)
    return None


def is_empty(record: Record, key: str) -> bool:
    """Whether the record holds no value for ``key`` (``None``, ``""`` or ``[]``)."""
    return getattr(record, key, None) in (None, "", [])


def required_field_missing(record: Record, ctx: CheckContext) -> tuple[str, ...]:
    """The essential fields that are empty (see :data:`REQUIREMENTS`)."""
    return missing_fields(record, Weight.essential)


def secondary_field_missing(record: Record, ctx: CheckContext) -> tuple[str, ...]:
    """The secondary fields that are empty (see :data:`REQUIREMENTS`)."""
    return missing_fields(record, Weight.secondary)
