"""The claimdesk app: opens the desk in a worker, wires the screens, and announces what changed."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar

from tui import startup
from tui.app.messages import LinksReady, OpenClaim, Save, Saved, StatusNote, TagsChanged
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.pane import ArticlePane
from tui.desk.opening import OpenedCorpus, open_corpus, open_store, preview, start_of
from tui.desk.session import Desk, Outcome
from tui.desk.tagged_claims import Reading
from tui.text.article_files import discover, previewed_quickly, skipped_note

if TYPE_CHECKING:
    from tui.desk.corpus_links import Connections

PANES_AT_START = 2
FIRST_FRAME_WAIT = 1.0  # seconds the loader waits for the first frame before going on regardless
SWITCH_INTERVAL = 0.001  # seconds a thread holds the interpreter before another may take it
STORE_POLL = 1.0  # seconds between looks at the store for changes by other processes (shown within 2 s)


def _previews(paths: list[Path]) -> list[Reading]:
    """The previews of the first panes' articles; none if one of them cannot be read."""
    found = [preview(path) for path in paths[:PANES_AT_START]]
    return [reading for reading in found if reading] if found and all(found) else []


class ClaimdeskApp(App[None]):
    """Reads `paths` (files and folders) into panes, with tags kept in the store at `store`."""

    CSS_PATH = "app.tcss"
    TITLE = "claimdesk"

    def __init__(
        self, paths: Sequence[Path] | None = None, store: Path = Path("annotations/store.json"), annotator: str = ""
    ) -> None:
        super().__init__()
        self.paths = list(paths or [])
        self.store_path = store
        self.desk = Desk([], None, annotator)  # filled in when the corpus has loaded
        self._first_frame = threading.Event()
        # Every change to the store (and every reread of it) runs here, one at a time and in the order
        # asked: a lock held by another process, a full disk or folding a long journal never freezes
        # the screen, and no change can overtake the one asked for before it.
        self._store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimdesk-store")
        self.store_work = 0  # changes asked for and not yet shown

    def on_unmount(self) -> None:
        self._store_thread.shutdown(wait=True)  # quitting waits for the changes already asked for

    def on_mount(self) -> None:
        # The loader, the store's thread and the screen share one interpreter: switching every
        # millisecond instead of every five lets a key in while an article loads.
        sys.setswitchinterval(SWITCH_INTERVAL)
        skipped: list[Path] = []
        paths = list(discover(self.paths, skipped=skipped))
        # The start of a plain-text file is read in a millisecond: the first frame is the reader
        # itself, its text on screen, not a loading screen that a second frame replaces.
        previews = _previews(paths) if all(map(previewed_quickly, paths[:PANES_AT_START])) else []
        if previews:
            reader = ReaderScreen(self.desk, [ArticlePane(reading) for reading in previews])
            # Pushed once mounting is over: a screen laid out while the app mounts is drawn, thrown
            # away (nothing is written to the terminal then) and drawn again.
            self.call_later(self.push_screen, reader)
        else:
            from tui.app.screens.loading import LoadingScreen  # only where the first frame cannot be the text

            self.push_screen(LoadingScreen())
        self.load(paths, skipped, previews)

    # ----- loading (in a worker: the screen stays live) ------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self, paths: list[Path], skipped: list[Path], previews: list[Reading]) -> None:
        if not previews:
            # Web pages and Markdown are parsed for their preview, here rather than before the first frame.
            previews = _previews(paths)
            if previews:
                self.call_from_thread(self._show_previews, previews)
        if previews:
            # Claims and tags follow once the text is on screen (this thread would otherwise hold
            # the interpreter while the first frame is drawn).
            self._first_frame.wait(timeout=FIRST_FRAME_WAIT)
        store, problem = open_store(self.store_path)
        starts = [start_of(reading, store, self.desk.annotator) for reading in previews if not reading.whole]
        if starts:  # a long article: the claims of its start show while the rest is read
            self.call_from_thread(self._show_starts, starts)
        opened = open_corpus(
            paths, store, self.desk.annotator, lambda done, total: self.call_from_thread(self._progress, done, total)
        )
        for line in (problem, skipped_note(skipped)):
            if line:
                opened.problems.append(line)
        self.call_from_thread(self._loaded, opened)

    def _show_previews(self, previews: list[Reading]) -> None:
        self.switch_screen(ReaderScreen(self.desk, [ArticlePane(reading) for reading in previews]))

    def _reader(self) -> ReaderScreen | None:
        """The reader, on top or under the screens the user opened over it (help, the overview)."""
        return next((screen for screen in self.screen_stack if isinstance(screen, ReaderScreen)), None)

    def _show_starts(self, starts: list[Reading]) -> None:
        reader = self._reader()
        if reader is not None:
            reader.replace_readings(starts, final=False)

    @on(ArticleView.Painted)
    def _first_frame_drawn(self) -> None:
        """The reader has drawn article text: loading may take the interpreter now."""
        startup.over()
        self._first_frame.set()

    def _progress(self, done: int, total: int) -> None:
        bars = self.screen.query(ProgressBar)
        if bars:
            bars.first().update(total=total, progress=done)
        else:
            self._say(f"finding claims… {done}/{total} articles")

    def _loaded(self, opened: OpenedCorpus) -> None:
        startup.over()  # if no article text could be drawn first
        readings, problems = opened.readings, opened.problems
        self.desk.readings, self.desk.store = readings, opened.store
        if not readings:
            self._say("no article could be loaded" + (f": {problems[0]}" if problems else ""), True)
            return
        # The previews' reader may lie under a screen the user opened meanwhile (help, say): it stays.
        reader = self._reader()
        if reader is not None:
            reader.replace_readings(readings)
            self._say("")
        else:
            self.switch_screen(ReaderScreen(self.desk, [ArticlePane(reading) for reading in readings[:PANES_AT_START]]))
        if problems:
            self.call_after_refresh(self._say, problems[0], True)
        self.link()
        self.set_interval(STORE_POLL, self._poll_store)

    def _poll_store(self) -> None:
        """Notice changes other processes made to the store (a stat of two files, on the store's thread)."""
        if not self.store_work:
            self.post_message(Save(lambda: self.desk.reread() if self.desk.store_changed() else Outcome("")))

    @work(thread=True, exclusive=True, group="link")
    def link(self) -> None:
        """Link claims across the articles and find loaded phrases: the reader is usable meanwhile."""
        connections = self.desk.link()
        self.call_from_thread(self._linked, connections)

    def _linked(self, connections: Connections) -> None:
        self.desk.connections = connections
        self._announce(lambda screen: LinksReady())

    # ----- what screens tell the app ----------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.screen.post_message(StatusNote(text, error))

    def _announce(self, fact: Callable[[Screen[object]], Message]) -> None:
        """Post a fact to every screen on the stack (each gets a message of its own)."""
        for screen in self.screen_stack:
            screen.post_message(fact(screen))

    @on(Save)
    def _save(self, event: Save) -> None:
        self.store_work += 1
        self._store_thread.submit(self._run_on_store_thread, event)

    def _run_on_store_thread(self, request: Save) -> None:
        try:
            self.post_message(Saved(request, request.use_case()))
        except Exception as exc:  # raised again on the UI thread, where Textual reports a bug
            self.post_message(Saved(request, None, exc))

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        self.store_work -= 1
        outcome = event.outcome
        if outcome is None:
            raise event.failure or RuntimeError("a change to the store gave no outcome")
        if outcome.touched is None:
            if outcome.message:
                self._say(outcome.message, outcome.error)
        else:
            self._announce(lambda screen: TagsChanged(outcome, on_top=screen is self.screen))
        if event.request.then is not None:
            event.request.then(outcome)

    @on(OpenClaim)
    def _open_claim(self, event: OpenClaim) -> None:
        """Put the claim's article in the reader's focused pane (if it is not open) and select the claim."""
        reader = self._reader()
        assert reader is not None  # a claim is opened from a screen over the reader
        while self.screen is not reader:
            self.pop_screen()
        reader.show(event.reading, event.claim)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and binding.action not in ("command_palette", "quit"):
                yield SystemCommand(
                    f"{binding.description} ({key})", f"the {key} key", lambda a=binding.action: screen.run_action(a)
                )
