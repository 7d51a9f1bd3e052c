"""Opening a desk: the articles read and their claims found, the store opened, this annotator's tags put on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.desk.tagged_claims import Reading, apply_tags, read
from tui.store.errors import StoreError
from tui.text.article import Article
from tui.text.article_files import ArticleError, preview_article, read_article

if TYPE_CHECKING:
    from tui.store.store import Store


@dataclass(slots=True)
class OpenedCorpus:
    """The readings of the articles that could be read, the store (None if it could not be opened), problems."""

    readings: list[Reading]
    store: Store | None
    problems: list[str] = field(default_factory=list)


def preview(path: Path) -> Reading | None:
    """The start of an article to show at once, without claims (None if it cannot be read)."""
    try:
        return Reading(preview_article(path), [], [], [])
    except ArticleError:
        return None


def open_corpus(
    paths: Sequence[Path], store_path: Path, annotator: str, progress: Callable[[int, int], None]
) -> OpenedCorpus:
    """Read every article at `paths`, find its claims (calling `progress(done, total)`), and put the tags on."""
    from tui.store.store import Store  # TinyDB loads here, in the loader, after the first frame

    problems: list[str] = []
    articles: list[Article] = []
    for path in paths:
        try:
            articles.append(read_article(path)[0])
        except ArticleError as exc:
            problems.append(str(exc))
    readings = []
    for number, article in enumerate(articles, start=1):
        readings.append(read(article))
        progress(number, len(articles))
    try:
        store: Store | None = Store.open(store_path)
    except StoreError as exc:
        store = None
        problems.append(f"{exc}; tags cannot be saved, and the store is left untouched")
    if store is not None:
        for reading in readings:
            apply_tags(reading, store, annotator)
    return OpenedCorpus(readings, store, problems)
