"""Annotations as schema.org `ClaimReview` JSON-LD, the form fact-checks are published in.

One `ClaimReview` per claim (a span of an article), each with its own `@context` (a page
embeds them one by one), in a JSON list. A fact-check publishes one verdict: a reviewer's
adjudicated verdict where there is one, else the verdict the claim's annotators agree on. A claim
whose annotators disagree, with nothing settling it, is left out (and counted), never published
twice with two verdicts. The verdicts sit on a 1..3 scale, worst to best:

| verdict | ratingValue |
|---|---|
| disputed | 1 (the claim is contradicted by the evidence) |
| unsupported | 2 (no evidence either way was found) |
| verified | 3 (the evidence bears it out) |

`alternateName` carries the verdict itself. The claim's own author and date are not known to
claimdesk, so they are left out rather than guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from tui.annotations.record import Label, anchor_of, instant
from tui.publish.published import Links, Published

SCHEMA_ORG = "https://schema.org"
RATING = {Label.DISPUTED.value: 1, Label.UNSUPPORTED.value: 2, Label.VERIFIED.value: 3}
WORST, BEST = min(RATING.values()), max(RATING.values())


def claim_review(
    published: Published, links: Links, organisation: str | None = None, reviewers: Sequence[str] = ()
) -> dict[str, Any]:
    """The `ClaimReview` of one annotation; the author is `organisation` when given, else the reviewers
    (by default the annotator)."""
    record = published.record
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": published.source}
    if published.title:
        appearance["name"] = appearance["headline"] = published.title
    meta = published.meta
    if meta.authors:
        writers = [{"@type": "Person", "name": name} for name in meta.authors]
        appearance["author"] = writers[0] if len(writers) == 1 else writers
    if meta.published:
        appearance["datePublished"] = meta.published
    if meta.site:
        appearance["publisher"] = {"@type": "Organization", "name": meta.site}
    people = [{"@type": "Person", "name": name} for name in (reviewers or [record["annotator"]])]
    author: Any = {"@type": "Organization", "name": organisation} if organisation else people
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": links.annotation(record["id"]),
        "claimReviewed": anchor_of(record).exact,
        "datePublished": record["modified"],
        "author": author if organisation or len(people) > 1 else people[0],
        "itemReviewed": {"@type": "Claim", "appearance": appearance},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING[record["label"]],
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": record["label"],
        },
        **({"reviewBody": record["note"]} if record["note"] else {}),
    }


def claim_reviews(
    items: Sequence[Published], links: Links, organisation: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    """A `ClaimReview` per claim, in the order given, and how many claims were left out unsettled."""
    by_claim: dict[tuple[str, int, int], list[Published]] = defaultdict(list)
    for item in items:
        where = anchor_of(item.record)
        by_claim[(item.record["article"], where.start, where.end)].append(item)
    reviews, unsettled = [], 0
    for tags in by_claim.values():
        settling = [item for item in tags if item.record.get("adjudicated")]
        if settling:
            chosen = _latest(settling)
            reviewers = [chosen.record["annotator"]]
        elif len({item.record["label"] for item in tags}) == 1:
            chosen = _latest(tags)
            reviewers = sorted({item.record["annotator"] for item in tags})
        else:
            unsettled += 1
            continue
        reviews.append(claim_review(chosen, links, organisation, reviewers))
    return reviews, unsettled


def _latest(tags: Sequence[Published]) -> Published:
    return max(tags, key=lambda item: (instant(item.record["modified"]), item.record["id"]))
