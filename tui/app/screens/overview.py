"""Every claim of the corpus in one table: filter, sort, see progress, and jump to a claim."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tui.annotations.record import quote_of
from tui.app.messages import LinksReady, OpenClaim, Save, StatusNote, TagsChanged
from tui.app.screens.dialogs import ClusterVerdictScreen
from tui.app.screens.help import HelpScreen
from tui.app.widgets.claim_summary import reasons_text
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.status import StatusLine
from tui.desk.corpus_links import Connections
from tui.desk.session import Desk
from tui.desk.tagged_claims import Claim, Reading
from tui.text.printable import printable

VERDICT_STYLE = {"verified": "green", "disputed": "red", "unsupported": "yellow", None: "dim"}
BAR = 30
SORTS = ("article", "verdict", "score", "links", "text")
# The table holds the matches a page at a time, the next page added as the cursor nears the end:
# a keystroke in the filter repaints in a frame however many claims match.
PAGE = 60


class _Filtered(NamedTuple):
    """A filter's words, the sort it was made in, and its matches in table order."""

    words: list[str]
    sort: int
    rows: list[tuple[Reading, Claim, str]]  # with each claim's haystack


def _narrows(before: list[str], words: list[str]) -> bool:
    """Whether a claim matching `words` must match `before` too: each word before lies within one now."""
    return all(any(old in word for word in words) for old in before)


def _haystack(reading: Reading, claim: Claim, connections: Connections) -> str:
    """What a filter looks in: article, verdict, note and text; `untagged`, `changed`, `linked` and
    `conflict` are words too."""
    return " ".join(
        [str(reading.article.path), reading.article.title, reading.article.meta.site or "", claim.label or "untagged"]
        + [claim.text, claim.note]
        + (["changed"] if claim.changed else [])
        + (["linked"] if connections.cluster_number(claim) is not None else [])
        + (["conflict"] if connections.conflicting(claim) else [])
    ).casefold()


