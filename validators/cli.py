"""``mseflow rules``: print the rule and obligation tables (the lead mounts it in ``mseflow.cli``)."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(help="Validation rules and employer obligations.", no_args_is_help=False)


def rules_command(markdown: bool = False) -> None:
    """Print the validation rules and the employer obligations, with their legal basis."""
    from mseflow.validators.tables import print_tables

    print_tables(markdown=markdown)


@app.callback(invoke_without_command=True)
def rules(
    markdown: Annotated[
        bool, typer.Option(help="Print Markdown (docs/codes.md) instead of tables.")
    ] = False,
) -> None:
    """Print the validation rules and the employer obligations, with their legal basis."""
    rules_command(markdown=markdown)
