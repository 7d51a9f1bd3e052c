"""The claimdesk Textual app (a first version: the loaded articles and their claims)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.claims import find_claims
from tui.model import Article


class ClaimdeskApp(App[None]):
    """Lists the loaded articles with how many claims each holds."""

    CSS_PATH = "app.tcss"
    TITLE = "claimdesk"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, articles: Sequence[Article], store: Path, annotator: str) -> None:
        super().__init__()
        self.articles = list(articles)
        self.store_path = store
        self.annotator = annotator

    def compose(self) -> ComposeResult:
        yield Header()
        first = self.articles[0]
        yield Static(Text(first.title), id="title")
        yield Static(Text(f"{first.path}  ·  store {self.store_path}  ·  {self.annotator}"), id="source")
        yield OptionList(*(self._option(article) for article in self.articles), id="articles")
        yield Footer()

    @staticmethod
    def _option(article: Article) -> Option:
        claims = sum(1 for scored in find_claims(article) if scored.is_claim)
        label = Text(article.title)
        label.append(f"  ({claims} claims, {article.path.name})", style="dim")
        return Option(label, id=article.id)
