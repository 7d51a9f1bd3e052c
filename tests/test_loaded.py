"""Loaded language: the phrases an article repeats unusually often, on the seeds and on made-up texts."""

from __future__ import annotations

import re
from pathlib import Path

from tui.text.article import Article
from tui.text.article_files import build_article
from tui.text.loaded_language import repeated_phrases


def article_of(text: str, name: str = "made_up.txt") -> Article:
    return build_article(Path(name), text, "utf-8")


def test_seed_002_hammers_backed_by_saudi_arabia(seeds: dict[str, Article]) -> None:
    article = seeds["002"]
    found = {phrase.phrase: phrase for phrase in repeated_phrases(article)}
    backed = found["backed by Saudi Arabia"]
    # Every time the article writes the phrase word for word (its misspelt variants are not it).
    expected = [match.span() for match in re.finditer("backed by Saudi Arabia", article.text)]
    assert backed.count == len(expected) >= 7
    assert [(span.start, span.end) for span in backed.spans] == expected
    # The longest phrase only, not its parts as well.
    assert not {"backed by Saudi", "by Saudi Arabia", "Saudi Arabia"} & found.keys()


NAMES = """Donald Trump flew to Saudi Arabia on Saturday.
Officials in Saudi Arabia said Donald Trump would stay two nights.
Donald Trump praised the crown prince of Saudi Arabia at a banquet.
Critics asked why Donald Trump chose Saudi Arabia for his first trip abroad.
Saudi Arabia signed arms deals worth billions during the visit by Donald Trump.
Protesters outside the embassy of Saudi Arabia in London carried pictures of Donald Trump.
Donald Trump told reporters that Saudi Arabia was a valued partner.
Oil prices rose as Donald Trump and the king of Saudi Arabia spoke about supply.
The press office of Donald Trump released photographs from Saudi Arabia.
Donald Trump left Saudi Arabia for Israel on Monday."""

CRACKDOWN = """The brutal regime crackdown began at dawn.
Witnesses described the brutal regime crackdown in detail.
Nobody expected the brutal regime crackdown to last a month.
A doctor treated victims of the brutal regime crackdown.
After the brutal regime crackdown, the square stood empty."""

# Where "backed by foreign money" sits: different words before and after each time.
MONEY = [
    ("The rebels were", "from the start."),
    ("Every militia in the valley is", ", a diplomat said."),
    ("Critics say the party was", "."),
    ("The newspaper, itself", ", denied it."),
    ("Local councils were", "as well."),
    ("Even the football club is", ", according to leaks."),
]


def test_plain_names_repeated_are_news_not_loaded_language() -> None:
    assert NAMES.count("Donald Trump") == NAMES.count("Saudi Arabia") == 10
    assert repeated_phrases(article_of(NAMES.replace("\n", "\n\n"))) == []


def test_a_phrase_with_a_characterising_word_is_surfaced_and_where_it_is() -> None:
    text = CRACKDOWN.replace("\n", "\n\n")
    [phrase] = repeated_phrases(article_of(text))
    assert (phrase.phrase, phrase.count) == ("brutal regime crackdown", 5)
    assert [text[span.start : span.end] for span in phrase.spans] == ["brutal regime crackdown"] * 5
    assert [span.start for span in phrase.spans] == [m.start() for m in re.finditer("brutal regime crackdown", text)]


def test_texts_without_repetition_surface_nothing(seeds: dict[str, Article]) -> None:
    for name in ("000", "001", "003", "004"):
        assert repeated_phrases(seeds[name]) == [], name


def money(joint: str) -> str:
    return "\n\n".join(f"{before} backed by foreign{joint}money {after}" for before, after in MONEY)


def test_a_phrase_split_by_a_paragraph_break_or_punctuation_does_not_count() -> None:
    assert [phrase.phrase for phrase in repeated_phrases(article_of(money(" ")))] == ["backed by foreign money"]
    for joint in ("\n\n", ". ", ", "):
        # What stays repeated on either side is only the part before the break.
        assert [phrase.phrase for phrase in repeated_phrases(article_of(money(joint)))] == ["backed by foreign"]
    # Quotation marks and a single line break (hard wrapping) inside a paragraph do not break it.
    for joint in ("\n", " “", "” "):
        assert [phrase.phrase for phrase in repeated_phrases(article_of(money(joint)))] == ["backed by foreign money"]


def test_boilerplate_is_not_read(seeds: dict[str, Article]) -> None:
    comments = "\n\n".join(f"{name}: the lying mainstream media hides the truth about floods." for name in "ABCDEFGH")
    article = article_of(f"{seeds['000'].text}\n\nLeave a comment\n\n{comments}\n")
    assert any(furniture.kind == "comment thread" for furniture in article.boilerplate)
    assert repeated_phrases(article) == []
    # The same lines as the article's own text are a refrain, reported whole.
    assert [p.phrase for p in repeated_phrases(article_of(f"{seeds['000'].text}\n\n{comments}\n"))] == [
        "lying mainstream media hides the truth about floods"
    ]


def test_a_corpus_tells_a_shared_expression_from_one_outlets_refrain() -> None:
    refrain = "\n\n".join(f"On day {n} the so-called peace envoy arrived, backed by hostile powers." for n in range(5))
    outlet = article_of(refrain, "outlet.txt")
    others = [
        article_of(f"Story {n}: a so-called peace envoy arrived in the capital on Monday.", f"other{n}.txt")
        for n in range(3)
    ]
    alone = {phrase.phrase for phrase in repeated_phrases(outlet)}
    assert {"so-called peace envoy arrived", "backed by hostile powers"} <= alone
    weighed = {phrase.phrase: phrase.elsewhere for phrase in repeated_phrases(outlet, [outlet, *others])}
    # Every other article uses the first: common currency, dropped. Nobody else says the second.
    assert weighed == {"backed by hostile powers": 0}


def test_what_each_seed_surfaces(seeds: dict[str, Article]) -> None:
    surfaced = {
        name: [(p.phrase, p.count) for p in repeated_phrases(article, list(seeds.values()))]
        for name, article in seeds.items()
    }
    print(surfaced)  # shown with -s: the list a reviewer judges the signal by
    assert [phrase for phrase, _ in surfaced["002"]] == ["Daesh terrorists", "backed by Saudi Arabia"]
