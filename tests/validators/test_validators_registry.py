"""Conformance over the rule registry, the rules version, docs/codes.md and the rules command."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from mseflow import errors
from mseflow.cli import app
from mseflow.contract import CONTRACT_KEYS, Severity
from mseflow.validators import OBLIGATIONS, RULES, RULES_VERSION, Rule, Scope
from mseflow.validators.tables import print_tables, render_codes_markdown
from mseflow.validators.version import rules_version

ROOT = Path(__file__).resolve().parents[2]
FIXED: dict[str, Severity] = {
    **dict.fromkeys(
        [
            "date_order_invalid", "reexamination_before_established", "term_before_established",
            "group_term_mismatch", "degree_out_of_range", "incapable_note_degree_mismatch",
            "ipra_term_mismatch", "cross_group_mismatch", "cross_ipra_before_certificate",
            "input_unreadable", "input_encrypted", "input_unsupported_format", "input_too_large",
            "input_no_text",
        ],
        Severity.error,
    ),
    **dict.fromkeys(
        [
            "required_field_missing", "ipra_recommendations_missing",
            "ipra_recommendations_unexpected", "document_expired", "cross_term_mismatch",
            "low_confidence", "not_a_disability_document",
        ],
        Severity.warning,
    ),
    "degree3_without_incapable_note": Severity.info,
}  # fmt: skip
NO_LEGAL_BASIS = {"low_confidence", "conflicting_values"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
class TestRuleConformance:
    def test_code_is_snake_case(self, rule: Rule) -> None:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", rule.code)

    def test_basis(self, rule: Rule) -> None:
        assert rule.basis.strip()
        if rule.scope != Scope.input and rule.code not in NO_LEGAL_BASIS:
            assert re.search(r"ТК РФ|№ \d+|ФЗ", rule.basis), rule.basis

    def test_messages(self, rule: Rule) -> None:
        assert re.search(r"[А-Яа-яЁё]", rule.message_ru)
        assert rule.message_en.strip() and not re.search(r"[А-Яа-яЁё]{3}", rule.message_en)

    def test_fields_are_contract_keys(self, rule: Rule) -> None:
        assert rule.fields and set(rule.fields) <= set(CONTRACT_KEYS)

    def test_has_a_predicate_unless_input(self, rule: Rule) -> None:
        predicates = (rule.check is not None, rule.pair_check is not None)
        expected = {
            Scope.single: (True, False),
            Scope.cross: (False, True),
            Scope.input: (False, False),
        }
        assert predicates == expected[rule.scope]
        assert rule.applies_to and rule.version >= 1

    def test_suppressors_are_known_codes(self, rule: Rule) -> None:
        assert set(rule.suppressed_by) <= {r.code for r in RULES} - {rule.code}


def test_codes_are_unique() -> None:
    codes = [rule.code for rule in RULES] + [o.code for o in OBLIGATIONS]
    assert len(codes) == len(set(codes))


def test_fixed_codes_and_severities() -> None:
    severities = {rule.code: rule.severity for rule in RULES}
    assert {code: severities.get(code) for code in FIXED} == FIXED


def test_input_codes_cover_every_input_error() -> None:
    raised = {cls.issue_code for cls in vars(errors).values()
              if isinstance(cls, type) and issubclass(cls, errors.InputError)}  # fmt: skip
    pipeline_codes = {"internal_error"}  # written by pipeline's boundary, not raised
    assert raised | pipeline_codes == {rule.code for rule in RULES if rule.scope == Scope.input}


def test_rules_version_changes_with_a_rule() -> None:
    assert re.fullmatch(r"[0-9a-f]{10}", RULES_VERSION)
    assert rules_version(RULES, OBLIGATIONS) == RULES_VERSION
    bumped = [dataclasses.replace(RULES[0], version=RULES[0].version + 1), *RULES[1:]]
    softer = [dataclasses.replace(RULES[0], severity=Severity.warning), *RULES[1:]]
    obligation = [
        dataclasses.replace(OBLIGATIONS[0], version=OBLIGATIONS[0].version + 1),
        *OBLIGATIONS[1:],
    ]
    versions = {
        rules_version(bumped, OBLIGATIONS),
        rules_version(softer, OBLIGATIONS),
        rules_version(RULES, obligation),
        rules_version(RULES[:-1], OBLIGATIONS),
        RULES_VERSION,
    }
    assert len(versions) == 5


def test_codes_doc_is_generated_from_the_registry() -> None:
    committed = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert committed == render_codes_markdown(), "run: mseflow rules --markdown > docs/codes.md"


def test_codes_doc_lists_every_code_once() -> None:
    text = render_codes_markdown()
    listed = re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.M)
    assert listed == [r.code for r in RULES] + [o.code for o in OBLIGATIONS]
    assert "| `group_term_mismatch` | error |" in text


def test_rich_tables_show_every_code() -> None:
    console = Console(record=True, width=240)
    print_tables(console=console)
    text = console.export_text()
    assert all(rule.code in text for rule in RULES)
    assert all(o.code in text for o in OBLIGATIONS)
    assert RULES_VERSION in text


def test_rules_command_prints_markdown() -> None:
    result = CliRunner().invoke(app, ["rules", "--markdown"])
    assert result.exit_code == 0
    assert result.output == render_codes_markdown()
