"""The screen shown while the corpus loads."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from tui.app.messages import StatusNote
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.status import StatusLine


class LoadingScreen(Screen[None]):
    """Shown while the corpus loads: a progress bar, and any problem in one line."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading articles…"), id="loading-title")
        yield ProgressBar(id="progress", show_eta=False)
        yield StatusLine(id="status")
        yield KeyBar()

    @on(StatusNote)
    def _note(self, event: StatusNote) -> None:
        self.query_one(StatusLine).say(event.text, event.error)
