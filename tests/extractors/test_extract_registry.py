"""Conformance of the extractor registry: codes, keys, version hash."""

from __future__ import annotations

import re

import pytest

from mseflow.contract import CONTRACT_KEYS
from mseflow.extractors import EXTRACTORS, EXTRACTORS_VERSION

EXTRACTED_KEYS = {
    "full_name", "birth_date", "document_series", "document_number", "issue_date", "issuer",
    "disability_group", "disability_cause", "work_restriction_degree", "established_date",
    "valid_until", "indefinite", "reexamination_date", "incapable_of_work",
    "contraindications", "recommended_conditions", "available_work", "snils",
}  # fmt: skip


def test_codes_unique_snake_case() -> None:
    codes = [e.code for e in EXTRACTORS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes)


def test_every_field_key_has_one_extractor() -> None:
    keys = [k for e in EXTRACTORS if not getattr(e, "secondary", False) for k in e.keys]
    assert len(keys) == len(set(keys))
    assert set(keys) == EXTRACTED_KEYS
    assert set(CONTRACT_KEYS) >= EXTRACTED_KEYS


def test_secondary_extractors_add_candidates_to_known_keys() -> None:
    """A secondary source (the marked options) proposes for keys a primary one reads too."""
    secondary = [e for e in EXTRACTORS if getattr(e, "secondary", False)]
    assert [e.code for e in secondary] == ["options"]
    assert all(set(e.keys) <= EXTRACTED_KEYS for e in secondary)


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: e.code)
def test_extractor_has_version(extractor) -> None:  # noqa: ANN001
    assert isinstance(extractor.version, int) and extractor.version >= 1
    assert extractor.__doc__


def test_version_is_short_hash() -> None:
    assert re.fullmatch(r"[0-9a-f]{10}", EXTRACTORS_VERSION)
