"""The validators agree with the synthetic-document generator on planned truth records.

``mseflow.fixtures`` states, for every document it plans, the issue codes the
validators should raise; the truth records are validated here (no drawing, no
OCR) and must give exactly those codes (``info`` aside) and the same verdict.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from mseflow.contract import Record, Severity
from mseflow.validators import RULES, validate_batch

generate = pytest.importorskip("mseflow.fixtures.generate")
verdicts = pytest.importorskip("mseflow.fixtures.verdicts")


def _record(facts: Any) -> Record:
    truth = facts.truth_record() if hasattr(facts, "truth_record") else {"doc_type": "other"}
    return Record(source_path="f", source_sha256="0", pipeline_version="t", confidence=1.0, **truth)


@pytest.mark.parametrize("seed", [0, 7])
def test_validators_raise_the_generator_codes(seed: int) -> None:
    ref = generate.DEFAULT_REFERENCE_DATE
    specs = generate.plan_files(
        400, seed, generate.DEFAULT_KIND_MIX, generate.DEFAULT_DOC_MIX,
        generate.DEFAULT_DEGRADATION_MIX, 0.6,
    )  # fmt: skip
    checked = 0
    for spec in specs:
        _, plans, _ = generate.plan_file(spec, seed, ref)
        records = validate_batch([_record(plan.facts) for plan in plans], today=ref)
        for plan, record in zip(plans, records, strict=True):
            got = sorted(i.code for i in record.validation.issues if i.severity != Severity.info)
            assert got == sorted(plan.codes), (spec, plan.scenario)
            assert record.validation.status == verdicts.expected_status(plan.codes)
            checked += 1
    assert checked >= 400


def test_generator_severities_match_the_registry() -> None:
    severities = {rule.code: rule.severity for rule in RULES}
    assert all(severities[code] == Severity.error for code in verdicts.ERROR_CODES)
    assert all(severities[code] == Severity.warning for code in verdicts.WARNING_CODES)


@pytest.mark.parametrize("seed", [3, 21])
def test_validators_raise_the_family2_codes(seed: int) -> None:
    """Family 2 (written from the real forms) plans facts and codes; no drawing here."""
    family2 = pytest.importorskip("mseflow.fixtures.family2.generate")
    ref = family2.DEFAULT_REFERENCE_DATE
    checked = 0
    for spec in family2.plan_specs(300, seed, family2.DEFAULT_KIND_MIX, 0.5):
        rng = random.Random(f"mseflow.family2/file/{seed}/{spec.index}")
        docs = family2.plan_docs(rng, ref, spec)
        records = [
            Record(
                source_path="f",
                source_sha256="0",
                pipeline_version="t",
                confidence=1.0,
                **(doc.facts.truth() if doc.doc_type != "other" else {"doc_type": "other"}),
            )  # fmt: skip
            for doc in docs
        ]
        for doc, record in zip(docs, validate_batch(records, today=ref), strict=True):
            got = sorted(i.code for i in record.validation.issues if i.severity != Severity.info)
            assert got == sorted(doc.codes), (spec, doc.scenario)
            checked += 1
    assert checked >= 300
