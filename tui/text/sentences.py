"""Split canonical text into sentences with exact offsets.

Lines are split first: a headline, a short line, a list item or a paragraph on
its own line is its own unit. Lines of a hard-wrapped paragraph are joined
again. Each unit is then split into sentences by blingfire, a finite-state
sentence breaker that runs at several MB/s and keeps closing quotes with their
sentence; a short list of titles ("Gen.", "Mr.") repairs its rare splits after
an abbreviation. Every sentence satisfies `text[start:end] == sentence`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.text.article import Span
from tui.text.sentence_breaker import sentence_offsets, sentences

# A line break is kept as a boundary when the line ends a sentence (one of these, then closing quotes or
# brackets, then blanks) or the next starts a list item.
_SENTENCE_FINAL = frozenset(".!?:;…")
_CLOSING = "\"'”’)]"
_LIST_ITEM = re.compile(r"\s*(?:[-*+•]\s|\d{1,3}[.)]\s|#{1,6}\s|>)")
_CONTINUES = re.compile(r"\s*[a-z(\[,;–—-]")
# A wrapped line is long; a headline or a short line is its own unit.
_WRAPPED_MIN_LENGTH = 40
_WRAPPED_BEFORE_CAPITAL_MIN_LENGTH = 60
# Titles and abbreviations that are followed by a name or a number, never by the end of a sentence.
_NEVER_FINAL = re.compile(
    r"(?:^|[\s(“\"])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Gen|Col|Lt|Capt|Cpt|Sgt|Maj|Cmdr|Adm|Brig|Gov|Sen|Rep|Rev|Hon|"
    r"Pres|Supt|Insp|Det|Cpl|Pvt|St|Mt|Ft|No|Nos|Vol|Fig|Art|Sec|approx|vs|v|[A-Z])\.$"
)
# The longest of them with its full stop ("approx.") and the character before it, plus one: a tail this
# long that was cut from a longer sentence cannot match from its own start.
_NEVER_FINAL_TAIL = 9
_TITLE_WORD_LENGTH = 4
_TITLE_CAPITALISED = 0.75
_WHITESPACE = (
    " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def title_cased(text: str) -> bool:
    """Whether a line is set like a headline: most of its longer words capitalised."""
    content = [word.strip("“”\"'‘’,–—-()") for word in text.split()]
    content = [word for word in content if len(word) >= _TITLE_WORD_LENGTH]
    if not content:
        return False
    return sum(1 for word in content if word[0].isupper()) / len(content) >= _TITLE_CAPITALISED


def _units(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of text that no sentence crosses, as (start, end): lines, with wrapped lines joined."""
    start = None
    offset = 0
    lines = text.split("\n")
    last = len(lines) - 1
    for number, line in enumerate(lines):
        line_start = offset
        offset += len(line) + 1
        if line.isspace() or not line:
            if start is not None:
                yield start, line_start - 1
                start = None
            continue
        if start is None:
            start = line_start
        if not _joins_next(line, lines[number + 1] if number < last else ""):
            yield start, line_start + len(line)
            start = None
    if start is not None:
        yield start, len(text)


def _joins_next(line: str, following: str) -> bool:
    """Whether a line break falls inside a sentence of a hard-wrapped paragraph."""
    if not following or following.isspace():  # most lines of a page: a paragraph, then a blank line
        return False
    length = len(line.strip())
    if length < _WRAPPED_MIN_LENGTH or _line_ends_sentence(line) or _LIST_ITEM.match(following):
        return False
    if _CONTINUES.match(following):
        return True
    return length >= _WRAPPED_BEFORE_CAPITAL_MIN_LENGTH and not title_cased(line)


def _line_ends_sentence(line: str) -> bool:
    """Whether the line ends a sentence (an ellipsis and blanks after it count).

    Read from its end, not by a pattern tried at every character of the line."""
    return line.rstrip().rstrip(_CLOSING)[-1:] in _SENTENCE_FINAL


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace (empty, start == end, if nothing is left)."""
    while start < end and text[start] in _WHITESPACE:
        start += 1
    while end > start and text[end - 1] in _WHITESPACE:
        end -= 1
    return start, end


def _breaks_alone(flat: str) -> list[tuple[int, int]]:
    """Sentence offsets in one unit split on its own, or the whole unit if the splitter's output does not fit."""
    try:
        split = sentences(flat)
    except Exception:  # a splitter failure must never lose text: fall back to one unit
        return [(0, len(flat))]
    return _located(flat, split)


def _located(flat: str, split: list[str]) -> list[tuple[int, int]]:
    """Where the splitter's sentences of one unit (its newlines made spaces) lie in it.

    blingfire's offsets call gives byte offsets to be mapped back to characters; finding its
    sentences in the unit is faster, and falls back to the offsets where it cannot.
    """
    try:
        found = _find_sentences(flat, split)
        if found is None:
            found = sentence_offsets(flat)
    except Exception:  # a splitter failure must never lose text: fall back to one unit
        return [(0, len(flat))]
    previous = 0
    for start, end in found:
        if not previous <= start <= end <= len(flat):
            return [(0, len(flat))]
        previous = end
    return found or [(0, len(flat))]


