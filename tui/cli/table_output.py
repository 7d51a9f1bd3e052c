"""Rich tables for people; every cell is a `Text` built from data, never markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tui.annotations.agreement import Agreement
from tui.cli.support import reader_may_leave
from tui.text.claim_links import Linking


def claims_table(
    records: Sequence[Mapping[str, Any]], titles: Mapping[str, str], printable: Callable[[str], str] = str
) -> Table:
    """One row per sentence record, grouped under its article's title; `printable` cleans what the
    articles say (titles, sentences, reasons) and file names."""
    table = Table(show_lines=False, expand=True, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("sentence", ratio=3)
    table.add_column("reasons", ratio=1, style="dim")
    current = None
    for record in records:
        if record["path"] != current:
            current = record["path"]
            heading = Text(printable(titles.get(current, "")), style="bold")
            heading.append(f"  {printable(current)}", style="dim")
            table.add_row("", "", heading, "", end_section=False)
        index = "" if record["index"] is None else str(record["index"])
        style = "" if record["is_claim"] else "dim"
        text = Text(printable(record["text"]), style=style)
        if record["boilerplate"]:
            text.stylize("strike")
        reasons = Text(printable(", ".join(record["reasons"])))
        table.add_row(Text(index), Text(f"{record['score']:.2f}"), text, reasons)
    return table


def articles_table(records: Sequence[Mapping[str, Any]], printable: Callable[[str], str]) -> Table:
    """One row per article record: title, outlet, date, authors, format and file."""
    table = Table(expand=True, header_style="bold")
    table.add_column("title", ratio=3)
    table.add_column("outlet", ratio=1)
    table.add_column("published", no_wrap=True)
    table.add_column("authors", ratio=1)
    table.add_column("format", no_wrap=True)
    table.add_column("file", ratio=1, style="dim")
    for record in records:
        table.add_row(
            Text(printable(record["title"] or "")),
            Text(printable(record["site"] or "")),
            Text(printable(record["published"] or "")),
            Text(printable(", ".join(record["authors"]))),
            Text(record["format"]),
            Text(printable(record["path"])),
        )
    return table


def print_table(table: Table) -> None:
    with reader_may_leave():
        Console(highlight=False, soft_wrap=False).print(table)


_STATUS_STYLE = {"anchored": "", "moved": "yellow", "orphaned": "bold red", "missing": "bold red"}


def annotations_table(records: Sequence[Mapping[str, Any]], printable: Callable[..., str]) -> Table:
    """One row per annotation record: verdict, status, quote as found now, note and who made it.

    `printable(text, keep_lines=...)` shows control characters as escapes: notes and names are user data.
    """
    table = Table(expand=True, header_style="bold")
    table.add_column("verdict", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("quote", ratio=3)
    table.add_column("note", ratio=2)
    table.add_column("by", no_wrap=True)
    table.add_column("article", ratio=1, style="dim")
    for record in records:
        status = record["status"] + (" (text changed)" if record.get("changed") else "")
        table.add_row(
            Text(printable(record["label"])),
            Text(status, style=_STATUS_STYLE.get(record["status"], "")),
            Text(printable(record["quote"], keep_lines=True)),
            Text(printable(record["note"], keep_lines=True)),
            Text(printable(record["annotator"])),
            Text(printable(record["path"])),
        )
    return table


def stats_table(stats: Mapping[str, Any], printable: Callable[[str], str] = str) -> Table:
    """Counts per article and in total."""
    total = stats["total"]
    columns: tuple[str, ...] = ("claims", "verified", "disputed", "unsupported", "untagged", "orphaned")
    if total.get("missing"):  # tags whose article file is not found: a column only when there are some
        columns = (*columns, "missing")
    table = Table(expand=True, header_style="bold", show_footer=True)
    table.add_column("article", footer=Text("total", style="bold"), ratio=1)
    for column in columns:
        table.add_column(column, justify="right", no_wrap=True, footer=Text(str(total[column])))
    for row in stats["articles"]:
        # A file read is never missing: only the total counts tags whose article file is not found.
        table.add_row(Text(printable(row["path"])), *(Text(str(row.get(column, 0))) for column in columns))
    return table


def clusters_table(linking: Linking, path_of: Mapping[str, str], printable: Callable[[str], str]) -> Table:
    """Each cluster of linked claims: how many sources tell it, then each claim with its file."""
    table = Table(expand=True, header_style="bold")
    table.add_column("cluster", justify="right", no_wrap=True)
    table.add_column("sources", justify="right", no_wrap=True)
    table.add_column("file", ratio=1, style="dim")
    table.add_column("claim", ratio=3)
    for number, members in enumerate(linking.clusters, start=1):
        for position, member in enumerate(members):
            claim = linking.claims[member]
            first = position == 0
            table.add_row(
                Text(str(number) if first else ""),
                Text(str(linking.sources(members)) if first else ""),
                Text(printable(Path(path_of[claim.article]).name)),
                Text(printable(claim.text)),
                end_section=position == len(members) - 1,
            )
    return table


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def agreement_tables(figures: Agreement, printable: Callable[[str], str]) -> list[Table]:
    """The figures with what they were computed from, the coincidence matrix, and each pair."""
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
        matrix.add_column(Text(printable(label)), justify="right")
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
