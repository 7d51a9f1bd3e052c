"""What ties the open corpus together, for the reader and the overview: linked claims and loaded phrases.

Linking works on plain claim texts; the reader works on `Reading`s and their `Claim`s. This maps
one onto the other. Claims a user marks after loading are not linked (they have no index).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.desk.tagged_claims import Claim, Reading
from tui.text.claim_links import ClaimText, Link, Linking

if TYPE_CHECKING:
    from tui.text.loaded_language import RepeatedPhrase


@dataclass(frozen=True, slots=True)
class Counterpart:
    """A linked claim where a pane can show it."""

    reading: Reading
    claim: Claim
    link: Link


class Connections:
    """Links between the claims of the open readings, and the clusters they form."""

    def __init__(self, linking: Linking, places: list[tuple[Reading, Claim]]) -> None:
        self.linking = linking
        self._places = places
        self._index = {id(claim): index for index, (_, claim) in enumerate(places)}

    def links(self, claim: Claim) -> list[Counterpart]:
        """The claim's counterparts: the same claim in other articles, restatements here, then shared numbers."""
        index = self._index.get(id(claim))
        if index is None:
            return []
        return [Counterpart(*self._places[link.claim], link) for link in self.linking.links(index)]

    def best_in(self, claim: Claim, reading: Reading) -> Counterpart | None:
        """The claim's closest counterpart in one reading."""
        index = self._index.get(id(claim))
        if index is None or reading is self.reading_of(claim):
            return None
        link = self.linking.best_in(index, reading.article.id)
        return None if link is None else Counterpart(*self._places[link.claim], link)

    def reading_of(self, claim: Claim) -> Reading | None:
        index = self._index.get(id(claim))
        return None if index is None else self._places[index][0]

    def cluster(self, claim: Claim) -> list[tuple[Reading, Claim]]:
        """Every claim of the claim's cluster (empty when it stands alone)."""
        index = self._index.get(id(claim))
        members = () if index is None else self.linking.cluster_of(index)
        return [self._places[member] for member in members]

    def cluster_number(self, claim: Claim) -> int | None:
        """Which cluster holds the claim (None when it stands alone): claims of one cluster share it."""
        index = self._index.get(id(claim))
        return None if index is None else self.linking.cluster_number(index)

    def sources(self, claim: Claim) -> int:
        """How many articles tell the claim's cluster (0 when it stands alone)."""
        return len({id(reading) for reading, _ in self.cluster(claim)})

    def conflicting(self, claim: Claim) -> bool:
        """Whether the claim's cluster holds different verdicts."""
        return len({member.label for _, member in self.cluster(claim) if member.label is not None}) > 1


def loaded_phrases_in(claim: Claim, reading: Reading) -> list[RepeatedPhrase]:
    """The article's loaded phrases that occur inside the claim."""
    return [
        phrase
        for phrase in reading.loaded
        if any(claim.start <= span.start and span.end <= claim.end for span in phrase.spans)
    ]


def connect(readings: Sequence[Reading]) -> Connections:
    """Link the claims of every reading, and put each article's loaded phrases (weighed against the rest) on it."""
    if not readings:
        return Connections(Linking([], {}, []), [])
    # The arithmetic of linking (numpy, scipy) loads when there is something to link, not with the reader.
    from tui.text.linking import link_claims
    from tui.text.loaded_language import repeated_phrases

    places = [(reading, claim) for reading in readings for claim in reading.claims if not claim.user_made]
    texts = [ClaimText(reading.article.id, claim.start, claim.end, claim.text) for reading, claim in places]
    articles = [reading.article for reading in readings]
    for reading in readings:
        reading.loaded = repeated_phrases(reading.article, articles if len(articles) > 1 else None)
    return Connections(link_claims(texts), places)
