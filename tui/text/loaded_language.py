"""Loaded language: phrases one article repeats unusually often.

A slogan hammered home ("terrorists, backed by Saudi Arabia" in every paragraph) is a signal a
fact-checker wants to see. This finds word n-grams (2 to 5 words) that one article repeats at
least `min_repeats` times, within a sentence-like stretch of text, outside its boilerplate.

What counts as a phrase, and why:

- A phrase never runs across punctuation or a paragraph break (an appositive between commas is
  a unit of its own); quotation marks and line wraps inside a paragraph do not break it.
- It neither starts nor ends with a function word, so "backed by Saudi Arabia" is reported, not
  "terrorists backed by" or "by Saudi Arabia and".
- It holds a word that is written in lowercase and is not a function word. Names alone ("Saudi
  Arabia", "Donald Trump", "the US") are what the story is about: repeating them is news, not
  loading. A name with a characterising word ("Daesh terrorists") is a label, which is the point.
  Reporting verbs ("said", "told") count as function words: attribution is not loading.
- The longest phrase wins: once "backed by Saudi Arabia" is taken, "backed by Saudi" and "by
  Saudi Arabia" are reported only if they also occur often enough elsewhere. A phrase whose
  every occurrence goes on with the same words is reported whole, even beyond five words.
- How often is "unusually often" grows with length: `min_repeats` times, or more in long texts
  (`WORDS_PER_REPEAT`), since any phrase recurs by chance in a long enough text; a two-word
  phrase must recur half as often again (`TWO_WORD_FACTOR`).
- Given a corpus, a phrase that more than half of the other articles use too (a place, the
  story's subject, a stock expression) is dropped; `elsewhere` says how many use it.

Nothing here imports Textual.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

from tui.text.article import Article, Span

MIN_REPEATS = 4
# A two-word phrase is usually a compound noun, the story's own terminology ("sleeper cells",
# "terrorist group"), which a report repeats as a matter of course: it must recur this much more.
TWO_WORD_FACTOR = 1.5
# In a long text, a phrase must also recur at least once per this many words.
WORDS_PER_REPEAT = 250
MIN_WORDS, MAX_WORDS = 2, 5
# A phrase used by more than this share of the other articles of a corpus is common currency.
CORPUS_SHARE = 0.5

# A word (with inner apostrophes or hyphens), or what ends a phrase: punctuation other than
# quotation marks, or a blank line. Anything else between words (spaces, one line break,
# quotation marks) keeps a phrase going. Captured, so that `split` also gives what lies between.
_TOKENS = re.compile(r"([^\W_]+(?:['’-][^\W_]+)*|[^\w\s\"'“”‘’«»„‹›]|\n[^\S\n]*\n)")
_BREAK = "\n\n"


def _is_word(token: str) -> bool:
    return token[0].isalnum()


FUNCTION_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself just
    least less many may me might more most much must my myself neither no nor not now of off on once only
    or other others our ours ourselves out over own same shall she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up upon us very
    was we were what when where which while who whom whose why will with within without would yet you
    your yours yourself one two three four five six seven eight nine ten
    s t don't it's that's there's he's she's they're we're i'm isn't aren't wasn't weren't
    said says say saying told tells according added adds stated states reported reports asked noted
    """.split()
)


@dataclass(frozen=True, slots=True)
class RepeatedPhrase:
    """A phrase the article repeats: its words as first written, how often, and where.

    `spans` cover each occurrence from its first word's start to its last word's end (for
    highlighting; occurrences of different phrases may overlap). `elsewhere` is how many other
    articles of the corpus use the phrase, None when no corpus was given.
    """

    phrase: str
    count: int
    spans: tuple[Span, ...]
    elsewhere: int | None = None


@dataclass(frozen=True, slots=True)
class _Words:
    """An article's tokens in order: words, and the breaks (punctuation, blank lines) between phrases."""

    tokens: list[str]
    starts: list[int]

    def end(self, position: int) -> int:
        return self.starts[position] + len(self.tokens[position])


def _words(text: str, pieces: Sequence[tuple[int, int]]) -> _Words:
    # `split` and sums of lengths, not a loop over match objects: three times as fast on 5 MB.
    tokens: list[str] = []
    starts: list[int] = []
    for start, end in pieces:
        parts = _TOKENS.split(text[start:end])  # gap, token, gap, token, ..., gap
        offsets = list(accumulate(map(len, parts), initial=start))
        tokens += parts[1::2]
        starts += offsets[1::2]
        tokens.append(_BREAK)  # boilerplate between pieces breaks phrases too
        starts.append(end)
    return _Words(tokens, starts)


def _outside_boilerplate(article: Article) -> list[tuple[int, int]]:
    pieces, cursor = [], 0
    for furniture in sorted(article.boilerplate, key=lambda item: item.start):
        if furniture.start > cursor:
            pieces.append((cursor, furniture.start))
        cursor = max(cursor, furniture.end)
    pieces.append((cursor, len(article.text)))
    return pieces


def _coded(tokens: list[str]) -> tuple[list[int], dict[int, str]]:
    """Each token as a number, its casefolded word's (-1 for a break), and the words by number."""
    keys = list(map(str.casefold, tokens))
    ids = {key: (index if _is_word(key) else -1) for index, key in enumerate(dict.fromkeys(keys))}
    return list(map(ids.__getitem__, keys)), {code: key for key, code in ids.items()}


