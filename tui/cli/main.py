"""The claimdesk command line: subcommands, one-line errors and exit codes.

Every failure ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import click

from tui import startup
from tui.cli.support import (
    EXIT_ERROR,
    EXIT_USAGE,
    PROG,
    annotator_option,
    fail,
    os_user,
    reader_may_leave,
    store_option,
)
from tui.store.errors import StoreError

# Each command's module loads only when that command runs, so `claimdesk --help` and the reader
# start without numpy, scipy or TinyDB (the way `click`'s documentation lazy-loads subcommands).
# The one-line help shown by `--help` is kept here; tests/test_cli.py checks it is each command's own.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "claims": (
        "article_commands",
        "List the sentences of articles with their check-worthiness; claims only unless --all.",
    ),
    "articles": (
        "article_commands",
        "What each article says about itself: format, title, canonical URL, outlet, authors, date, language.",
    ),
    "links": (
        "article_commands",
        "Claims told by several articles (clusters), and claims that share a number across articles.",
    ),
    "tag": (
        "store_commands",
        "Tag a claim (or any span) of an article; exits 0 only once the tag is on disk.",
    ),
    "untag": (
        "store_commands",
        "Remove the tag on a claim (or span); with several annotators' tags there, say whose with --annotator.",
    ),
    "undo": (
        "store_commands",
        "Undo the latest change (of --annotator, or of anyone).",
    ),
    "redo": (
        "store_commands",
        "Redo the change undone last (of --annotator, or of anyone).",
    ),
    "annotations": (
        "store_commands",
        "List annotations, each resolved against its article as it is now (anchored, moved or orphaned).",
    ),
    "stats": (
        "store_commands",
        "Per article and in total: claims found, tags per verdict, untagged claims, orphaned tags.",
    ),
    "check": (
        "store_commands",
        "Say whether the store is healthy, what is wrong if not, and (with --repair) rebuild it.",
    ),
    "export": (
        "publish_commands",
        "Export annotations (all, or those on the articles named) as W3C, ClaimReview, CSV or Markdown.",
    ),
    "import": (
        "publish_commands",
        "Read a `claimdesk export --format w3c` file back into the store, keeping what is there.",
    ),
    "merge": (
        "publish_commands",
        "Merge annotation stores: every annotation of every store; differing versions of one kept as conflicts.",
    ),
    "agreement": (
        "team_commands",
        "Agreement between annotators on the claims two or more of them tagged.",
    ),
}


class DefaultToOpen(click.Group):
    """A group whose bare form (`claimdesk [PATH...]`) opens the app, with its other commands loaded lazily.

    A first word that is no command and no file but looks like a command (`claimdesk stat`) is a
    usage error naming the command meant, not a file the reader cannot find.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.commands, *LAZY_COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in LAZY_COMMANDS:
            return self.commands.get(cmd_name)
        module = importlib.import_module(f"tui.cli.{LAZY_COMMANDS[cmd_name][0]}")
        startup.over()  # the command and what it uses are loaded: collect garbage again
        command: click.Command = next(c for c in module.COMMANDS if c.name == cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed = dict(self.commands)
        listed.update((name, click.Command(name, help=short)) for name, (_, short) in LAZY_COMMANDS.items())
        limit = formatter.width - 6 - max(map(len, listed))
        rows = [(name, listed[name].get_short_help_str(limit)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        names = self.list_commands(ctx)
        if not args or (args[0] not in names and args[0] not in ("--help", "-h", "--version")):
            if args and not args[0].startswith("-") and not Path(args[0]).exists():
                import difflib  # only a mistyped command needs it

                meant = difflib.get_close_matches(args[0], names, n=1, cutoff=0.6)
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
