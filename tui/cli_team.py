"""The `agreement` command: how far several annotators' tags agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.agreement import Agreement, agreement
from tui.cli_store import opened
from tui.cli_support import printable

if TYPE_CHECKING:
    from rich.table import Table


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
        from tui.tables import print_table

        for table in _agreement_tables(figures):
            print_table(table)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _agreement_tables(figures: Agreement) -> list[Table]:
    """The figures with what they were computed from, the coincidence matrix, and each pair."""
    from rich.table import Table
    from rich.text import Text

    summary = Table(expand=True, header_style="bold", title="agreement")
    summary.add_column("figure")
    summary.add_column("value", justify="right", no_wrap=True)
    summary.add_column("note", ratio=1, style="dim")
    for name in ("percent_agreement", "cohen_kappa", "krippendorff_alpha"):
        summary.add_row(
            Text(name.replace("_", " ")), Text(_figure(getattr(figures, name))), Text(figures.notes.get(name, ""))
        )
    summary.add_row(Text("claims tagged by 2+ annotators"), Text(str(figures.items)), Text(""))
    summary.add_row(Text("pairable values"), Text(str(figures.pairable_values)), Text(""))
    summary.add_row(Text("claims tagged by one annotator"), Text(str(figures.single_annotator_claims)), Text("ignored"))
    summary.add_row(Text("adjudicated verdicts"), Text(str(figures.adjudicated_excluded)), Text("left out"))
    summary.add_row(
        Text("annotators"), Text(str(len(figures.annotators))), Text(printable(", ".join(figures.annotators)))
    )
    tables = [summary]
    if not figures.items:
        return tables
    labels = [label for label, count in figures.label_counts.items() if count]
    matrix = Table(header_style="bold", title="coincidences (Krippendorff)")
    matrix.add_column("")
    for label in labels:
        matrix.add_column(printable(label), justify="right")
    matrix.add_column("n_c", justify="right")
    for row in labels:
        cells = [Text(f"{figures.coincidences[row][column]:g}") for column in labels]
        matrix.add_row(Text(printable(row)), *cells, Text(str(figures.label_counts[row])))
    tables.append(matrix)
    pairs = Table(expand=True, header_style="bold", title="pairs (Cohen)")
    pairs.add_column("annotators")
    for column in ("claims", "agreement", "kappa"):
        pairs.add_column(column, justify="right", no_wrap=True)
    pairs.add_column("first's label / second's: claims", ratio=1)
    for pair in figures.pairs:
        table = ", ".join(
            f"{printable(row)}/{printable(column)}: {count}"
            for row, cells in pair.table.items()
            for column, count in cells.items()
            if count
        )
        pairs.add_row(
            Text(printable(" / ".join(pair.annotators))),
            Text(str(pair.items)),
            Text(_figure(pair.percent_agreement)),
            Text(_figure(pair.cohen_kappa)),
            Text(table),
        )
    tables.append(pairs)
    return tables


COMMANDS: list[click.Command] = [agreement_command]
