"""Render the rule and obligation registries: rich tables for the CLI, Markdown for ``docs/codes.md``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mseflow.validators import OBLIGATIONS, RULES, RULES_VERSION
from mseflow.validators.acts import render_legal_basis_markdown
from mseflow.validators.base import ObligationRule, Rule

RULE_HEADERS = (
    "code",
    "severity",
    "applies to",
    "fields",
    "message (ru)",
    "message (en)",
    "legal basis",
)
OBLIGATION_HEADERS = ("code", "kind", "fields", "message (ru)", "message (en)", "legal basis")
CODES_DOC = Path("docs") / "codes.md"

_INTRO = """# Validation codes and employer obligations

Generated from the registries in `mseflow.validators` (`mseflow rules --markdown`);
do not edit by hand — a test keeps this file equal to the generated text.
Rules version: `{version}`.

A record's `validation.status` is `invalid` when any issue is an `error`,
`needs_review` when any is a `warning`, else `valid`; `info` issues never change
it. Input codes are put by the reading stage on `unreadable` records (causes and
fixes: [errors.md](errors.md)).

A field that was not read weighs what it weighs in law (`mseflow.validators.completeness`):
`required_field_missing` (warning) names the essential fields — ФИО, the date of birth (or
the СНИЛС an IPRA prints), a certificate's group, the term («до» or «бессрочно»), and an
IPRA's issue date when its work block is empty; `secondary_field_missing` (info) names the
rest the forms print (issue date, established and re-examination dates, series, number,
bureau), which no obligation depends on. Each issue lists its fields in `fields` and names
them in its message.
"""


def rule_row(rule: Rule) -> tuple[str, ...]:
    """One rule as table cells."""
    applies = ", ".join(sorted(str(doc) for doc in rule.applies_to))
    return (
        rule.code,
        str(rule.severity),
        applies,
        ", ".join(rule.fields),
        rule.message_ru,
        rule.message_en,
        rule.basis,
    )


def obligation_row(rule: ObligationRule) -> tuple[str, ...]:
    """One obligation as table cells."""
    return (
        rule.code,
        str(rule.kind),
        ", ".join(rule.fields),
        rule.message_ru,
        rule.message_en,
        rule.basis,
    )


def _cell(text: str, code: bool) -> str:
    escaped = text.replace("|", "\\|").replace("\n", " ")
    return f"`{escaped}`" if code and escaped else escaped


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GitHub Markdown table; the first column is set as code."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = [_cell(value, code=index == 0) for index, value in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render_codes_markdown() -> str:
    """The exact text of ``docs/codes.md``."""
    return "\n".join(
        [
            _INTRO.format(version=RULES_VERSION),
            "## Issue codes\n",
            markdown_table(RULE_HEADERS, (rule_row(rule) for rule in RULES)),
            "## Employer obligations\n",
            OBLIGATIONS_INTRO,
            markdown_table(OBLIGATION_HEADERS, (obligation_row(rule) for rule in OBLIGATIONS)),
        ]
    )


OBLIGATIONS_INTRO = """Derived for `mse_certificate` and `ipra` records only, and never for an `invalid`
record or one a person rejected. Group guarantees apply while the document is in force
(«бессрочно», or before the «до» date: on that day it has lapsed); an expired document gets
only `request_new_documents`. `kind` says how to take each one: `instruction`, `request`
(ask, never demand), `review` (a person checks first), `information`, and `legal_review`:
anything leading towards transfer, suspension or termination, shown only on a document in
force that a person confirmed, with the documents the employer must hold — never an
instruction. Acts, their status and what was verified: [legal-basis.md](legal-basis.md).
"""


def write_codes_doc(root: Path) -> Path:
    """Write ``docs/codes.md`` under the repository ``root``; return its path."""
    path = root / CODES_DOC
    path.write_text(render_codes_markdown(), encoding="utf-8")
    return path


RICH_RULE_COLUMNS = (0, 1, 3, 4, 6)
"""Columns of :data:`RULE_HEADERS` shown in the terminal (code, severity, fields, ru, basis)."""
RICH_OBLIGATION_COLUMNS = (0, 1, 3, 5)
"""Columns of :data:`OBLIGATION_HEADERS` shown in the terminal (code, ru, basis)."""


def rich_table(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    columns: Sequence[int],
) -> Table:
    """A rich table of the chosen ``columns``; the code column never wraps."""
    table = Table(title=title, show_lines=True)
    for index in columns:
        table.add_column(headers[index], no_wrap=index == 0, overflow="fold")
    for row in rows:
        table.add_row(*(row[index] for index in columns))
    return table


def print_tables(
    markdown: bool = False, console: Console | None = None, legal_basis: bool = False
) -> None:
    """Print the rules and obligations: stacked entries that read well at 80 columns.

    ``markdown=True`` prints docs/codes.md, ``legal_basis=True`` docs/legal-basis.md.
    """
    if markdown:
        sys.stdout.write(render_codes_markdown())
        return
    if legal_basis:
        sys.stdout.write(render_legal_basis_markdown())
        return
    out = console or Console()
    out.print(f"[bold]Правила проверки[/bold] (rules version {RULES_VERSION})")
    for rule in RULES:
        out.print(entry(rule.code, str(rule.severity), rule.message_ru, rule.basis))
    out.print("\n[bold]Обязанности работодателя[/bold]")
    for obligation in OBLIGATIONS:
        out.print(
            entry(obligation.code, str(obligation.kind), obligation.message_ru, obligation.basis)
        )


def entry(code: str, tag: str, message: str, basis: str) -> Group:
    """One rule or obligation as a short block: code and tag, the message, the basis."""
    head = Text()
    head.append(code, style="bold cyan")
    head.append(f"  [{tag}]", style="dim")
    parts: list[RenderableType] = [head, Padding(Text(message), (0, 0, 0, 2))]
    if basis and basis != "—":
        parts.append(Padding(Text(f"Основание: {basis}", style="green"), (0, 0, 0, 2)))
    return Group(*parts)
