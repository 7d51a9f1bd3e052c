"""Annotations resolved against the articles as they are now: what `annotations` and `stats` report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from tui.annotations.anchoring import Resolution, Status
from tui.annotations.record import LABELS, Annotation, anchor_of, locate
from tui.text.article import DEFAULT_THRESHOLD, Article, Sentence

MISSING_ARTICLE = "article file not found or unreadable"


class AnnotationSource(Protocol):
    """Where annotations are kept (the store): every one, and those made on an article."""

    def iter_annotations(self) -> Iterator[Annotation]: ...

    def on_article(self, article: Article) -> list[Annotation]: ...


@dataclass(frozen=True, slots=True)
class Resolved:
    """An annotation, the article it belongs to now (None if missing), and where its text is."""

    record: Annotation
    article: Article | None
    resolution: Resolution


def resolve_all(store: AnnotationSource, articles: Sequence[Article], only_these: bool) -> Iterator[Resolved]:
    """Each annotation with its article: matched by text id first, then by path; one at a time.

    With `only_these`, annotations on other articles are left out; otherwise they are
    reported missing, since their article cannot be found.
    """
    seen: set[str] = set()
    for article in articles:
        for record in store.on_article(article):
            if record["id"] not in seen:
                seen.add(record["id"])
                yield Resolved(record, article, locate(record, article))
    if not only_these:
        for record in store.iter_annotations():
            if record["id"] not in seen:
                yield Resolved(record, None, Resolution(Status.MISSING))


def annotation_record(item: Resolved) -> dict[str, Any]:
    """The jsonl record of one annotation, with `start`/`end`/`quote` as found in the current text."""
    record, resolution = item.record, item.resolution
    anchor = anchor_of(record)
    found = resolution.status not in (Status.ORPHANED, Status.MISSING)
    output = {
        "id": record["id"],
        "article": record["article"],
        "path": str(item.article.path) if item.article else record["path"],
        "label": record["label"],
        "note": record["note"],
        "sources": record["sources"],
        "annotator": record["annotator"],
        "quote": resolution.text if found else anchor.exact,
        "exact": anchor.exact,
        "start": resolution.start,
        "end": resolution.end,
        "status": resolution.status.value,
        "changed": resolution.changed,
        "created": record["created"],
        "modified": record["modified"],
        "revision_count": len(record.get("revisions", [])),
    }
    if item.article is None:
        output["reason"] = MISSING_ARTICLE
    return output


def _overlaps_most(start: int, end: int, span_start: int, span_end: int) -> bool:
    return 2 * (min(end, span_end) - max(start, span_start)) > span_end - span_start


@dataclass(slots=True)
class _Tally:
    """What the stats need of one article's annotations, kept as they stream past (not the records)."""

    labels: Counter[str] = field(default_factory=Counter)
    orphaned: int = 0
    placed: list[tuple[int, int]] = field(default_factory=list)

    def add(self, item: Resolved) -> None:
        self.labels[item.record["label"]] += 1
        resolution = item.resolution
        if resolution.status is Status.ORPHANED:
            self.orphaned += 1
        elif resolution.start is not None and resolution.end is not None:
            self.placed.append((resolution.start, resolution.end))


def article_stats(article: Article, tally: _Tally, claims: Sequence[Sentence]) -> dict[str, Any]:
    """Claims found, tags per label, claims left untagged, and orphaned tags, for one article and its claims."""
    untagged = sum(not any(_overlaps_most(claim.start, claim.end, s, e) for s, e in tally.placed) for claim in claims)
    return {
        "path": str(article.path),
        "article": article.id,
        "title": article.title,
        "claims": len(claims),
        **{label: tally.labels[label] for label in LABELS},
        "untagged": untagged,
        "orphaned": tally.orphaned,
    }


COUNTED = ("claims", *LABELS, "untagged", "orphaned")
MISSING = "missing"


def corpus_stats(articles: Sequence[Article], resolved: Iterable[Resolved]) -> dict[str, Any]:
    """Per-article rows and their total; tags whose article file is not found are counted as `missing`.

    `resolved` is read once, as it comes: a store of 100,000 annotations is never held whole.
    """
    from tui.text.claims import find_claims_of  # the scorer (and numpy) load for the commands that count claims

    tallies = {article.id: _Tally() for article in articles}
    missing, missing_paths = _Tally(), set()
    for item in resolved:
        if item.article is None:
            missing.add(item)
            missing_paths.add(item.record["path"])
        else:
            tallies[item.article.id].add(item)
    # The articles' claims found together: a folder is scored in a few calls of the scorer, not one an article.
    found_in = find_claims_of(articles, DEFAULT_THRESHOLD)
    rows = [
        article_stats(article, tallies[article.id], [one.sentence for one in found if one.is_claim])
        for article, found in zip(articles, found_in, strict=True)
    ]
    total = {key: sum(row[key] for row in rows) for key in COUNTED}
    for label in LABELS:
        total[label] += missing.labels[label]
    total[MISSING] = sum(missing.labels.values())
    total["articles"] = len(rows)
    return {"articles": rows, "total": total, "missing_articles": sorted(missing_paths)}
