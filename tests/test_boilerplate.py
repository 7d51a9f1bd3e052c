"""Boilerplate: every kind of page furniture in the seeds, and the same shapes on unseen pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from tui.text.article import Article
from tui.text.boilerplate import (
    APPEAL,
    COMMENTS,
    CREDIT,
    DATELINE,
    IMAGE,
    LEFTOVER,
    PRICES,
    REPEATED_TITLE,
    SITE_NAME,
    SUPPORT,
    TEASER,
    find_boilerplate,
    is_boilerplate_line,
)
from tui.text.claims import find_claims


def flagged(article: Article, kind: str) -> list[str]:
    return [article.text[b.start : b.end] for b in article.boilerplate if b.kind == kind]


def test_comment_thread_is_flagged_to_the_end(seeds) -> None:
    article = seeds["003"]
    [thread] = flagged(article, COMMENTS)
    assert thread.startswith("Notify of")
    assert "leon mc pilibin" in thread and "John Brown" in thread
    assert thread.endswith("Would love your thoughts, please comment.x")


def test_donation_appeal_price_ladder_and_support_lines(seeds) -> None:
    [appeal] = flagged(seeds["001"], APPEAL)
    assert appeal.startswith("A Message from The Moscow Times:")
    assert "We are facing unprecedented challenges." in appeal
    assert appeal.endswith("Thank you for standing with us.")
    assert "Remind me later." in [seeds["001"].text[b.start : b.end] for b in seeds["001"].boilerplate]
    assert flagged(seeds["003"], PRICES) == ["0 $", "2,500 $", "5,000 $", "1,360 $"]
    assert flagged(seeds["003"], DATELINE) == ["JUNE 2021"]
    assert flagged(seeds["003"], SUPPORT) == ["Support SouthFront", "Support SouthFront"]


def test_site_names_images_credits_leftovers_and_repeated_titles(seeds) -> None:
    assert flagged(seeds["004"], SITE_NAME) == ["JustPaste.it"]
    assert flagged(seeds["004"], IMAGE) == ["406c3147d4f2f124425a6f4bf33b7d15.png"]
    assert flagged(seeds["003"], CREDIT) == ["Goran Tomasevic—Reuters"]
    assert flagged(seeds["002"], LEFTOVER) == ["Source # Website"]
    assert flagged(seeds["004"], REPEATED_TITLE) == [seeds["004"].title]
    [repeat] = flagged(seeds["003"], REPEATED_TITLE)
    assert repeat.startswith("ISIS Members Flee To Libya") and "Group's Collapse" in repeat


def test_related_article_teasers_in_the_body(seeds) -> None:
    teasers = flagged(seeds["000"], TEASER)
    assert [t.split()[0] for t in teasers] == ["Malaysia", "Pakistan,", "Syrian"]
    assert "ISIS Militants On Move" not in teasers


def test_article_text_is_not_flagged(seeds) -> None:
    for article in seeds.values():
        for scored in find_claims(article):
            if "750" in scored.sentence.text or "Shoigu said" in scored.sentence.text:
                assert not scored.sentence.boilerplate
    assert not flagged(seeds["000"], COMMENTS) and not flagged(seeds["002"], APPEAL)


def test_no_claim_is_proposed_inside_boilerplate(seeds) -> None:
    for article in seeds.values():
        spans = [b.span for b in article.boilerplate]
        for scored in find_claims(article):
            if scored.is_claim:
                inside = sum(scored.sentence.start < s.end and s.start < scored.sentence.end for s in spans)
                assert not scored.sentence.boilerplate and not inside, scored.sentence.text


UNSEEN_PAGE = """\
dailyherald.co.uk

Flood Barrier Fails As River Reaches Record Height

Flood Barrier Fails As River Reaches Record Height

Published 3 hours ago

Water poured through the barrier at Eastgate on Sunday, flooding 40 homes, the council said.
crowd_eastgate_2024.JPG
Residents were evacuated overnight, according to the fire service.

