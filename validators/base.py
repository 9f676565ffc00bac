"""The shape of a validation rule and of an employer obligation.

A :class:`Rule` is data plus one small predicate: a stable ``code``, a
:class:`~mseflow.contract.Severity`, a message in Russian and English, the
contract keys it concerns, its legal basis and the document types it applies
to. The predicate returns ``True`` when the record *breaks* the rule. Rules are
registered in :data:`mseflow.validators.RULES`; ``docs/codes.md`` is generated
from that registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from mseflow.contract import DocType, Issue, Record, Severity
from mseflow.validators.field_names import named_ru

DISABILITY_DOCS: frozenset[DocType] = frozenset({DocType.mse_certificate, DocType.ipra})
CERTIFICATE: frozenset[DocType] = frozenset({DocType.mse_certificate})
IPRA: frozenset[DocType] = frozenset({DocType.ipra})


class Scope(StrEnum):
    """What a rule looks at."""

    single = "single"
    """One record."""
    cross = "cross"
    """A certificate and an IPRA of the same person."""
    input = "input"
    """Put by the reading stage on an ``unreadable`` record; no predicate here."""


@dataclass(frozen=True)
class CheckContext:
    """What a single-document predicate may know besides the record."""

    today: dt.date
    min_confidence: float = 0.6


SingleCheck = Callable[[Record, CheckContext], bool | tuple[str, ...]]
"""``(record, context) -> True`` when the record breaks the rule.

A non-empty tuple also means broken and names the fields at fault (e.g. which
required fields are missing); ``False`` or ``()`` means the rule holds.
"""

PairCheck = Callable[[Record, Record], bool]
"""``(certificate, ipra) -> True`` when the pair breaks the rule."""


@dataclass(frozen=True)
class Rule:
    """One validation rule: data for the codes table plus the predicate that applies it.

    ``version`` goes into :data:`mseflow.validators.RULES_VERSION`: raise it whenever
    the predicate's meaning changes, so records made under the old rule are redone.
    ``suppressed_by`` lists codes that, when raised on the same record, make this one
    redundant (a more specific finding already says it).
    """

    code: str
    severity: Severity
    message_ru: str
    message_en: str
    fields: tuple[str, ...]
    basis: str
    applies_to: frozenset[DocType]
    scope: Scope = Scope.single
    check: SingleCheck | None = None
    pair_check: PairCheck | None = None
    suppressed_by: tuple[str, ...] = ()
    version: int = 1

    def issue(self, fields: tuple[str, ...] = ()) -> Issue:
        """The issue this rule puts on a record that breaks it.

        ``fields`` narrows the issue to the fields at fault; they are named in both messages:
        in Russian words for the HR officer, as contract keys in English.
        """
        if not fields:
            return Issue(
                code=self.code,
                severity=self.severity,
                message=self.message_ru,
                fields=list(self.fields),
                message_en=self.message_en,
            )
        return Issue(
            code=self.code,
            severity=self.severity,
            message=f"{self.message_ru}: {named_ru(fields)}",
            fields=list(fields),
            message_en=f"{self.message_en}: {', '.join(fields)}",
        )

    def applies(self, record: Record) -> bool:
        """Whether the rule looks at records of this document type."""
        return DocType(record.doc_type) in self.applies_to


class ObligationKind(StrEnum):
    """How an HR officer is to take an obligation."""

    instruction = "instruction"
    """A duty to carry out (the 35-hour week, the 30-day leave)."""
    request = "request"
    """Something to ask the employee for, never to demand (new documents on expiry)."""
    review = "review"
    """Something a person must check before acting (a harmful workplace, an unconfirmed note)."""
    information = "information"
    """What the law allows or forbids, to keep in mind (no dismissal for a group alone)."""
    legal_review = "legal_review"
    """Leads towards transfer, suspension or termination: never an instruction, a lawyer decides."""


class Gate(StrEnum):
    """When an obligation may be derived at all, besides its own test."""

    in_force = "in_force"
    """Only while the document is in force («бессрочно» or before «до»), or its term is unread."""
    in_force_known = "in_force_known"
    """Only while the document is provably in force (a term that was read)."""
    expired = "expired"
    """Only once the term has passed."""
    confirmed_in_force = "confirmed_in_force"
    """Provably in force, not invalid, and confirmed by a person in the review station."""
    any_term = "any_term"
    """Whatever the term (still never for invalid or rejected records)."""


class Holder(StrEnum):
    """Whose rights an obligation serves: the document's holder, or a parent of a child."""

    disabled_employee = "disabled_employee"
    """The employee is the disabled person the document names (an adult's certificate or IPRA)."""
    parent = "parent"
    """The document is a disabled child's: the employee is a parent, guardian or trustee."""
    either = "either"
    """Either of the two (keeping track of the term)."""


@dataclass(frozen=True)
class ObligationContext:
    """What an obligation test may know besides the record."""

    today: dt.date


ObligationTest = Callable[[Record, ObligationContext], bool]
"""``(record, context) -> True`` when the obligation follows from the record."""

ObligationText = Callable[[Record], str]
"""``record -> the Russian message`` (may name dates or listed factors)."""


@dataclass(frozen=True)
class ObligationRule:
    """One employer obligation: when it follows from a record, what it says and on what basis.

    ``gate`` says on which records it may appear at all (validity, review); ``applies``
    is its own test. ``documents`` names what the employer must hold before acting on
    a ``legal_review`` obligation.
    """

    code: str
    basis: str
    message_ru: str
    message_en: str
    fields: tuple[str, ...]
    applies: ObligationTest
    kind: ObligationKind = ObligationKind.instruction
    gate: Gate = Gate.in_force
    render: ObligationText | None = None
    documents: tuple[str, ...] = ()
    version: int = 1
    holder: Holder = Holder.disabled_employee

    def message_for(self, record: Record) -> str:
        """The Russian message for ``record`` (the static text unless a renderer is set)."""
        return self.render(record) if self.render is not None else self.message_ru

    @property
    def requires_legal_review(self) -> bool:
        """Whether the obligation may lead to transfer, suspension or termination."""
        return self.kind == ObligationKind.legal_review
