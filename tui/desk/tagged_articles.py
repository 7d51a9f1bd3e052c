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
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass(slots=True)
class _TaggedAt:
    """What the records naming one file say of it: the texts tagged there, and whether every one of
    them came from elsewhere (an import)."""

    texts: set[str] = field(default_factory=set)
    all_unverified: bool = True


def tagged_articles(store: Store) -> list[Article]:
    """The articles the store's annotations were made on, where they can still be read (see above)."""
    files: dict[Path, _TaggedAt] = {}
    for record in store.iter_annotations():  # one at a time: a store of 100,000 is never all in memory
        tagged = files.setdefault(store.article_file(record), _TaggedAt())
        tagged.texts.add(record["article"])
        tagged.all_unverified &= bool(record.get("unverified_path"))
    articles: list[Article] = []
    gone: list[Path] = []
    for path, tagged in files.items():
        article = _readable(path)
        if article is None:
            gone.append(path)
        elif article.id in tagged.texts or not tagged.all_unverified:
            articles.append(article)
    found = {article.id for article in articles}
    wanted = {text for path in gone for text in files[path].texts} - found
    return articles + _renamed(gone, wanted, set(files))
