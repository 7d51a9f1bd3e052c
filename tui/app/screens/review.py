"""Review mode: walk the claims annotators disagree on, see each verdict and note, and settle them."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.annotations.agreement import Disagreement
from tui.app.messages import OpenClaim, Save, StatusNote, TagsChanged
from tui.app.screens.help import HelpScreen
from tui.app.screens.overview import VERDICT_STYLE
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.status import StatusLine
from tui.desk.session import Desk, Outcome
from tui.text.printable import printable


def describe(disagreement: Disagreement) -> Text:
    """The claim, where it is, each annotator's verdict and note, and the settled verdict if any."""
    out = Text()
    out.append(printable(disagreement.path), style="dim")
    out.append("\n\n")
    out.append(printable(disagreement.exact), style="italic")
    out.append("\n\n")
    for record in disagreement.records:
        out.append(f"{printable(record['annotator'])}: ", style="bold")
        out.append(record["label"], style=VERDICT_STYLE[record["label"]])
        if record["note"]:
            out.append(f" — {printable(record['note'])}")
        if record["sources"]:
            out.append(f"\n    sources: {printable(', '.join(record['sources']))}", style="dim")
        out.append("\n")
    out.append("\n")
    settled = disagreement.adjudicated
    if settled is None:
        out.append("not settled: v, d or u records the adjudicated verdict", style="bold")
    else:
        out.append(f"settled by {printable(settled['annotator'])}: ", style="bold")
        out.append(settled["label"], style=VERDICT_STYLE[settled["label"]])
    return out


class ReviewScreen(Screen[None]):
    """One disagreement at a time; j/k walk them, v/d/u settle the one shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "step(1)", "Next"),
        Binding("k,up", "step(-1)", "Previous"),
        Binding("J", "next_unsettled", "Next unsettled", show=False),
        Binding("v", "settle('verified')", "Verified"),
        Binding("d", "settle('disputed')", "Disputed"),
        Binding("u", "settle('unsupported')", "Unsupported"),
        Binding("enter", "open", "Open in reader"),
        Binding("escape,R", "app.pop_screen", "Back"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, desk: Desk, found: list[Disagreement]) -> None:
        super().__init__()
        self.desk = desk
        self.found = found
        self.at = next((i for i, d in enumerate(found) if not d.settled), 0)

    @property
    def current(self) -> Disagreement | None:
        return self.found[self.at] if self.found else None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review"):
            yield Static(id="review-claim")
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        current = self.current
        settled = sum(d.settled for d in self.found)
        if current is None:
            self.sub_title = "no disagreements"
            body = Text("Annotators agree on every claim they both tagged (or only one annotator has tagged).")
        else:
            self.sub_title = f"disagreement {self.at + 1} of {len(self.found)} · {settled} settled"
            body = describe(current)
        self.query_one("#review-claim", Static).update(body)

    def status(self, message: str, error: bool = False) -> None:
        self.query_one(StatusLine).say(message, error)

    @on(StatusNote)
    def _note(self, event: StatusNote) -> None:
        self.status(event.text, event.error)

    @on(TagsChanged)
    def _tags_changed(self, event: TagsChanged) -> None:
        if event.on_top:
            self.status(event.outcome.message, event.outcome.error)

    def action_step(self, step: int) -> None:
        if self.found:
            self.at = (self.at + step) % len(self.found)
            self._show()

    def action_next_unsettled(self) -> None:
        order = [(self.at + step) % len(self.found) for step in range(1, len(self.found) + 1)]
        unsettled = next((i for i in order if not self.found[i].settled), None)
        if unsettled is None:
            self.status("every disagreement is settled")
            return
        self.at = unsettled
        self._show()

    def action_settle(self, label: str) -> None:
        current = self.current
        if current is None:
            return

        def next_disagreement(outcome: Outcome) -> None:
            found = None if outcome.error else self.desk.disagreements()
            if found is not None:
                self.found = found
                self.at = min(self.at, len(found) - 1)
                self._show()

        self.post_message(Save(lambda: self.desk.settle(current, label), then=next_disagreement))

    def action_open(self) -> None:
        current = self.current
        if current is None:
            return
        reading = self.desk.reading_of(current.article, current.path)
        if reading is None:
            self.status(f"{current.path} is not open: start claimdesk with it to read it", error=True)
            return
        claim = next((c for c in reading.claims if c.start <= current.start < c.end), None)
        self.post_message(OpenClaim(reading, claim))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.active_bindings))
