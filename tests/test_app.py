"""The reader driven by its keys (Textual Pilot), with what the store holds afterwards checked on disk."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Label

from tests.conftest import SEEDS
from tui.app.app import ClaimdeskApp
from tui.app.screens.dialogs import NoteScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.overview import OverviewScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView
from tui.store.store import Store

TWO_SEEDS = sorted(SEEDS.glob("*.txt"))[:2]


async def settled(app: ClaimdeskApp) -> None:
    """Wait for every worker, including those that start when others finish (loading, then linking)."""
    while any(worker.is_running for worker in app.workers):
        await app.workers.wait_for_complete()


# Waiting for conditions, never for a time. Pilot's own waits are a pause that ends when the process
# seems idle (a guess from CPU time, which a busy machine misleads), then one pass over the widgets'
# queues, which misses what handling a message sets off: a selection change bubbling up to the screen
# (which rewrites the status line), a callback run after the next refresh. These look at the queues.
# They read private parts of Textual, which pyproject.toml pins to an exact version.


def _handled_everything(app: App[None]) -> bool:
    """Nothing queued for the app or any widget of any screen, no callback waiting for a refresh, and no
    change to the store still running on its thread."""
    if getattr(app, "store_work", 0):
        return False
    screens = list(app.screen_stack)
    pumps = [app, *(node for screen in screens for node in screen.walk_children(with_self=True))]
    return all(pump._message_queue.empty() and not pump._next_callbacks for pump in pumps) and not any(
        screen._callbacks for screen in screens
    )


async def quiet(pilot: Pilot, timeout: float = 60.0) -> None:
    """Until the app has handled every message sent so far, and every message that handling sent."""
    deadline = time.monotonic() + timeout
    while pilot.app.is_running:
        await pilot._wait_for_screen(timeout)
        if _handled_everything(pilot.app):
            return
        assert time.monotonic() < deadline, f"the app was still busy after {timeout} s"
        await pilot.pause()  # lets a refresh happen, which runs the callbacks waiting for one


async def until(pilot: Pilot, condition: Callable[[], object], timeout: float = 60.0) -> None:
    """Let the app work until `condition()` holds, for at most `timeout` seconds (the assertion that
    follows then says what is wrong): for what finishes on its own time, a worker's search, say."""
    deadline = time.monotonic() + timeout
    await quiet(pilot, timeout)
    while not condition() and time.monotonic() < deadline:
        await pilot.pause()
        await quiet(pilot, timeout)


class Patient(Pilot[None]):
    """Presses keys as a person does: each key, and all it sets off, handled before the next is pressed.

    Pilot sends the next key after its guess that the last one was handled, so on a busy machine a key
    can overtake what the one before it set off (`j d`: the selection that j made is announced after d
    said "saved", and replaces it).
    """

    async def press(self, *keys: str) -> None:
        for key in keys:
            await super().press(key)
            await quiet(self)


@asynccontextmanager
async def reader(store: Path, paths: list[Path] = TWO_SEEDS) -> AsyncIterator[tuple[ClaimdeskApp, Pilot]]:
    app = ClaimdeskApp(paths, store=store, annotator="tester")
    async with app.run_test(size=(160, 40)):
        pilot = Patient(app)
        await settled(app)
        await quiet(pilot)
        assert isinstance(app.screen, ReaderScreen)
        yield app, pilot


def on_disk(store: Path) -> list[dict]:
    return Store.open(store).annotations()


def view(app: ClaimdeskApp) -> ArticleView:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen.view  # type: ignore[return-value]


