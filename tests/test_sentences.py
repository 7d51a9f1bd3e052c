"""Sentence splitting: exact offsets always, and the boundaries that matter in news text."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from tui.text.article_files import canonical_text
from tui.text.sentences import _NEVER_FINAL as _NEVER_FINAL_PATTERN
from tui.text.sentences import split_sentences


def texts_of(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


_ALPHABET = st.sampled_from(
    list("abcXYZ .,!?;:\"'“”‘’()—–-\n\t0123456789$%") + ["\u00a0", "Mr.", "Gen.", "U.S.", "é", "😀", "\u2028", "  "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join) | st.text(max_size=200))
def test_every_sentence_slices_back_exactly(raw: str) -> None:
    text = canonical_text(raw)
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        sentence = text[span.start : span.end]
        assert sentence and sentence == sentence.strip()
        assert previous_end <= span.start < span.end <= len(text)
        previous_end = span.end
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


def _split_alone(paragraphs: list[str]) -> list[str]:
    """Each paragraph's sentences, each of its units split in a blingfire call of its own."""
    with patch("tui.text.sentences._BATCH_CHARS", 0):
        return [sentence for paragraph in paragraphs for sentence in texts_of(canonical_text(paragraph))]


_PARAGRAPH = st.lists(
    _ALPHABET
    | st.sampled_from([" --", ". --", " ?", "\u2029", "Then one. --", "Good. Good. Great people.", " (", "٫"])
    | st.sampled_from(["\u200b", "\u200e", "\ufeff", "\u2060", "。", "！", "？", "€", "日本"]),  # blanks, stops
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=2, max_size=8))
def test_paragraphs_split_together_as_each_splits_alone(paragraphs: list[str]) -> None:
    """Units are split many to a call of the sentence breaker: what lies around a paragraph must not change
    its sentences (as at the end of a text, where "--" after a full stop is a sentence of its own)."""
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    assert texts_of(canonical_text("\n\n".join(paragraphs))) == _split_alone(paragraphs)


def test_punctuation_closing_a_paragraph_splits_as_at_the_end_of_a_text() -> None:
    paragraphs = ["Fine.", "Good. Good. Great people.", "Then one. --", "Is it true? --", "Price: 5 ٫", "Fine."]
    paragraphs += ["It rose.\u200b--", "Prices rose in May.\u200e", "It rose.。--", "Fine."]
    paragraphs += paragraphs[1:4]  # a page repeats itself: each distinct unit is split once, and found at each place
    assert texts_of("\n\n".join(paragraphs)) == _split_alone(paragraphs)
    assert texts_of("Then one. --\n\nGood. Good. Great people.") == ["Then one.", "--", "Good. Good.", "Great people."]


def test_a_unit_the_splitter_fails_on_is_one_sentence_trimmed() -> None:
    def failing(text: str) -> list[str]:
        raise RuntimeError("the splitter failed")

    page = "  Indented headline\n\nBody text here. More text.\n   Another indented line  \n"
    with patch("tui.text.sentences.sentences", failing):
        assert texts_of(page) == ["Indented headline", "Body text here. More text.", "Another indented line"]


def test_headlines_and_short_lines_are_their_own_units() -> None:
    text = "Iran, Russia on Target\n\nOn June 20, the Pentagon issued a report.\nSupport SouthFront\nNotify of"
    assert texts_of(text) == [
        "Iran, Russia on Target",
        "On June 20, the Pentagon issued a report.",
        "Support SouthFront",
        "Notify of",
    ]


def test_titles_and_abbreviations_do_not_end_sentences() -> None:
    text = "The head of the CIS Col. Gen. Andrey Novikov has warned. Mr. Smith paid $2.5 million. Then he left."
    assert texts_of(text) == [
        "The head of the CIS Col. Gen. Andrey Novikov has warned.",
        "Mr. Smith paid $2.5 million.",
        "Then he left.",
    ]


def test_quotes_stay_with_their_sentence(seeds) -> None:
    text = seeds["003"].text
    sentences = texts_of(text)
    assert "De-facto, they train there,” Gerasimov said." in sentences
    assert "“Their task is to destabilize the situation." in sentences
    assert any(s.endswith("but sustained serious losses.”") for s in sentences)
    assert not any(s.startswith("”") for s in sentences)


def test_break_after_non_breaking_space(seeds) -> None:
    sentences = texts_of(seeds["003"].text)
    assert "Gerasimov revealed that\u00a0about 750 militants stay at Shaddadi and some 350 – in Al-Tanf." in sentences


def test_hard_wrapped_paragraph_is_joined_but_headline_is_not() -> None:
    text = (
        "Council Votes To Close Two Libraries After Long And Heated Budget Debate\n"
        "The council voted on Tuesday to close two of the city's libraries, saying\n"
        "the budget left no other choice. Campaigners said they would appeal.\n"
    )
    assert texts_of(text) == [
        "Council Votes To Close Two Libraries After Long And Heated Budget Debate",
        "The council voted on Tuesday to close two of the city's libraries, saying\nthe budget left no other choice.",
        "Campaigners said they would appeal.",
    ]


def test_markdown_list_items_are_separate() -> None:
    text = "Key figures from the report\n- 40 homes were flooded\n- 12 roads closed\n# Next steps"
    assert texts_of(text) == [
        "Key figures from the report",
        "- 40 homes were flooded",
        "- 12 roads closed",
        "# Next steps",
    ]


def test_the_breaker_called_directly_splits_as_the_blingfire_package_does() -> None:
    import blingfire  # the package's own module, which claimdesk does not load (it imports numpy)

    from tui.text.sentence_breaker import sentence_offsets, sentences

    paragraphs = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text().split("\n") if line.strip()]
    paragraphs.append("Héllo wörld. Ça va?  Oui   très bien. 日本語の文。次の文です。 Emoji 😀 here. And more.")
    for paragraph in paragraphs:
        assert sentences(paragraph) == blingfire.text_to_sentences(paragraph).split("\n")
        assert sentence_offsets(paragraph) == blingfire.text_to_sentences_and_offsets(paragraph)[1]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[\s\S]{0,40}(?:Mr|Gen|approx|Supt|vs|[A-Z])\.") | st.from_regex(_NEVER_FINAL_PATTERN))
def test_a_title_is_found_at_the_end_of_a_sentence_of_any_length(text: str) -> None:
    """`_never_final` reads only the sentence's last characters: it must agree with the pattern on the whole."""
    from tui.text.sentences import _NEVER_FINAL, _never_final

    if text.endswith("."):
        assert _never_final(text, 0, len(text)) == bool(_NEVER_FINAL.search(text))
