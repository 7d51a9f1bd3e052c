"""What the reader says about a claim: its verdict, links and loaded language in one line, and how a link relates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.desk.tagged_claims import Claim, Reading
from tui.text.printable import printable

if TYPE_CHECKING:
    from tui.desk.corpus_links import Connections, Counterpart


def link_note(found: Counterpart) -> Text:
    """How a counterpart relates to the selected claim: the same claim (how alike), or a shared number."""
    link = found.link
    if link.same_claim:
        return Text(f"≈ {link.similarity:.0%} alike: same claim", style="bold")
    return Text(f"shares {', '.join(link.numbers)}: a different claim", style="italic")


# The status line names the strongest few; the overview's `why` column has room for them all.
REASONS_IN_STATUS = 3


def reasons_text(claim: Claim, most: int | None = None) -> str:
    """Why the claim was highlighted, in words from it ("number: 40 percent, word: unemployment")."""
    return printable(", ".join(claim.reasons[:most]))


def describe(reading: Reading, claim: Claim, connections: Connections) -> str:
    """The status line for a selected claim: verdict, links, loaded language, note, and why it is a claim."""
    from tui.desk.corpus_links import loaded_phrases_in  # with the first claim selected, not the first frame

    parts = [claim.label or "untagged"]
    if claim.changed:
        parts.append("text changed since tagged: review it")
    links = connections.links(claim)
    same = {id(c.reading) for c in links if c.link.same_claim and c.reading is not reading}
    if same:
        parts.append(f"same claim in {len(same)} other source{'s' if len(same) > 1 else ''} (l: next link)")
    numbers = sorted({n for c in links if not c.link.same_claim for n in c.link.numbers})
    if numbers:
        parts.append(f"shares {', '.join(numbers)} with a different claim (l)")
    if connections.conflicting(claim):
        parts.append("⚠ verdicts differ within its cluster")
    for phrase in loaded_phrases_in(claim, reading):
        parts.append(f"loaded: “{printable(phrase.phrase)}” ×{phrase.count} in this article")
    if claim.note:
        parts.append(f"note: {printable(claim.note.splitlines()[0])}")
    if claim.reasons:
        parts.append(f"why: {reasons_text(claim, REASONS_IN_STATUS)}")
    return " · ".join(parts)
