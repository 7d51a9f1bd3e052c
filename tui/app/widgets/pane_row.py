"""The articles side by side: a row of up to four panes, in the order they were opened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.pane import ArticlePane

MAX_PANES = 4


class PaneRow(Horizontal):
    """Panes of articles; the screen decides which is focused, this keeps them in order on screen."""

    def __init__(self, panes: list[ArticlePane]) -> None:
        super().__init__(id="panes")
        self.panes = panes[:MAX_PANES]

    def compose(self) -> ComposeResult:
        yield from self.panes

    def index_of(self, view: ArticleView | None) -> int:
        """Where the pane of `view` stands (0 if it is not one of ours)."""
        return next((i for i, pane in enumerate(self.panes) if pane.view is view), 0)

    def pane_of(self, view: ArticleView) -> ArticlePane:
        return next(pane for pane in self.panes if pane.view is view)

    def add(self, pane: ArticlePane) -> None:
        self.panes.append(pane)
        self.mount(pane)

    def replace(self, index: int, pane: ArticlePane) -> None:
        old = self.panes[index]
        self.panes[index] = pane
        self.mount(pane, after=old)
        old.remove()

    def close(self, pane: ArticlePane) -> None:
        self.panes.remove(pane)
        pane.remove()
