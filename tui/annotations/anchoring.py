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

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from os.path import commonprefix

# rapidfuzz is imported where a fuzzy match is tried: the reader's first frame and `claimdesk --help`
# never need it (10 ms of start-up).


CONTEXT = 32
# Fuzzy matches below this similarity (0..100) of the quote are not the same text.
MIN_QUOTE_SIMILARITY = 80.0
# Short quotes match by accident; they must be nearly identical to move fuzzily.
SHORT_QUOTE = 20
# Found away from both of its old neighbours, a quote must be nearly intact to be taken.
MIN_LONE_QUOTE_SIMILARITY = 90.0
MIN_SHORT_QUOTE_SIMILARITY = 92.0
# A prefix or suffix found fuzzily must be at least this similar (0..100) to the old one.
MIN_CONTEXT_SIMILARITY = 75.0
# Characters around the old position searched first, so the nearest good match wins.
NEARBY = 2000
# Characters of each neighbour that must stand unchanged right against a corrected quote, and how
# many characters a correction may change (more in a long quote: one in fifty).
PINNING_CONTEXT = 8
MAX_CORRECTED_CHARACTERS = 2


class Status(str, Enum):
    """How an annotation's text was found in the current article."""

    ANCHORED = "anchored"
    MOVED = "moved"
    ORPHANED = "orphaned"  # the article is there, the text is gone from it
    MISSING = "missing"  # the article file itself is not found: the text may well still be in it


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
    return Anchor(
        text[start:end],
        text[max(0, start - context) : start],
        text[end : end + context],
        start,
        end,
    )


