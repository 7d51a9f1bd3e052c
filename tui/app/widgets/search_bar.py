"""Search across the open articles: every match marked in its pane, enter steps from one to the next."""

from __future__ import annotations

from textual.widgets import Input

from tui.app.widgets.pane import ArticlePane

MAX_MATCHES = 10_000  # per pane: enough to step through, few enough to mark at once


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `needle` in `text`, case folded, at most `MAX_MATCHES`."""
    haystack, needle = text.casefold(), needle.casefold()
    found: list[tuple[int, int]] = []
    at = haystack.find(needle) if needle else -1
    while at >= 0 and len(found) < MAX_MATCHES:
        found.append((at, at + len(needle)))
        at = haystack.find(needle, at + 1)
    return found


class SearchBar(Input):
    """A search box over some panes; hidden until asked for."""

    def __init__(self) -> None:
        super().__init__(placeholder="search the open articles", id="search", classes="hidden")
        self.match = -1

    def open(self) -> None:
        self.remove_class("hidden")
        self.focus()

    def close(self) -> bool:
        """Hide and empty the box; False if it was not open."""
        if self.has_class("hidden"):
            return False
        self.add_class("hidden")
        self.value = ""
        return True

    def mark(self, panes: list[ArticlePane], words: str) -> str:
        """Mark every match of `words` in the panes; what to say about them."""
        total = 0
        for pane in panes:
            pane.view.matches = find_all(pane.reading.article.text, words)
            pane.view.refresh_content()
            total += len(pane.view.matches)
        self.match = -1
        return f"{total} matches" if words else ""

    def step(self, panes: list[ArticlePane], step: int) -> str | None:
        """Show the next (or previous) match; what to say, or None when nothing matches."""
        hits = [(pane, hit) for pane in panes for hit in pane.view.matches]
        if not hits:
            return None
        self.match = (self.match + step) % len(hits)
        pane, (start, _end) = hits[self.match]
        pane.view.show_offset(start)
        return f"match {self.match + 1} of {len(hits)}"
