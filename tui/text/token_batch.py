"""Many sentences tokenised in one pass, as flat arrays that cue detection and the scorer share.

Scoring an article sentence by sentence in Python is what made it slow; here the
sentences, each followed by a separator that no token contains, are tokenised
and each token numbered by its type (its spelling) in one pass in C
(`tui.text._tokens`, or in Python where it is not built: the sentences split at
white space, which no token holds, and the pattern run over each distinct piece
once), and each distinct token is examined once. Everything else is numpy over
the token array.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

# A character no sentence of canonical text holds; a token of its own, so sentences stay apart.
SEPARATOR = "\x00"
# Letters and digits are `\w` but the underscore, which is blanked before tokenising. Quantifiers are
# possessive where giving back a character could not make a match: the engine keeps no trail of them.
_CURRENCIES = "$£€"
_DIGITS = r"\d++(?:[.,:]\d++)*"
_NUMBER = rf"[{_CURRENCIES}]?+{_DIGITS}%?(?!\w)"
_WORD = r"\w++(?:['-]\w++)*+"
TOKEN = re.compile(f"{_NUMBER}|{_WORD}|{SEPARATOR}")
_NUMBER_TOKEN = re.compile(_NUMBER)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")

IntArray = npt.NDArray[np.int64]
AnyArray = npt.NDArray[Any]
BoolArray = npt.NDArray[np.bool_]


def normalised(surface: str) -> str:
    """The form the scorer learns a token by: lower case, and numbers by their kind."""
    if not _NUMBER_TOKEN.fullmatch(surface):
        return surface.lower()
    if surface[0] in _CURRENCIES:
        return "<money>"
    if surface.endswith("%"):
        return "<percent>"
    return "<year>" if _YEAR.fullmatch(surface) else "<num>"


# `normalised` for many tokens at once: in the distinct tokens joined by spaces (and lowered: no
# character lowers to or from a digit, a currency sign or a number's punctuation), each kind of number
# replaces the whole tokens of its shape, the kinds tried in the order `normalised` tries them.
_NUMBER_KINDS = tuple(
    (re.compile(f" {shape}(?= )"), f" {kind}")
    for shape, kind in (
        (rf"[{_CURRENCIES}]{_DIGITS}%?", "<money>"),
        (rf"{_DIGITS}%", "<percent>"),
        (_YEAR.pattern, "<year>"),
        (_DIGITS, "<num>"),
    )
)


def _normalised_all(lowered: str) -> str:
    """The forms of distinct tokens joined by single spaces, given them lowered."""
    spaced = f" {lowered} "  # each token between two spaces
    for shape, kind in _NUMBER_KINDS:
        spaced = shape.sub(kind, spaced)
    return spaced[1:-1]


class _Numbering(dict[str, int]):
    """Numbers distinct strings as they are first met; the dict lists them in that order."""

    def __missing__(self, key: str) -> int:
        self[key] = number = len(self)
        return number


# Batch work over texts goes this many at a time: one call over all of a 5 MB article's (numbering
# its pieces, lowering it) would hold the interpreter, and the reader's keys with it while the article
# loads, for up to a tenth of a second.
TEXTS_PER_SLICE = 500


# A look-up over the distinct tokens is made this many at a time: in one C call, a vocabulary of
# hundreds of thousands (a pasted table of ids) would hold the interpreter for a tenth of a second.
TYPES_PER_SLICE = 50_000


def _joined(slices: Sequence[AnyArray], dtype: npt.DTypeLike) -> AnyArray:
    """Arrays made a slice at a time, end to end (an empty array of `dtype` where there were none)."""
    return np.concatenate(slices) if slices else np.zeros(0, dtype=dtype)


def over_types(look_up: Callable[..., Any], types: Sequence[str], dtype: npt.DTypeLike, *constants: Any) -> AnyArray:
    """`look_up(type, *constants)` of each distinct token, as an array, a slice of types at a time."""
    slices = [
        np.fromiter(map(look_up, part, *map(repeat, constants)), dtype=dtype, count=len(part))
        for part in (types[first : first + TYPES_PER_SLICE] for first in range(0, len(types), TYPES_PER_SLICE))
    ]
    return _joined(slices, dtype)


def _numbered_pieces(texts: Sequence[str], pieces: _Numbering) -> IntArray:
    """The number of each piece between white space, text by text, each text followed by the separator.

    Typographic apostrophes are made plain and underscores blanked first (see `python_type_numbers`):
    the pieces are then ready to tokenise. A blank parts a piece where its underscore would have parted
    the piece's tokens anyway.
    """
    slices = []
    for first in range(0, len(texts), TEXTS_PER_SLICE):
        # One split over the slice's texts joined with the separator as a piece of its own: splitting
        # text by text, and chaining the separators in, cost a third of the numbering.
        joined = f" {SEPARATOR} ".join([*texts[first : first + TEXTS_PER_SLICE], ""])
        split = joined.replace("’", "'").replace("_", " ").split()
        slices.append(np.fromiter(map(pieces.__getitem__, split), dtype=np.int64, count=len(split)))
    return _joined(slices, np.int64)


def python_type_numbers(texts: Sequence[str]) -> tuple[IntArray, list[str]]:
    """The type of each token of the texts, each text followed by the separator (type 0), and the types
    (the distinct tokens) in the order first met: in Python, where `tui.text._tokens` is not built."""
    # No token holds white space, and a token's end looks no further than the next character: the
    # tokens of a text are those of its pieces between white space, one after the other. Splitting (in
    # C) is several times faster than the regular expression, and an article's 800,000 pieces are a few
    # tens of thousands of distinct ones, each tokenised once.
    pieces = _Numbering()
    piece_of = _numbered_pieces(texts, pieces)
    # A piece of letters alone is one word (most are): told by isalpha, not by the pattern.
    tokens_of_piece = [[piece] if piece.isalpha() else TOKEN.findall(piece) for piece in pieces]
    # The distinct pieces come in the order first met, so their tokens' types are numbered as first met
    # in the text (the separator is 0).
    types = _Numbering({SEPARATOR: 0})
    piece_types = np.fromiter(map(types.__getitem__, chain.from_iterable(tokens_of_piece)), dtype=np.int64)
    # Each piece's types are piece_types[first:first + size]; they are gathered piece after piece.
    piece_sizes = np.fromiter(map(len, tokens_of_piece), dtype=np.int64, count=len(tokens_of_piece))
    piece_firsts = np.cumsum(piece_sizes) - piece_sizes
    sizes = piece_sizes.take(piece_of)
    shifts = np.repeat(piece_firsts.take(piece_of) - (np.cumsum(sizes) - sizes), sizes)
    return piece_types.take(shifts + np.arange(len(shifts))), list(types)


def compiled_type_numbers(texts: Sequence[str]) -> tuple[IntArray, list[str]]:
    """What `python_type_numbers` gives, tokenised and numbered in C, a slice of texts at a time."""
    numbering = Types(SEPARATOR)
    slices = [
        np.frombuffer(numbering.number(texts[first : first + TEXTS_PER_SLICE]), dtype=np.int64)
        for first in range(0, len(texts), TEXTS_PER_SLICE)
    ]
    return _joined(slices, np.int64), numbering.types


try:
    # Built where the install found a C compiler (setup.py). In Python, numbering the pieces between
    # blanks and tokenising the distinct ones was a third of scoring an article: 0.1 s of 5 MB of news.
    from tui.text._tokens import Types

    type_numbers = compiled_type_numbers
except ImportError:  # an install that found no compiler
    type_numbers = python_type_numbers


def _spellings(types: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The distinct tokens as they are, their forms and lowered, a slice of types at a time (see `over_types`)."""
    surfaces: list[str] = []
    forms: list[str] = []
    lowered: list[str] = []
    for first in range(0, len(types), TYPES_PER_SLICE):
        # Copied side by side (no token holds a space): as findall made them, the first of each token
        # lies scattered among the many it freed, and every pass over them would miss the cache.
        joined = " ".join(types[first : first + TYPES_PER_SLICE])
        # Lowered whole, the tokens are as each lowered alone: a space ends the context that decides a
        # final sigma ("ς"), as a token's end does, and no character lowers to a space.
        joined_lowered = joined.lower()
        surfaces += joined.split(" ")
        forms += _normalised_all(joined_lowered).split(" ")
        lowered += joined_lowered.split(" ")
    return tuple(surfaces), tuple(forms), tuple(lowered)


