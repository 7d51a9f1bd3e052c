"""The commands on articles themselves: claims, articles and links."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui import startup
from tui.cli.jsonl_records import article_record, sentence_records
from tui.cli.support import exit_if_incomplete, load_or_fail, printable, write_jsonl
from tui.text.article import DEFAULT_THRESHOLD
from tui.text.claims import find_claims_of, line_sentences, score_sentences

if TYPE_CHECKING:  # `links` loads it; `claims` and `articles` start without it
    from tui.text.claim_links import ClaimText


@click.command("claims")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--format", "output_format", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--all", "every_sentence", is_flag=True, help="Print every sentence, not only claims.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Score at or above which a sentence is a claim.",
)
@click.option("--lines", "one_per_line", is_flag=True, help="Each line of the files is one sentence (no splitting).")
@click.option("--recursive", is_flag=True, help="Look for articles in subfolders too.")
def claims_command(
    paths: tuple[Path, ...],
    output_format: str,
    every_sentence: bool,
    threshold: float,
    one_per_line: bool,
    recursive: bool,
) -> None:
    """List the sentences of articles with their check-worthiness; claims only unless --all."""
    if math.isnan(threshold):
        raise click.BadParameter("must be a number between 0 and 1", param_hint="'--threshold'")
    # The articles, their sentences and their records live until the command ends.
    with startup.collecting_paused():
        report = load_or_fail(list(paths), recursive)
        records: list[dict[str, Any]] = []
        # Split as the reader splits, the scores kept for the next run (`tag --claim` and the reader use them);
        # the articles scored together, as a folder of short ones is scored in a fraction of the time.
        found_in = (
            [list(score_sentences(line_sentences(article.text), threshold)) for article in report.articles]
            if one_per_line
            else find_claims_of(report.articles, threshold)
        )
        for article, found in zip(report.articles, found_in, strict=True):
            records += sentence_records(article, found, every_sentence)
        if output_format == "jsonl":
            write_jsonl(records)
        else:
            from tui.cli.table_output import claims_table, print_table

            print_table(claims_table(records, {str(a.path): a.title for a in report.articles}, printable))
    exit_if_incomplete(report)


def _over_articles(name: str) -> Callable[[Callable[..., None]], click.Command]:
    """A command listing something of articles: `PATH...`, `--format jsonl|table`, `--recursive`."""

    def command(function: Callable[..., None]) -> click.Command:
        function = click.option("--recursive", is_flag=True, help="Look for articles in subfolders too.")(function)
        function = click.option(
            "--format", "output_format", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True
        )(function)
        function = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))(
            function
        )
        return click.command(name)(function)

    return command


@_over_articles("articles")
def articles_command(paths: tuple[Path, ...], output_format: str, recursive: bool) -> None:
    """What each article says about itself: format, title, canonical URL, outlet, authors, date, language."""
    report = load_or_fail(list(paths), recursive)
    records = [article_record(article) for article in report.articles]
    if output_format == "jsonl":
        write_jsonl(records)
    else:
        from tui.cli.table_output import articles_table, print_table

        print_table(articles_table(records, printable))
    exit_if_incomplete(report)


@_over_articles("links")
def links_command(paths: tuple[Path, ...], output_format: str, recursive: bool) -> None:
    """Claims told by several articles (clusters), and claims that share a number across articles."""
    from tui.text.claim_links import claim_texts
    from tui.text.linking import link_claims

    report = load_or_fail(list(paths), recursive)
    path_of = {article.id: str(article.path) for article in report.articles}
    found_in = find_claims_of(report.articles)
    claims = [
        text for article, found in zip(report.articles, found_in, strict=True) for text in claim_texts(article, found)
    ]
    linking = link_claims(claims)
    records = []
    for index, claim in enumerate(claims):
        found = linking.links(index)
        if not found:
            continue
        records.append(
            {
                **_claim_record(claim, path_of),
                "cluster": linking.cluster_number(index),
                "links": [
                    {
                        **_claim_record(claims[link.claim], path_of),
                        "similarity": round(link.similarity, 3),
                        "same_claim": link.same_claim,
                        "numbers": list(link.numbers),
                    }
                    for link in found
                ],
            }
        )
    if output_format == "jsonl":
        write_jsonl(records)
    else:
        from tui.cli.table_output import clusters_table, print_table

        print_table(clusters_table(linking, path_of, printable))
    exit_if_incomplete(report)


def _claim_record(claim: ClaimText, path_of: dict[str, str]) -> dict[str, Any]:
    return {
        "article": claim.article,
        "path": path_of[claim.article],
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
    }


COMMANDS = (claims_command, articles_command, links_command)
