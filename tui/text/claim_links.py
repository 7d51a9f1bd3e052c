"""What linking finds, without the arithmetic that finds it (`tui.text.linking`, which loads numpy
and scipy): a command or a reader that shows links, or has none yet, starts without them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.text.article import Article, ScoredSentence


@dataclass(frozen=True, slots=True)
class ClaimText:
    """What linking needs to know of a claim: where it is and what it says."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A counterpart of a claim: its index, how alike they are, and any quantities both state."""

    claim: int
    similarity: float
    same_claim: bool
    numbers: tuple[str, ...] = ()


class Linking:
    """The links between the claims of a corpus, and the clusters they form."""

    def __init__(
        self, claims: Sequence[ClaimText], links: dict[int, list[Link]], clusters: list[tuple[int, ...]]
    ) -> None:
        self.claims = list(claims)
        self.clusters = clusters
        self._links = links
        self._cluster_of = {member: number for number, cluster in enumerate(clusters) for member in cluster}

    def links(self, claim: int) -> list[Link]:
        """Counterparts of a claim: the same claim elsewhere (most alike first), then shared numbers."""
        return self._links.get(claim, [])

    def best_in(self, claim: int, article: str) -> Link | None:
        """The closest counterpart of a claim in one article: the same claim if any, else a shared number."""
        return next((link for link in self.links(claim) if self.claims[link.claim].article == article), None)

    def cluster_of(self, claim: int) -> tuple[int, ...]:
        """Every claim of the cluster this claim belongs to (empty when it stands alone)."""
        number = self._cluster_of.get(claim)
        return () if number is None else self.clusters[number]

    def cluster_number(self, claim: int) -> int | None:
        """Which of `clusters` holds the claim (None when it stands alone)."""
        return self._cluster_of.get(claim)

    def sources(self, cluster: Iterable[int]) -> int:
        """How many articles a set of claims comes from."""
        return len({self.claims[member].article for member in cluster})


def claim_texts(article: Article, scored: Iterable[ScoredSentence]) -> list[ClaimText]:
    """The claims among an article's scored sentences, as linking takes them."""
    return [
        ClaimText(article.id, item.sentence.start, item.sentence.end, item.sentence.text)
        for item in scored
        if item.is_claim
    ]
