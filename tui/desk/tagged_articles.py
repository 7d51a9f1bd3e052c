"""The articles a store's annotations were made on, found from whatever folder a command runs in.

A record names its article three ways: the text's id, the path as tagged and its place relative to
the store (see `tui.store.line_index.article_file`). The file at that path is read, with two guards:

- A path written on another machine (`unverified_path`, set on import) is read only when the text
  there is the text tagged, so an import file cannot make an export print any file it names.
- A file that is no longer there may have been renamed: the other article files in its folder are
  read, and one whose text is the text tagged is that article.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tui.annotations.record import Annotation
from tui.store.store import Store
from tui.text.article import Article
from tui.text.article_files import ARTICLE_SUFFIXES, ArticleError, discover, read_article

# A renamed file is looked for among its old neighbours, not in a whole disk; this bounds the search.
MAX_NEIGHBOURS = 2000


def _readable(path: Path) -> Article | None:
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return None  # a path from an imported or hand-edited store is read only if it names an article file
    try:
        return read_article(path)[0]
    except (ArticleError, OSError):
        return None  # its annotations are reported missing, with the reason


def _renamed(gone: Iterable[Path], wanted: set[str], read: set[Path]) -> list[Article]:
    found: list[Article] = []
    folders = sorted({path.parent for path in gone if path.parent.is_dir()})
    for number, path in enumerate(discover(folders)):
        if number >= MAX_NEIGHBOURS or not wanted:
            break
        if path in read:
            continue
        article = _readable(path)
        if article is not None and article.id in wanted:
            wanted.discard(article.id)
            found.append(article)
    return found


def tagged_articles(store: Store) -> list[Article]:
    """The articles the store's annotations were made on, where they can still be read (see above)."""
    records_at: dict[Path, list[Annotation]] = {}
    for record in store.annotations():
        records_at.setdefault(store.article_file(record), []).append(record)
    articles: list[Article] = []
    gone: list[Path] = []
    for path, records in records_at.items():
        article = _readable(path)
        tagged = {record["article"] for record in records}
        if article is None:
            gone.append(path)
        elif article.id in tagged or not all(record.get("unverified_path") for record in records):
            articles.append(article)
    found = {article.id for article in articles}
    wanted = {record["article"] for path in gone for record in records_at[path]} - found
    return articles + _renamed(gone, wanted, set(records_at))