# blingfire ends a sentence at a paragraph separator whatever surrounds it, and after the separator and
# a space it reads on as at the start of a text: units joined so are split in one call, as each would be
# alone. One call per unit was a third of the split's time on a long page (26,000 calls, each encoding,
# copying and decoding). Only the end of a text differs: there, a last word of punctuation alone after a
# sentence's end ("Then one. --") is split off as a sentence of its own, blanks that Python does not
# count as white space (a zero-width space, a direction mark) are dropped, and punctuation after an
# ideographic full stop stays in its sentence. So a unit is joined to the next only if its last word holds a
# letter or a digit and nothing but letters, digits and the punctuation below; others are split alone.
# (Checked on 60,000 pairs of units of news and transcripts, 500,000 cut at random places and ended in
# 1,400 ways, and every character from U+00A0 to U+2FFFF in six places at a unit's ends.)
_JOINABLE_WORD = re.compile(r"(?:[^\W_]|[.!?,;:\-—–()\[\]\"'“”‘’…*#•/&%$])*+")  # letters, digits and these
_UNIT_SEPARATOR = "\u2029"
_JOINER = _UNIT_SEPARATOR + " "
_BATCH_CHARS = 1 << 16


def _joins(flat: str) -> bool:
    """Whether a unit splits, joined to the next, as it does alone."""
    words = flat.rsplit(maxsplit=1)
    return bool(words) and _JOINABLE_WORD.fullmatch(words[-1]) is not None and any(map(str.isalnum, words[-1]))


def _unit_breaks(text: str) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """Each unit's start in `text` and its sentences' offsets in it, in text order.

    A page repeats lines (bylines, captions, prompts to share): each distinct unit is split once.
    """
    known: dict[str, list[tuple[int, int]]] = {}  # by the unit with its newlines made spaces
    batch: list[tuple[int, str]] = []  # (start, the unit with its newlines made spaces)
    new: dict[str, None] = {}  # the batch's units not split before, in order
    size = 0
    for unit_start, unit_end in _units(text):
        flat = text[unit_start:unit_end].replace("\n", " ")
        batch.append((unit_start, flat))
        if flat not in known and flat not in new:
            new[flat] = None
            size += len(flat) + len(_JOINER)
            if size >= _BATCH_CHARS:
                yield from _batch_breaks(batch, list(new), known)
                batch, new, size = [], {}, 0
    yield from _batch_breaks(batch, list(new), known)


def _batch_breaks(
    batch: list[tuple[int, str]], new: list[str], known: dict[str, list[tuple[int, int]]]
) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """The batch's units with their sentences, once the units in `new` are split and added to `known`."""
    known.update(zip(new, _split_units(new), strict=True))
    for unit_start, flat in batch:
        yield unit_start, known[flat]


def _split_units(flats: list[str]) -> list[list[tuple[int, int]]]:
    """The sentences' offsets in each unit (its newlines made spaces), in as few calls as can be."""
    # A unit holding the separator would be taken for several.
    joined = [_joins(flat) and _UNIT_SEPARATOR not in flat for flat in flats]
    by_unit = _split_joined([flat for flat, joins in zip(flats, joined, strict=True) if joins])
    if by_unit is None:  # unit by unit, where each failure has its fallback
        return [_breaks_alone(flat) for flat in flats]
    each = iter(by_unit)
    return [
        _located(flat, next(each)) if joins else _breaks_alone(flat) for flat, joins in zip(flats, joined, strict=True)
    ]


def _split_joined(flats: list[str]) -> list[list[str]] | None:
    """The splitter's sentences of the units split in one call, unit by unit: each unit but the last ends
    where a sentence ends with the separator. None where the output is not laid out so (a unit the
    splitter dropped, say) or the call failed."""
    if not flats:
        return []
    try:
        split = sentences(_JOINER.join(flats))
    except Exception:
        return None
    by_unit: list[list[str]] = [[]]
    for sentence in split:
        if sentence.endswith(_UNIT_SEPARATOR):
            by_unit[-1].append(sentence[:-1])
            by_unit.append([])
        else:
            by_unit[-1].append(sentence)
    # As many separators as units joined, each closing a sentence: none inside one, joining two units.
    if len(by_unit) != len(flats) or "".join(split).count(_UNIT_SEPARATOR) != len(flats) - 1:
        return None
    return by_unit


def _find_sentences(unit: str, sentences: list[str]) -> list[tuple[int, int]] | None:
    """Offsets of each sentence in turn, or None if one was not copied verbatim."""
    offsets = []
    cursor = 0
    for sentence in sentences:
        if not sentence:
            continue
        start = unit.find(sentence, cursor)
        if start < 0:
            return None
        cursor = start + len(sentence)
        offsets.append((start, cursor))
    return offsets


def _never_final(text: str, start: int, end: int) -> bool:
    """Whether the sentence text[start:end] ends with a title or an abbreviation ("Gen.")."""
    # Only its last characters can hold one: the longest ("approx.") and the character before it.
    # Matching them alone, not the whole sentence, keeps `^` for a sentence that short.
    return text[end - 1] == "." and bool(_NEVER_FINAL.search(text[max(start, end - _NEVER_FINAL_TAIL) : end]))


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Every sentence of `text` as (start, end), in text order, trimmed of whitespace.

    Plain pairs, not spans: a 5 MB article has 37,000 sentences, and its callers make records of their own.
    """
    bounds: list[tuple[int, int]] = []
    for unit_start, unit_breaks in _unit_breaks(text):
        first = len(bounds)  # where this unit's sentences begin: none runs on from the unit before
        for start, end in unit_breaks:
            start, end = unit_start + start, unit_start + end
            if start >= end:
                continue
            if text[start] in _WHITESPACE or text[end - 1] in _WHITESPACE:  # the splitter trims most itself
                start, end = _trimmed(text, start, end)
                if start == end:
                    continue
            if len(bounds) > first and _never_final(text, *bounds[-1]):
                bounds[-1] = (bounds[-1][0], end)
            else:
                bounds.append((start, end))
    return bounds


def split_sentences(text: str) -> list[Span]:
    """Every sentence of `text` as a span, in text order, trimmed of whitespace."""
    return [Span(start, end) for start, end in sentence_bounds(text)]
