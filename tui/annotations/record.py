"""The annotation record: a verdict on a span of an article, shaped like a W3C Web Annotation.

A record is a plain JSON-ready dict (typed as `Annotation`), because it is stored as-is in the TinyDB file and a store
kept in git should read like the data it holds:

    id, article, path, label, note, sources, annotator, created, modified, revisions,
    target: {source, selector: [TextQuoteSelector {exact, prefix, suffix},
                                TextPositionSelector {start, end}]}

`revisions` holds the earlier states of the record (newest last), without their own revisions.
It is named so that, with keys sorted, every key the store indexes comes before it on the line.

Optional keys: `adjudicated` (true on a reviewer's verdict that settles a disagreement between
annotators; it is not one more annotator's judgement) and `conflicts` (other versions of the same
annotation met in a merge, each a whole record, kept so that nothing is lost).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Literal, NotRequired, TypedDict, cast

from tui.annotations.anchoring import Anchor, Resolution, Status, make_anchor, resolve
from tui.text.article import Article


class Label(str, Enum):
    """A fact-checker's verdict on a claim."""

    VERIFIED = "verified"
    DISPUTED = "disputed"
    UNSUPPORTED = "unsupported"


LABELS = tuple(label.value for label in Label)
QUOTE_SELECTOR: Literal["TextQuoteSelector"] = "TextQuoteSelector"
POSITION_SELECTOR: Literal["TextPositionSelector"] = "TextPositionSelector"
# The parts of a record that describe one state of it; `revisions` keeps these.
REVISED_KEYS = ("label", "note", "sources", "modified", "article", "path", "target")
REQUIRED_KEYS = ("id", "article", "path", "label", "note", "sources", "annotator", "created", "modified", "target")


class QuoteSelector(TypedDict):
    """The text tagged, with the text just before and after it (W3C `TextQuoteSelector`)."""

    type: Literal["TextQuoteSelector"]
    exact: str
    prefix: str
    suffix: str


class PositionSelector(TypedDict):
    """Where the text tagged was, as offsets into the canonical text (W3C `TextPositionSelector`)."""

    type: Literal["TextPositionSelector"]
    start: int
    end: int


class Target(TypedDict):
    """What an annotation is on: the article file and both selectors, in either order."""

    source: str
    selector: list[QuoteSelector | PositionSelector]


class Placement(TypedDict):
    """The keys that say where an annotation lies."""

    article: str
    path: str
    target: Target


class Revision(TypedDict, total=False):
    """An earlier state of an annotation: the `REVISED_KEYS` it had then."""

    label: str
    note: str
    sources: list[str]
    modified: str
    article: str
    path: str
    target: Target


class Annotation(TypedDict):
    """One annotation record, as stored, merged, published and shown."""

    id: str
    article: str
    path: str
    label: str
    note: str
    sources: list[str]
    annotator: str
    created: str
    modified: str
    target: Target
    revisions: NotRequired[list[Revision]]  # absent only in schema-0 stores, which migration fills in
    adjudicated: NotRequired[bool]
    conflicts: NotRequired[list[Annotation]]
    stored_at: NotRequired[str]  # the article file relative to the store's folder (set by the store)
    # Set on import: the path was written on another machine, so its file is read only if its text
    # is the text tagged (`article`). Named to sort after `target`, keeping the indexed keys' order.
    unverified_path: NotRequired[bool]


class InvalidAnnotation(ValueError):
    """A stored record that is not an annotation this version of claimdesk can read."""


def now() -> str:
    """The current time, ISO 8601 with the local UTC offset, to the millisecond."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def instant(stamp: str) -> datetime:
    """A record's timestamp as an instant, so stamps with different UTC offsets compare rightly.

    An unreadable stamp sorts first.
    """
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.astimezone()


def annotation_id(annotator: str, article: str, start: int, end: int, adjudicated: bool = False) -> str:
    """Stable id: the same annotator tagging the same span of the same text gets the same id.

    Two copies of a store that tagged the same span therefore meet as one annotation (or as a
    conflict) when merged, instead of as two. A reviewer's adjudicated verdict on a span is a
    record of its own, beside the reviewer's own tag there.
    """
    key = "\0".join((annotator, article, str(start), str(end), *(["adjudicated"] if adjudicated else [])))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def target(article: Article, anchor: Anchor) -> Target:
    """The W3C-style target: the article's path and both selectors."""
    return {
        "source": str(article.path),
        "selector": [
            QuoteSelector(type=QUOTE_SELECTOR, exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix),
            PositionSelector(type=POSITION_SELECTOR, start=anchor.start, end=anchor.end),
        ],
    }


def anchor_of(record: Annotation | Revision | Mapping[str, Any]) -> Anchor:
    """The selectors of a record as an `Anchor`, whichever order they are listed in.

    Every reader of a record's selectors goes through here: validation accepts them in any order.
    """
    quote, position = _selectors(record)
    return Anchor(quote["exact"], quote["prefix"], quote["suffix"], position["start"], position["end"])


def quote_of(record: Annotation | Mapping[str, Any]) -> str:
    """The text the annotation was made on."""
    return anchor_of(record).exact


def _selectors(record: Annotation | Revision | Mapping[str, Any]) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    by_type = {selector.get("type"): selector for selector in record["target"]["selector"]}
    return by_type[QUOTE_SELECTOR], by_type[POSITION_SELECTOR]


