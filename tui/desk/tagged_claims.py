"""An open article as the reader shows it, without Textual: its claims, each with this annotator's verdict.

Tags are put on the claims when the article opens (`apply_tags`), and kept up to date as they change:
on the claim a screen holds (`show_tag`), or found again wherever an annotation now lies
(`apply_change`, for undo, redo and settling).
"""

from __future__ import annotations

import os
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.text.article import COMMENTS, DEFAULT_THRESHOLD, Article, ScoredSentence

if TYPE_CHECKING:
    from tui.annotations.anchoring import Resolution
    from tui.annotations.record import Annotation
    from tui.store.store import Store
    from tui.text.loaded_language import RepeatedPhrase


@dataclass(slots=True)
class Claim:
    """A claim in a pane: its span, and this annotator's tag on it, if any."""

    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...] = ()  # what made it check-worthy, strongest first, in its own words
    label: str | None = None
    annotation: str | None = None
    note: str = ""
    changed: bool = False  # tagged on text that has since been reworded
    user_made: bool = False


@dataclass(slots=True)
class Reading:
    """One article as a pane shows it: claims in text order, boilerplate, comment folds."""

    article: Article
    claims: list[Claim]
    dimmed: list[tuple[int, int]]
    folds: list[tuple[int, int]]
    open_folds: set[int] = field(default_factory=set)
    orphaned: list[Annotation] = field(default_factory=list)
    loaded: list[RepeatedPhrase] = field(default_factory=list)  # phrases repeated unusually often
    # False for the start of a long article, shown with its claims while the rest is read.
    whole: bool = True

    tagged: int = 0  # claims with a verdict, kept up to date by `apply_tags` and `apply_change`


def read(article: Article, threshold: float = DEFAULT_THRESHOLD) -> Reading:
    """The article's claims (untagged) and furniture, ready for `apply_tags`."""
    from tui.text.claims import find_claims  # the scorer loads with the first article read, after the first frame

    return reading_of(article, find_claims(article, threshold))


def reading_of(article: Article, scored: Iterable[ScoredSentence]) -> Reading:
    """The article's reading from its scored sentences (`tui.text.claims.find_claims`), ready for `apply_tags`."""
    claims = [
        Claim(s.sentence.start, s.sentence.end, s.sentence.text, s.assessment.score, s.assessment.reasons)
        for s in scored
        if s.is_claim
    ]
    dimmed = [(b.start, b.end) for b in article.boilerplate]
    folds = [(b.start, b.end) for b in article.boilerplate if b.kind == COMMENTS]
    return Reading(article, claims, dimmed, folds)


# What a change repainted, by `id(reading)`: the claims touched, or None when claims were added.
Touched = dict[int, list[Claim] | None]


def show_tag(reading: Reading, claim: Claim, record: Annotation | None) -> list[Claim]:
    """Show this annotator's tag `record` (None: no tag) on a claim the reader holds; returns the claim.

    No re-anchoring: the tag was made on this claim's text, or edited where it stands.
    """
    reading.tagged += (record is not None) - (claim.label is not None)
    if record is None:
        claim.label, claim.annotation, claim.note, claim.changed = None, None, "", False
        return [claim]
    claim.label, claim.annotation, claim.note = record["label"], record["id"], record["note"]
    if record["article"] == reading.article.id:  # anchored to the text as it is now
        claim.changed = False
    return [claim]


def apply_tags(reading: Reading, store: Store, annotator: str, within: int | None = None) -> None:
    """Put this annotator's tags on the claims; a tag on a span no claim covers becomes a user-made claim.

    Claims the user marked stay (untagged) until dropped. With `within`, only the tags made on the
    first `within` characters are looked for (in the start of a long article; the rest lie beyond it).
    """
    from tui.annotations.record import anchor_of

    by_span = {(claim.start, claim.end): claim for claim in reading.claims}
    for claim in reading.claims:
        claim.label, claim.annotation, claim.note, claim.changed = None, None, "", False
    reading.orphaned = []
    # A reviewer's own tag on a claim shows over their adjudicated verdict there.
    for record in sorted(store.on_article(reading.article), key=lambda record: not record.get("adjudicated")):
        if record["annotator"] != annotator or (within is not None and anchor_of(record).end > within):
            continue
        placed = _placed(record, reading.article)
        if placed is None:
            reading.orphaned.append(record)
            continue
        start, end, found = placed
        claim = by_span.get((start, end)) or _user_made(reading, start, end, found.text or "")
        by_span[(start, end)] = claim
        claim.label, claim.annotation, claim.note = record["label"], record["id"], record["note"]
        claim.changed = found.changed
    reading.claims.sort(key=lambda claim: (claim.start, claim.end))
    reading.tagged = sum(claim.label is not None for claim in reading.claims)


