"""Anchoring: a tag finds its own text after the article changes, or says it is orphaned."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.annotations.anchoring import Status, make_anchor, resolve
from tui.text.claims import find_claims

# Real articles rarely repeat a sentence word for word, but often nearly: the same figure in
# another sentence, a quote repeated with one word changed. The generator makes both likely.
WORDS = st.sampled_from(
    "the council said that forty homes were flooded on monday after a river burst its banks while "
    "officials warned residents police army minister report camp prisoners fled troops withdrew "
    "syria turkey offensive kurdish forces 750 people militants islamic state afghanistan africa "
    "asia pacific moving fighters defeated spokesman told reporters on tuesday night".split()
)
SENTENCE = st.lists(WORDS, min_size=6, max_size=14).map(lambda words: " ".join(words).capitalize() + ".")


@st.composite
def articles(draw: st.DrawFn) -> list[str]:
    """Sentences, sometimes with a near-duplicate of one of them (one word changed) elsewhere."""
    sentences = draw(st.lists(SENTENCE, min_size=3, max_size=12))
    if draw(st.booleans()):
        original = draw(st.sampled_from(sentences)).rstrip(".").split(" ")
        at = draw(st.integers(0, len(original) - 1))
        original[at] = draw(WORDS)
        sentences.insert(draw(st.integers(0, len(sentences))), " ".join(original).capitalize() + ".")
    return sentences


ARTICLE = articles()


def layout(sentences: list[str], chosen: int) -> tuple[str, int, int]:
    text = " ".join(sentences)
    start = len(" ".join(sentences[:chosen])) + (1 if chosen else 0)
    return text, start, start + len(sentences[chosen])


def test_unchanged_text_stays_anchored() -> None:
    text = "Headline\n\nAt least 750 people fled the camp, officials said. Others stayed."
    start = text.index("At least")
    end = text.index(" Others")
    resolution = resolve(make_anchor(text, start, end), text)
    assert resolution.status is Status.ANCHORED and (resolution.start, resolution.end) == (start, end)


def test_moved_text_is_found_at_its_new_place() -> None:
    text = "Headline\n\nAt least 750 people fled the camp, officials said. Others stayed."
    start, end = text.index("At least"), text.index(" Others")
    anchor = make_anchor(text, start, end)
    edited = "Updated headline with more words\n\nA new first paragraph.\n\n" + text[10:]
    resolution = resolve(anchor, edited)
    assert resolution.status is Status.MOVED and not resolution.changed
    assert edited[resolution.start : resolution.end] == anchor.exact


def test_the_occurrence_with_matching_context_wins() -> None:
    text = "Alpha said yes. The vote passed. Beta said no. The vote passed. Gamma."
    second = text.index("The vote passed.", 20)
    anchor = make_anchor(text, second, second + len("The vote passed."))
    edited = "Intro. " + text
    resolution = resolve(anchor, edited)
    assert resolution.start == edited.index("The vote passed.", edited.index("Beta"))


def test_corrected_claim_moves_fuzzily_and_is_flagged_changed() -> None:
    text = "Intro line.\nAt least 750 people with suspected links to Islamic State have fled a camp.\nEnd line."
    start = text.index("At least")
    end = text.index("\nEnd")
    edited = text.replace("750 people", "780 people").replace("have fled", "fled")
    resolution = resolve(make_anchor(text, start, end), edited)
    assert resolution.status is Status.MOVED and resolution.changed
    assert "780 people" in resolution.text


def test_deleted_text_is_orphaned() -> None:
    text = "Intro line.\nAt least 750 people with suspected links to Islamic State have fled a camp.\nEnd line."
    start, end = text.index("At least"), text.index("\nEnd")
    edited = "Intro line.\nEnd line."
    assert resolve(make_anchor(text, start, end), edited).status is Status.ORPHANED


def test_a_similar_sentence_is_not_taken_for_a_deleted_one() -> None:
    kept = "A further 750 militants stay at the Shaddadi prison, the report says."
    text = (
        "Officials gave new figures.\nAt least 750 people with suspected links to Islamic State have fled a camp.\n"
        + kept
    )
    start = text.index("At least")
    end = text.index("\nA further")
    anchor = make_anchor(text, start, end)
    # The corrected article drops the sentence, and the line break and a word around it go too.
    edited = "Officials gave figures. " + kept
    assert resolve(anchor, edited).status is Status.ORPHANED


def test_a_corrected_claim_is_found_when_one_neighbour_changed_too() -> None:
    text = "Intro line.\nAt least 750 people with suspected links to Islamic State have fled a camp.\nEnd line."
    start, end = text.index("At least"), text.index("\nEnd")
    edited = "Intro line.\nAt least 780 people with suspected links to Islamic State fled a camp.\nA new ending."
    resolution = resolve(make_anchor(text, start, end), edited)
    assert resolution.status is Status.MOVED and resolution.changed
    assert resolution.text == "At least 780 people with suspected links to Islamic State fled a camp."


def test_a_reworded_claim_among_look_alike_sentences_is_found() -> None:
    sentences = [
        f"The national statistics office said inflation rose by {rate} percent in {year}, according to official figures."
        for rate, year in (("5.2", 2019), ("5.7", 2020), ("5.9", 2021))
    ]
    text = " ".join(sentences)
    start = text.index(sentences[1])
    anchor = make_anchor(text, start, start + len(sentences[1]))
    resolution = resolve(anchor, text.replace("5.7", "6.1"))
    assert resolution.status is Status.MOVED and resolution.changed
    assert resolution.text == sentences[1].replace("5.7", "6.1")


@settings(max_examples=150, deadline=None)
@given(ARTICLE, st.data())
def test_edits_away_from_the_span_keep_it_on_the_same_text(sentences: list[str], data: st.DataObject) -> None:
    chosen = data.draw(st.integers(0, len(sentences) - 1))
    text, start, end = layout(sentences, chosen)
    anchor = make_anchor(text, start, end)
    position = data.draw(st.sampled_from([0, start, end, len(text)]))
    insertion = data.draw(st.sampled_from(["", " Inserted words here.", "X", "\n\nA whole new paragraph. "]))
    cut = data.draw(st.integers(0, 5)) if position in (0, end) else 0
    if position == start:
        edited = text[:start] + insertion + text[start:]
    else:
        edited = text[:position] + insertion + text[position + cut :]
    resolution = resolve(anchor, edited)
    assert resolution.status in (Status.ANCHORED, Status.MOVED)
    assert edited[resolution.start : resolution.end] == anchor.exact


@settings(max_examples=150, deadline=None)
@given(ARTICLE, st.data())
def test_deleting_the_span_orphans_it_and_never_misplaces_it(sentences: list[str], data: st.DataObject) -> None:
    chosen = data.draw(st.integers(0, len(sentences) - 1))
    text, start, end = layout(sentences, chosen)
    anchor = make_anchor(text, start, end)
    edited = text[:start] + text[end:]
    resolution = resolve(anchor, edited)
    others = sentences[:chosen] + sentences[chosen + 1 :]
    if anchor.exact in others:
        # The very same words still stand elsewhere: taking them is right, anything else is not.
        assert resolution.status is Status.ORPHANED or resolution.text == anchor.exact
    else:
        assert resolution.status is Status.ORPHANED, resolution


def test_a_claim_with_one_character_corrected_anywhere_in_it_is_found_again(seeds: dict) -> None:
    """Its first letter, its last character, a digit in between: the tag follows, marked changed."""
    for article in seeds.values():
        for scored in find_claims(article):
            if not scored.is_claim:
                continue
            start, end = scored.sentence.start, scored.sentence.end
            anchor = make_anchor(article.text, start, end)
            for at in (start, end - 1, (start + end) // 2):
                old = article.text[at]
                if at == start and old.isalpha():
                    new = old.swapcase()  # a capital corrected, or a lower-case typo at the start
                else:
                    new = "Q" if old.isupper() else "q" if old.isalpha() else "7" if old.isdigit() else "!"
                if new == old:
                    continue
                corrected = article.text[:at] + new + article.text[at + 1 :]
                found = resolve(anchor, corrected)
                if corrected.count(corrected[start:end]) > 1 or article.text.count(anchor.exact) > 1:
                    continue  # the same text stands elsewhere too: finding that copy is right
                assert (found.status, found.start, found.end, found.changed) == (Status.MOVED, start, end, True), (
                    article.path.name,
                    at - start,
                    anchor.exact[:60],
                )