def links_cell(claim: Claim, connections: Connections) -> Text:
    """The claim's cluster as "in 3 sources", flagged when their verdicts differ."""
    sources = connections.sources(claim)
    if not sources:
        return Text("")
    cell = Text(f"in {sources} sources")
    if connections.conflicting(claim):
        cell.append(" ⚠ conflict", style="bold red")
    return cell


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
    """Every claim in a table: type to filter; escape to the table (S sort, c cluster verdict, enter open)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o", "back", "Back to reader"),
        Binding("S", "sort", "Sort"),
        Binding("c", "cluster_verdict", "Verdict for cluster"),
        Binding("slash", "filter", "Filter"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.readings = desk.readings
        self.sort = 0
        self.rows: list[tuple[Reading, Claim]] = []  # every claim the filter matches, in table order
        self._haystacks: list[tuple[Reading, Claim, str]] | None = None  # built once per change of tags or links
        self._last: _Filtered | None = None  # a query typed on narrows what the last one matched

    def compose(self) -> ComposeResult:
        yield Static(bars(self.readings), id="bars")
        yield Input(placeholder="filter: words in article, verdict, text or note (untagged, changed…)", id="filter")
        yield DataTable(id="claims", cursor_type="row", zebra_stripes=True)
        yield Static(self._notes(), id="orphans")
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("article", "verdict", "score", "links", "claim", "note", "why")
        self._fill("")
        # Typing filters at once: every printable key goes to the filter, never to a binding.
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        """From the filter to the table (where the overview's keys act); from the table back to the reader."""
        if self.focused is self.query_one("#filter", Input):
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()

    def _notes(self) -> Text:
        """Loaded language per article, then orphaned tags."""
        out = Text()
        for reading in self.readings:
            if reading.loaded:
                out.append(f"loaded language in {printable(reading.article.path.name)}: ", style="bold")
                phrases = (f"“{printable(phrase.phrase)}” ×{phrase.count}" for phrase in reading.loaded[:5])
                out.append(", ".join(phrases) + "\n", style="italic")
        orphaned = [(r, record) for r in self.readings for record in r.orphaned]
        if orphaned:
            out.append(f"{len(orphaned)} orphaned tags (their text is gone from the article):\n", style="bold red")
        for reading, record in orphaned[:20]:
            out.append(
                f"  {record['label']}: {printable(quote_of(record))[:100]}  ({printable(reading.article.path.name)})\n"
            )
        return out

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        connections = self.desk.connections
        if self._haystacks is None:
            self._haystacks = [(r, c, _haystack(r, c, connections)) for r in self.readings for c in r.claims]
            self._last = None
        key = SORTS[self.sort]
        last = self._last
        if last is not None and last.sort == self.sort and _narrows(last.words, words):
            # Typed on: only the last matches can match, and they are in order already (a stable sort of a
            # subset orders it as the subset of the sorted whole).
            matched = [row for row in last.rows if all(word in row[2] for word in words)]
        else:
            matched = [row for row in self._haystacks if all(word in row[2] for word in words)]
            if key == "links":
                matched.sort(key=lambda row: (-connections.sources(row[1]), connections.cluster_number(row[1]) or 0))
            elif key == "verdict":
                matched.sort(key=lambda row: row[1].label or "~")
            elif key == "score":
                matched.sort(key=lambda row: -row[1].score)
            elif key == "text":
                matched.sort(key=lambda row: row[1].text.casefold())
        self._last = _Filtered(words, self.sort, matched)
        self.rows = [(reading, claim) for reading, claim, _ in matched]
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self._add_rows(max(PAGE, row + 1))
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))
        self.sub_title = f"{len(self.rows)} claims · sorted by {key}"

    def _add_rows(self, count: int) -> None:
        """Put up to `count` more of the matching claims into the table."""
        table = self.query_one(DataTable)
        connections = self.desk.connections
        for reading, claim in self.rows[table.row_count : table.row_count + count]:
            verdict = Text((claim.label or "untagged") + (" (changed)" if claim.changed else ""))
            verdict.stylize(VERDICT_STYLE[claim.label])
            table.add_row(
                Text(printable(reading.article.path.name)[:24]),
                verdict,
                Text(f"{claim.score:.2f}"),
                links_cell(claim, connections),
                Text(printable(claim.text[:160])),
                Text(printable(claim.note.replace("\n", " ")[:60])),
                Text(reasons_text(claim), style="dim"),
            )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one(DataTable)
        if event.cursor_row >= table.row_count - PAGE // 2:
            self._add_rows(PAGE)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_sort(self) -> None:
        self.sort = (self.sort + 1) % len(SORTS)
        self._fill(self.query_one("#filter", Input).value)

    def status(self, message: str, error: bool = False) -> None:
        self.query_one(StatusLine).say(message, error)

    @on(StatusNote)
    def _note(self, event: StatusNote) -> None:
        self.status(event.text, event.error)

    def action_cluster_verdict(self) -> None:
        table = self.query_one(DataTable)
        if not 0 <= table.cursor_row < len(self.rows):
            return
        _, claim = self.rows[table.cursor_row]
        members = self.desk.connections.cluster(claim)
        if not members:
            self.status("this claim is not linked to claims in other articles: tag it in the reader", error=True)
            return
        listing = [(printable(r.article.path.name), c.text, c.label) for r, c in members]

        def apply(label: str | None) -> None:
            if label is not None:
                self.post_message(Save(lambda: self.desk.tag_all(members, label)))

        self.app.push_screen(ClusterVerdictScreen(listing), apply)

    @on(TagsChanged)
    def refresh_rows(self, event: TagsChanged) -> None:
        """Redraw the table and bars after verdicts changed."""
        self._haystacks = None
        self.query_one("#bars", Static).update(bars(self.readings))
        self._fill(self.query_one("#filter", Input).value)
        if event.on_top:
            self.status(event.outcome.message, event.outcome.error)

    @on(LinksReady)
    def refresh_links(self) -> None:
        """Linking finished while the overview was open: show clusters and loaded language."""
        self._haystacks = None
        self.query_one("#orphans", Static).update(self._notes())
        self._fill(self.query_one("#filter", Input).value)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.active_bindings))

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            reading, claim = self.rows[event.cursor_row]
            self.post_message(OpenClaim(reading, claim))