Sign up for our morning newsletter
Support The Herald

Before you go…
Dear reader,
Independent journalism costs money. Your support keeps our reporters on the ground.
Make a donation today, or become a supporter from just £3 a month.

12 Comments
Jane from Leeds
This happens every year and nobody learns anything.
"""


def test_the_same_shapes_are_found_on_a_page_never_seen() -> None:
    furniture = {UNSEEN_PAGE[b.start : b.end]: b.kind for b in find_boilerplate(UNSEEN_PAGE)}
    kinds = sorted(set(furniture.values()))
    assert furniture["dailyherald.co.uk"] == SITE_NAME
    assert furniture["crowd_eastgate_2024.JPG"] == IMAGE
    assert furniture["Support The Herald"] == SUPPORT
    assert any(kind == REPEATED_TITLE for kind in kinds)
    assert any(text.startswith("Dear reader,") and kind == APPEAL for text, kind in furniture.items())
    assert any(text.startswith("12 Comments") and text.rstrip().endswith("learns anything.") for text in furniture)
    body = [text for text in furniture if "Water poured" in text or "evacuated overnight" in text]
    assert body == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Remind me later.", True),
        ("Would love your thoughts, please comment.", True),
        ("Share this article", True),
        ("1,360 $", True),
        ("At least 750 people fled the camp, officials said.", False),
        ("Support for the bill fell to 40 percent in March.", False),
        ("Video footage showed police officers entering the building.", False),
    ],
)
def test_single_lines_judged_without_their_page(line: str, expected: bool) -> None:
    assert is_boilerplate_line(line) is expected


# The rules are tried only where cheap facts of a line allow a match (its first or last character, a
# word it must hold). Each gate is written beside its pattern; these tests hold every gate to every
# line its pattern matches, so a pattern given a new alternative cannot be silently shut out.
_GATED_WHOLE_LINE_RULES = ["_PRICE", "_IMAGE", "_DOMAIN", "_DATELINE", "_LEFTOVER"]


@pytest.mark.parametrize("name", _GATED_WHOLE_LINE_RULES)
def test_a_line_a_whole_line_rule_matches_is_never_kept_from_it_by_its_gate(name: str) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text import boilerplate
    from tui.text.boilerplate import classify_line

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(getattr(boilerplate, name), fullmatch=True))
    def holds(line: str) -> None:
        assert classify_line(line) is not None

    holds()


def test_every_appeal_cue_and_header_passes_its_gate() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text import boilerplate

    @settings(max_examples=400, deadline=None)
    # One line: a newline around the cue is a space, which reads the same to its `\s` and `\b`.
    @given(st.from_regex(boilerplate._APPEAL_CUE).map(lambda text: text.replace("\n", " ")))
    def cue(line: str) -> None:
        assert line in boilerplate._may_hold_cue(line)

    @settings(max_examples=200, deadline=None)
    @given(st.from_regex(boilerplate._APPEAL_HEADER, fullmatch=True))
    def header(line: str) -> None:
        assert line[:1] in boilerplate._APPEAL_HEADER_LEADS

    cue()
    header()


def test_every_credit_holds_a_mark_and_every_furniture_phrase_passes_the_lookahead() -> None:
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text import boilerplate

    @settings(max_examples=300, deadline=None)
    # One line of a page: the newlines the pattern allows around the credit are spaces.
    @given(st.from_regex(boilerplate._AGENCY_CREDIT).map(lambda text: text.replace("\n", " ")))
    def credit(line: str) -> None:
        assert line in boilerplate._lines_holding(line, line, boilerplate._CREDIT_MARKS)

    lookahead = re.search(r"\(\?=\[[a-z]+\]\)", boilerplate._FURNITURE.pattern)
    assert lookahead is not None
    unguarded = re.compile(boilerplate._FURNITURE.pattern.replace(lookahead.group(), ""), boilerplate._FURNITURE.flags)

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(unguarded))
    def phrase(line: str) -> None:
        assert boilerplate._FURNITURE.search(line)

    credit()
    phrase()


def test_a_credit_closing_a_line_is_the_one_the_search_from_each_position_finds() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text import boilerplate

    def searched(line: str) -> tuple[int, int] | None:
        match = boilerplate._AGENCY_CREDIT.search(line)
        return match.span(1) if match and match.start(1) > 0 else None

    after_a_sentence = st.from_regex(rf"[^\n]{{0,30}}[.!?”\"]\s+{boilerplate._CREDIT}", fullmatch=True)

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(st.from_regex(boilerplate._AGENCY_CREDIT), after_a_sentence))
    def closing(line: str) -> None:
        assert boilerplate._credit_inside(line) == searched(line)

    closing()


def test_every_note_and_byline_passes_its_gate() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text import boilerplate

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(boilerplate._NOTE_IN_LINE, fullmatch=True), st.text(max_size=20))
    def note(opening: str, rest: str) -> None:
        assert boilerplate._has_note(opening + rest)

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(boilerplate._BYLINE, fullmatch=True))
    def byline(line: str) -> None:
        assert boilerplate._may_be_byline(line)

    note()
    byline()
    for phrase in ("Contributed to this report", "FORWARD-LOOKING STATEMENTS"):  # as far in as a note can begin
        assert boilerplate._has_note("x" * 119 + " " + phrase)


# The cues whose word counts only as the cue goes on from it (see _APPEAL_CUE_CONTEXTS), as the cue
# pattern writes them.
_CUES_WITH_A_CONTEXT = [
    r"become\s+a\s+(?:supporter|member|patron|subscriber)",
    r"we\s+need\s+your\s+(?:help|support)",
    r"starting\s+(?:from|at)\s+(?:just\s+)?[$€£]",
    r"support\s+us",
    r"support\s+\w+\s+monthly",
    r"by\s+supporting",
    r"your\s+support",
    r"(?:monthly|one-time|recurring|annual)\s+(?:support|gift|donation|payment)",
    r"per\s+month",
    r"a\s+month\b",
    r"independent\s+journalism",
]


@pytest.mark.parametrize("cue", _CUES_WITH_A_CONTEXT)
def test_a_cue_whose_word_has_a_context_passes_the_gate_in_any_spacing_and_case(cue: str) -> None:
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text import boilerplate

    assert cue in boilerplate._APPEAL_CUE.pattern

    @settings(max_examples=300, deadline=None)
    # One line: a newline in the cue's spaces is a space, which reads the same to its `\s`.
    @given(st.from_regex(re.compile(cue, re.IGNORECASE), fullmatch=True).map(lambda text: text.replace("\n", " ")))
    def passes(line: str) -> None:
        assert line in boilerplate._may_hold_cue(line)

    passes()


@pytest.mark.parametrize("cue", ["by supporting", "Your  support", "per\tmonth", "a month", "independent journalism"])
def test_a_cue_after_a_long_run_of_spaces_passes_the_gate(cue: str) -> None:
    from tui.text import boilerplate

    before, word = cue.split(maxsplit=1)
    for spaces in (1, 60, 63, 64, 65, 200):
        for opening in ("", "x" * 100 + " "):
            line = opening + before + " " * spaces + word
            assert line in boilerplate._may_hold_cue(line), (opening, spaces)


def test_a_line_of_text_not_in_ascii_after_support_is_read_in_linear_time(tmp_path) -> None:
    # The appeal-cue gate reads the page folded to ASCII, where a letter or a space that is not ASCII is
    # "?": a pattern backtracking over such a run took 27 s for 4,000 Chinese characters after "support"
    # (the runner stops a command after two minutes); read once, it takes milliseconds.
    from tests.cli_runner import run_in_process

    page = tmp_path / "chinese.txt"
    chinese = "中文新闻报道" * 3_000
    page.write_text(
        f"A headline for the page\n\nSupport {chinese}\n\nSupport us{chinese}\n\nsupport {'? ' * 9_000}\n",
        encoding="utf-8",
    )
    result = run_in_process("claims", str(page), "--all")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") >= 3


def _compiled_starts() -> Callable[[bytes, Sequence[bytes]], list[list[int]]]:
    try:
        from tui.text._needles import starts
    except ImportError:
        pytest.skip("tui.text._needles is not built: the install found no C compiler (setup.py)")
    return starts


def test_the_compiled_search_finds_every_needle_where_find_does() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text.boilerplate import _APPEAL_CUE_WORDS, _python_starts

    starts = _compiled_starts()
    alphabet = st.sampled_from([b"a", b"b", b"ab", b"ba", b"\n", b" ", b"\xff", b"need", b"month", b"su", b"support"])

    @settings(max_examples=400, deadline=None)
    @given(
        st.lists(alphabet, max_size=40).map(b"".join),
        st.lists(st.sampled_from([b"a", b"ab", b"aba", b"b\n", b"\xff", b"need", *_APPEAL_CUE_WORDS]), max_size=6),
    )
    def same(haystack: bytes, needles: list[bytes]) -> None:
        # Overlapping ones included ("aba" twice in "ababa"), one byte or longer than the haystack.
        assert starts(haystack, needles) == [list(found) for found in _python_starts(haystack, needles)]

    same()
    assert starts(b"ababa", [b"aba", b"a", b"abab" * 3]) == [[0, 2], [0, 2, 4], []]


def test_the_compiled_search_refuses_an_empty_needle_or_one_that_is_not_bytes() -> None:
    starts = _compiled_starts()
    for needles in ([b""], ["a"], [b"a", 1]):
        with pytest.raises(TypeError):
            starts(b"abc", needles)


def test_a_page_s_appeal_cues_are_the_same_found_in_c_or_in_python(monkeypatch: pytest.MonkeyPatch, seeds) -> None:
    from tui.text import boilerplate

    _compiled_starts()
    pages = [article.text for article in seeds.values()] + [
        "Support us today.\nWe need your support: become a member.\nA monthly gift of $5\nSupport\n" * 3
    ]
    compiled = [boilerplate.find_boilerplate(page) for page in pages]
    monkeypatch.setattr(boilerplate, "_bytes_starts", boilerplate._python_starts)
    assert [boilerplate.find_boilerplate(page) for page in pages] == compiled
    assert any(piece.kind == boilerplate.APPEAL for found in compiled for piece in found)


def test_a_long_line_ending_a_sentence_is_judged_as_in_full() -> None:
    # _judge passes over most lines of a page by their first and last characters: never where a rule
    # read in full would have found furniture, a credit or a teaser.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text import boilerplate

    words = st.lists(
        st.sampled_from(["the", "Minister", "said", "12", "$5", "per", "Share", "Photo:", "—"]), min_size=20
    )
    shapes = [boilerplate._PRICE, boilerplate._LEFTOVER, boilerplate._AGENCY_CREDIT, re.compile(r"We use cookies \w+")]
    openings = st.one_of(st.sampled_from(["", "$", "€", "5", "W", "w", "By", "Image:"]), *map(st.from_regex, shapes))
    endings = st.sampled_from(
        [".", "!", "?", ":", ";", ".”", ".)", "…", " / AP", ". Jane Doe/Reuters.", ". Photo: AP Images."]
    )

    @settings(max_examples=600, deadline=None)
    @given(openings, words, endings)
    def same(opening: str, middle: list[str], ending: str) -> None:
        line = " ".join([opening, *middle]).strip() + ending
        line = " ".join(line.split())
        [count], [ends] = boilerplate._word_counts([line]), boilerplate._sentence_ends([line])
        for may_hold_credit in (False, True):
            assert boilerplate._judge(line, count, ends, may_hold_credit) == boilerplate._judged_in_full(
                line, count, ends, may_hold_credit
            )

    same()
