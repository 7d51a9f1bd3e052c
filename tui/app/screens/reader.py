"""The reader: two to four articles side by side, claim to claim, tagged from the keyboard.

The screens it opens (overview, review, help, dialogs, diff) are imported when first opened, so the
reader's first frame does not wait for them (nor for the DataTable they bring).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, cast

from textual.binding import Binding, BindingType

from tui.app.messages import Save
from tui.app.screens.panes import PanesScreen
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.claim_summary import link_note
from tui.app.widgets.pane import ArticlePane
from tui.desk.session import Desk, Outcome
from tui.desk.tagged_claims import Claim, Reading
from tui.text.printable import printable

Action = TypeVar("Action", bound=Callable[..., None])


def _once_loaded(action: Action) -> Action:
    """An action on the claims or the store: pressed while the panes show previews (or the start of a
    long article), it is kept and done once the whole articles are read and the store is open."""

    @functools.wraps(action)
    def kept(screen: ReaderScreen, *args: Any) -> None:
        if not screen._loading(lambda: action(screen, *args)):
            action(screen, *args)

    # `kept` takes what the action takes: functools.wraps carries the signature Textual counts parameters by.
    return cast(Action, kept)


class ReaderScreen(PanesScreen):
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
        Binding("D", "diff", "Diff with the text tagged", show=False),
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

    def __init__(self, desk: Desk, panes: list[ArticlePane]) -> None:
        super().__init__(desk, panes)
        # Keys pressed while the first panes still show a preview, replayed when claims arrive.
        self._pending: list[Callable[[], None]] = []
        # Which link `l` showed last, for which claim: the next press shows the one after.
        self._link_claim: Claim | None = None
        self._link_step = -1

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

    # ----- tagging -----------------------------------------------------------------------

    def _selected(self) -> tuple[ArticleView, Claim] | None:
        view = self.view
        if view is None or view.claim is None:
            self.status("no claim selected", error=True)
            return None
        return view, view.claim

    @_once_loaded
    def action_verdict(self, label: str) -> None:
        chosen = self._selected()
        if chosen is not None:
            view, claim = chosen
            self._save(lambda: self.desk.verdict(view.reading, claim, label))

    @_once_loaded
    def action_diff(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        view, claim = chosen
        tagged = self.desk.tagged_text(claim)
        if not claim.changed or tagged is None:
            self.status("the claim's text is as it was tagged: nothing to compare")
            return

        from tui.app.screens.text_diff import DROP, DiffScreen

        def act(choice: str | None) -> None:
            if choice == DROP:
                self._save(lambda: self.desk.untag(view.reading, claim))
            elif choice:
                self._save(lambda: self.desk.confirm(view.reading, claim, choice))

        self.app.push_screen(DiffScreen(tagged, claim.text, claim.label or "", claim.note), act)

    @_once_loaded
    def action_clear(self) -> None:
        chosen = self._selected()
        if chosen is not None and chosen[1].label is not None:
            view, claim = chosen
            self._save(lambda: self.desk.untag(view.reading, claim))

    def _tagged_selection(self, what: str) -> tuple[ArticleView, Claim] | None:
        """The selected claim, if it is tagged (a note or source belongs to a tag)."""
        chosen = self._selected()
        if chosen is not None and chosen[1].annotation is None:
            self.status(f"tag the claim first (v, d or u), then add a {what}", error=True)
            return None
        return chosen

    @_once_loaded
    def action_note(self) -> None:
        chosen = self._tagged_selection("note")
        if chosen is None:
            return
        view, claim = chosen

        def save(note: str | None) -> None:
            if note is not None and claim.annotation is not None:
                self._save(lambda: self.desk.note(view.reading, claim, note))

        from tui.app.screens.dialogs import NoteScreen

        self.app.push_screen(NoteScreen(claim.text, self.desk.current_note(claim)), save)

    @_once_loaded
    def action_source(self) -> None:
        chosen = self._tagged_selection("source")
        if chosen is None:
            return
        view, claim = chosen

        def add(source: str | None) -> None:
            if source:
                self._save(lambda: self.desk.add_source(view.reading, claim, source))

        from tui.app.screens.dialogs import SourceScreen

        self.app.push_screen(SourceScreen(claim.text), add)

    def action_extend(self, direction: str) -> None:
        if self.view is not None:
            self.view.extend(direction)

    @_once_loaded
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

    @_once_loaded
    def action_drop(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        view, claim = chosen
        if not claim.user_made:
            self.status("only a claim you marked (m) can be dropped", error=True)
            return

        def drop(_: Outcome | None = None) -> None:
            view.reading.claims = [c for c in view.reading.claims if c is not claim]
            view.refresh_content()
            view.select(view.selected)
            self.pane_of(view).refresh_header()
            self.status("dropped the claim you marked", sticky=True)

        if claim.annotation is not None:
            self._save(lambda: self.desk.untag(view.reading, claim), then=drop)
        else:
            drop()

    @_once_loaded
    def action_undo(self) -> None:
        self._save(self.desk.undo)

    @_once_loaded
    def action_redo(self) -> None:
        self._save(lambda: self.desk.undo(redo=True))

    def _save(self, use_case: Callable[[], Outcome], then: Callable[[Outcome], None] | None = None) -> None:
        """Ask the app to run a use case that changes the store (off the UI thread); it tells every screen."""
        self.post_message(Save(use_case, then))

    def replace_readings(self, readings: list[Reading], final: bool = True) -> None:
        """Swap the quick previews for full readings (claims, tags, boilerplate) of the same files, or
        (not `final`) for the claims of their start; keys pressed meanwhile act once they are final."""
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
        if not final:
            return
        bar = self._search_bar()
        if bar is not None and bar.value:  # matches found in the start: found again in the whole
            self.status(bar.mark(self.panes, bar.value))
        pending, self._pending = self._pending, []
        for replay in pending:
            replay()

    # ----- links --------------------------------------------------------------------------

    @_once_loaded
    def action_next_link(self) -> None:
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

    # ----- other screens -----------------------------------------------------------------

    @_once_loaded
    def action_review(self) -> None:
        found = self.desk.disagreements()
        if found is None:
            self.status("the store could not be opened: there is nothing to review", error=True)
            return
        from tui.app.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.desk, found))

    @_once_loaded
    def action_overview(self) -> None:
        from tui.app.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.desk))

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings))

    async def action_quit(self) -> None:
        self.app.exit()