async def test_d_right_after_launch_disputes_the_first_claim(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (app, pilot):
        first = view(app).reading.claims[0]
        await pilot.press("d")
        assert "saved" in str(app.screen.query_one("#status").render())
    [record] = on_disk(store)
    assert record["label"] == "disputed" and record["annotator"] == "tester"
    assert record["target"]["selector"][0]["exact"] == first.text


async def test_verdict_keys_tag_toggle_and_clear(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (_, pilot):
        await pilot.press("v", "j", "u", "j", "d")
        assert sorted(r["label"] for r in on_disk(store)) == ["disputed", "unsupported", "verified"]
        await pilot.press("d")  # the same key again clears it
        assert sorted(r["label"] for r in on_disk(store)) == ["unsupported", "verified"]
        await pilot.press("k", "x")
        assert [r["label"] for r in on_disk(store)] == ["verified"]


async def test_moving_between_claims_and_panes(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json") as (app, pilot):
        first = view(app)
        claims = len(first.reading.claims)
        await pilot.press("j", "j", "down")
        assert first.selected == 3
        await pilot.press("k", "up")
        assert first.selected == 1
        await pilot.press("G")
        assert first.selected == claims - 1
        await pilot.press("g")
        assert first.selected == 0
        await pilot.press("tab")
        assert view(app) is not first and view(app).reading.article.path == TWO_SEEDS[1]
        await pilot.press("shift+tab")
        assert view(app) is first
        await pilot.press("space")
        assert first.scroll_y > 0
        await pilot.press("b")
        assert first.scroll_y == 0


async def test_next_and_previous_untagged_skip_tagged_claims(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (app, pilot):
        await pilot.press("j", "v", "j", "v", "g")  # claims 1 and 2 verified, back at 0
        await pilot.press("J")
        assert view(app).selected == 3
        await pilot.press("K")
        assert view(app).selected == 0


async def test_note_modal_saves_with_ctrl_s_and_cancels_with_escape(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (app, pilot):
        await pilot.press("d", "n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"two sources disagree", "enter", *"see p. 4", "ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert on_disk(store)[0]["note"] == "two sources disagree\nsee p. 4"
        await pilot.press("n", *" (draft)", "escape")
        assert on_disk(store)[0]["note"] == "two sources disagree\nsee p. 4"


async def test_source_prompt_adds_a_source(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (_, pilot):
        await pilot.press("v", "s", *"https://example.org/report", "enter")
        await pilot.press("s", *"Ministry bulletin 12", "enter")
        assert on_disk(store)[0]["sources"] == ["https://example.org/report", "Ministry bulletin 12"]


async def test_undo_and_redo_go_through_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (app, pilot):
        await pilot.press("d", "j", "v")
        await pilot.press("ctrl+z")
        assert [r["label"] for r in on_disk(store)] == ["disputed"]
        await pilot.press("backspace")
        assert on_disk(store) == []
        await pilot.press("ctrl+y")
        assert [r["label"] for r in on_disk(store)] == ["disputed"]
        assert view(app).reading.claims[0].label == "disputed"


async def test_mark_a_free_selection_tag_it_then_drop_it(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (app, pilot):
        first = view(app).reading.claims[0]
        await pilot.press("shift+right", "shift+right", "m")
        marked = view(app).claim
        assert marked is not None and marked.user_made and marked.start == first.start
        assert marked.text == " ".join(first.text.split()[:2])
        await pilot.press("u")
        [record] = on_disk(store)
        assert record["target"]["selector"][0]["exact"] == marked.text
        await pilot.press("M")
        assert on_disk(store) == [] and all(c is not marked for c in view(app).reading.claims)


async def test_search_finds_words_across_panes(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json") as (app, pilot):
        await pilot.press("slash", *"shoigu")
        panes = app.screen.panes  # type: ignore[attr-defined]
        assert not panes[0].view.matches and len(panes[1].view.matches) >= 2
        await pilot.press("enter")
        status = str(app.screen.query_one("#status").render())
        assert status.startswith("match 1 of")
        total = status.rsplit(" ", 1)[1]
        await pilot.press("shift+enter")  # back past the first match to the last
        assert str(app.screen.query_one("#status").render()) == f"match {total} of {total}"
        await pilot.press("escape")
        assert app.screen.query_one("#search").has_class("hidden")


async def test_overview_lists_every_claim_filters_and_jumps(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store, sorted(SEEDS.glob("*.txt"))) as (app, pilot):
        await pilot.press("d", "o")
        assert isinstance(app.screen, OverviewScreen)
        total = sum(len(r.claims) for r in app.desk.readings)
        assert len(app.screen.rows) == total
        await pilot.press(*"disputed")  # the filter has the focus: typing filters at once
        assert len(app.screen.rows) == 1
        await pilot.press("escape", "escape")  # to the table, then back to the reader...
        await pilot.press("o", *"shaddadi", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert "Shaddadi" in view(app).claim.text  # type: ignore[union-attr]


async def test_help_lists_the_keys(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json") as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_q_quits_and_a_damaged_store_is_reported_and_untouched(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    store.write_bytes(b"not json")
    async with reader(store) as (app, pilot):
        await until(pilot, lambda: "damaged" in str(app.screen.query_one("#status").render()))
        assert "damaged" in str(app.screen.query_one("#status").render())
        await pilot.press("d")
        assert "could not be opened" in str(app.screen.query_one("#status").render())
        await pilot.press("q")
    assert store.read_bytes() == b"not json"


async def test_every_reader_action_is_in_the_command_palette(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (app, pilot):
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Disputed (d)")
        await until(pilot, lambda: _palette_offers(app, "Disputed (d)"))  # its search is a worker
        await pilot.press("enter")
        await until(pilot, lambda: on_disk(store))  # the command runs once the palette has closed
    assert [r["label"] for r in on_disk(store)] == ["disputed"]


def _palette_offers(app: ClaimdeskApp, command: str) -> bool:
    """The palette has finished searching, and the highlighted command, the first, is `command`."""
    palette = app.screen
    if not isinstance(palette, CommandPalette) or not palette.has_class("-ready"):
        return False
    if any(worker.is_running for worker in app.workers if worker.node is palette):
        return False
    options = palette.query_one(CommandList)
    return options.highlighted == 0 and str(options.get_option_at_index(0).prompt).startswith(command)


async def test_articles_go_into_panes_and_panes_come_and_go(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json", sorted(SEEDS.glob("*.txt"))) as (app, pilot):
        screen = app.screen
        await pilot.press("a", "down", "down", "down", "enter")  # the fourth article into the first pane
        await pilot.pause()
        assert screen.panes[0].reading.article.path.name.startswith("003")  # type: ignore[attr-defined]
        await pilot.press("plus", "down", "down", "enter")
        await pilot.pause()
        assert len(screen.panes) == 3 and view(app).reading.article.path.name.startswith("002")  # type: ignore[attr-defined]
        await pilot.press("minus")
        await pilot.pause()
        assert len(screen.panes) == 2  # type: ignore[attr-defined]


async def test_enter_opens_and_closes_a_folded_comment_thread(tmp_path: Path) -> None:
    with_comments = [p for p in sorted(SEEDS.glob("*.txt")) if p.name.startswith("003")]
    async with reader(tmp_path / "store.json", with_comments) as (app, pilot):
        folded = len(view(app)._rows)
        await pilot.press("enter")
        assert len(view(app)._rows) > folded
        await pilot.press("enter")
        assert len(view(app)._rows) == folded


async def test_closing_search_returns_to_the_pane_it_came_from(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    async with reader(store) as (app, pilot):
        await pilot.press("tab", "j", "slash", *"the", "enter", "escape", "d")
        second = app.screen.panes[1].reading  # type: ignore[attr-defined]
        [record] = on_disk(store)
        assert record["target"]["selector"][0]["exact"] == second.claims[1].text


async def test_marking_an_existing_claim_selects_it_instead_of_doubling_it(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json") as (app, pilot):
        claims = len(view(app).reading.claims)
        first = view(app).reading.claims[0]
        for _ in first.text.split():
            await pilot.press("shift+right")
        await pilot.press("m")
        assert len(view(app).reading.claims) == claims and view(app).claim is first


async def test_the_overview_narrows_what_it_found_as_a_query_is_typed_to_what_the_query_finds_afresh(
    tmp_path: Path,
) -> None:
    from tui.app.screens.overview import SORTS

    first, second = "said", "afghan"
    query = f"{first} {second}"
    async with reader(tmp_path / "store.json", sorted(SEEDS.glob("*.txt"))) as (app, pilot):
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)

        def afresh(typed: str) -> list[object]:
            screen._haystacks = None  # as after a change of tags: nothing kept from the last query
            screen._fill(typed)
            return list(screen.rows)

        for _ in SORTS:  # in every order the overview sorts by
            steps = []
            for character in query:
                await pilot.press(character)
                steps.append(list(screen.rows))
            await pilot.press(*["backspace"] * (len(second) + 1))  # widening again, to the first word
            widened = list(screen.rows)
            assert steps == [afresh(query[:end]) for end in range(1, len(query) + 1)]
            assert widened == afresh(first) and len(widened) > len(steps[-1]) > 0
            await pilot.press(*["backspace"] * len(first))
            screen.action_sort()


async def test_help_opens_from_the_overview(tmp_path: Path) -> None:
    async with reader(tmp_path / "store.json") as (app, pilot):
        await pilot.press("o", "escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_help_opened_while_claims_are_found_stays_open_over_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import tui.app.app as app_module

    opening = app_module.open_corpus
    may_finish = threading.Event()

    def held_open_corpus(*args: object, **kwargs: object) -> object:
        may_finish.wait(timeout=60)  # until `?` has been pressed over the previews
        return opening(*args, **kwargs)

    monkeypatch.setattr(app_module, "open_corpus", held_open_corpus)
    app = ClaimdeskApp(TWO_SEEDS, store=tmp_path / "s.json", annotator="tester")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert not view(app).reading.claims  # the previews: text, no claims yet
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        may_finish.set()
        await settled(app)
        await until(pilot, lambda: bool(app.desk.readings))
        assert isinstance(app.screen, HelpScreen)
        assert sum(isinstance(screen, ReaderScreen) for screen in app.screen_stack) == 1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert view(app).reading.claims


async def test_the_overview_puts_its_matches_in_the_table_a_page_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import DataTable

    import tui.app.screens.overview as overview_module

    monkeypatch.setattr(overview_module, "PAGE", 6)
    async with reader(tmp_path / "store.json", sorted(SEEDS.glob("*.txt"))) as (app, pilot):
        await pilot.press("o", "escape")  # to the table
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        table = screen.query_one(DataTable)
        total = sum(len(r.claims) for r in app.desk.readings)
        assert len(screen.rows) == total > 6 and table.row_count == 6
        await pilot.press(*["down"] * 5)  # nearing the end of the page brings the next one
        assert table.row_count == 12 and table.cursor_row == 5
        await pilot.press("enter")  # the row under the cursor is the claim opened
        assert isinstance(app.screen, ReaderScreen)
        assert view(app).claim is screen.rows[5][1]


async def test_the_key_bar_keeps_help_and_quit_in_view_on_a_narrow_screen_and_a_click_presses_a_key(
    tmp_path: Path,
) -> None:
    from tui.app.widgets.key_bar import KeyBar

    app = ClaimdeskApp(TWO_SEEDS, store=tmp_path / "store.json", annotator="tester")
    async with app.run_test(size=(70, 30)) as pilot:
        await settled(app)
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.desk.readings))
        bar = app.screen.query_one(KeyBar)
        shown = bar.render().plain
        assert len(shown) == 70 and "j Next claim" in shown and "…" in shown  # the rest is cut
        assert shown.rstrip().endswith("? Help  q Quit  ^p palette")
        await pilot.click(KeyBar, offset=(shown.index("? Help") + 1, 0))
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_garbage_collection_switched_off_for_start_up_is_back_once_the_text_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from tui import startup

    monkeypatch.setattr(startup, "_begun", False)  # begin() sets it: undone after, for the tests that follow
    threshold = gc.get_threshold()
    startup.begin()
    try:
        app = ClaimdeskApp(TWO_SEEDS, store=tmp_path / "store.json", annotator="tester")
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            await until(pilot, gc.isenabled)
            await settled(app)
    finally:
        gc.enable()
        gc.set_threshold(*threshold)


async def test_the_app_hears_that_the_text_is_drawn_so_the_loader_goes_on_without_waiting(tmp_path: Path) -> None:
    # The loader waits for the reader's first frame (at most a second) before it finds claims: the
    # view's message must reach the app, not stop at the screen that was rendering when it was made.
    app = ClaimdeskApp(TWO_SEEDS, store=tmp_path / "store.json", annotator="tester")
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, app._first_frame.is_set, timeout=5.0)
        await settled(app)


async def test_a_long_article_shows_the_claims_of_its_start_while_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import tui.app.app as app_module
    from tui.text.article import COMMENTS
    from tui.text.article_files import PREVIEW_BYTES, read_article

    # Seeds without a comment thread: one would fold the rest of the long article away.
    articles = [read_article(path)[0] for path in sorted(SEEDS.glob("*.txt"))]
    seeds = [a.text for a in articles if all(b.kind != COMMENTS for b in a.boilerplate)]
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(seeds * (1 + 4 * PREVIEW_BYTES // sum(map(len, seeds)))), encoding="utf-8")
    opening = app_module.open_corpus
    may_finish = threading.Event()

    def held_open_corpus(*args: object, **kwargs: object) -> object:
        may_finish.wait(timeout=60)  # until the start's claims have been looked at
        return opening(*args, **kwargs)

    monkeypatch.setattr(app_module, "open_corpus", held_open_corpus)
    from tui.text.claims import claim_sentences

    article = read_article(long)[0]
    first, last = claim_sentences(article)[0], claim_sentences(article)[-1]
    store = Store.open(tmp_path / "store.json")
    for claim in (first, last):  # one tag in the start, one far beyond it
        store.tag(article, claim.start, claim.end, "disputed", "tester")
    app = ClaimdeskApp([long], store=tmp_path / "store.json", annotator="tester")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(view(app).reading.claims))
        start = view(app).reading
        assert not start.whole and len(start.article.text) < len(long.read_text(encoding="utf-8"))
        assert all(claim.end <= len(start.article.text) for claim in start.claims)
        assert (start.tagged, start.orphaned) == (1, [])  # the tag beyond the start is not orphaned
        assert "reading the rest" in app.screen.query_one(".pane-meta", Label).render().plain
        await pilot.press("j", "o")  # kept until the whole article is read (the store is open), then done
        assert isinstance(app.screen, ReaderScreen)
        may_finish.set()
        await settled(app)
        await until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await until(pilot, lambda: view(app).reading.whole and bool(app.desk.readings))
        whole = view(app).reading
        assert len(whole.claims) > len(start.claims)
        assert [c.text for c in whole.claims[: len(start.claims) - 1]] == [c.text for c in start.claims[:-1]]
        assert view(app).selected == 1
        assert whole.tagged == 2
