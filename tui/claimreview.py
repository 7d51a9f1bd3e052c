"""Annotations as schema.org `ClaimReview` JSON-LD, the form fact-checks are published in.

One `ClaimReview` per annotation, each with its own `@context` (a page embeds them one by one),
in a JSON list. The verdicts sit on a 1..3 scale, worst to best:

| verdict | ratingValue |
|---|---|
| disputed | 1 (the claim is contradicted by the evidence) |
| unsupported | 2 (no evidence either way was found) |
| verified | 3 (the evidence bears it out) |

`alternateName` carries the verdict itself. The claim's own author and date are not known to
claimdesk, so they are left out rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.annotation import Label, anchor_of
from tui.publishing import Links, Published

SCHEMA_ORG = "https://schema.org"
RATING = {Label.DISPUTED.value: 1, Label.UNSUPPORTED.value: 2, Label.VERIFIED.value: 3}
WORST, BEST = min(RATING.values()), max(RATING.values())


def claim_review(published: Published, links: Links, organisation: str | None = None) -> dict[str, Any]:
    """The `ClaimReview` of one annotation; the author is `organisation` when given, else the annotator."""
    record = published.record
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": published.source}
    if published.title:
        appearance["name"] = published.title
    author = (
        {"@type": "Organization", "name": organisation}
        if organisation
        else {"@type": "Person", "name": record["annotator"]}
    )
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": links.annotation(record["id"]),
        "claimReviewed": anchor_of(record).exact,
        "datePublished": record["modified"],
        "author": author,
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


def claim_reviews(items: Sequence[Published], links: Links, organisation: str | None = None) -> list[dict[str, Any]]:
    """A `ClaimReview` per annotation, in the order given."""
    return [claim_review(item, links, organisation) for item in items]
