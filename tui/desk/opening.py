"""Opening a desk: the articles read and their claims found, the store opened, this annotator's tags put on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.desk.tagged_claims import Reading, apply_tags, read, reading_of
from tui.store.errors import StoreError
from tui.text.article import Article
from tui.text.article_files import ArticleError, build_article, preview_article, read_article

if TYPE_CHECKING:
    from tui.store.store import Store


@dataclass(slots=True)
class OpenedCorpus:
    """The readings of the articles that could be read, the store (None if it could not be opened), problems."""

    readings: list[Reading]
    store: Store | None
    problems: list[str] = field(default_factory=list)


def preview(path: Path) -> Reading | None:
    """The start of an article to show at once, without claims (None if it cannot be read); `whole`
    says whether it is all of the article."""
    try:
        article, whole = preview_article(path)
    except ArticleError:
        return None
    return Reading(article, [], [], [], whole=whole)


def open_store(store_path: Path) -> tuple[Store | None, str | None]:
    """The store, or None and why it cannot be used (the reader then reads without saving)."""
    from tui.store.store import Store  # TinyDB loads here, in the loader, after the first frame

    try:
        return Store.open(store_path), None
    except StoreError as exc:
        return None, f"{exc}; tags cannot be saved, and the store is left untouched"


def start_of(preview: Reading, store: Store | None, annotator: str) -> Reading:
    """The claims of a preview of a long article, and this annotator's tags on them, to show while the
    rest is read: its boilerplate and claims found in the start alone (the whole may differ a little)."""
    article = preview.article
    reading = read(build_article(article.path, article.text, article.encoding))
    if store is not None:
        apply_tags(reading, store, annotator, within=len(article.text))
        reading.orphaned = []  # a tag not found in the start may lie further on now: it is not orphaned
    reading.whole = False
    return reading


# Some 50 ms of scoring between two steps of the progress shown, where the scorer's fixed work each call
# (a few ms) is a small share.
_CHARACTERS_SCORED_AT_ONCE = 200_000


def open_corpus(
    paths: Sequence[Path], store: Store | None, annotator: str, progress: Callable[[int, int], None]
) -> OpenedCorpus:
    """Read every article at `paths`, find its claims (calling `progress(done, total)`), and put the
    tags of `store` on (None: the store could not be opened)."""
    problems: list[str] = []
    articles: list[Article] = []
    for path in paths:
        try:
            articles.append(read_article(path)[0])
        except ArticleError as exc:
            problems.append(str(exc))
    from tui.text.claims import find_claims_of  # the scorer loads with the first article read, after the first frame

    # Scored together, a few articles at a time: one call of the scorer each cost a folder of 500 short
    # articles most of its loading; batches this small keep the progress moving.
    readings = []
    found_in = find_claims_of(articles, characters_at_once=_CHARACTERS_SCORED_AT_ONCE)
    for number, (article, found) in enumerate(zip(articles, found_in, strict=True), start=1):
        readings.append(reading_of(article, found))
        progress(number, len(articles))
    if store is not None:
        for reading in readings:
            apply_tags(reading, store, annotator)
    return OpenedCorpus(readings, store, problems)
