"""The store's commands: tag, untag, undo, redo, annotations, stats and check."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from filelock import FileLock

from tui.annotations.record import LABELS, quote_of
from tui.annotations.resolved import Resolved, annotation_record, corpus_stats, resolve_all
from tui.cli.support import (
    annotator_option,
    fail,
    load_or_fail,
    os_user,
    printable,
    store_option,
    text_argument,
    write_jsonl,
)
from tui.desk.tagged_articles import tagged_articles
from tui.store.changes import Change
from tui.store.errors import NothingToUndo, StoreDamaged, StoreError, StoreTooNew
from tui.store.journal import journal_path, read_journal
from tui.store.repair import rebuild, salvage
from tui.store.schema import SCHEMA
from tui.store.snapshot import lock_path
from tui.store.store import Store
from tui.text.article import DEFAULT_THRESHOLD, Article
from tui.text.article_files import ArticleError, read_article


@contextmanager
def opened(path: Path) -> Iterator[Store]:
    """The store at `path`, or one line explaining why it cannot be used (and an exit)."""
    try:
        yield Store.open(path)
    except StoreDamaged as exc:
        fail(f"{exc}; `claimdesk check --store {printable(str(path))}` explains, and --repair rebuilds it")
    except StoreError as exc:
        fail(str(exc))


def _one_article(path: Path) -> Article:
    if path.is_dir():
        fail(f"{path} is a folder; tag one article file at a time")
    try:
        article, warning = read_article(path)
    except ArticleError as exc:
        fail(str(exc))
    if warning:
        click.echo(f"claimdesk: warning: {printable(warning)}", err=True)
    return article


def _span(article: Article, claim: int | None, start: int | None, end: int | None, threshold: float) -> tuple[int, int]:
    """The span chosen on the command line: the N-th claim, or --start/--end."""
    if math.isnan(threshold):
        raise click.BadParameter("must be a number between 0 and 1", param_hint="'--threshold'")
    if claim is not None:
        if start is not None or end is not None:
            raise click.UsageError("give either --claim N or --start S --end E, not both")
        from tui.text.claims import claim_sentences  # the scorer (and numpy) load only for --claim

        claims = claim_sentences(article, threshold)
        if not 0 <= claim < len(claims):
            fail(
                f"{article.path} has {len(claims)} claims (numbered 0 to {len(claims) - 1}); there is no claim {claim}"
            )
        return claims[claim].start, claims[claim].end
    if start is None or end is None:
        raise click.UsageError("give --claim N, or both --start S and --end E")
    if not 0 <= start < end <= len(article.text):
        fail(f"--start {start} --end {end} is not a span of {article.path} (0 <= start < end <= {len(article.text)})")
    return start, end


def span_options(command: Any) -> Any:
    for option in reversed(
        [
            click.option(
                "--claim", type=click.IntRange(min=0), help="The N-th claim (0-based), as `claims PATH` lists them."
            ),
            click.option("--start", type=click.IntRange(min=0), help="Start offset into the article's text."),
            click.option("--end", type=click.IntRange(min=1), help="End offset (exclusive)."),
            click.option(
                "--threshold",
                type=click.FloatRange(0.0, 1.0),
                default=DEFAULT_THRESHOLD,
                show_default=True,
                help="The claim threshold `claims` was run with, for --claim.",
            ),
        ]
    ):
        command = option(command)
    return command


def _short(text: str, width: int = 70) -> str:
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _describe(change: Change) -> str:
    record = change.record
    return f'{change.action} {record["label"]} "{_short(quote_of(record))}" ({change.annotation})'


@click.command("tag")
@click.argument("path", type=click.Path(path_type=Path, readable=False))
@span_options
@click.option("--label", required=True, type=click.Choice(LABELS), help="The verdict.")
@click.option("--note", default=None, help="A note (replaces the note when retagging).")
@click.option("--source", "sources", multiple=True, help="A source URL or citation; repeat for more.")
@annotator_option
@store_option
def tag_command(
    path: Path,
    claim: int | None,
    start: int | None,
    end: int | None,
    threshold: float,
    label: str,
    note: str | None,
    sources: tuple[str, ...],
    annotator: str | None,
    store: Path,
) -> None:
    """Tag a claim (or any span) of an article; exits 0 only once the tag is on disk."""
    note = text_argument(note, "--note")
    sources = tuple(text_argument(source, "--source") or "" for source in sources)
    annotator = text_argument(annotator, "--annotator")
    article = _one_article(path)
    span = _span(article, claim, start, end, threshold)
    with opened(store) as annotations:
        change = annotations.tag(article, *span, label, annotator or os_user(), note=note, sources=sources)
    click.echo(f"saved: {_describe(change)}" if change else "unchanged: the tag was already so")


@click.command("untag")
@click.argument("path", type=click.Path(path_type=Path, readable=False))
@span_options
@annotator_option
@store_option
def untag_command(
    path: Path,
    claim: int | None,
    start: int | None,
    end: int | None,
    threshold: float,
    annotator: str | None,
    store: Path,
) -> None:
    """Remove the tag on a claim (or span); with several annotators' tags there, say whose with --annotator."""
    article = _one_article(path)
    span = _span(article, claim, start, end, threshold)
    with opened(store) as annotations:
        found = annotations.at(article, *span, annotator)
        if not found:
            fail(f"no tag{f' by {annotator}' if annotator else ''} on that span of {article.path}")
        if len(found) > 1:
            names = ", ".join(sorted(record["annotator"] for record in found))
            fail(f"{len(found)} annotators tagged that span ({names}); say whose with --annotator")
        change = annotations.untag(found[0]["id"], annotator or found[0]["annotator"])
    click.echo(f"saved: {_describe(change)}" if change else "unchanged")


