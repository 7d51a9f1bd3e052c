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


def _compiled_pieces() -> type:
    try:
        from tui.text._pieces import Numbering
    except ImportError:
        pytest.skip("tui.text._pieces is not built: the install found no C compiler (setup.py)")
    return Numbering


WHITE_SPACE = [character for character in CHARACTERS if character.isspace()]


def _texts_of_every_width(count: int, seed: int) -> list[str]:
    """Texts stored one, two and four bytes a character, with every white space, apostrophes and underscores."""
    rng = random.Random(seed)
    pieces = ["a", "ab", "é", "’", "'", "_", "x’s", "a_b", SEPARATOR_PIECE, "Σ", "字", "😀", "𝔘", "1.5", "ab’_cd"]
    pieces += ["".join(rng.choice(CHARACTERS[:0x3000]) for _ in range(rng.randint(1, 3))) for _ in range(3_000)]
    blanks = [*WHITE_SPACE, "", "_", "  "]
    return ["".join(rng.choice(pieces) + rng.choice(blanks) for _ in range(rng.randint(0, 9))) for _ in range(count)]


SEPARATOR_PIECE = "\x00"


def test_the_compiled_numbering_of_pieces_is_the_python_one() -> None:
    from tui.text.token_batch import SEPARATOR, PythonPieces

    compiled, python = _compiled_pieces()(), PythonPieces()
    texts = _texts_of_every_width(4_000, 21)
    # Numbering goes on from one call to the next, as the batch calls it a slice of texts at a time,
    # and far past the first table's size (1,024 slots).
    for first in range(0, len(texts), 700):
        part = texts[first : first + 700]
        assert compiled.number(part, SEPARATOR) == python.number(part, SEPARATOR)
    assert compiled.pieces == python.pieces
    assert len(compiled.pieces) > 2_000
    assert "’" not in "".join(compiled.pieces) and "_" not in "".join(compiled.pieces)


def test_the_compiled_numbering_takes_a_tuple_and_refuses_what_is_not_text() -> None:
    numbering = _compiled_pieces()()
    assert numbering.number(("a b", "b"), "\x00") == numbering.number(["a b", "b"], "\x00")
    with pytest.raises(TypeError):
        numbering.number(["a", b"b"], "\x00")


def test_a_batch_is_the_same_whether_its_pieces_are_numbered_in_c_or_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.text import token_batch

    _compiled_pieces()
    texts = _random_texts(2_000, 22) + _texts_of_every_width(1_000, 23)
    compiled = TokenBatch.of(texts)
    monkeypatch.setattr(token_batch, "Pieces", token_batch.PythonPieces)
    python = TokenBatch.of(texts)
    assert compiled.surfaces == python.surfaces
    assert compiled.type_of.tolist() == python.type_of.tolist()
    assert compiled.sentence_of.tolist() == python.sentence_of.tolist()
