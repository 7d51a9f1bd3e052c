"""Tokenising many texts at once, held to the plain way of one token at a time."""

from __future__ import annotations

import random
import re
import sys

import numpy as np
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


def _compiled_types() -> type:
    try:
        from tui.text._tokens import Types
    except ImportError:
        pytest.skip("tui.text._tokens is not built: the install found no C compiler (setup.py)")
    return Types


WHITE_SPACE = [character for character in CHARACTERS if character.isspace()]
DIGITS = [character for character in CHARACTERS if character.isdecimal()]
NUMERIC_NOT_DECIMAL = [character for character in CHARACTERS if character.isnumeric() and not character.isdecimal()]


def _texts_of_every_width(count: int, seed: int) -> list[str]:
    """Texts stored one, two and four bytes a character: numbers in every script's digits, with and
    without currency, groups and "%"; words joined by apostrophes (both) and hyphens; every white space,
    underscores and the separator itself inside a text."""
    rng = random.Random(seed)
    marks = ["$", "£", "€", ".", ",", ":", "%", "'", "’", "-", "_", "\x00", "¢"]
    characters = DIGITS + NUMERIC_NOT_DECIMAL + marks * 40 + ["a", "B", "é", "Σ", "字", "𝔘", "😀"] * 30
    pieces = ["".join(rng.choice(characters) for _ in range(rng.randint(1, 6))) for _ in range(3_000)]
    pieces += ["".join(rng.choice(CHARACTERS) for _ in range(rng.randint(1, 3))) for _ in range(1_000)]
    blanks = [*WHITE_SPACE, "", "", "", "_"]
    return ["".join(rng.choice(pieces) + rng.choice(blanks) for _ in range(rng.randint(0, 9))) for _ in range(count)]


def test_the_compiled_tokens_are_the_pattern_s_and_numbered_as_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.text import token_batch

    _compiled_types()
    texts = _texts_of_every_width(6_000, 21) + _random_texts(2_000, 22)
    # The numbering goes on from one slice of texts to the next, and far past the first table (1,024 slots).
    monkeypatch.setattr(token_batch, "TEXTS_PER_SLICE", 700)
    compiled_of, compiled_types = token_batch.compiled_type_numbers(texts)
    python_of, python_types = token_batch.python_type_numbers(texts)
    assert compiled_types == python_types
    assert compiled_of.tolist() == python_of.tolist()
    assert len(compiled_types) > 5_000
    # Every kind of token is there: numbers with currency, groups and "%", and words joined by "'" and "-".
    assert {"<money>", "<percent>", "<num>"} <= set(map(token_batch.normalised, compiled_types))
    assert any("'" in token and token[0].isalnum() for token in compiled_types)
    assert "’" not in "".join(compiled_types) and "_" not in "".join(compiled_types)


@pytest.mark.parametrize(
    "text", ["3.5x", "1,000abc", "12.5.abc", "40%x", "40%", "$$5", "$x", "5x", "a-'b", "x’s’", "٣.٤%"]
)
def test_the_compiled_tokens_give_back_what_the_pattern_gives_back(text: str) -> None:
    # A number's groups and "%" are given back one at a time until no word character follows.
    from tui.text.token_batch import SEPARATOR, TOKEN

    numbering = _compiled_types()(SEPARATOR)
    found = np.frombuffer(numbering.number([text]), dtype=np.int64)
    assert [numbering.types[number] for number in found] == [*TOKEN.findall(text.replace("’", "'")), SEPARATOR]


def test_the_compiled_tokens_refuse_a_separator_that_could_begin_a_token_and_what_is_not_text() -> None:
    types = _compiled_types()
    for separator in ("", "ab", "a", "1", "_", "$", "’", "'", "-", ".", ",", ":", "%", " ", "\u00a0"):
        with pytest.raises(ValueError):
            types(separator)
    numbering = types("\x00")
    assert numbering.number(("a b", "b")) == types("\x00").number(["a b", "b"])
    # A refused call numbers nothing: the texts are all checked first.
    with pytest.raises(TypeError):
        numbering.number(["brand new", b"b"])
    assert numbering.types == ["\x00", "a", "b"]


def test_the_compiled_types_handed_out_are_a_copy() -> None:
    # The table relies on its own list: changing the one handed out must change nothing.
    numbering = _compiled_types()("\x00")
    numbering.number(["one two"])
    handed_out = numbering.types
    handed_out.clear()
    handed_out.extend(["x"] * 5_000)
    assert np.frombuffer(numbering.number(["two three"]), dtype=np.int64).tolist() == [2, 3, 0]
    assert numbering.types == ["\x00", "one", "two", "three"]


def test_a_batch_is_the_same_whether_its_tokens_are_numbered_in_c_or_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.text import token_batch

    _compiled_types()
    texts = _random_texts(2_000, 23) + _texts_of_every_width(1_000, 24)
    compiled = TokenBatch.of(texts)
    monkeypatch.setattr(token_batch, "type_numbers", token_batch.python_type_numbers)
    python = TokenBatch.of(texts)
    assert compiled[1:4] == python[1:4]
    for compiled_array, python_array in zip(compiled[4:], python[4:], strict=True):
        assert compiled_array.tolist() == python_array.tolist()
