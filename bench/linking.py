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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.linking import ClaimText, link_claims  # noqa: E402

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


def corpus(rng: random.Random) -> list[ClaimText]:
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]

    def sentence() -> list[str]:
        chosen = rng.choices(words, weights, k=rng.randint(12, 40))
        if rng.random() < 0.3:
            chosen.insert(rng.randrange(len(chosen)), str(rng.choice([12, 100, 750, 1000, 2019, rng.randint(2, 5000)])))
        return chosen

    stories = [sentence() for _ in range(STORIES)]
    claims = []
    for article in range(ARTICLES):
        offset = 0
        for _ in range(CLAIMS_PER_ARTICLE):
            if rng.random() < STORY_SHARE:
                told = [
                    word if rng.random() > 1 / 3 else rng.choices(words, weights)[0] for word in rng.choice(stories)
                ]
            else:
                told = sentence()
            text = " ".join(told) + "."
            claims.append(ClaimText(f"article-{article}", offset, offset + len(text), text))
            offset += len(text) + 1
    return claims


def main() -> None:
    claims = corpus(random.Random(20261122))
    timings = []
    for _ in range(RUNS):
        gc.collect()
        started = time.perf_counter()
        linking = link_claims(claims)
        timings.append(time.perf_counter() - started)
    linked = sum(1 for index in range(len(claims)) if any(link.same_claim for link in linking.links(index)))
    print(f"{ARTICLES} articles x {CLAIMS_PER_ARTICLE} claims = {len(claims)} claims, {RUNS} runs")
    print(f"link_claims: median {statistics.median(timings):.3f} s, min {min(timings):.3f} s, max {max(timings):.3f} s")
    print(f"claims with a same-claim link: {linked}; clusters: {len(linking.clusters)}")


if __name__ == "__main__":
    main()