def _undo_or_redo(store: Path, annotator: str | None, redo: bool) -> None:
    with opened(store) as annotations:
        try:
            change = annotations.redo(annotator) if redo else annotations.undo(annotator)
        except NothingToUndo as exc:
            fail(str(exc))
    now = change.after if redo else change.before
    state = now["label"] if now else "untagged"
    quote = _short(quote_of(change.record))
    click.echo(f'{"redid" if redo else "undid"} {change.action} of "{quote}" ({change.annotation}): now {state}')


@click.command("undo")
@annotator_option
@store_option
def undo_command(annotator: str | None, store: Path) -> None:
    """Undo the latest change (of --annotator, or of anyone)."""
    _undo_or_redo(store, annotator, redo=False)


@click.command("redo")
@annotator_option
@store_option
def redo_command(annotator: str | None, store: Path) -> None:
    """Redo the change undone last (of --annotator, or of anyone)."""
    _undo_or_redo(store, annotator, redo=True)


def _articles_of(store: Store, paths: tuple[Path, ...]) -> list[Article]:
    """The articles named, or else the articles the store's annotations were made on (where still readable)."""
    if paths:
        # The same text named twice (or two copies of it) is one article.
        return list({article.id: article for article in reversed(load_or_fail(list(paths)).articles)}.values())[::-1]
    return tagged_articles(store)


@contextmanager
def resolving(store_path: Path, paths: tuple[Path, ...]) -> Iterator[tuple[list[Article], Iterator[Resolved]]]:
    """The articles (those named, or else those the store names) and the store's annotations
    resolved against them, one at a time, while the store is open."""
    with opened(store_path) as store:
        articles = _articles_of(store, paths)
        yield articles, resolve_all(store, articles, only_these=bool(paths))


def resolved_annotations(store_path: Path, paths: tuple[Path, ...]) -> tuple[list[Article], list[Resolved]]:
    with resolving(store_path, paths) as (articles, resolved):
        return articles, list(resolved)


@click.command("annotations")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@store_option
@click.option("--format", "output_format", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
def annotations_command(paths: tuple[Path, ...], store: Path, output_format: str) -> None:
    """List annotations, each resolved against its article as it is now (anchored, moved or orphaned)."""
    with resolving(store, paths) as (_, resolved):
        # Streamed: each record is resolved, printed and let go (100,000 never wait in memory at once).
        records = (annotation_record(item) for item in resolved)
        if output_format == "jsonl":
            write_jsonl(records)
        else:
            from tui.cli.table_output import annotations_table, print_table

            print_table(annotations_table(list(records), printable))


@click.command("stats")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@store_option
@click.option("--format", "output_format", type=click.Choice(["json", "table"]), default="table", show_default=True)
def stats_command(paths: tuple[Path, ...], store: Path, output_format: str) -> None:
    """Per article and in total: claims found, tags per verdict, untagged claims, orphaned tags."""
    with resolving(store, paths) as (articles, resolved):
        stats = corpus_stats(articles, resolved)
    if output_format == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        from tui.cli.table_output import print_table, stats_table

        print_table(stats_table(stats, printable))


@click.command("check")
@click.option("--repair", is_flag=True, help="Move a damaged store aside and rebuild it from what can be read.")
@store_option
def check_command(repair: bool, store: Path) -> None:
    """Say whether the store is healthy, what is wrong if not, and (with --repair) rebuild it."""
    if not store.exists():
        fail(f"store {store} does not exist")
    try:
        healthy = Store.open(store)
    except StoreTooNew as exc:
        fail(str(exc))
    except StoreDamaged as exc:
        click.echo(f"{printable(str(store))}: damaged: {printable(exc.problem)}")
        if not repair:
            fail("run `claimdesk check --repair` to move it aside and rebuild it from what can be read")
        real = Path(os.path.realpath(store))  # a symbolic link stays a link: its target is repaired
        with FileLock(lock_path(real), timeout=10):  # no writer may slip in between reading and moving
            recovered = salvage(real)
            moved = rebuild(real, recovered, SCHEMA)
        click.echo(f"moved aside: {', '.join(printable(str(p)) for p in moved)}")
        lost = f"; {recovered.unreadable} unreadable records left in the moved files" if recovered.unreadable else ""
        if recovered.foreign_journal:
            lost += "; the journal beside it belongs to another store and was not applied (it is in the moved files)"
        click.echo(f"rebuilt {printable(str(store))} with {len(recovered.annotations)} annotations{lost}")
        return
    except StoreError as exc:
        fail(str(exc))
    records = healthy.annotations()
    annotators = len({record["annotator"] for record in records})
    pending = len(read_journal(journal_path(Path(os.path.realpath(store)))).entries)
    click.echo(
        f"{printable(str(store))}: ok: schema {SCHEMA}, {len(records)} annotations by {annotators} annotators, "
        f"{len(healthy.changes())} changes kept for undo, {pending} journal entries not yet folded in"
    )


COMMANDS = (tag_command, untag_command, undo_command, redo_command, annotations_command, stats_command, check_command)
