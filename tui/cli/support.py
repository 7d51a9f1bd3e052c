"""What every claimdesk command shares: one-line messages, exit codes, output and common options."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
import orjson

from tui.text.printable import printable as printable  # commands show data through it

if TYPE_CHECKING:
    from tui.text.article_files import LoadReport

PROG = "claimdesk"
DEFAULT_STORE = Path("annotations/store.json")
EXIT_ERROR = 1
EXIT_USAGE = 2


def text_argument(value: str | None, option: str) -> str | None:
    """A text given on the command line, refused if it is not valid UTF-8 (it would be stored garbled)."""
    if value is not None and any("\udc80" <= char <= "\udcff" for char in value):
        raise click.BadParameter("is not valid UTF-8 text", param_hint=f"'{option}'")
    return value


def warn(message: str) -> None:
    """One plain line on stderr (never interpreted as markup or control sequences)."""
    click.echo(f"{PROG}: {printable(message)}", err=True)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    warn(f"error: {message}")
    raise SystemExit(code)


def load_or_fail(paths: Sequence[Path], recursive: bool = False) -> LoadReport:
    """Load articles, report every problem on stderr, and exit if nothing at all loaded."""
    from tui.text.article_files import load_articles  # the readers of articles load for the commands that read one

    report = load_articles(paths, recursive)
    for line in report.warnings:
        warn(f"warning: {line}")
    if not report.articles and len(report.errors) == 1:
        fail(report.errors[0])  # the one file given could not be read: that is the whole story
    for line in report.errors:
        warn(f"error: {line}")
    if not report.articles:
        fail("no article could be loaded" if paths else "no article paths given")
    return report


def exit_if_incomplete(report: LoadReport) -> None:
    """After printing what could be read: a non-zero exit if some article could not be (scripts must know)."""
    if report.errors:
        raise SystemExit(EXIT_ERROR)


def os_user() -> str:
    """The OS user name, the default annotator."""
    try:
        return os.getlogin()
    except OSError:
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "anonymous"


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """Output whose reader went away (`| head`) had what it wanted: exit 0 quietly, as `cat` would.

    Caught here, before click's own handling, which exits 1. Standard output is pointed at
    /dev/null so that the interpreter's last flush stays quiet too.
    """
    try:
        yield
    except BrokenPipeError:
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None


def _jsonl_line(record: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # text orjson refuses: a file name that is not UTF-8, held as surrogates
        # surrogateescape gives back the original bytes of that name (the records hold no NaN, no
        # float below 1e-4 and nothing but JSON's own types, where the two would print differently).
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogateescape") + b"\n"


# Records are dumped by orjson mapped over them in C: a Python call per record cost more than the JSON
# itself (0.05 s of the 0.06 s that 24,000 claims took), and one dump of a list cut into lines where
# records join, twice as long as this (15 ms) in the search and replace of the joins.
_RECORDS_PER_WRITE = 1000


def _jsonl_lines(records: list[dict[str, Any]]) -> bytes:
    """The records as JSON lines."""
    try:
        return b"".join(map(orjson.dumps, records, repeat(None), repeat(orjson.OPT_APPEND_NEWLINE)))
    except orjson.JSONEncodeError:
        return b"".join(map(_jsonl_line, records))


def write_jsonl(records: Iterable[dict[str, Any]]) -> None:
    """One compact JSON record per line on stdout."""
    with reader_may_leave():
        out = sys.stdout.buffer
        chunk: list[dict[str, Any]] = []
        try:
            for record in records:
                chunk.append(record)
                if len(chunk) == _RECORDS_PER_WRITE:
                    out.write(_jsonl_lines(chunk))
                    chunk = []
        finally:  # the records made before a failure in `records` are printed, as when each was written at once
            out.write(_jsonl_lines(chunk))
        out.flush()


Command = TypeVar("Command", bound=Callable[..., Any])


def store_option(command: Command) -> Command:
    """`--store FILE` (or CLAIMDESK_STORE), default annotations/store.json."""
    return click.option(
        "--store",
        type=click.Path(path_type=Path, dir_okay=False),
        envvar="CLAIMDESK_STORE",
        default=DEFAULT_STORE,
        show_default=True,
        help="The annotation store (a TinyDB JSON file).",
    )(command)


def annotator_option(command: Command) -> Command:
    """`--annotator NAME` (or CLAIMDESK_ANNOTATOR); None when neither is given."""
    return click.option(
        "--annotator",
        envvar="CLAIMDESK_ANNOTATOR",
        default=None,
        callback=_checked_annotator,
        help="Who is tagging (default: the OS user).",
    )(command)


def _checked_annotator(_context: click.Context, _parameter: click.Parameter, name: str | None) -> str | None:
    from tui.annotations.record import bad_annotator  # records (and hashing) load only when a name is given

    problem = None if name is None else bad_annotator(name)
    if problem:
        raise click.BadParameter(f"the annotator's name {problem}", param_hint="'--annotator'")
    return name