def _context_agreement(anchor: Anchor, text: str, start: int, end: int) -> int:
    """Characters of prefix and suffix that still stand next to a candidate span."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    # commonprefix compares character by character, which is what context agreement means here.
    return len(commonprefix([before[::-1], anchor.prefix[::-1]])) + len(commonprefix([after, anchor.suffix]))  # noqa: RUF071


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
    best = max(
        occurrences,
        key=lambda at: (
            _context_agreement(anchor, text, at, at + length),
            -abs(at - anchor.start),
        ),
    )
    return Resolution(Status.MOVED, best, best + length, anchor.exact)


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) if a or b else 100.0


def _nearest(occurrences: list[int], expected: int) -> int | None:
    return min(occurrences, key=lambda at: abs(at - expected), default=None)


def _locate(context: str, text: str, expected: int, not_before: int = 0) -> tuple[int, int] | None:
    """Where a prefix or suffix stands now: its exact occurrence nearest `expected`, else a close fuzzy one."""
    from rapidfuzz import fuzz

    at = _nearest([at for at in _exact_occurrences(context, text) if at >= not_before], expected)
    if at is not None:
        return at, at + len(context)
    reach = NEARBY + len(context)
    low = max(not_before, expected - reach)
    for offset, window in (
        (low, text[low : expected + reach]),
        (not_before, text[not_before:]),
    ):
        alignment = fuzz.partial_ratio_alignment(context, window, score_cutoff=MIN_CONTEXT_SIMILARITY)
        if alignment is not None:
            start, end = _refined(
                context,
                text,
                offset + alignment.dest_start,
                offset + alignment.dest_end,
            )
            if _similarity(context, text[start:end]) >= MIN_CONTEXT_SIMILARITY:
                return start, end
    return None


def _refined(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a rough alignment to where the quote fits best.

    `partial_ratio_alignment` returns a window as long as the quote, so a quote that grew or
    shrank is cut or padded; each end is moved within a few characters to the best score.
    """
    from rapidfuzz import fuzz

    slack = max(4, len(quote) // 8)

    def best(candidates: range, window: Callable[[int], str], preferred: int) -> int:
        return max(
            candidates,
            key=lambda at: (fuzz.ratio(quote, window(at)), -abs(at - preferred)),
        )

    start = best(
        range(max(0, start - slack), min(end, start + slack + 1)),
        lambda at: text[at:end],
        start,
    )
    end = best(
        range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
        lambda at: text[start:at],
        end,
    )
    return start, end


def _kind(char: str) -> str:
    """Word, space or mark; the edge of the text counts as space."""
    if not char:
        return "space"
    if char.isalnum():
        return "word"
    return "space" if char.isspace() else "mark"


def _same_edges(anchor: Anchor, text: str, start: int, end: int) -> bool:
    """The candidate begins and ends like the quote: a sentence is not matched by half of another.

    A capital stays a capital too: a fragment left over from a neighbouring sentence starts in lower case.
    """
    old = (anchor.prefix[-1:], anchor.exact[0], anchor.exact[-1], anchor.suffix[:1])
    new = (text[start - 1 : start], text[start], text[end - 1], text[end : end + 1])
    same_case = anchor.exact[0].isupper() == text[start].isupper()
    return same_case and all(_kind(a) == _kind(b) for a, b in zip(old, new, strict=True))


def _between(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The span that now lies where the quote lay: after its old prefix, before its old suffix.

    When the quote was cut out, prefix and suffix close up and nothing lies between them; a
    similar sentence elsewhere is never taken for it, because its neighbours are not the quote's.
    With only one neighbour found, the quote must start (or end) right against it.
    """
    after_prefix = _locate(anchor.prefix, text, anchor.start - len(anchor.prefix)) if anchor.prefix else None
    # Where the text repeats itself, the nearest suffix after the prefix gives the narrowest
    # span, and so errs towards orphaned rather than onto other text.
    not_before = after_prefix[1] if after_prefix else 0
    before_suffix = _locate(anchor.suffix, text, max(not_before, anchor.start), not_before) if anchor.suffix else None
    if after_prefix and before_suffix:
        return after_prefix[1], before_suffix[0]
    longest = 2 * len(anchor.exact)
    if after_prefix:
        start = after_prefix[1]
        if not anchor.suffix and not text[start:].strip():
            return start, start  # the quote ended the text, and the text now ends at its prefix
        rough = _aligned(anchor.exact, text, start, start + longest)
        return (start, rough[1]) if rough and not text[start : rough[0]].strip() else None
    if before_suffix:
        end = before_suffix[0]
        if not anchor.prefix and not text[:end].strip():
            return end, end  # the quote began the text, and the text now begins with its suffix
        rough = _aligned(anchor.exact, text, max(0, end - longest), end)
        return (rough[0], end) if rough and not text[rough[1] : end].strip() else None
    return None


def _aligned(quote: str, text: str, low: int, high: int) -> tuple[int, int] | None:
    """The stretch of `text[low:high]` most like `quote`; a window shorter than the quote is all candidate."""
    from rapidfuzz import fuzz

    high = min(high, len(text))
    if high - low <= len(quote):
        return (low, high) if low < high else None
    alignment = fuzz.partial_ratio_alignment(quote, text[low:high])
    if alignment is None or alignment.score == 0:
        return None
    return _refined(quote, text, low + alignment.dest_start, low + alignment.dest_end)


def _is_old_context(anchor: Anchor, found: str) -> bool:
    """The text found begins (or ends) more like the quote's old neighbour than like the quote.

    After a deletion, the sentence that followed (or preceded) the quote slides into its place;
    a reworded quote still begins and ends like itself, even beside sentences much like it.
    """
    suffix, prefix = anchor.suffix.strip(), anchor.prefix.strip()
    if suffix:
        head = found[: len(suffix)]
        if _similarity(suffix, head) > _similarity(anchor.exact[: len(suffix)], head):
            return True
    if prefix:
        tail = found[-len(prefix) :]
        if _similarity(prefix, tail) > _similarity(anchor.exact[-len(prefix) :], tail):
            return True
    return False


def _accepted(anchor: Anchor, text: str, start: int, end: int, floor: float) -> Resolution | None:
    found = text[start:end]
    score = _similarity(anchor.exact, found)
    if score < floor or not _same_edges(anchor, text, start, end) or _is_old_context(anchor, found):
        return None
    return Resolution(Status.MOVED, start, end, found, changed=found != anchor.exact)


def _anywhere(anchor: Anchor, text: str) -> Resolution | None:
    """With neither neighbour left in place, the closest strong match, nearest the old position first."""
    reach = NEARBY + len(anchor.exact)
    windows = [(max(0, anchor.start - reach), anchor.end + reach), (0, len(text))]
    for low, high in windows:
        rough = _aligned(anchor.exact, text, low, high)
        if rough is not None and (found := _accepted(anchor, text, *rough, MIN_LONE_QUOTE_SIMILARITY)):
            return found
    return None


def _best_fuzzy(anchor: Anchor, text: str) -> Resolution | None:
    span = _between(anchor, text)
    if span is None:
        return _anywhere(anchor, text)
    start, end = span
    if start >= end:
        return None  # the neighbours closed up over the gap: the quote was cut out
    if _corrected_in_place(anchor, text, start, end):
        return Resolution(Status.MOVED, start, end, text[start:end], changed=True)
    floor = MIN_SHORT_QUOTE_SIMILARITY if len(anchor.exact) < SHORT_QUOTE else MIN_QUOTE_SIMILARITY
    return _accepted(anchor, text, start, end, floor)


def _corrected_in_place(anchor: Anchor, text: str, start: int, end: int) -> bool:
    """A character or two corrected (its first or last among them) between neighbours still right against it.

    Both neighbours pin the span, so it cannot be other text; the edge test of `_accepted` would
    otherwise orphan a claim whose first letter or final digit was corrected.
    """
    from rapidfuzz.distance import Levenshtein

    before, after = anchor.prefix[-PINNING_CONTEXT:], anchor.suffix[:PINNING_CONTEXT]
    # A neighbour shorter than that is the start or end of the text, which must still be there.
    pinned = (
        start >= len(before)
        and text[start - len(before) : start] == before
        and (len(before) == PINNING_CONTEXT or start == len(before))
        and text[end : end + len(after)] == after
        and (len(after) == PINNING_CONTEXT or end + len(after) == len(text))
    )
    budget = max(MAX_CORRECTED_CHARACTERS, len(anchor.exact) // 50)
    return pinned and Levenshtein.distance(anchor.exact, text[start:end], score_cutoff=budget) <= budget


def resolve(anchor: Anchor, text: str) -> Resolution:
    """Find the anchor's text in `text`: anchored, moved (possibly changed), or orphaned."""
    if text[anchor.start : anchor.end] == anchor.exact:
        return Resolution(Status.ANCHORED, anchor.start, anchor.end, anchor.exact)
    return _best_exact(anchor, text) or _best_fuzzy(anchor, text) or Resolution(Status.ORPHANED)
