"""What every export starts from: each annotation as it stands against its article now, and its public names.

An annotation whose text is found unchanged in the current article (anchored, or moved by an
edit around it) is published re-placed on that text: its article id, path and selectors are
those of the file as it is now, exactly as `Store.tag` re-places a tag it updates. An orphaned
annotation, or one whose text was reworded since, is published as it was tagged: a verdict is
never carried over onto words its annotator did not see.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from urllib.parse import quote

from tui.annotations.anchoring import Status
from tui.annotations.record import Annotation, anchor_of, placement
from tui.annotations.resolved import Resolved
from tui.text.article import ArticleMeta

ANNOTATION_URN = "urn:claimdesk:annotation:"
# The names an --article-url template may use.
ARTICLE_FIELDS = ("name", "stem", "article")


class BadTemplate(ValueError):
    """An --article-url template naming a field claimdesk does not fill in."""


def check_article_template(template: str) -> None:
    """Raise `BadTemplate` unless every `{field}` of the template is one of `ARTICLE_FIELDS`."""
    try:
        fields = [field for _, field, _, _ in Formatter().parse(template) if field is not None]
    except ValueError as exc:
        raise BadTemplate(f"{template!r} is not a template: {exc}") from None
    unknown = [field for field in fields if field not in ARTICLE_FIELDS]
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in ARTICLE_FIELDS)
        raise BadTemplate(f"{template!r} uses {{{unknown[0]}}}; a template may use {known}")


@dataclass(frozen=True, slots=True)
class Links:
    """How annotations and articles are named in what is published.

    `base_url`: annotations are `<base_url>/annotations/<id>` (else `urn:claimdesk:annotation:<id>`).
    `article_url`: a template such as `https://example.org/news/{name}` filled with the article
    file's `name`, `stem` and text id `article`; else the canonical URL the article declares; else
    the file's absolute `file://` URI.
    """

    base_url: str | None = None
    article_url: str | None = None

    def annotation(self, annotation_id: str) -> str:
        escaped = quote(annotation_id, safe="")
        return f"{self.base_url.rstrip('/')}/annotations/{escaped}" if self.base_url else ANNOTATION_URN + escaped

    def collection(self) -> str:
        return f"{self.base_url.rstrip('/')}/annotations/" if self.base_url else "urn:claimdesk:collection"

    def page(self) -> str:
        return f"{self.collection()}?page=1" if self.base_url else f"{self.collection()}:page:1"

    def article(self, path: str, article_id: str, canonical: str | None = None) -> str:
        if self.article_url is None:
            return canonical or file_uri(path)
        name = Path(path).name
        return self.article_url.format(
            name=quote(name, errors="surrogateescape"),
            stem=quote(Path(name).stem, errors="surrogateescape"),
            article=article_id,
        )


def file_uri(path: str) -> str:
    """The absolute `file://` URI of an article file."""
    return Path(os.path.abspath(path)).as_uri()


@dataclass(frozen=True, slots=True)
class Published:
    """One annotation ready to export: the record as published, its article's title, public name and metadata."""

    record: Annotation
    resolved: Resolved
    title: str | None
    source: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)

    @property
    def status(self) -> Status:
        return self.resolved.resolution.status

    @property
    def start(self) -> int:
        return anchor_of(self.record).start


def _as_it_stands(item: Resolved) -> Annotation:
    resolution, article = item.resolution, item.article
    if article is None or resolution.status in (Status.ORPHANED, Status.MISSING) or resolution.changed:
        return item.record
    assert resolution.start is not None and resolution.end is not None
    return Annotation(**{**item.record, **placement(article, resolution.start, resolution.end)})


def publish(items: Iterable[Resolved], links: Links) -> list[Published]:
    """The annotations ready to export, sorted by article path, position, annotator and id."""
    published = []
    for item in items:
        record = _as_it_stands(item)
        title = item.article.title if item.article else None
        meta = item.article.meta if item.article else ArticleMeta()
        source = links.article(record["path"], record["article"], meta.url)
        published.append(Published(record, item, title, source, meta))
    return sorted(published, key=lambda p: (p.record["path"], p.start, p.record["annotator"], p.record["id"]))
