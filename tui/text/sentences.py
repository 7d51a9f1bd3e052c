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
from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import itemgetter

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
_TITLE_WORD_MARKS = "“”\"'‘’,–—-()"
_TITLE_CAPITALISED = 0.75
_WHITESPACE = (
    " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def title_cased(text: str) -> bool:
    """Whether a line is set like a headline: most of its longer words capitalised."""
    # Stripped and their first letters read in C calls mapped over the words: a page of headlines asks this
    # of thousands of lines.
    content = [
        word for word in map(str.strip, text.split(), repeat(_TITLE_WORD_MARKS)) if len(word) >= _TITLE_WORD_LENGTH
    ]
    if not content:
        return False
    return sum(map(str.isupper, map(itemgetter(0), content))) / len(content) >= _TITLE_CAPITALISED


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


def _offsets_alone(flat: str) -> list[tuple[int, int]]:
    """blingfire's own offsets of the unit's sentences, for a unit whose sentences it did not copy verbatim;
    the whole unit where they do not fit it."""
    try:
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
_JOINABLE_PUNCTUATION = r".!?,;:\-—–()\[\]\"'“”‘’…*#•/&%$"
# Letters, digits and that punctuation, a letter or a digit among them. Possessive, and the punctuation
# before the first letter or digit is punctuation alone: each character is looked at once.
_JOINABLE_WORD = re.compile(rf"[{_JOINABLE_PUNCTUATION}]*+[^\W_](?:[^\W_]|[{_JOINABLE_PUNCTUATION}])*+")
_UNIT_SEPARATOR = "\u2029"
_JOINER = _UNIT_SEPARATOR + " "
_BATCH_CHARS = 1 << 16


def _joins(flat: str) -> bool:
    """Whether a unit splits, joined to the next, as it does alone."""
    words = flat.rsplit(maxsplit=1)
    return bool(words) and _JOINABLE_WORD.fullmatch(words[-1]) is not None


def _unit_sentences(flats: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Each distinct unit (its newlines made spaces) with its sentences' offsets in it, trimmed, in as
    few calls of the splitter as can be.

    A page repeats lines (bylines, captions, prompts to share): each distinct unit is split once.
    """
    found: dict[str, list[tuple[int, int]]] = {}
    batch: list[str] = []
    size = 0
    for flat in dict.fromkeys(flats):
        if not _joins(flat) or _UNIT_SEPARATOR in flat:  # a unit holding the separator would be taken for several
            found.update(_split_batch([flat]))
            continue
        batch.append(flat)
        size += len(flat) + len(_JOINER)
        if size >= _BATCH_CHARS:
            found.update(_split_batch(batch))
            batch, size = [], 0
    found.update(_split_batch(batch))
    return found


def _split_batch(flats: list[str]) -> dict[str, list[tuple[int, int]]]:
    """The units split in one call of the splitter, or each alone where that call fails or its output is not
    laid out unit by unit (a unit the splitter dropped, say)."""
    if not flats:
        return {}
    joined = _JOINER.join(flats)
    try:
        split = sentences(joined)
    except Exception:
        split = None
    found = None if split is None else _located(joined, flats, split)
    if found is not None:
        return found
    if len(flats) > 1:  # each unit alone, where each failure has its fallback
        return {flat: _split_batch([flat])[flat] for flat in flats}
    # A splitter failure must never lose text: the unit is one sentence, trimmed as any other.
    return {joined: _trimmed_sentences(joined, [(0, len(joined))])}


def _located(joined: str, flats: list[str], split: list[str]) -> dict[str, list[tuple[int, int]]] | None:
    """Where the splitter's sentences of the joined units lie in each unit, trimmed: each unit but the last
    ends where a sentence ends with the separator. None where the output is not laid out so.

    Each sentence is found in its unit, after the one before; a unit where one was not copied verbatim takes
    the splitter's offsets instead.
    """
    # As many separators as units joined, each closing a sentence: none inside one, joining two units.
    if len(flats) > 1 and "".join(split).count(_UNIT_SEPARATOR) != len(flats) - 1:
        return None
    found: dict[str, list[tuple[int, int]]] = {}
    units = iter(flats)
    flat = next(units)
    left = len(flats) - 1  # units after this one: only between two units does a separator close one
    unit_start = cursor = 0
    unit_end = len(flat)
    offsets: list[tuple[int, int]] | None = []  # None once a sentence was not found verbatim
    for sentence in split:
        closes = left > 0 and sentence[-1:] == _UNIT_SEPARATOR
        if closes:
            sentence = sentence[:-1]
        if sentence and offsets is not None:
            start = joined.find(sentence, cursor, unit_end)
            if start < 0:
                offsets = None
            else:
                cursor = start + len(sentence)
                offsets.append((start - unit_start, cursor - unit_start))
        if closes:
            found[flat] = _unit_bounds(flat, offsets)
            flat = next(units)
            left -= 1
            unit_start = cursor = unit_end + len(_JOINER)
            unit_end = unit_start + len(flat)
            offsets = []
    if left:
        return None
    found[flat] = _unit_bounds(flat, offsets)
    return found


def _unit_bounds(flat: str, offsets: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """The unit's sentences, trimmed, from the offsets found (None where a sentence was not found verbatim:
    the splitter's own offsets then); the whole unit where none was."""
    if offsets is None:
        offsets = _offsets_alone(flat)
    if len(offsets) == 1:  # most units of a page (a headline, a one-sentence paragraph), most often trimmed already
        start, end = offsets[0]
        if start < end and flat[start] not in _WHITESPACE and flat[end - 1] not in _WHITESPACE:
            return offsets
    return _trimmed_sentences(flat, offsets or [(0, len(flat))])


def _trimmed_sentences(flat: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences at these offsets in the unit, trimmed of whitespace, one after a title or an
    abbreviation ("Gen.") run on into the next."""
    bounds: list[tuple[int, int]] = []
    for start, end in offsets:
        if start >= end:
            continue
        if flat[start] in _WHITESPACE or flat[end - 1] in _WHITESPACE:  # the splitter trims most itself
            start, end = _trimmed(flat, start, end)
            if start == end:
                continue
        if bounds and _never_final(flat, *bounds[-1]):
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return bounds


def _never_final(text: str, start: int, end: int) -> bool:
    """Whether the sentence text[start:end] ends with a title or an abbreviation ("Gen.")."""
    # Only its last characters can hold one: the longest ("approx.") and the character before it.
    # Matching them alone, not the whole sentence, keeps `^` for a sentence that short.
    return text[end - 1] == "." and bool(_NEVER_FINAL.search(text[max(start, end - _NEVER_FINAL_TAIL) : end]))


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Every sentence of `text` as (start, end), in text order, trimmed of whitespace.

    Plain pairs, not spans: a 5 MB article has 37,000 sentences, and its callers make records of their own.
    """
    units = list(_units(text))
    flats = [text[start:end].replace("\n", " ") for start, end in units]
    by_unit = _unit_sentences(flats)
    bounds: list[tuple[int, int]] = []
    for (unit_start, _), flat in zip(units, flats, strict=True):
        for start, end in by_unit[flat]:
            bounds.append((unit_start + start, unit_start + end))
    return bounds


def split_sentences(text: str) -> list[Span]:
    """Every sentence of `text` as a span, in text order, trimmed of whitespace."""
    return [Span(start, end) for start, end in sentence_bounds(text)]
