"""The `agreement` command: how far several annotators' tags agree."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tui.annotations.agreement import agreement
from tui.cli.store_commands import opened
from tui.cli.support import printable


@click.command("agreement")
@click.argument(
    "stores", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False, readable=False)
)
@click.option("--format", "output_format", type=click.Choice(["json", "table"]), default="table", show_default=True)
def agreement_command(stores: tuple[Path, ...], output_format: str) -> None:
    """Agreement between annotators on the claims two or more of them tagged.

    The stores' annotations are pooled (one merged store holding several annotators works too).
    Reviewers' adjudicated verdicts are left out. Figures that cannot be computed are null, with
    the reason in `notes`; that is not an error.
    """
    records = []
    unique = {path.resolve(): path for path in reversed(stores)}  # a store named twice is read once
    for path in reversed(unique.values()):
        with opened(path) as store:
            records.extend(store.annotations())
    figures = agreement(records)
    if output_format == "json":
        click.echo(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
    else:
        from tui.cli.table_output import agreement_tables, print_table

        for table in agreement_tables(figures, printable):
            print_table(table)


COMMANDS: list[click.Command] = [agreement_command]
