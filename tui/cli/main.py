"""The claimdesk command line: subcommands, one-line errors and exit codes.

Every failure ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import click

from tui.cli import publish_commands, store_commands, team_commands
from tui.cli.jsonl_records import article_record, line_starts, sentence_record
from tui.cli.support import (
    EXIT_ERROR,
    EXIT_USAGE,
    PROG,
    annotator_option,
    exit_if_incomplete,
    fail,
    load_or_fail,
    os_user,
    printable,
    reader_may_leave,
    store_option,
    write_jsonl,
)
from tui.store.errors import StoreError
from tui.text.claims import DEFAULT_THRESHOLD, article_sentences, find_claims, line_sentences, score_sentences
from tui.text.linking import ClaimText


class DefaultToOpen(click.Group):
    """A group whose bare form (`claimdesk [PATH...]`) opens the app.

    A first word that is no command and no file but looks like a command (`claimdesk stat`) is a
    usage error naming the command meant, not a file the reader cannot find.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            if args and not args[0].startswith("-") and not Path(args[0]).exists():
                meant = difflib.get_close_matches(args[0], list(self.commands), n=1, cutoff=0.6)
                if meant:
                    raise click.UsageError(f"no command {args[0]!r} and no such file; did you mean {meant[0]!r}?")
            args = ["open", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultToOpen, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimdesk", prog_name=PROG)
def cli() -> None:
    """Read news articles side by side, find their factual claims, and tag them."""


def _default_paths() -> list[Path]:
    """seeds/ here, or else the sample articles beside the package (a source checkout)."""
    for seeds in (Path("seeds"), Path(__file__).resolve().parents[2] / "seeds"):
        if seeds.is_dir():
            return [seeds]
    return []


class AppLauncher(Protocol):
    """Opens the interactive reader; the program passes one in, so the command line never imports the app."""

    def __call__(self, paths: list[Path], store: Path, annotator: str) -> None: ...


@cli.command("open")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@store_option
@annotator_option
@click.pass_obj
def open_app(launch: AppLauncher | None, paths: tuple[Path, ...], store: Path, annotator: str | None) -> None:
    """Open the reader on articles (files or folders; default: seeds/)."""
    chosen = list(paths) or _default_paths()
    missing = [path for path in chosen if not path.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder")
    if not chosen:
        fail("no article paths given, and no seeds/ folder here")
    if launch is None:
        fail("this command line was started without the reader; run `claimdesk` to open it")
    launch(chosen, store, annotator or os_user())


@cli.command("claims")
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
    report = load_or_fail(list(paths), recursive)
    records: list[dict[str, Any]] = []
    for article in report.articles:
        sentences = line_sentences(article.text) if one_per_line else article_sentences(article)
        starts = line_starts(article.text)
        for scored in score_sentences(sentences, threshold):
            if every_sentence or scored.is_claim:
                records.append(sentence_record(article.id, str(article.path), scored, starts))
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
        return cli.command(name)(function)

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
    from tui.text.linking import claim_texts, link_claims

    report = load_or_fail(list(paths), recursive)
    path_of = {article.id: str(article.path) for article in report.articles}
    claims = [text for article in report.articles for text in claim_texts(article, find_claims(article))]
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


for command in (*store_commands.COMMANDS, *publish_commands.COMMANDS, *team_commands.COMMANDS):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None, launch: AppLauncher | None = None) -> None:
    """Run the command line, turning every failure into one line and an exit code; `launch` opens the reader."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name=PROG, standalone_mode=False, obj=launch)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "")
        raise SystemExit(EXIT_USAGE) from None
    except click.UsageError as exc:
        fail(exc.format_message().replace("\n", " "), EXIT_USAGE)
    except click.ClickException as exc:
        fail(exc.format_message().replace("\n", " "), exc.exit_code or EXIT_ERROR)
    except StoreError as exc:
        fail(str(exc))
    except OSError as exc:  # a full disk, say: what was reported saved before this stays saved
        where = f" {exc.filename}" if exc.filename else ""
        fail(f"cannot read or write{where}: {exc.strerror or exc}")
    except click.Abort:
        fail("aborted", 130)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        # Output written outside `reader_may_leave` (click's own, say) whose reader went away.
        with reader_may_leave():
            raise
    except SystemExit:
        raise
    except Exception as exc:  # the promise: never a traceback
        fail(f"{type(exc).__name__}: {exc}")