# Records here are NamedTuples, not frozen dataclasses: this module loads in every command that scores, and a
# dataclass compiles its methods when it is defined, about 1 ms each, where a NamedTuple takes 0.1 ms.
class TokenBatch(NamedTuple):
    """The tokens of a list of sentences, each sentence's tokens followed by one separator token.

    `type_of[i]` numbers token i among the distinct `surfaces`, whose `forms` are `normalised` and
    `lowered` are in lower case; `sentence_of[i]` says whose it is.
    """

    texts: tuple[str, ...]
    surfaces: tuple[str, ...]
    forms: tuple[str, ...]
    lowered: tuple[str, ...]
    type_of: IntArray
    sentence_of: IntArray
    is_word: BoolArray
    first_of_sentence: IntArray  # index of each sentence's first token (its separator if it has none)
    word_counts: IntArray

    @classmethod
    def of(cls, texts: Sequence[str]) -> TokenBatch:
        type_of, types = type_numbers(texts)
        is_separator = type_of == 0
        sentence_of = np.cumsum(is_separator) - is_separator
        separators = np.flatnonzero(is_separator)
        first_of_sentence = np.concatenate(([0], separators + 1))[:-1]
        surfaces, forms, lowered = _spellings(types)
        return cls(
            tuple(texts),
            surfaces,
            forms,
            lowered,
            type_of,
            sentence_of,
            ~is_separator,
            first_of_sentence,
            separators - first_of_sentence,
        )

    def per_type(self, flags: Sequence[bool] | BoolArray) -> BoolArray:
        """A property of each distinct token (given for `surfaces`), spread over every token."""
        # `take` gathers faster than indexing with an array (which first checks for every kind of index).
        spread: BoolArray = np.asarray(flags, dtype=bool).take(self.type_of)
        return spread

    def count_per_sentence(self, token_flags: BoolArray) -> IntArray:
        counts: IntArray = np.add.reduceat(token_flags, self.first_of_sentence, dtype=np.int64)
        return counts
