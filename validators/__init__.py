"""Validation rules and employer obligations: a record in, a verdict an HR officer can act on.

Pure Python over :class:`mseflow.contract.Record`; no Prefect, no I/O. The
registries below are the single source of ``docs/codes.md`` and ``mseflow rules``.

Public API: :data:`RULES`, :data:`OBLIGATIONS`, :data:`RULES_VERSION`,
:func:`validate_record`, :func:`validate_batch`, :func:`derive_obligations`.
"""

from __future__ import annotations

from mseflow.validators.base import ObligationRule, Rule, Scope
from mseflow.validators.cross_document import CROSS_RULES
from mseflow.validators.form_486n import SINGLE_RULES
from mseflow.validators.input_codes import INPUT_RULES
from mseflow.validators.obligations import OBLIGATIONS, derive_obligations
from mseflow.validators.paired_fill import PAIRED_RULES
from mseflow.validators.status import status_from_issues
from mseflow.validators.validate import validate_batch, validate_record
from mseflow.validators.version import rules_version

RULES: tuple[Rule, ...] = (*SINGLE_RULES, *PAIRED_RULES, *CROSS_RULES, *INPUT_RULES)
"""Every issue code a record can carry: single-document, cross-document and input codes."""

RULES_VERSION: str = rules_version(RULES, OBLIGATIONS)
"""Short hash over the codes, severities and versions of the rule and obligation tables."""

__all__ = [
    "OBLIGATIONS",
    "RULES",
    "RULES_VERSION",
    "ObligationRule",
    "Rule",
    "Scope",
    "derive_obligations",
    "status_from_issues",
    "validate_batch",
    "validate_record",
]
