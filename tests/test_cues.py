"""Cue detection's shortcuts, held to the plain way they stand for."""

from __future__ import annotations

import re
import string
import sys

from tui.text.cues import _OPENING_CUES, _sentences_joined, _text_marks

# Every character but the separator, which no canonical text holds.
CHARACTERS = [chr(code) for code in range(1, sys.maxunicode + 1)]


def test_only_a_dotted_capital_i_lengthens_when_lowered() -> None:
    assert [character for character in CHARACTERS if len(character.lower()) != 1] == ["İ"]


def test_a_lowered_character_is_in_a_class_of_an_opening_cue_only_if_the_character_is_case_ignored() -> None:
    # `_text_marks` looks case-insensitively for the cues in the texts as they are, and lowers only the
    # texts found: a lowered text that a cue opens must be among them.
    kept = [character for character in CHARACTERS if character != "İ"]
    spaced = "\x00".join(kept)  # the separator ends a final sigma's context, as a character alone
    lowered = spaced.lower()
    for pattern in (r"[^\w\x00]", r"\d", r"\s"):
        exactly = {found.start() for found in re.finditer(pattern, lowered)}
        loosely = {found.start() for found in re.finditer(pattern, spaced, re.IGNORECASE)}
        assert exactly <= loosely, pattern
    # A word stays a word and a mark a mark: a cue's closing \b is where it was.
    assert [found.start() for found in re.finditer(r"\w", lowered)] == [
        found.start() for found in re.finditer(r"\w", spaced)
    ]


def test_a_character_lowering_to_a_letter_or_mark_of_an_opening_cue_matches_it_case_ignored() -> None:
    literals = set(string.ascii_lowercase + "'. )")
    for character in CHARACTERS:
        if (lower := character.lower()) in literals:
            assert re.fullmatch(re.escape(lower), character, re.IGNORECASE), character


def test_opening_cues_are_those_of_each_text_lowered() -> None:
    texts = [
        "Sign up now",
        "SİGN UP now",
        "ſign up",
        "checK out this",
        "— 1. Don’t miss it",
        "  The 10 Best Places",
        "THE 17 THINGS",
        "ΣΣ sign up",
        "17 things",
        "Signs up",
        "",
        "Read more",
        "12) make sure",
    ]
    plainly: dict[str, dict[int, str]] = {name: {} for name in _OPENING_CUES}
    for number, text in enumerate(texts):
        for name, cue in _OPENING_CUES.items():
            if opened := cue.match(_sentences_joined([text]).lower()):
                plainly[name][number] = opened.group(1).strip()
    assert _text_marks(texts).openings == plainly
    assert plainly["call_to_action"] and plainly["listicle"]


def test_text_marks_are_those_of_each_text_read_alone() -> None:
    texts = ['Is it true?" ) ', "Why not ’", "Yes.’”", "", " \u2028", "Wow!\t", "(Up 50%)", "Ends so’ ’ ", "Σ?"]
    marks = _text_marks(texts)
    assert marks.asking.tolist() == [text.rstrip().rstrip("\"'”’)")[-1:] == "?" for text in texts]
    assert marks.percent.tolist() == ["%" in text for text in texts]
    assert marks.exclamation.tolist() == ["!" in text for text in texts]


def test_text_marks_of_many_texts_are_those_of_each_read_alone() -> None:
    # Several slices of texts thick with marks: a mark is looked for once per sentence, and a "?" that
    # does not end its text does not end the search for one that does.
    import random

    rng = random.Random(7)
    characters = "ab ?!%\"')”’\u00a0\t\n_"
    texts = ["".join(rng.choice(characters) for _ in range(rng.randint(0, 30))) for _ in range(3_000)]
    marks = _text_marks(texts)
    assert marks.asking.tolist() == [text.rstrip().rstrip("\"'”’)")[-1:] == "?" for text in texts]
    assert marks.percent.tolist() == ["%" in text for text in texts]
    assert marks.exclamation.tolist() == ["!" in text for text in texts]
