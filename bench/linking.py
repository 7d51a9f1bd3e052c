"""How long linking takes on a corpus of 200 articles x 50 claims (target: at most 1 s).

The corpus is synthetic but shaped like news: words drawn from a Zipf distribution over a
vocabulary seeded with the sample articles' words, 12-40 words a claim, a few numbers, and one
story in five retold by several outlets (reworded: a third of its words replaced), so that there
are links to find. Run: .venv/bin/python bench/linking.py
"""

from __future__ import annotations

import gc
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.text.claim_links import ClaimText, Linking  # noqa: E402
from tui.text.linking import link_claims  # noqa: E402

ARTICLES, CLAIMS_PER_ARTICLE, RUNS = 200, 50, 5
VOCABULARY = 30_000
STORIES = 400
STORY_SHARE = 0.2


def vocabulary(rng: random.Random) -> list[str]:
    seen = dict.fromkeys(re.findall(r"[A-Za-z][a-z]+", " ".join(p.read_text() for p in (ROOT / "seeds").glob("*.txt"))))
    words = list(seen)
    letters = "abcdefghijklmnopqrstuvwxyz"
    while len(words) < VOCABULARY:
        words.append("".join(rng.choice(letters) for _ in range(rng.randint(4, 11))))
    rng.shuffle(words)
    return words


def corpus(rng: random.Random) -> tuple[list[ClaimText], list[int | None]]:
    """The claims, and for each the story it retells (None for a claim of its own)."""
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]

    def sentence() -> list[str]:
        chosen = rng.choices(words, weights, k=rng.randint(12, 40))
        if rng.random() < 0.3:
            chosen.insert(rng.randrange(len(chosen)), str(rng.choice([12, 100, 750, 1000, 2019, rng.randint(2, 5000)])))
        return chosen

    stories = [sentence() for _ in range(STORIES)]
    claims, story_of = [], []
    for article in range(ARTICLES):
        offset = 0
        for _ in range(CLAIMS_PER_ARTICLE):
            story = rng.randrange(STORIES) if rng.random() < STORY_SHARE else None
            if story is not None:
                told = [word if rng.random() > 1 / 3 else rng.choices(words, weights)[0] for word in stories[story]]
            else:
                told = sentence()
            text = " ".join(told) + "."
            claims.append(ClaimText(f"article-{article}", offset, offset + len(text), text))
            story_of.append(story)
            offset += len(text) + 1
    return claims, story_of


def quality(claims: list[ClaimText], story_of: list[int | None], linking: Linking) -> tuple[float, float]:
    """Precision and recall of the same-claim links between articles, against the retold stories."""
    right = wrong = 0
    for index, claim in enumerate(claims):
        for link in linking.links(index):
            if link.same_claim and claims[link.claim].article != claim.article:
                same = story_of[index] is not None and story_of[index] == story_of[link.claim]
                right, wrong = right + same, wrong + (not same)
    tellings: dict[int, Counter[str]] = defaultdict(Counter)
    for claim, story in zip(claims, story_of, strict=True):
        if story is not None:
            tellings[story][claim.article] += 1
    pairs = sum(sum(told.values()) ** 2 - sum(count * count for count in told.values()) for told in tellings.values())
    return right / max(1, right + wrong), right / max(1, pairs)


def main() -> None:
    claims, story_of = corpus(random.Random(20261122))
    timings = []
    for _ in range(RUNS):
        gc.collect()
        started = time.perf_counter()
        linking = link_claims(claims)
        timings.append(time.perf_counter() - started)
    precision, recall = quality(claims, story_of, linking)
    print(f"{ARTICLES} articles x {CLAIMS_PER_ARTICLE} claims = {len(claims)} claims, {RUNS} runs")
    print(f"link_claims: median {statistics.median(timings):.3f} s, min {min(timings):.3f} s, max {max(timings):.3f} s")
    print(
        f"same-claim links between articles: precision {precision:.3f}, recall {recall:.3f}; "
        f"clusters: {len(linking.clusters)}"
    )


if __name__ == "__main__":
    main()