def _frequent_ngrams(coded: list[int], min_count: int) -> dict[tuple[int, ...], list[int]]:
    """Every n-gram (MIN_WORDS..MAX_WORDS words, no break inside) occurring `min_count` times or
    more, with the positions it starts at.

    Longer n-grams are counted only where both their shorter halves are frequent (a phrase is
    never more frequent than its parts), which keeps a 5 MB text fast.
    """
    starts: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for position, pair in enumerate(pairwise(coded)):
        if -1 not in pair:
            starts[pair].append(position)
    frequent = {gram: positions for gram, positions in starts.items() if len(positions) >= min_count}
    found = dict(frequent)
    for size in range(MIN_WORDS + 1, MAX_WORDS + 1):
        alive = {position for positions in frequent.values() for position in positions}
        longer: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for position in sorted(alive):
            if position + 1 in alive:
                longer[tuple(coded[position : position + size])].append(position)
        frequent = {gram: positions for gram, positions in longer.items() if len(positions) >= min_count}
        found.update(frequent)
    return found


def _apart(positions: list[int], size: int) -> list[int]:
    """Occurrences that do not overlap the previous one ("very very very" is one "very very")."""
    kept: list[int] = []
    for position in positions:
        if not kept or position >= kept[-1] + size:
            kept.append(position)
    return kept


def _characterising(gram: tuple[str, ...], positions: list[int], words: _Words) -> bool:
    """Bounded by content words, and holding a content word mostly written in lowercase."""
    if gram[0] in FUNCTION_WORDS or gram[-1] in FUNCTION_WORDS:
        return False
    for offset, key in enumerate(gram):
        if key in FUNCTION_WORDS:
            continue
        # A number is not lowercase (it has no case), so it never makes a phrase characterising.
        lowercase = sum(words.tokens[position + offset].islower() for position in positions)
        if lowercase * 2 > len(positions):
            return True
    return False


@lru_cache(maxsize=256)
def _folded(text: str) -> str:
    """A text's words casefolded, one space apart, `|` at every break: phrases found by substring."""
    return f" {' '.join(token.casefold() if _is_word(token) else '|' for token in _TOKENS.findall(text))} "


def min_repeats_for(word_count: int, min_repeats: int = MIN_REPEATS) -> int:
    """How often a phrase must recur in a text of `word_count` words to count as repeated."""
    return max(min_repeats, math.ceil(word_count / WORDS_PER_REPEAT))


def repeated_phrases(
    article: Article, corpus: Sequence[Article] | None = None, min_repeats: int = MIN_REPEATS
) -> list[RepeatedPhrase]:
    """The phrases `article` repeats unusually often, most repeated first (then in text order)."""
    words = _words(article.text, _outside_boilerplate(article))
    coded, vocabulary = _coded(words.tokens)
    threshold = min_repeats_for(len(coded) - coded.count(-1), min_repeats)
    candidates = []
    for codes, positions in _frequent_ngrams(coded, threshold).items():
        gram = tuple(vocabulary[code] for code in codes)
        if _characterising(gram, positions, words):
            candidates.append((gram, _apart(positions, len(gram))))
    # Longest first, so that a phrase claims its words before its own parts are considered.
    candidates.sort(key=lambda item: (-len(item[0]), -len(item[1]), item[1][0]))
    taken: set[int] = set()
    chosen = []
    for gram, positions in candidates:
        free = [p for p in positions if taken.isdisjoint(range(p, p + len(gram)))]
        if len(free) < (math.ceil(threshold * TWO_WORD_FACTOR) if len(gram) == MIN_WORDS else threshold):
            continue
        positions, size = _widest(positions, len(gram), coded, vocabulary)
        for position in positions:
            taken.update(range(position, position + size))
        chosen.append((positions, size))
    found = [_phrase(positions, size, words) for positions, size in chosen]
    if corpus is not None and found:
        found = list(_weighed(found, article, corpus))
    return sorted(found, key=lambda phrase: (-phrase.count, phrase.spans[0].start))


def _widest(positions: list[int], size: int, coded: list[int], vocabulary: dict[int, str]) -> tuple[list[int], int]:
    """The phrase grown word by word while every occurrence goes on (or began) with the same
    word, then trimmed back to content words: a refrain longer than MAX_WORDS is reported whole."""
    while all(0 < p + size < len(coded) for p in positions) and coded[positions[0] + size] != -1:
        if len({coded[p + size] for p in positions}) > 1:
            break
        size += 1
    while all(p > 0 for p in positions) and coded[positions[0] - 1] != -1:
        if len({coded[p - 1] for p in positions}) > 1:
            break
        positions, size = [p - 1 for p in positions], size + 1
    while vocabulary[coded[positions[0] + size - 1]] in FUNCTION_WORDS:
        size -= 1
    while vocabulary[coded[positions[0]]] in FUNCTION_WORDS:
        positions, size = [p + 1 for p in positions], size - 1
    return positions, size


def _phrase(positions: list[int], size: int, words: _Words) -> RepeatedPhrase:
    # As the article mostly writes it (a headline's Title Case is the exception, not the phrase).
    written = Counter(" ".join(words.tokens[p : p + size]) for p in positions)
    return RepeatedPhrase(
        phrase=written.most_common(1)[0][0],  # ties go to the form written first
        count=len(positions),
        spans=tuple(Span(words.starts[p], words.end(p + size - 1)) for p in positions),
    )


def _weighed(found: list[RepeatedPhrase], article: Article, corpus: Sequence[Article]) -> Iterator[RepeatedPhrase]:
    others = [_folded(other.text) for other in {a.id: a for a in corpus if a.id != article.id}.values()]
    for phrase in found:
        needle = f" {' '.join(word.casefold() for word in phrase.phrase.split())} "
        elsewhere = sum(needle in other for other in others)
        if others and elsewhere > CORPUS_SHARE * len(others):
            continue
        yield RepeatedPhrase(phrase.phrase, phrase.count, phrase.spans, elsewhere)
