"""Anchor a tag to its text, and find that text again after the article changes.

An anchor keeps two W3C-style selectors: a quote (`exact` with ~32 characters of
`prefix` and `suffix`) and a position (`start`, `end`). Resolving it against the
current text tries, in order: the old position; every exact occurrence of the
quote, choosing the one whose context matches best and that lies nearest; a
fuzzy match (bounded edit distance) scored on quote, context and distance; and
otherwise reports it orphaned. An annotation is never silently moved onto
text that is not its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from os.path import commonprefix

from rapidfuzz import fuzz

CONTEXT = 32
# Fuzzy matches below this similarity (0..100) of the quote are not the same text.
MIN_QUOTE_SIMILARITY = 80.0
# Short quotes match by accident; they must be nearly identical to move fuzzily.
SHORT_QUOTE = 20
MIN_SHORT_QUOTE_SIMILARITY = 92.0
# A fuzzy candidate must also keep some of its context, unless its quote is almost intact.
MIN_CONTEXT_SIMILARITY = 50.0
NEAR_EXACT_QUOTE = 95.0


class Status(str, Enum):
    """How an annotation's text was found in the current article."""

    ANCHORED = "anchored"
    MOVED = "moved"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a tag was made: quote selector (exact, prefix, suffix) and position selector."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where an anchor lies in the current text; `changed` when the quoted text itself differs."""

    status: Status
    start: int | None = None
    end: int | None = None
    text: str | None = None
    changed: bool = False


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """Selectors for `text[start:end]`."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is not inside a text of {len(text)} characters")
    return Anchor(text[start:end], text[max(0, start - context) : start], text[end : end + context], start, end)


def _context_agreement(anchor: Anchor, text: str, start: int, end: int) -> int:
    """Characters of prefix and suffix that still stand next to a candidate span."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return len(commonprefix([before[::-1], anchor.prefix[::-1]])) + len(commonprefix([after, anchor.suffix]))


def _exact_occurrences(quote: str, text: str) -> list[int]:
    found = []
    at = text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _best_exact(anchor: Anchor, text: str) -> Resolution | None:
    occurrences = _exact_occurrences(anchor.exact, text)
    if not occurrences:
        return None
    length = len(anchor.exact)
    best = max(occurrences, key=lambda at: (_context_agreement(anchor, text, at, at + length), -abs(at - anchor.start)))
    return Resolution(Status.MOVED, best, best + length, anchor.exact)


def _similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b) if a or b else 100.0


def _best_fuzzy(anchor: Anchor, text: str) -> Resolution | None:
    alignment = fuzz.partial_ratio_alignment(anchor.exact, text)
    if alignment is None:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    quote_score = _similarity(anchor.exact, text[start:end])
    floor = MIN_SHORT_QUOTE_SIMILARITY if len(anchor.exact) < SHORT_QUOTE else MIN_QUOTE_SIMILARITY
    if quote_score < floor:
        return None
    prefix_score = _similarity(anchor.prefix, text[max(0, start - len(anchor.prefix)) : start])
    suffix_score = _similarity(anchor.suffix, text[end : end + len(anchor.suffix)])
    if quote_score < NEAR_EXACT_QUOTE and max(prefix_score, suffix_score) < MIN_CONTEXT_SIMILARITY:
        return None
    return Resolution(Status.MOVED, start, end, text[start:end], changed=text[start:end] != anchor.exact)


def resolve(anchor: Anchor, text: str) -> Resolution:
    """Find the anchor's text in `text`: anchored, moved (possibly changed), or orphaned."""
    if text[anchor.start : anchor.end] == anchor.exact:
        return Resolution(Status.ANCHORED, anchor.start, anchor.end, anchor.exact)
    return _best_exact(anchor, text) or _best_fuzzy(anchor, text) or Resolution(Status.ORPHANED)
