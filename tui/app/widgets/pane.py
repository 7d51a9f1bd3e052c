"""A reading pane: a header (title, source file, progress) above an article view."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from tui.app.widgets.article_view import ArticleView
from tui.desk.tagged_claims import Reading
from tui.text.printable import printable


class ArticlePane(Vertical):
    """One article with its header; the header follows the tags as they change."""

    def __init__(self, reading: Reading, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="pane")
        self.reading = reading
        self.view = ArticleView(reading)
        self.link_note = Text("")  # how the claim selected in another pane is told here

    def compose(self) -> ComposeResult:
        yield Label(self._title(), classes="pane-title")
        yield Label(self._meta(), classes="pane-meta")
        yield self.view

    def _title(self) -> Text:
        article = self.reading.article
        title = Text(printable(article.title) or "(untitled)", style="bold")
        byline = article.meta.byline()
        if byline:  # outlet · date · author, where the file says
            title.append(f"  {printable(byline)}", style="dim")
        return title

    def _meta(self) -> Text:
        reading = self.reading
        # Progress first: on a narrow pane the long file name is what gets cut.
        meta = Text(f"{reading.tagged}/{len(reading.claims)} tagged")
        if not reading.whole:
            meta.append(" in the start · reading the rest…", style="italic")
        if reading.orphaned:
            meta.append(" · ")
            meta.append(f"{len(reading.orphaned)} orphaned", style="bold red")
        if reading.loaded:
            meta.append(" · ")
            meta.append(f"{len(reading.loaded)} loaded phrase{'s' if len(reading.loaded) > 1 else ''}", style="italic")
        if self.link_note:
            meta.append(" · ")
            meta.append_text(self.link_note)
        meta.append(" · ")
        meta.append(printable(str(reading.article.path)), style="dim")
        return meta

    def show_link(self, span: tuple[int, int] | None, note: Text) -> None:
        """Mark the counterpart of a claim selected in another pane, and say in the header how alike they are."""
        self.link_note = note
        self.view.mark_link(span)
        self.refresh_header()

    def refresh_title(self) -> None:
        self.query_one(".pane-title", Label).update(self._title(), layout=False)

    def refresh_header(self) -> None:
        self.query_one(".pane-meta", Label).update(self._meta(), layout=False)
