"""The `export`, `import` and `merge` commands: annotations out to what fact-checkers publish, back in, and together.

- `export --format w3c|claimreview|csv|markdown [-o FILE] [PATH...]`: every annotation (or those
  on the articles named), resolved against the articles as they are now.
- `import FILE`: a `w3c` export back into the store; an annotation already there is combined
  with it by the rule `merge` uses, so nothing is lost.
- `merge STORE... -o OUT`: the union of several stores; versions of one annotation that differ
  are all kept (see `tui.annotations.merge`).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from tui.annotations.merge import combine, combine_imported, imported, merge_records
from tui.annotations.record import Annotation, InvalidAnnotation, bad_annotator
from tui.cli.store_commands import opened, resolved_annotations
from tui.cli.support import fail, os_user, printable, reader_may_leave, store_option, warn
from tui.publish.claimreview import claim_reviews
from tui.publish.csv_export import to_csv
from tui.publish.markdown_report import to_markdown
from tui.publish.published import BadTemplate, Links, Published, check_article_template, publish
from tui.publish.w3c import NotACollection, collection, dumps, records_of
from tui.store.changes import Change
from tui.store.line_index import stored_at
from tui.store.snapshot import atomic_write


def _utf8(text: str) -> bytes:
    # surrogateescape gives back the original bytes of a file name that is not UTF-8.
    return text.encode("utf-8", "surrogateescape")


def _claim_reviews(items: Sequence[Published], links: Links, organisation: str | None) -> bytes:
    reviews, unsettled = claim_reviews(items, links, organisation)
    if unsettled:
        warn(
            f"warning: {unsettled} claim{'s' if unsettled > 1 else ''} left out: annotators disagree and no "
            "adjudicated verdict settles it (settle them in the app's review mode, R)"
        )
    return dumps(reviews)


WRITERS: dict[str, Callable[[Sequence[Published], Links, str | None], bytes]] = {
    "w3c": lambda items, links, _: dumps(collection(items, links)),
    "claimreview": _claim_reviews,
    "csv": lambda items, _, __: _utf8(to_csv(items)),
    "markdown": lambda items, _, __: _utf8(to_markdown(items)),
}


def _write(data: bytes, output: Path | None) -> None:
    if output is None or str(output) == "-":  # `-o -` is standard output, as everywhere
        with reader_may_leave():
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    try:
        target = Path(os.path.realpath(output))  # through a symbolic link: the link stays a link
        if target.exists() and not target.is_file():
            # A device or a pipe (/dev/stdout, a FIFO) is written to, as the shell's `>` would:
            # replacing it with a file (which root may do) would break it for everyone.
            with target.open("wb") as stream:
                stream.write(data)
        else:
            atomic_write(target, data)  # a reader never sees half an export
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def _article_template(_: click.Context, __: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            check_article_template(value)
        except BadTemplate as exc:
            raise click.BadParameter(str(exc)) from None
    return value


@click.command("export")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--format", "output_format", type=click.Choice(list(WRITERS)), required=True, help="What to write.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE (- or none: standard output).",
)
@click.option(
    "--base-url", help="Annotations are named <URL>/annotations/<id> (default: urn:claimdesk:annotation:<id>)."
)
@click.option(
    "--article-url",
    callback=_article_template,
    help="Name articles by a URL template, e.g. 'https://example.org/{stem}' ({name}, {stem}, {article}); "
    "default: the file's file:// URI.",
)
@click.option("--organisation", help="claimreview: the publisher named as author (default: each annotator).")
@store_option
def export_command(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    base_url: str | None,
    article_url: str | None,
    organisation: str | None,
    store: Path,
) -> None:
    """Export annotations (all, or those on the articles named) as W3C, ClaimReview, CSV or Markdown."""
    if not store.exists():  # a mistyped --store would otherwise publish an empty export
        fail(f"{store}: no such store")
    _, resolved = resolved_annotations(store, paths)
    links = Links(base_url, article_url)
    _write(WRITERS[output_format](publish(resolved, links), links, organisation), output)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, readable=False))
@store_option
def import_command(file: Path, store: Path) -> None:
    """Read a `claimdesk export --format w3c` file back into the store, keeping what is there."""
    try:
        if not stat.S_ISREG(file.stat().st_mode):  # a pipe or a device would never end
            fail(f"{file}: not a regular file; claimdesk imports a file written by `export --format w3c`")
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    try:
        records = records_of(data)
    except (NotACollection, InvalidAnnotation) as exc:
        fail(f"{file}: {exc}; nothing imported")
    with opened(store) as annotations:
        changes = annotations.put_many([imported(r) for r in records], os_user(), "import", combine=combine_imported)
    click.echo(f"imported {printable(str(file))} into {printable(str(store))}: {_summary(len(records), changes)}")


def _summary(count: int, changes: list[Change]) -> str:
    added = sum(change.before is None for change in changes)
    conflicted = sum(change.after is not None and bool(change.after.get("conflicts")) for change in changes)
    return (
        f"{count} annotations, {added} added, {len(changes) - added} updated "
        f"({conflicted} now holding conflicting versions), {count - len(changes)} already there"
    )


def _rebased(record: Annotation, folder: Path, output: Path) -> Annotation:
    place = record.get("stored_at")
    if place is None:
        return record
    target = Path(os.path.realpath(output)).parent
    return Annotation(**{**record, "stored_at": stored_at(target, os.path.join(folder, place))})


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


@click.command("merge")
@click.argument("stores", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, readable=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The merged store. If it exists it must be one of the STOREs: it is merged into, never overwritten.",
)
def merge_command(stores: tuple[Path, ...], output: Path) -> None:
    """Merge annotation stores: every annotation of every store; differing versions of one kept as conflicts."""
    inputs: list[list[Annotation]] = []
    for path in stores:
        if not path.exists():
            fail(f"store {path} does not exist")
        with opened(path) as store:
            # Places in a store are relative to its folder: rebased onto the folder merged into.
            records = [_rebased(record, store.file.parent, output) for record in store.annotations()]
        for record in records:
            problem = bad_annotator(record["annotator"])
            if problem:
                fail(f"{path}: annotation {record['id']}: the annotator's name {problem}; nothing merged")
        inputs.append(records)
    if output.exists() and not any(_same_file(output, path) for path in stores):
        fail(f"{output} already exists; name it among the stores to merge into it, or choose a new file")
    into = [_same_file(output, path) for path in stores]
    merged: list[Annotation] = []

    def merge_with(own: list[Annotation]) -> list[Annotation]:
        # Merging into an input reads that input again under its lock, so no change made meanwhile is undone.
        merged[:] = merge_records([own if same else records for same, records in zip(into, inputs, strict=True)])
        return merged

    with opened(output) as out:
        changes = out.put_many(merge_with, os_user(), "merge", combine=combine)
    conflicted = sum(bool(record.get("conflicts")) for record in merged)
    click.echo(
        f"merged {len(stores)} stores into {printable(str(output))}: {len(merged)} annotations, "
        f"{conflicted} with conflicting versions, {len(changes)} written"
    )


COMMANDS: list[click.Command] = [export_command, import_command, merge_command]
