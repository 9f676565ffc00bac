"""The rules version: changes whenever a rule's code, severity or version changes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from mseflow.validators.base import ObligationRule, Rule


def rules_version(rules: Iterable[Rule], obligations: Iterable[ObligationRule]) -> str:
    """A 10-hex-digit hash over ``code:severity:version`` of rules and ``code:version`` of obligations.

    >>> rules_version([], [])
    'e3b0c44298'
    """
    lines = [f"rule:{r.code}:{r.severity}:{r.version}" for r in rules]
    lines += [f"obligation:{o.code}:{o.kind}:{o.gate}:{o.version}" for o in obligations]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:10]