def new_annotation(
    article: Article,
    start: int,
    end: int,
    label: str,
    note: str,
    sources: Iterable[str],
    annotator: str,
    adjudicated: bool = False,
) -> Annotation:
    """A fresh record for `article.text[start:end]` (a reviewer's settling verdict if `adjudicated`)."""
    stamp = now()
    where = placement(article, start, end)
    record = Annotation(
        id=annotation_id(annotator, article.id, start, end, adjudicated),
        article=where["article"],
        path=where["path"],
        target=where["target"],
        label=Label(label).value,
        note=note,
        sources=list(sources),
        annotator=annotator,
        created=stamp,
        modified=stamp,
        revisions=[],
    )
    if adjudicated:
        record["adjudicated"] = True
    return record


def revised(record: Annotation, **changes: Any) -> Annotation:
    """A copy of `record` with `changes` applied, its previous state pushed onto its revisions.

    Returns `record` unchanged (a copy) when the changes change nothing.
    """
    updated: dict[str, Any] = {**record, **changes}
    if all(updated[key] == record.get(key) for key in changes):
        return cast(Annotation, updated)
    earlier = {key: value for key, value in record.items() if key in REVISED_KEYS}
    updated["revisions"] = [*record.get("revisions", []), earlier]
    updated["modified"] = now()
    return cast(Annotation, updated)


def placement(article: Article, start: int, end: int) -> Placement:
    """The keys that say where an annotation lies: article id, path and target."""
    return Placement(
        article=article.id, path=str(article.path), target=target(article, make_anchor(article.text, start, end))
    )


def validate(record: Any) -> None:
    """Raise `InvalidAnnotation` naming the first thing wrong with a stored record."""
    if not isinstance(record, dict):
        raise InvalidAnnotation(f"a record is a {type(record).__name__}, not an object")
    missing = [key for key in REQUIRED_KEYS if key not in record]
    if missing:
        raise InvalidAnnotation(f"record {record.get('id', '?')!s} lacks {', '.join(missing)}")
    if not isinstance(record.get("stored_at", ""), str):
        raise InvalidAnnotation(f"record {record['id']!s}: stored_at is not a string")
    if not isinstance(record.get("unverified_path", False), bool):
        raise InvalidAnnotation(f"record {record['id']!s}: unverified_path is not true or false")
    for key in ("id", "article", "path", "note", "annotator", "created", "modified"):
        if not isinstance(record[key], str):
            raise InvalidAnnotation(f"record {record['id']!s}: {key} is not a string")
    if record["label"] not in LABELS:
        raise InvalidAnnotation(f"record {record['id']}: label {record['label']!r} is not one of {', '.join(LABELS)}")
    if not isinstance(record["sources"], list) or not all(isinstance(s, str) for s in record["sources"]):
        raise InvalidAnnotation(f"record {record['id']}: sources is not a list of strings")
    if not isinstance(record.get("revisions", []), list):
        raise InvalidAnnotation(f"record {record['id']}: revisions is not a list")
    if not isinstance(record.get("adjudicated", False), bool):
        raise InvalidAnnotation(f"record {record['id']}: adjudicated is not true or false")
    conflicts = record.get("conflicts", [])
    if not isinstance(conflicts, list):
        raise InvalidAnnotation(f"record {record['id']}: conflicts is not a list")
    for version in conflicts:
        validate(version)
    try:
        anchor = anchor_of(record)
    except (KeyError, TypeError, AttributeError):
        raise InvalidAnnotation(f"record {record['id']}: target lacks its quote or position selector") from None
    if not all(isinstance(part, str) for part in (anchor.exact, anchor.prefix, anchor.suffix)) or not anchor.exact:
        raise InvalidAnnotation(f"record {record['id']}: the quote selector is not text")
    if not (isinstance(anchor.start, int) and isinstance(anchor.end, int) and 0 <= anchor.start < anchor.end):
        raise InvalidAnnotation(f"record {record['id']}: the position selector is not a span")
    if anchor.end - anchor.start != len(anchor.exact):
        raise InvalidAnnotation(f"record {record['id']}: the position selector does not span the quoted text")
    for key in ("created", "modified"):
        try:
            datetime.fromisoformat(record[key])
        except ValueError:
            raise InvalidAnnotation(f"record {record['id']}: {key} is not an ISO 8601 date and time") from None


def bad_annotator(name: str) -> str | None:
    """Why a name cannot be an annotator's (a control character, a line break, a bidi override), or None.

    Names go into headings, tables and file names: nothing in one may act on what shows it.
    """
    if not name.strip():
        return "is empty"
    odd = next((char for char in name if not char.isprintable()), None)
    return None if odd is None else f"holds the unprintable character U+{ord(odd):04X}"


def validated(record: Any) -> Annotation:
    """`record` as an `Annotation`, once `validate` found nothing wrong with it."""
    validate(record)
    return cast(Annotation, record)


def locate(record: Annotation, article: Article) -> Resolution:
    """Where an annotation's text lies in the article's current text."""
    anchor = anchor_of(record)
    if record["article"] == article.id:
        return Resolution(Status.ANCHORED, anchor.start, anchor.end, anchor.exact)
    return resolve(anchor, article.text)
