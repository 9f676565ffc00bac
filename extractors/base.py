"""The extractor contract: documents in, field values with evidence out.

An :class:`Extractor` is a small unit with a stable ``code``, the contract ``keys``
it produces and a ``version`` that changes whenever its behaviour changes (the
registry hashes them into ``EXTRACTORS_VERSION``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from mseflow.contract import Candidate, DocType, Evidence
from mseflow.reading.page import PageText


@dataclass(slots=True)
class DocumentSpan:
    """Consecutive pages of one input that make up one document."""

    doc_type: DocType
    pages: list[PageText] = field(default_factory=list)
    form: str = ""
    """A certificate's facts printed on another form, as its first page was classified
    (:func:`mseflow.extractors.classify.split_documents`): the FRI extract
    (``classify.FRI_TAG``) or a bureau's letter (``bureau_letter.LETTER_TAG``); ``""`` for the
    document's own form (and for a span made by hand)."""


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One extracted value of a contract key and where it was read."""

    key: str
    value: Any
    evidence: Evidence
    method: str = "labelled_line"
    """How it was found (see :class:`mseflow.contract.Candidate`): the resolver weighs it."""


@dataclass(slots=True)
class Extraction:
    """All values of one document: contract key -> value, evidence, record confidence.

    ``candidates`` keeps, per key, every value the resolver weighed (also for keys
    resolved to null).
    """

    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    confidence: float = 0.0
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)


class Extractor(ABC):
    """One field family: reads a document span and returns the values it found."""

    code: ClassVar[str]
    keys: ClassVar[tuple[str, ...]]
    version: ClassVar[int] = 1
    doc_types: ClassVar[frozenset[DocType]] = frozenset({DocType.mse_certificate, DocType.ipra})

    @abstractmethod
    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Return the values found in ``span`` (only keys from :attr:`keys`)."""