def _placed(record: Annotation, article: Article) -> tuple[int, int, Resolution] | None:
    """Where a record's text lies in the article now (start, end, how it was found); None if orphaned."""
    from tui.annotations.anchoring import Status  # anchoring loads with the tags, after the first frame
    from tui.annotations.record import locate

    found = locate(record, article)
    if found.status is Status.ORPHANED or found.start is None or found.end is None:
        return None
    return found.start, found.end, found


def _user_made(reading: Reading, start: int, end: int, text: str) -> Claim:
    """A claim for a tag on a span that no claim found covers (appended: sort the claims afterwards)."""
    claim = Claim(start, end, text, 0.0, user_made=True)
    reading.claims.append(claim)
    return claim


def _belongs(record: Annotation, reading: Reading, store: Store) -> bool:
    article = reading.article
    return record["article"] == article.id or os.path.abspath(store.article_file(record)) == os.path.abspath(
        article.path
    )


def apply_change(
    reading: Reading, store: Store, old: Annotation | None, new: Annotation | None, annotator: str
) -> list[Claim] | None:
    """Update the claims for one annotation going from `old` to `new` (either may be None).

    Cheaper than `apply_tags` on a long article: only the claims involved are touched. Returns
    them, or None when a claim was added (the claims moved along).
    """
    if not any(record is not None and _belongs(record, reading, store) for record in (old, new)):
        return []
    touched: list[Claim] = []
    if old is not None:
        claim = _claim_of(reading, old)
        if claim is not None:
            claim.label, claim.annotation, claim.note, claim.changed = None, None, "", False
            reading.tagged -= 1
            touched.append(claim)
        reading.orphaned = [r for r in reading.orphaned if r["id"] != old["id"]]
    if new is None or new["annotator"] != annotator:
        return touched
    placed = _placed(new, reading.article)
    if placed is None:
        reading.orphaned.append(new)
        return touched
    start, end, found = placed
    claim = _claim_at(reading, start, end)
    if claim is not None and new.get("adjudicated") and claim.annotation not in (None, new["id"]):
        return touched  # the reviewer's own tag there stays shown
    added = claim is None
    if claim is None:
        claim = Claim(start, end, found.text or "", 0.0, user_made=True)
        insort(reading.claims, claim, key=lambda c: (c.start, c.end))
    reading.tagged += claim.label is None
    claim.label, claim.annotation, claim.note, claim.changed = new["label"], new["id"], new["note"], found.changed
    return None if added else [*touched, claim]


def _claim_at(reading: Reading, start: int, end: int) -> Claim | None:
    """The claim spanning exactly `start..end`, found by bisection (claims are in text order)."""
    at = bisect_left(reading.claims, start, key=lambda claim: claim.start)
    while at < len(reading.claims) and reading.claims[at].start == start:
        if reading.claims[at].end == end:
            return reading.claims[at]
        at += 1
    return None


def _claim_of(reading: Reading, record: Annotation) -> Claim | None:
    """The claim carrying this annotation: where its text lies now, or else wherever it is."""
    from tui.annotations.record import locate  # anchoring loads with the tags, after the first frame

    found = locate(record, reading.article)
    if found.start is not None and found.end is not None:
        claim = _claim_at(reading, found.start, found.end)
        if claim is not None and claim.annotation == record["id"]:
            return claim
    return next((claim for claim in reading.claims if claim.annotation == record["id"]), None)
