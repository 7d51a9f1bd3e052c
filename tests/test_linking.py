"""Linked claims on the real seeds: one story told by several outlets, and numbers that only look alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.test_cli import records, run
from tui.text.article import Article
from tui.text.claim_links import ClaimText, Linking, claim_texts
from tui.text.claims import find_claims
from tui.text.linking import MAX_COPIES, link_claims, numbers_in

# The relocation claim (defeated fighters moving to Afghanistan, North Africa, Asia-Pacific) as
# each outlet words it, and the escape of prisoners after the US withdrawal and Turkish offensive.
RELOCATION = {
    "000": ("heading towards Afghanistan", "Heading Towards Asia Pacific", "actively deployed to other regions"),
    "001": ("greatly expanded its presence",),
    "002": ("are now relocating to Afghanistan", "Central Asia appears more attractive"),
    "003": ("Flee To Libya", "fled to Libya", "The bulk of them flees to Libya"),
}
ESCAPE_000 = ("fled a displacement camp", "decision to withdraw US troops", "put the number to have escaped")
ESCAPE_001 = (
    "prisons for foreign fighters unguarded",
    "allow for the escape",
    "lead to the escape",
    "withdrawing U.S. troops",
)


@pytest.fixture(scope="module")
def corpus(seeds: dict[str, Article]) -> tuple[Linking, dict[str, Article]]:
    claims = [claim for article in seeds.values() for claim in claim_texts(article, find_claims(article))]
    return link_claims(claims), seeds


def index_of(corpus, prefix: str, fragment: str) -> int:
    linking, seeds = corpus
    found = [
        index
        for index, claim in enumerate(linking.claims)
        if claim.article == seeds[prefix].id and fragment in claim.text
    ]
    assert len(found) == 1, f"{fragment!r} is not one claim of {prefix}"
    return found[0]


def same_claims(linking: Linking, index: int) -> set[int]:
    return {link.claim for link in linking.links(index) if link.same_claim}


def test_relocation_claims_of_four_outlets_link_to_each_other(corpus) -> None:
    linking, _ = corpus
    told = {
        prefix: {index_of(corpus, prefix, fragment) for fragment in fragments}
        for prefix, fragments in RELOCATION.items()
    }
    linked_from_000 = {other for index in told["000"] for other in same_claims(linking, index)}
    for prefix in ("001", "002", "003"):
        assert linked_from_000 & told[prefix], f"000's relocation claims have no counterpart in {prefix}"
    cluster = set(linking.cluster_of(index_of(corpus, "000", "heading towards Afghanistan")))
    assert all(cluster & indexes for indexes in told.values())
    # Nothing else: a cluster is one claim told by several outlets, not the story they share.
    assert cluster <= set().union(*told.values())


def test_links_are_mutual(corpus) -> None:
    linking, _ = corpus
    for index in range(len(linking.claims)):
        for link in linking.links(index):
            assert index in {back.claim for back in linking.links(link.claim) if back.same_claim == link.same_claim}


def test_prisoner_escape_claims_of_000_and_001_link(corpus) -> None:
    linking, _ = corpus
    escape_001 = {index_of(corpus, "001", fragment) for fragment in ESCAPE_001}
    linked = {
        fragment for fragment in ESCAPE_000 if same_claims(linking, index_of(corpus, "000", fragment)) & escape_001
    }
    assert "fled a displacement camp" in linked
    assert "decision to withdraw US troops" in linked


def test_the_two_750s_share_a_number_but_are_not_the_same_claim(corpus) -> None:
    linking, _ = corpus
    fled = index_of(corpus, "000", "750 people")
    stay = index_of(corpus, "003", "750 militants")
    [link] = [link for link in linking.links(fled) if link.claim == stay]
    assert not link.same_claim and link.numbers == ("750",)
    assert stay not in linking.cluster_of(fled)
    assert linking.best_in(stay, linking.claims[fled].article).claim == fled


def test_unrelated_claims_do_not_link(corpus) -> None:
    linking, _ = corpus
    relocation = index_of(corpus, "000", "heading towards Afghanistan")
    for prefix, fragment in (
        ("004", "154 SDF fighters lost their lives"),
        ("003", "radius of 55 kilometers"),
        ("001", "banned in Russia"),
    ):
        assert index_of(corpus, prefix, fragment) not in {link.claim for link in linking.links(relocation)}
    # Pairs that share a few words (fighting, a border, "years after", ISIS members, an escape) but not a claim.
    for one, other in (
        (("003", "A fighter from Misrata"), ("004", "154 SDF fighters")),
        (("003", "It lies on the border"), ("002", "are now relocating to Afghanistan")),
        (("001", "Only a few years ago"), ("004", "ISIS still pose threat")),
        (("004", "Some 346 ISIS members"), ("003", "Flee To Libya")),
        (("001", "allow for the escape"), ("004", "400 prisoners managed")),
        (("000", "fled a displacement camp"), ("003", "about 400 people from the Shaddadi")),
    ):
        assert index_of(corpus, *other) not in same_claims(linking, index_of(corpus, *one))
    cooking = ClaimText("recipe", 0, 60, "Whisk the eggs with sugar until pale, then fold in the sifted flour.")
    extended = link_claims([*linking.claims, cooking])
    assert extended.links(len(linking.claims)) == []


def test_best_match_in_an_article_is_its_most_similar_counterpart(corpus) -> None:
    linking, seeds = corpus
    anchor = index_of(corpus, "000", "heading towards Afghanistan")
    best = linking.best_in(anchor, seeds["001"].id)
    assert best is not None and best.same_claim
    assert best.claim == index_of(corpus, "001", "greatly expanded its presence")
    in_001 = [link for link in linking.links(anchor) if linking.claims[link.claim].article == seeds["001"].id]
    assert best.similarity == max(link.similarity for link in in_001 if link.same_claim)


def test_a_cluster_holds_one_story_per_outlet_and_spans_articles(corpus) -> None:
    linking, _ = corpus
    assert linking.clusters
    for cluster in linking.clusters:
        assert linking.sources(cluster) >= 2
        for member in cluster:
            assert linking.cluster_of(member) == cluster


def test_restatement_in_one_article_links_headline_and_body(corpus) -> None:
    linking, _ = corpus
    headline = index_of(corpus, "000", "Heading Towards Asia Pacific")
    body = index_of(corpus, "000", "heading towards Afghanistan")
    assert body in same_claims(linking, headline)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("At least 750 people fled", {"750"}),
        ("all 1,000 US troops and 1000 more", {"1000"}),
        ("in 2019 and in March 2023, 12 prisons", {"12"}),
        ("a 20-mile (32km) zone", {"20", "32"}),
        ("3.5 million people, 7 days", {"3.5"}),
        ("no numbers here", set()),
    ],
)
def test_numbers_are_normalised_and_years_and_single_digits_left_out(text: str, numbers: set[str]) -> None:
    assert numbers_in(text) == numbers


def test_fewer_than_two_claims_link_nothing() -> None:
    alone = ClaimText("a", 0, 10, "Troops left the base in 2019.")
    assert link_claims([]).clusters == []
    assert link_claims([alone]).links(0) == []


def test_links_command_lists_counterparts_and_clusters(tmp_path) -> None:
    result = run("links", str(SEEDS))
    assert result.returncode == 0, result.stderr
    found = records(result)
    [fled] = [r for r in found if "750 people" in r["text"]]
    [stay] = [link for link in fled["links"] if "750 militants" in link["text"]]
    assert stay["numbers"] == ["750"] and stay["same_claim"] is False
    [relocation] = [r for r in found if "heading towards Afghanistan" in r["text"]]
    assert relocation["cluster"] is not None
    assert {"001", "002"} <= {Path(link["path"]).name[:3] for link in relocation["links"] if link["same_claim"]}
    in_cluster = {Path(r["path"]).name[:3] for r in found if r["cluster"] == relocation["cluster"]}
    assert in_cluster == {"000", "001", "002", "003"}
    table = run("links", str(SEEDS), "--format", "table")
    assert table.returncode == 0 and "sources" in table.stdout
    missing = run("links", str(tmp_path / "nowhere"))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_one_article_alone_links_only_its_restatements(seeds: dict[str, Article]) -> None:
    article = seeds["000"]
    linking = link_claims(claim_texts(article, find_claims(article)))
    assert linking.clusters == []
    linked = [linking.claims[index].text for index in range(len(linking.claims)) if linking.links(index)]
    assert linked[0].startswith("ISIS Terrorists Defeated In Syria")  # the headline, restated by the first sentence
    assert all(link.same_claim for index in range(len(linking.claims)) for link in linking.links(index))


def test_a_long_article_that_repeats_itself_links(seeds: dict[str, Article]) -> None:
    """Thousands of claims in one article, many repeated word for word (a feed that repeats its items)."""
    texts = [claim.text for article in seeds.values() for claim in claim_texts(article, find_claims(article))]
    claims = [ClaimText("feed", offset, offset + 1, text) for offset, text in enumerate(texts * 60)]
    linking = link_claims(claims)
    assert linking.clusters == []  # one article: restatements, never a cluster across sources
    copies = [link for link in linking.links(0) if link.claim % len(texts) == 0]
    assert len(copies) == MAX_COPIES and all(link.similarity == 1.0 and link.same_claim for link in copies)
    # Repeats do not hide what the claim restates: the headline's next sentence is still linked.
    assert any(link.claim % len(texts) == 1 for link in linking.links(0))


def test_a_folder_of_copies_of_one_story_links_its_claims_in_bounded_pairs() -> None:
    from tui.text.linking import MAX_PARTNERS, _similar_pairs, _vectors

    story = [
        "The central bank raised its main interest rate by half a point to 4.5 percent on Thursday.",
        "Inflation in the eurozone fell to 2.9 percent in October, its lowest level in two years.",
        "The finance minister said the budget deficit would narrow to 3 percent of output next year.",
    ]
    copies = 150
    claims = [
        ClaimText(f"outlet-{n}", 100 * i, 100 * i + len(text), text)
        for n in range(copies)
        for i, text in enumerate(story)
    ]
    rows, _, _ = _similar_pairs(_vectors(claims)[1])
    assert len(rows) <= len(claims) * MAX_PARTNERS < len(claims) * (copies - 1)
    linking = link_claims(claims)
    assert all(linking.links(index) for index in range(len(claims)))  # every copy is linked to its story
    assert all(link.same_claim for index in range(0, len(claims), 37) for link in linking.links(index))
