"""Across articles and annotators in the app: linked claims, `l`, clusters in the overview, loaded language, review."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEEDS
from tests.test_app import Patient, on_disk, quiet, reader, settled, view
from tui.annotations.agreement import agreement
from tui.app.app import ClaimdeskApp
from tui.app.screens.dialogs import ClusterVerdictScreen
from tui.app.screens.overview import OverviewScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.review import ReviewScreen
from tui.app.widgets.pane import ArticlePane
from tui.desk.tagged_claims import Claim
from tui.store.store import Store
from tui.text.article_files import read_article

SEED = {path.name[:3]: path for path in sorted(SEEDS.glob("*.txt"))}


def claim_with(app: ClaimdeskApp, prefix: str, fragment: str) -> Claim:
    reading = next(r for r in app.desk.readings if r.article.path.name.startswith(prefix))
    [claim] = [c for c in reading.claims if fragment in c.text]
    return claim


def panes(app: ClaimdeskApp) -> list[ArticlePane]:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen.panes


def status(app: ClaimdeskApp) -> str:
    return str(app.screen.query_one("#status").render())


async def select(app: ClaimdeskApp, pilot, claim: Claim) -> None:
    current = view(app)
    current.select(current.reading.claims.index(claim))
    await quiet(pilot)  # the selection is announced to the screen, which marks counterparts and says so


async def test_the_other_pane_marks_the_same_claim_with_its_similarity(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json", [SEEDS]) as (app, pilot):
        relocation = claim_with(app, "000", "heading towards Afghanistan")
        await select(app, pilot, relocation)
        counterpart = claim_with(app, "001", "greatly expanded its presence")
        other = panes(app)[1]
        assert other.view.linked == (counterpart.start, counterpart.end)
        assert "alike: same claim" in str(other.query_one(".pane-meta").render())
        elsewhere = {id(c.reading) for c in app.desk.connections.links(relocation) if c.link.same_claim} - {
            id(panes(app)[0].reading)
        }
        assert len(elsewhere) >= 2
        assert f"same claim in {len(elsewhere)} other sources" in status(app)
        await pilot.press("j")  # the next claim of 000 has no counterpart in 001: the mark goes
        assert other.view.linked != (counterpart.start, counterpart.end)


async def test_l_cycles_through_the_links_opening_their_articles(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json", [SEEDS]) as (app, pilot):
        relocation = claim_with(app, "000", "heading towards Afghanistan")
        await select(app, pilot, relocation)
        here = view(app)
        links = app.desk.connections.links(relocation)
        elsewhere = [link for link in links if link.reading is not here.reading]
        restated = [link for link in links if link.reading is here.reading]
        assert len(elsewhere) >= 2 and restated
        assert links[: len(elsewhere)] == elsewhere  # other outlets first
        for link in elsewhere:
            await pilot.press("l")
            await pilot.pause()
            other = next(p for p in panes(app) if p.view is not here)
            assert other.reading is link.reading and other.view.claim is link.claim
            assert other.view.linked == (link.claim.start, link.claim.end)
        assert {link.reading.article.path.name[:3] for link in elsewhere} >= {"001", "002"}
        await pilot.press("l")  # the headline restating it: marked in this pane, the other pane stays
        assert here.linked == (restated[0].claim.start, restated[0].claim.end)
        assert [p.reading.article.path.name[:3] for p in panes(app)] == [
            "000",
            elsewhere[-1].reading.article.path.name[:3],
        ]
        for _ in links[len(elsewhere) + 1 :]:
            await pilot.press("l")
        assert f"link {len(links)} of {len(links)}" in status(app)
        await pilot.press("l")  # round again
        assert f"link 1 of {len(links)}" in status(app)
        assert view(app).claim is relocation  # the focus stays on the claim being checked
        await pilot.press("j")
        assert "link" not in status(app).split(" · ")[0]


async def test_the_two_750s_are_shown_as_a_shared_number_not_the_same_claim(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json", [SEED["000"], SEED["003"]]) as (app, pilot):
        fled = claim_with(app, "000", "750 people")
        await select(app, pilot, fled)
        stay = claim_with(app, "003", "750 militants")
        assert "shares 750 with a different claim" in status(app)
        links = app.desk.connections.links(fled)
        [number] = [n for n, link in enumerate(links) if link.claim is stay]
        assert not links[number].link.same_claim  # listed after every same-claim link
        assert all(link.link.same_claim for link in links[:number])
        await pilot.press(*["l"] * (number + 1))
        other = panes(app)[1]
        assert other.view.linked == (stay.start, stay.end)
        assert "shares 750: a different claim" in str(other.query_one(".pane-meta").render())


async def test_loaded_phrases_are_marked_in_the_reader_and_listed_in_the_overview(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json", [SEED["002"], SEED["000"]]) as (app, pilot):
        loaded = panes(app)[0]
        assert "loaded phrase" in str(loaded.query_one(".pane-meta").render())
        assert "loaded phrase" not in str(panes(app)[1].query_one(".pane-meta").render())
        await select(app, pilot, claim_with(app, "002", "are now relocating to Afghanistan"))
        assert "loaded: “backed by Saudi Arabia” ×" in status(app)
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        assert "“backed by Saudi Arabia” ×" in str(app.screen.query_one("#orphans").render())


async def test_overview_shows_clusters_flags_conflicts_and_tags_a_cluster_after_confirming(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store, [SEEDS]) as (app, pilot):
        relocation = claim_with(app, "000", "heading towards Afghanistan")
        cluster = app.desk.connections.cluster(relocation)
        await select(app, pilot, relocation)
        await pilot.press("v", "tab")
        await select(app, pilot, claim_with(app, "001", "greatly expanded its presence"))
        await pilot.press("d")
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        screen.query_one("#filter").value = "conflict"
        await quiet(pilot)
        assert {id(claim) for _, claim in screen.rows} == {id(claim) for _, claim in cluster}
        table = screen.query_one("#claims")
        assert "⚠ conflict" in str(table.get_row_at(0)[3])
        assert f"in {len({id(r) for r, _ in cluster})} sources" in str(table.get_row_at(0)[3])
        table.focus()
        await pilot.press("c")
        assert isinstance(app.screen, ClusterVerdictScreen)
        await pilot.press("u", "escape")  # chosen but not confirmed: nothing changes
        assert sorted(r["label"] for r in on_disk(store)) == ["disputed", "verified"]
        await pilot.press("c", "u", "y")
        assert isinstance(app.screen, OverviewScreen)
        assert screen.rows == []  # no conflict is left
    labels = [r["label"] for r in on_disk(store)]
    assert labels == ["unsupported"] * len(cluster)


def disagreeing_store(path: Path) -> tuple[str, str]:
    """ana and ben disagree on one claim of 000 and agree on another."""
    article = read_article(SEED["000"])[0]
    store = Store.open(path)
    disputed = article.text.index("At least 750 people")
    agreed = article.text.index("The US special forces")
    for annotator, label in (("ana", "verified"), ("ben", "disputed")):
        store.tag(
            article, disputed, article.text.index(".", disputed) + 1, label, annotator, note=f"{annotator}'s reason"
        )
        store.tag(article, agreed, article.text.index(".", agreed) + 1, "verified", annotator)
    return "ana's reason", "ben's reason"


async def test_review_walks_disagreements_and_records_the_adjudicated_verdict(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    notes = disagreeing_store(store)
    async with reader(store, [SEED["000"], SEED["001"]]) as (app, pilot):
        await pilot.press("R")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert len(screen.found) == 1
        shown = str(screen.query_one("#review-claim").render())
        assert "ana: verified" in shown and "ben: disputed" in shown
        assert all(note in shown for note in notes)
        assert "not settled" in shown
        await pilot.press("d")
        shown = str(screen.query_one("#review-claim").render())
        assert "settled by tester: disputed" in shown
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert "750 people" in view(app).claim.text and view(app).claim.label == "disputed"
    [settled] = [r for r in on_disk(store) if r["annotator"] == "tester"]
    assert settled["adjudicated"] is True and settled["label"] == "disputed"
    assert sorted((r["annotator"], r["label"]) for r in on_disk(store) if r is not settled)[:2] == [
        ("ana", "verified"),
        ("ana", "verified"),
    ]


async def test_a_reviewer_who_tagged_the_claim_keeps_their_own_verdict(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    disagreeing_store(store)
    app = ClaimdeskApp([SEED["000"]], store=store, annotator="ana")
    async with app.run_test(size=(160, 40)):
        pilot = Patient(app)
        await settled(app)
        await quiet(pilot)
        await pilot.press("R", "u")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and len(screen.found) == 1
        assert "settled by ana: unsupported" in str(screen.query_one("#review-claim").render())
        await pilot.press("escape")
        assert "750 people" in claim_with(app, "000", "750 people").text
        assert claim_with(app, "000", "750 people").label == "verified"  # ana's own tag, not the settlement
    records = {
        (r["annotator"], bool(r.get("adjudicated"))): r
        for r in on_disk(store)
        if "750 people" in r["target"]["selector"][0]["exact"]
    }
    assert records[("ana", False)]["label"] == "verified" and records[("ana", False)]["revisions"] == []
    assert records[("ana", True)]["label"] == "unsupported"
    figures = agreement(on_disk(store))
    assert figures.items == 2 and figures.adjudicated_excluded == 1  # ana's judgement still counts


async def test_why_a_claim_is_highlighted_shows_in_the_status_line_and_the_overview(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    async with reader(tmp_path / "store.json", [SEED["000"]]) as (app, pilot):
        fled = claim_with(app, "000", "750 people")
        assert fled.reasons and any("750" in reason for reason in fled.reasons)
        await select(app, pilot, fled)
        shown = status(app)
        assert "why: " in shown and "750" in shown.split("why: ", 1)[1]
        await pilot.press("o")
        await quiet(pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        table = overview.query_one(DataTable)
        [row] = [n for n, (_, claim) in enumerate(overview.rows) if claim is fled]
        why = str(table.get_row_at(row)[-1])  # the last column
        assert "number" in why and "750" in why, why
