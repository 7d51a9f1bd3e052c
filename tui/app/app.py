"""The claimdesk app: loads the corpus in a worker, owns the store, and wires the screens."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from tui.annotations.agreement import Disagreement, disagreements
from tui.annotations.record import locate
from tui.app.widgets.pane import ArticlePane
from tui.app.widgets.status import StatusLine
from tui.desk.corpus_links import Connections, connect
from tui.desk.tagged_claims import Claim, Reading, apply_change, apply_tags, read
from tui.store.changes import Change
from tui.store.errors import NothingToUndo, StoreError
from tui.store.store import Store
from tui.text.article import Article
from tui.text.article_files import ArticleError, discover, preview_article, read_article

PANES_AT_START = 2
FIRST_FRAME_WAIT = 1.0  # seconds the loader waits for the first frame before going on regardless


class LoadingScreen(Screen[None]):
    """Shown while the corpus loads: a progress bar, and any problem in one line."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading articles…"), id="loading-title")
        yield ProgressBar(id="progress", show_eta=False)
        yield StatusLine(id="status")
        yield Footer()


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
        self.annotator = annotator
        self.store: Store | None = None
        self.readings: list[Reading] = []
        self.connections = connect([])
        self._first_frame = threading.Event()

    def on_mount(self) -> None:
        self.push_screen(LoadingScreen())
        self.load()

    # ----- loading (in a worker: the screen stays live) ------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        problems: list[str] = []
        paths = list(discover(self.paths))
        previews = [self._preview(path) for path in paths[:PANES_AT_START]]
        if all(previews):
            # The first panes show their text at once; claims and tags follow once it is on screen
            # (this thread would otherwise hold the interpreter while the first frame is drawn).
            self.call_from_thread(self._show_previews, [Reading(a, [], [], []) for a in previews if a])
            self._first_frame.wait(timeout=FIRST_FRAME_WAIT)
        articles = self._read(paths, problems)
        readings = []
        for number, article in enumerate(articles, start=1):
            readings.append(read(article))
            self.call_from_thread(self._progress, number, len(articles))
        try:
            store = Store.open(self.store_path)
        except StoreError as exc:
            store = None
            problems.append(f"{exc}; tags cannot be saved, and the store is left untouched")
        for reading in readings:
            if store is not None:
                apply_tags(reading, store, self.annotator)
        self.call_from_thread(self._loaded, readings, store, problems)

    @staticmethod
    def _preview(path: Path) -> Article | None:
        try:
            return preview_article(path)
        except ArticleError:
            return None

    @staticmethod
    def _read(paths: list[Path], problems: list[str]) -> list[Article]:
        articles = []
        for path in paths:
            try:
                articles.append(read_article(path)[0])
            except ArticleError as exc:
                problems.append(str(exc))
        return articles

    def _show_previews(self, previews: list[Reading]) -> None:
        from tui.app.screens.reader import ReaderScreen

        if previews:
            self.switch_screen(ReaderScreen([ArticlePane(reading) for reading in previews]))
        else:
            self._first_frame.set()

    def first_frame_drawn(self) -> None:
        """The reader has drawn article text: loading may take the interpreter now."""
        self._first_frame.set()

    def _progress(self, done: int, total: int) -> None:
        bars = self.screen.query(ProgressBar)
        if bars:
            bars.first().update(total=total, progress=done)
        else:
            self._say(f"finding claims… {done}/{total} articles")

    def _loaded(self, readings: list[Reading], store: Store | None, problems: list[str]) -> None:
        from tui.app.screens.reader import ReaderScreen

        self.readings, self.store = readings, store
        if not readings:
            self.screen.query_one(StatusLine).say(
                "no article could be loaded" + (f": {problems[0]}" if problems else ""), error=True
            )
            return
        if isinstance(self.screen, ReaderScreen):
            self.screen.replace_readings(readings)
            self._say("")
        else:
            self.switch_screen(ReaderScreen([ArticlePane(reading) for reading in readings[:PANES_AT_START]]))
        if problems:
            self.call_after_refresh(self._say, problems[0], True)
        self.link(readings)

    @work(thread=True, exclusive=True, group="link")
    def link(self, readings: list[Reading]) -> None:
        """Link claims across the articles and find loaded phrases: the reader is usable meanwhile."""
        connections = connect(readings)
        self.call_from_thread(self._linked, connections)

    def _linked(self, connections: Connections) -> None:
        self.connections = connections
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_links", None)
            if callable(refresh):
                refresh()

    # ----- the store ------------------------------------------------------------------------

    def _say(self, message: str, error: bool = False) -> None:
        status = getattr(self.screen, "status", None)
        if callable(status):
            status(message, error)

    def _save(self, change: Callable[[Store], Change | None], done: str) -> bool:
        """Run one store change; on success update the open readings and say `done`. False if it failed."""
        if self.store is None:
            self._say("the store could not be opened: nothing can be saved", True)
            return False
        try:
            made = change(self.store)
        except (StoreError, KeyError, ValueError) as exc:
            self._say(str(exc).strip("'\""), True)
            return False
        if made is not None:
            self._show_change(made.before, made.after)
        self._say(done)
        return True

    def _show_change(self, old: dict | None, new: dict | None) -> None:
        touched = {id(reading): apply_change(reading, old, new, self.annotator) for reading in self.readings}
        refresh = getattr(self.screen, "refresh_tags", None)
        if callable(refresh):
            refresh(touched)

    def tag(self, reading: Reading, claim: Claim, label: str) -> None:
        self._save(lambda s: s.tag(reading.article, claim.start, claim.end, label, self.annotator), f"saved: {label}")

    def tag_all(self, claims: list[tuple[Reading, Claim]], label: str) -> None:
        """One verdict for several claims (a cluster): each is its own change, undone one by one."""
        changing = [(reading, claim) for reading, claim in claims if claim.label != label]
        for reading, claim in changing:
            if not self._save(
                lambda s, r=reading, c=claim: s.tag(r.article, c.start, c.end, label, self.annotator), ""
            ):
                return
        self._say(f"saved: {len(changing)} claims {label}" if changing else f"every claim is already {label}")

    def untag(self, reading: Reading, claim: Claim) -> None:
        annotation = claim.annotation
        if annotation is not None:
            self._save(lambda s: s.untag(annotation, self.annotator), "saved: tag cleared")

    def edit(self, reading: Reading, claim: Claim, **changes: object) -> None:
        annotation = claim.annotation
        if annotation is not None:
            self._save(lambda s: s.edit(annotation, self.annotator, **changes), "saved: note")

    def add_source(self, reading: Reading, claim: Claim, source: str) -> None:
        annotation = claim.annotation
        if annotation is not None:

            def add(store: Store) -> Change | None:
                sources = [*(store.get(annotation) or {}).get("sources", []), source]
                return store.edit(annotation, self.annotator, sources=sources)

            self._save(add, "saved: source")

    def undo_last(self, redo: bool) -> None:
        if self.store is None:
            self._say("the store could not be opened: nothing to undo", True)
            return
        try:
            change = self.store.redo(self.annotator) if redo else self.store.undo(self.annotator)
        except (NothingToUndo, StoreError) as exc:
            self._say(str(exc), True)
            return
        self._show_change(*((change.before, change.after) if redo else (change.after, change.before)))
        self._say(f"saved: {'redid' if redo else 'undid'} {change.action}")

    # ----- other screens --------------------------------------------------------------------

    def show_overview(self) -> None:
        from tui.app.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen(self.readings))

    def show_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen.active_bindings))

    def show_review(self) -> None:
        from tui.app.screens.review import ReviewScreen

        if self.store is None:
            self._say("the store could not be opened: there is nothing to review", True)
            return
        self.push_screen(ReviewScreen(disagreements(self.store.annotations())))

    def _reading_of(self, article: str, path: str) -> Reading | None:
        """The open reading of an article, by its text id, else by its file."""
        by_id = next((r for r in self.readings if r.article.id == article), None)
        wanted = Path(path).resolve()
        return by_id or next((r for r in self.readings if r.article.path.resolve() == wanted), None)

    def adjudicate(self, disagreement: Disagreement, label: str) -> list[Disagreement] | None:
        """Record the reviewer's verdict on a disagreement; the disagreements as they now stand."""
        reading = self._reading_of(disagreement.article, disagreement.path)
        if reading is None or self.store is None:
            self._say(f"open {disagreement.path} in claimdesk to settle this claim", True)
            return None
        found = locate(disagreement.records[0], reading.article)
        start, end = found.start, found.end
        if start is None or end is None:
            self._say("the claim's text is gone from the article: it cannot be settled", True)
            return None
        self._save(
            lambda s: s.tag(reading.article, start, end, label, self.annotator, adjudicated=True),
            f"saved: settled as {label}",
        )
        return disagreements(self.store.annotations())

    def open_span(self, article: str, path: str, start: int) -> None:
        """Show the claim at `start` of an open article in the reader."""
        reading = self._reading_of(article, path)
        if reading is None:
            self._say(f"{path} is not open: start claimdesk with it to read it", True)
            return
        claim = next((c for c in reading.claims if c.start <= start < c.end), None)
        self.open_claim(reading, claim)

    def open_claim(self, reading: Reading, claim: Claim | None) -> None:
        """Put `reading` in the focused pane (if it is not open) and select `claim`."""
        from tui.app.screens.reader import ReaderScreen

        reader = next(s for s in self.screen_stack if isinstance(s, ReaderScreen))
        while self.screen is not reader:
            self.pop_screen()
        reader.show(reading, claim)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and binding.action not in ("command_palette", "quit"):
                yield SystemCommand(
                    f"{binding.description} ({key})", f"the {key} key", lambda a=binding.action: screen.run_action(a)
                )
