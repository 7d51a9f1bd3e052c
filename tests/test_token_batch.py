"""Tokenising many texts at once, held to the plain way of one token at a time."""

from __future__ import annotations

import random
import re
import sys

import pytest

from tui.text.token_batch import TokenBatch, normalised

CHARACTERS = [chr(code) for code in range(1, sys.maxunicode + 1)]


def test_no_character_lowers_to_or_from_a_number_character_or_a_space() -> None:
    # Distinct tokens are lowered and their numbers named joined by spaces (see `_normalised_all`).
    number_or_space = re.compile(r"[\d$£€.,:% ]")
    for character in CHARACTERS:
        lowered = character.lower()
        if number_or_space.search(character) or number_or_space.search(lowered):
            assert lowered == character, hex(ord(character))


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["1", "19", "2024", "1999", "1.5", "3,000", "12:30", "40%", "$5", "£1.2", "€3%", "$", "%", "5x", "x5"]
    pieces += ["Σ", "ΟΔΟΣ", "ʰΣ", "Aʰ", "'Σ'", "İ", "Straße", "DON'T", "don’t", "a-b", "_", "١٢٣", "²", "—", "“Hi”"]
    pieces += ["".join(rng.choice(CHARACTERS[:0x3000]) for _ in range(rng.randint(1, 4))) for _ in range(200)]
    joiners = [" ", "", "-", ".", "  ", "\u00a0", "\n"]
    return ["".join(rng.choice(pieces) + rng.choice(joiners) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_the_forms_and_lowered_tokens_of_a_batch_are_those_of_each_token_alone() -> None:
    batch = TokenBatch.of(_random_texts(3_000, 11))
    assert batch.forms == tuple(normalised(surface) for surface in batch.surfaces)
    assert batch.lowered == tuple(surface.lower() for surface in batch.surfaces)
    assert {"<money>", "<percent>", "<year>", "<num>"} <= set(batch.forms)


def test_the_spellings_made_a_few_types_at_a_time_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # The distinct tokens are joined, lowered and named a slice at a time (one call over a huge
    # vocabulary would hold the interpreter, and the reader's keys).
    from tui.text import token_batch

    texts = _random_texts(500, 12)
    whole = TokenBatch.of(texts)
    monkeypatch.setattr(token_batch, "TYPES_PER_SLICE", 7)
    assert TokenBatch.of(texts)[1:4] == whole[1:4]


def test_the_tokens_of_a_batch_are_the_pattern_s_over_each_text() -> None:
    # A piece of letters alone is taken as one word without the pattern: every character Python calls a
    # letter must be one the pattern reads as part of a word.
    from tui.text.token_batch import SEPARATOR, TOKEN

    letters = [character for character in CHARACTERS if character.isalpha()]
    rng = random.Random(13)
    texts = _random_texts(2_000, 14) + [
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(3_000)
    ]
    batch = TokenBatch.of(texts)
    tokens = [batch.surfaces[number] for number in batch.type_of]
    plain = [TOKEN.findall(text.replace("’", "'").replace("_", " ")) + [SEPARATOR] for text in texts]
    assert tokens == [token for text_tokens in plain for token in text_tokens]
