"""The reader: two to four articles side by side, claim to claim, tagged from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui.app.screens.dialogs import NoteScreen, SourceScreen
from tui.app.screens.picker import ArticlePicker
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.pane import ArticlePane
from tui.app.widgets.status import StatusLine
from tui.desk.corpus_links import Counterpart, loaded_phrases_in
from tui.desk.tagged_claims import Claim, Reading
from tui.text.printable import printable

if TYPE_CHECKING:
    from tui.app.app import ClaimdeskApp

MAX_PANES = 4
# `l` opens a linked article in a new pane while fewer than this many are open, else in the next one.
PANES_FOR_LINKS = 2


def link_note(found: Counterpart) -> Text:
    """How a counterpart relates to the selected claim: the same claim (how alike), or a shared number."""
    link = found.link
    if link.same_claim:
        return Text(f"≈ {link.similarity:.0%} alike: same claim", style="bold")
    return Text(f"shares {', '.join(link.numbers)}: a different claim", style="italic")


class ReaderScreen(Screen[None]):
    """Panes of articles; every key acts on the focused pane's selected claim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "next_claim", "Next claim"),
        Binding("k,up", "previous_claim", "Previous claim"),
        Binding("J", "next_untagged", "Next untagged", show=False),
        Binding("K", "previous_untagged", "Previous untagged", show=False),
        Binding("g", "first_claim", "First claim", show=False),
        Binding("G", "last_claim", "Last claim", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
        Binding("tab", "next_pane", "Next pane", show=False, priority=True),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, priority=True),
        Binding("v", "verdict('verified')", "Verified"),
        Binding("d", "verdict('disputed')", "Disputed"),
        Binding("u", "verdict('unsupported')", "Unsupported"),
        Binding("x", "clear", "Clear"),
        Binding("n", "note", "Note"),
        Binding("s", "source", "Source"),
        Binding("ctrl+z,backspace", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("enter", "toggle_fold", "Open comments", show=False),
        Binding("shift+right", "extend('right')", "Select a word more", show=False),
        Binding("shift+left", "extend('left')", "Select a word less", show=False),
        Binding("shift+down", "extend('down')", "Select a row more", show=False),
        Binding("shift+up", "extend('up')", "Select a row less", show=False),
        Binding("m", "mark", "Mark selection as claim", show=False),
        Binding("M", "drop", "Drop user-made claim", show=False),
        Binding("a", "pick_article", "Article…"),
        Binding("plus", "add_pane", "Add pane", show=False),
        Binding("minus", "close_pane", "Close pane", show=False),
        Binding("slash", "search", "Search"),
        Binding("l", "next_link", "Next link"),
        Binding("o", "overview", "Overview"),
        Binding("R", "review", "Review disagreements", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, panes: list[ArticlePane]) -> None:
        super().__init__()
        self.panes = panes[:MAX_PANES]
        self._last_view: ArticleView | None = None
        self._keep_status = False
        self._showing_error = False
        # Keys pressed while the first panes still show a preview, replayed when claims arrive.
        self._pending: list[Callable[[], None]] = []
        # Which link `l` showed last, for which claim: the next press shows the one after.
        self._link_claim: Claim | None = None
        self._link_step = -1

    @property
    def desk(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield from self.panes
        yield Input(placeholder="search the open articles", id="search", classes="hidden")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        if self.panes:
            self.panes[0].view.focus()
            for pane in self.panes:
                pane.view.select(0 if pane.reading.claims else None)

    # ----- where we are ------------------------------------------------------------------

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
        return next(pane for pane in self.panes if pane.view is view)

    def status(self, message: str, error: bool = False, sticky: bool = False) -> None:
        self._keep_status = sticky
        self._showing_error = error
        self.query_one(StatusLine).say(message, error)

    def on_article_view_painted(self) -> None:
        self.desk.first_frame_drawn()

    def on_article_view_selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        if event.view is not self.view:
            return
        self._show_counterparts(event.view)
        if self._keep_status:  # a message about the action that moved the selection stays
            self._keep_status = False
            return
        claim = event.view.claim
        if claim is not None:
            self.status(self._describe(event.view.reading, claim))

    def _describe(self, reading: Reading, claim: Claim) -> str:
        """The status line for a selected claim: verdict, links, loaded language, note."""
        parts = [claim.label or "untagged"]
        if claim.changed:
            parts.append("text changed since tagged: review it")
        connections = self.desk.connections
        links = connections.links(claim)
        same = {id(c.reading) for c in links if c.link.same_claim and c.reading is not reading}
        if same:
            parts.append(f"same claim in {len(same)} other source{'s' if len(same) > 1 else ''} (l: next link)")
        numbers = sorted({n for c in links if not c.link.same_claim for n in c.link.numbers})
        if numbers:
            parts.append(f"shares {', '.join(numbers)} with a different claim (l)")
        if connections.conflicting(claim):
            parts.append("⚠ verdicts differ within its cluster")
        for phrase in loaded_phrases_in(claim, reading):
            parts.append(f"loaded: “{printable(phrase.phrase)}” ×{phrase.count} in this article")
        if claim.note:
            parts.append(f"note: {claim.note.splitlines()[0]}")
        return " · ".join(parts)

    def _show_counterparts(self, view: ArticleView) -> None:
        """In every other pane, mark the selected claim's closest counterpart, with how alike they are."""
        claim = view.claim
        for pane in self.panes:
            found = None if claim is None or pane.view is view else self.desk.connections.best_in(claim, pane.reading)
            if found is None:
                pane.show_link(None, Text(""))
            else:
                pane.show_link((found.claim.start, found.claim.end), link_note(found))

    # ----- moving ------------------------------------------------------------------------

    def _loading(self, replay: Callable[[], None]) -> bool:
        """While the panes show previews, keep the key to replay once claims arrive."""
        if self.desk.readings:
            return False
        self._pending.append(replay)
        self.status("finding claims… the key will take effect when they are ready", sticky=True)
        return True

    def _move(self, choose: Callable[[ArticleView], int | None]) -> None:
        if self._loading(lambda: self._move(choose)):
            return
        view = self.view
        if view is not None and view.reading.claims:
            target = choose(view)
            if target is not None:
                view.select(target)

    def action_next_claim(self) -> None:
        self._move(lambda v: (v.selected or 0) + 1 if v.selected is not None else 0)

    def action_previous_claim(self) -> None:
        self._move(lambda v: (v.selected or 0) - 1 if v.selected is not None else 0)

    def action_first_claim(self) -> None:
        self._move(lambda v: 0)

    def action_last_claim(self) -> None:
        self._move(lambda v: len(v.reading.claims) - 1)

    def _untagged(self, view: ArticleView, step: int) -> int | None:
        claims, current = view.reading.claims, view.selected if view.selected is not None else -step
        index = current + step
        while 0 <= index < len(claims):
            if claims[index].label is None:
                return index
            index += step
        self.status("no more untagged claims that way")
        return None

    def action_next_untagged(self) -> None:
        self._move(lambda v: self._untagged(v, 1))

    def action_previous_untagged(self) -> None:
        self._move(lambda v: self._untagged(v, -1))

    def action_page_down(self) -> None:
        if self.view is not None:
            self.view.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        if self.view is not None:
            self.view.scroll_page_up(animate=False)

    def _focus_pane(self, step: int) -> None:
        if self.view is not None and len(self.panes) > 1:
            index = next(i for i, p in enumerate(self.panes) if p.view is self.view)
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

    # ----- tagging -----------------------------------------------------------------------

    def _selected(self) -> tuple[ArticleView, Claim] | None:
        view = self.view
        if view is None or view.claim is None:
            self.status("no claim selected", error=True)
            return None
        return view, view.claim

    def action_verdict(self, label: str) -> None:
        if self._loading(lambda: self.action_verdict(label)):
            return
        chosen = self._selected()
        if chosen is not None:
            view, claim = chosen
            if claim.label == label:  # the same key again clears it
                self.desk.untag(view.reading, claim)
            else:
                self.desk.tag(view.reading, claim, label)

    def action_clear(self) -> None:
        if self._loading(self.action_clear):
            return
        chosen = self._selected()
        if chosen is not None and chosen[1].label is not None:
            self.desk.untag(chosen[0].reading, chosen[1])

    def _tagged_selection(self, what: str) -> tuple[ArticleView, Claim] | None:
        """The selected claim, if it is tagged (a note or source belongs to a tag)."""
        chosen = self._selected()
        if chosen is not None and chosen[1].annotation is None:
            self.status(f"tag the claim first (v, d or u), then add a {what}", error=True)
            return None
        return chosen

    def action_note(self) -> None:
        chosen = self._tagged_selection("note")
        if chosen is None:
            return
        view, claim = chosen

        def save(note: str | None) -> None:
            if note is not None and claim.annotation is not None:
                self.desk.edit(view.reading, claim, note=note)

        self.app.push_screen(NoteScreen(claim.text, claim.note), save)

    def action_source(self) -> None:
        chosen = self._tagged_selection("source")
        if chosen is None:
            return
        view, claim = chosen

        def add(source: str | None) -> None:
            if source:
                self.desk.add_source(view.reading, claim, source)

        self.app.push_screen(SourceScreen(claim.text), add)

    def action_extend(self, direction: str) -> None:
        if self.view is not None:
            self.view.extend(direction)

    def action_mark(self) -> None:
        view = self.view
        span = view.take_free_selection() if view is not None else None
        if view is None or span is None:
            self.status("select some text first (shift+arrows from the selected claim), then m", error=True)
            return
        start, end = span
        same = next((i for i, c in enumerate(view.reading.claims) if (c.start, c.end) == (start, end)), None)
        if same is not None:
            view.select(same)
            self.status("that text is already a claim: selected it", sticky=True)
            return
        claim = Claim(start, end, view.reading.article.text[start:end], 0.0, user_made=True)
        view.reading.claims.append(claim)
        view.reading.claims.sort(key=lambda c: (c.start, c.end))
        view.refresh_content()
        view.select(view.reading.claims.index(claim))
        self.pane_of(view).refresh_header()
        self.status("marked as a claim: tag it with v, d or u to keep it", sticky=True)

    def action_drop(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        view, claim = chosen
        if not claim.user_made:
            self.status("only a claim you marked (m) can be dropped", error=True)
            return
        if claim.annotation is not None:
            self.desk.untag(view.reading, claim)
        view.reading.claims = [c for c in view.reading.claims if c is not claim]
        view.refresh_content()
        view.select(view.selected)
        self.pane_of(view).refresh_header()
        self.status("dropped the claim you marked", sticky=True)

    def action_undo(self) -> None:
        self.desk.undo_last(redo=False)

    def action_redo(self) -> None:
        self.desk.undo_last(redo=True)

    def replace_readings(self, readings: list[Reading]) -> None:
        """Swap the quick previews for full readings (claims, tags, boilerplate) of the same files."""
        by_path = {reading.article.path: reading for reading in readings}
        for pane in self.panes:
            full = by_path.get(pane.reading.article.path)
            if full is None:
                continue
            pane.reading = pane.view.reading = full
            pane.view.refresh_content(relayout=True)
            pane.refresh_title()
            pane.refresh_header()
            pane.view.select(0 if full.claims else None)
        pending, self._pending = self._pending, []
        for replay in pending:
            replay()

    def refresh_links(self) -> None:
        """Show what linking found: loaded phrases in every pane, the selected claim's counterparts."""
        for pane in self.panes:
            pane.view.refresh_content()
            pane.refresh_header()
        view = self.view
        if view is not None:
            self._show_counterparts(view)
            # An error (a damaged store, say) stays until the next key.
            if view.claim is not None and not self._keep_status and not self._showing_error:
                self.status(self._describe(view.reading, view.claim))

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

        self.app.push_screen(ArticlePicker(self.desk.readings, "Show which article in this pane?"), put)

    def action_add_pane(self) -> None:
        if len(self.panes) >= MAX_PANES:
            self.status(f"at most {MAX_PANES} panes side by side", error=True)
            return

        def add(reading: Reading | None) -> None:
            if reading is not None:
                pane = ArticlePane(reading)
                self.panes.append(pane)
                self.query_one("#panes").mount(pane)
                self._select_later(pane, 0)

        self.app.push_screen(ArticlePicker(self.desk.readings, "Add which article as a new pane?"), add)

    def action_close_pane(self) -> None:
        view = self.view
        if view is None or len(self.panes) == 1:
            self.status("the last pane stays open", error=True)
            return
        pane = self.pane_of(view)
        self.panes.remove(pane)
        pane.remove()
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
            view = self.view
            pane = ArticlePane(reading)
            self._replace_pane(next((i for i, p in enumerate(self.panes) if p.view is view), 0), pane)
        self._select_later(pane, pane.reading.claims.index(claim) if claim in pane.reading.claims else 0)

    # ----- search ------------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.remove_class("hidden")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._search(event.value)

    def _search(self, words: str) -> None:
        needle = words.casefold()
        total = 0
        for pane in self.panes:
            text = pane.reading.article.text.casefold()
            found = []
            at = text.find(needle) if needle else -1
            while at >= 0 and len(found) < 10_000:
                found.append((at, at + len(needle)))
                at = text.find(needle, at + 1)
            pane.view.matches = found
            pane.view.refresh_content()
            total += len(found)
        self._match = -1
        self.status(f"{total} matches" if needle else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self._next_match(1)

    def _next_match(self, step: int) -> None:
        hits = [(pane, hit) for pane in self.panes for hit in pane.view.matches]
        if not hits:
            return
        self._match = (getattr(self, "_match", -1) + step) % len(hits)
        pane, (start, _end) = hits[self._match]
        pane.view.show_offset(start)
        self.status(f"match {self._match + 1} of {len(hits)}")

    def key_escape(self) -> None:
        box = self.query_one("#search", Input)
        if not box.has_class("hidden"):
            box.add_class("hidden")
            box.value = ""
            if self.view is not None:
                self.view.focus()

    def key_shift_enter(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self._next_match(-1)

    # ----- links --------------------------------------------------------------------------

    def action_next_link(self) -> None:
        if self._loading(self.action_next_link):
            return
        chosen = self._selected()
        if chosen is None:
            return
        view, claim = chosen
        links = self.desk.connections.links(claim)
        if not links:
            self.status("no linked claims: no other article tells this claim or states its numbers")
            return
        self._link_step = (self._link_step + 1) % len(links) if self._link_claim is claim else 0
        self._link_claim = claim
        found = links[self._link_step]
        span = (found.claim.start, found.claim.end)
        if found.reading is view.reading:  # a restatement in this article: marked here, the selection stays
            self.pane_of(view).show_link(span, link_note(found))
        else:
            pane = next((p for p in self.panes if p.reading is found.reading), None) or self._open_beside(
                view, found.reading
            )
            index = pane.reading.claims.index(found.claim)

            def mark() -> None:
                pane.view.select(index)
                pane.show_link(span, link_note(found))

            self.call_after_refresh(mark)  # a pane just opened has no rows until it is laid out
        where = printable(found.reading.article.path.name)
        self.status(f"link {self._link_step + 1} of {len(links)}: {where} · {link_note(found).plain}")

    def _open_beside(self, view: ArticleView, reading: Reading) -> ArticlePane:
        """A pane other than `view`'s showing `reading`: a new one while there is room, else the next one."""
        pane = ArticlePane(reading)
        if len(self.panes) < PANES_FOR_LINKS:
            self.panes.append(pane)
            self.query_one("#panes").mount(pane)
            return pane
        index = (next(i for i, p in enumerate(self.panes) if p.view is view) + 1) % len(self.panes)
        self._replace_pane(index, pane)
        return pane

    def _replace_pane(self, index: int, pane: ArticlePane) -> None:
        old = self.panes[index]
        self.panes[index] = pane
        self.query_one("#panes").mount(pane, after=old)
        old.remove()

    # ----- other screens -----------------------------------------------------------------

    def action_review(self) -> None:
        if not self._loading(self.action_review):
            self.desk.show_review()

    def action_overview(self) -> None:
        self.desk.show_overview()

    def action_help(self) -> None:
        self.desk.show_help()

    async def action_quit(self) -> None:
        self.app.exit()
