"""Articles side by side: the panes, which one keys act on, search, and what a change repaints.

The reader (`tui.app.screens.reader`) adds the keys a fact-checker tags with.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from tui.app.messages import LinksReady, StatusNote, TagsChanged
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.claim_summary import describe, link_note
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.pane import ArticlePane
from tui.app.widgets.pane_row import MAX_PANES, PaneRow
from tui.app.widgets.search_bar import SearchBar
from tui.app.widgets.status import StatusLine
from tui.desk.session import Desk
from tui.desk.tagged_claims import Claim, Reading

# `l` opens a linked article in a new pane while fewer than this many are open, else in the next one.
PANES_FOR_LINKS = 2


class PanesScreen(Screen[None]):
    """Two to four panes of articles on a desk; keys act on the focused pane's selected claim."""

    def __init__(self, desk: Desk, panes: list[ArticlePane]) -> None:
        super().__init__()
        self.desk = desk
        self.row = PaneRow(panes)
        self._last_view: ArticleView | None = None
        self._keep_status = False
        self._showing_error = False
        # Where the status line last said what an action did (a tag saved): a selection message
        # arriving after it for that same claim, or linking finishing, leaves it standing.
        self._said_for: Claim | None = None

    @property
    def panes(self) -> list[ArticlePane]:
        return self.row.panes

    def compose(self) -> ComposeResult:
        yield self.row
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.panes:
            self.panes[0].view.focus()
            for pane in self.panes:
                pane.view.select(0 if pane.reading.claims else None)

    @property
    def view(self) -> ArticleView | None:
        """The view keys act on: the focused one, or the one focused last (while search has focus)."""
        focused = self.focused
        if isinstance(focused, ArticleView):
            return focused
        if self._last_view is not None and any(p.view is self._last_view for p in self.panes):
            return self._last_view
        return self.panes[0].view if self.panes else None

    def on_descendant_focus(self, event: object) -> None:
        if isinstance(self.focused, ArticleView):
            self._last_view = self.focused

    def pane_of(self, view: ArticleView) -> ArticlePane:
        return self.row.pane_of(view)

    def status(self, message: str, error: bool = False, sticky: bool = False) -> None:
        self._keep_status = sticky
        self._showing_error = error
        self.query_one(StatusLine).say(message, error)

    @on(StatusNote)
    def _note(self, event: StatusNote) -> None:
        self.status(event.text, event.error)

    def on_article_view_selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        if event.view is not self.view:
            return
        self._show_counterparts(event.view)
        if self._keep_status:  # a message about the action that moved the selection stays
            self._keep_status = False
            return
        if self._said_for is not None and event.view.claim is self._said_for:
            return  # announced late, after what a key did on this claim was said: that stays
        self._said_for = None  # the selection moved on
        claim = event.view.claim
        if claim is not None:
            self.status(describe(event.view.reading, claim, self.desk.connections))

    def _show_counterparts(self, view: ArticleView) -> None:
        """In every other pane, mark the selected claim's closest counterpart, with how alike they are."""
        claim = view.claim
        for pane in self.panes:
            found = None if claim is None or pane.view is view else self.desk.connections.best_in(claim, pane.reading)
            if found is None:
                pane.show_link(None, Text(""))
            else:
                pane.show_link((found.claim.start, found.claim.end), link_note(found))

    def action_page_down(self) -> None:
        if self.view is not None:
            self.view.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        if self.view is not None:
            self.view.scroll_page_up(animate=False)

    def _focus_pane(self, step: int) -> None:
        if self.view is not None and len(self.panes) > 1:
            index = self.row.index_of(self.view)
            self.panes[(index + step) % len(self.panes)].view.focus()

    def action_next_pane(self) -> None:
        self._focus_pane(1)

    def action_previous_pane(self) -> None:
        self._focus_pane(-1)

    def action_toggle_fold(self) -> None:
        view = self.view
        if view is None or not view.reading.folds:
            return
        folds = view.reading.open_folds
        for start, _end in view.reading.folds:
            folds.symmetric_difference_update({start})
        view.refresh_content(relayout=True)

    @on(LinksReady)
    def refresh_links(self) -> None:
        """Show what linking found: loaded phrases in every pane, the selected claim's counterparts."""
        for pane in self.panes:
            pane.view.refresh_content()
            pane.refresh_header()
        view = self.view
        if view is not None:
            self._show_counterparts(view)
            # An error (a damaged store, say) stays until the next key.
            said_here = self._said_for is not None and view.claim is self._said_for
            if view.claim is not None and not self._keep_status and not self._showing_error and not said_here:
                self.status(describe(view.reading, view.claim, self.desk.connections))

    @on(TagsChanged)
    def _tags_changed(self, event: TagsChanged) -> None:
        outcome = event.outcome
        self.refresh_tags(outcome.touched)
        if not event.on_top:
            return
        view = self.view
        self._said_for = None if view is None else view.claim
        if outcome.focus is not None:  # an undo or redo: show the claim it changed
            reading, start = outcome.focus
            target = next((claim for claim in reading.claims if claim.start <= start < claim.end), None)
            if target is not None:
                self._said_for = target
                if view is None or view.claim is not target:
                    self.show(reading, target)
        self.status(outcome.message, outcome.error)

    def refresh_tags(self, touched: dict[int, list[Claim] | None] | None = None) -> None:
        """Repaint after the store changed: only the claims `touched` (by reading id), or everything."""
        for pane in self.panes:
            claims = (touched or {}).get(id(pane.reading), None) if touched is not None else None
            if claims is not None:
                for claim in claims:
                    pane.view.repaint_claim(claim)
                if claims:
                    pane.refresh_header()
                continue
            selected = pane.view.claim
            pane.view.refresh_claims()
            pane.refresh_header()
            if selected is not None and pane.view.claim is not selected:  # a claim was added or removed
                pane.view.select_at_offset(selected.start)

    def action_pick_article(self) -> None:
        def put(reading: Reading | None) -> None:
            if reading is not None:
                self.show(reading, reading.claims[0] if reading.claims else None)

        from tui.app.screens.picker import ArticlePicker  # loaded when first asked for

        self.app.push_screen(ArticlePicker(self.desk.readings, "Show which article in this pane?"), put)

    def action_add_pane(self) -> None:
        if len(self.panes) >= MAX_PANES:
            self.status(f"at most {MAX_PANES} panes side by side", error=True)
            return

        def add(reading: Reading | None) -> None:
            if reading is not None:
                pane = ArticlePane(reading)
                self.row.add(pane)
                self._select_later(pane, 0)

        from tui.app.screens.picker import ArticlePicker

        self.app.push_screen(ArticlePicker(self.desk.readings, "Add which article as a new pane?"), add)

    def action_close_pane(self) -> None:
        view = self.view
        if view is None or len(self.panes) == 1:
            self.status("the last pane stays open", error=True)
            return
        self.row.close(self.pane_of(view))
        self.panes[0].view.focus()

    def _select_later(self, pane: ArticlePane, index: int) -> None:
        def focus_claim() -> None:
            pane.view.focus()
            pane.view.select(index)

        self.call_after_refresh(focus_claim)  # a new pane is mounted by then

    def show(self, reading: Reading, claim: Claim | None) -> None:
        """Select `claim` of `reading`, putting the article into the focused pane if it is not open."""
        pane = next((p for p in self.panes if p.reading is reading), None)
        if pane is None:
            pane = ArticlePane(reading)
            self.row.replace(self.row.index_of(self.view), pane)
        self._select_later(pane, pane.reading.claims.index(claim) if claim in pane.reading.claims else 0)

    async def action_search(self) -> None:
        bar = self._search_bar()
        if bar is None:  # mounted when first asked for: the first frame has one widget fewer to lay out
            bar = SearchBar()
            await self.mount(bar)
        bar.open()

    def _search_bar(self) -> SearchBar | None:
        return next(iter(self.query(SearchBar)), None)

    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, SearchBar):
            self.status(event.input.mark(self.panes, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, SearchBar):
            self._next_match(1)

    def _next_match(self, step: int) -> None:
        bar = self._search_bar()
        said = None if bar is None else bar.step(self.panes, step)
        if said is not None:
            self.status(said)

    def key_escape(self) -> None:
        bar = self._search_bar()
        if bar is not None and bar.close() and self.view is not None:
            self.view.focus()

    def key_shift_enter(self) -> None:
        if isinstance(self.focused, SearchBar):
            self._next_match(-1)

    def _open_beside(self, view: ArticleView, reading: Reading) -> ArticlePane:
        """A pane other than `view`'s showing `reading`: a new one while there is room, else the next one."""
        pane = ArticlePane(reading)
        if len(self.panes) < PANES_FOR_LINKS:
            self.row.add(pane)
            return pane
        self.row.replace((self.row.index_of(view) + 1) % len(self.panes), pane)
        return pane
