"""Every claim of the corpus in one table: filter, sort, see progress, and jump to a claim."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from tui.cli_support import printable
from tui.reading import Claim, Reading

if TYPE_CHECKING:
    from tui.app import ClaimdeskApp

VERDICT_STYLE = {"verified": "green", "disputed": "red", "unsupported": "yellow", None: "dim"}
BAR = 30
SORTS = ("article", "verdict", "score", "text")


def _matches(reading: Reading, claim: Claim, words: list[str]) -> bool:
    """Words all found in article, verdict, note or text; `untagged` and `changed` are words too."""
    haystack = " ".join(
        [str(reading.article.path), reading.article.title, claim.label or "untagged", claim.text, claim.note]
        + (["changed"] if claim.changed else [])
    ).casefold()
    return all(word in haystack for word in words)


def bars(readings: list[Reading]) -> Text:
    """Per-article progress and the spread of verdicts, drawn with block characters."""
    out = Text()
    verdicts = Counter(claim.label for reading in readings for claim in reading.claims)
    total = sum(verdicts.values()) or 1
    for label in ("verified", "disputed", "unsupported", None):
        width = round(BAR * verdicts[label] / total)
        out.append(f"{label or 'untagged':>12} ", style="bold")
        out.append("█" * width, style=VERDICT_STYLE[label])
        out.append(f" {verdicts[label]}\n")
    for reading in readings:
        claims = len(reading.claims) or 1
        done = round(BAR * reading.tagged / claims)
        out.append(f"{printable(reading.article.path.name)[:28]:>28} ", style="dim")
        out.append("█" * done, style="green")
        out.append("░" * (BAR - done), style="dim")
        orphaned = f", {len(reading.orphaned)} orphaned" if reading.orphaned else ""
        out.append(f" {reading.tagged}/{len(reading.claims)}{orphaned}\n")
    return out


class OverviewScreen(Screen[None]):
    """A table of every claim; type to filter, `S` to change the sort, enter to open a claim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o", "app.pop_screen", "Back to reader"),
        Binding("S", "sort", "Sort"),
        Binding("slash", "filter", "Filter"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, readings: list[Reading]) -> None:
        super().__init__()
        self.readings = readings
        self.sort = 0
        self.rows: list[tuple[Reading, Claim]] = []

    @property
    def desk(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(bars(self.readings), id="bars")
        yield Input(placeholder="filter: words in article, verdict, text or note (untagged, changed…)", id="filter")
        yield DataTable(id="claims", cursor_type="row", zebra_stripes=True)
        yield Static(self._orphans(), id="orphans")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("article", "verdict", "score", "claim", "note")
        self._fill("")
        table.focus()

    def _orphans(self) -> Text:
        orphaned = [(r, record) for r in self.readings for record in r.orphaned]
        if not orphaned:
            return Text("")
        out = Text(f"{len(orphaned)} orphaned tags (their text is gone from the article):\n", style="bold red")
        for reading, record in orphaned[:20]:
            exact = record["target"]["selector"][0]["exact"]
            out.append(f"  {record['label']}: {printable(exact)[:100]}  ({printable(reading.article.path.name)})\n")
        return out

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        rows = [(r, c) for r in self.readings for c in r.claims if _matches(r, c, words)]
        key = SORTS[self.sort]
        if key == "verdict":
            rows.sort(key=lambda rc: rc[1].label or "~")
        elif key == "score":
            rows.sort(key=lambda rc: -rc[1].score)
        elif key == "text":
            rows.sort(key=lambda rc: rc[1].text.casefold())
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for reading, claim in rows:
            verdict = Text((claim.label or "untagged") + (" (changed)" if claim.changed else ""))
            verdict.stylize(VERDICT_STYLE[claim.label])
            table.add_row(
                Text(printable(reading.article.path.name)[:24]),
                verdict,
                Text(f"{claim.score:.2f}"),
                Text(claim.text[:160]),
                Text(claim.note.replace("\n", " ")[:60]),
            )
        self.sub_title = f"{len(rows)} claims · sorted by {key}"

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_sort(self) -> None:
        self.sort = (self.sort + 1) % len(SORTS)
        self._fill(self.query_one("#filter", Input).value)

    def action_help(self) -> None:
        self.desk.show_help()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            reading, claim = self.rows[event.cursor_row]
            self.desk.open_claim(reading, claim)
