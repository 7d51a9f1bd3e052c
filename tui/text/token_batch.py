"""Many sentences tokenised in one pass, as flat arrays that cue detection and the scorer share.

Scoring an article sentence by sentence in Python is what made it slow; here the
sentences are joined with a separator that no token contains, one regular
expression finds every token of every sentence, and each distinct token is
examined once (its type). Everything else is numpy over the token array.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise

import numpy as np
import numpy.typing as npt

# A character no sentence of canonical text holds; a token of its own, so sentences stay apart.
SEPARATOR = "\x00"
# Letters and digits are `\w` but the underscore, which is blanked before tokenising. Quantifiers are
# possessive where giving back a character could not make a match: the engine keeps no trail of them.
_NUMBER = r"[$£€]?+\d++(?:[.,:]\d++)*%?(?!\w)"
_WORD = r"\w++(?:['-]\w++)*+"
TOKEN = re.compile(f"{_NUMBER}|{_WORD}|{SEPARATOR}")
_NUMBER_TOKEN = re.compile(_NUMBER)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def normalised(surface: str) -> str:
    """The form the scorer learns a token by: lower case, and numbers by their kind."""
    if not _NUMBER_TOKEN.fullmatch(surface):
        return surface.lower()
    if surface[0] in "$£€":
        return "<money>"
    if surface.endswith("%"):
        return "<percent>"
    return "<year>" if _YEAR.fullmatch(surface) else "<num>"


class _TypeIndex(dict[str, int]):
    """Numbers distinct tokens as they are first met (the separator is 0); `surfaces` lists them."""

    def __init__(self) -> None:
        super().__init__({SEPARATOR: 0})
        self.surfaces: list[str] = [SEPARATOR]

    def __missing__(self, surface: str) -> int:
        self[surface] = len(self.surfaces)
        self.surfaces.append(surface)
        return self[surface]


_SENTENCES_PER_SLICE = 500


@dataclass(frozen=True, slots=True)
class TokenBatch:
    """The tokens of a list of sentences, each sentence's tokens followed by one separator token.

    `type_of[i]` numbers token i among the distinct `surfaces`, whose `forms` are `normalised`;
    `sentence_of[i]` says whose it is.
    """

    texts: tuple[str, ...]
    joined: str  # the texts, each followed by SEPARATOR, with typographic apostrophes made plain
    surfaces: tuple[str, ...]
    forms: tuple[str, ...]
    type_of: IntArray
    sentence_of: IntArray
    is_word: BoolArray
    first_of_sentence: IntArray  # index of each sentence's first token (its separator if it has none)
    word_counts: IntArray

    @classmethod
    def of(cls, texts: Sequence[str]) -> TokenBatch:
        types = _TypeIndex()
        joined = SEPARATOR.join([*texts, ""]).replace("’", "'")
        blanked = joined.replace("_", " ")
        # In slices of whole sentences: one findall over a 5 MB article would hold the interpreter
        # for a fifth of a second, and the reader's keys with it while an article loads.
        lengths = [0, *accumulate(map(len, texts))]
        slices = [lengths[first] + first for first in range(0, len(texts), _SENTENCES_PER_SLICE)]
        # Each slice's tokens are numbered as soon as found, and freed before the next slice is read.
        found = (TOKEN.findall(blanked, start, end) for start, end in pairwise([*slices, len(joined)]))
        type_of = np.fromiter(map(types.__getitem__, chain.from_iterable(found)), dtype=np.int64)
        # Copied side by side (no token holds a space): as findall made them, the first of each token
        # lies scattered among the many it freed, and every pass over them would miss the cache.
        surfaces = tuple(" ".join(types.surfaces).split(" "))
        is_separator = type_of == 0
        sentence_of = np.cumsum(is_separator) - is_separator
        separators = np.flatnonzero(is_separator)
        first_of_sentence = np.concatenate(([0], separators + 1))[:-1]
        return cls(
            tuple(texts),
            joined,
            surfaces,
            tuple(map(normalised, surfaces)),
            type_of,
            sentence_of,
            ~is_separator,
            first_of_sentence,
            separators - first_of_sentence,
        )

    def per_type(self, flags: Sequence[bool] | BoolArray) -> BoolArray:
        """A property of each distinct token (given for `surfaces`), spread over every token."""
        return np.asarray(flags, dtype=bool)[self.type_of]

    def any_per_sentence(self, token_flags: BoolArray) -> BoolArray:
        """Whether any token of each sentence has the flag."""
        return np.bincount(self.sentence_of[token_flags], minlength=len(self.texts)) > 0

    def count_per_sentence(self, token_flags: BoolArray) -> IntArray:
        return np.bincount(self.sentence_of[token_flags], minlength=len(self.texts))
