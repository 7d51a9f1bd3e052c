"""An article drawn through Textual's Line API: pre-wrapped rows, claims painted at render time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.widgets.rows import Row, layout
from tui.desk.tagged_claims import Claim, Reading

GUTTER = 3
# Verdicts must be told apart without colour: each has its own glyph in the gutter
# ("!" marks a tag whose claim was reworded since); "▶" marks the selected claim.
GLYPHS = {"verified": "✔", "disputed": "✘", "unsupported": "?", None: "•"}


# Tabs, and the bidi controls that would reorder what the terminal shows (U+202A-202E, U+2066-2069),
# become one visible cell each, so article text cannot disguise itself and columns stay where offsets say.
_SHOWN = str.maketrans({"\t": " ", **{chr(c): "\ufffd" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}})


def shown(text: str) -> str:
    """Article text as the view paints it, character for character."""
    return text.translate(_SHOWN)


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """One article; `selected` is the index of the selected claim in `reading.claims`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--claim",
        "article-view--verified",
        "article-view--disputed",
        "article-view--unsupported",
        "article-view--selected",
        "article-view--dim",
        "article-view--fold",
        "article-view--gutter",
        "article-view--changed",
        "article-view--match",
        "article-view--link",
        "article-view--loaded",
    }
    DEFAULT_CSS = """
    ArticleView { background: $surface; overflow-x: hidden; }
    ArticleView > .article-view--claim { text-style: underline; }
    ArticleView > .article-view--verified { color: $success; text-style: underline; }
    ArticleView > .article-view--disputed { color: $error; text-style: underline; }
    ArticleView > .article-view--unsupported { color: $warning; text-style: underline; }
    ArticleView > .article-view--selected { text-style: reverse bold; }
    ArticleView > .article-view--dim { color: $text-disabled; }
    ArticleView > .article-view--fold { color: $text-muted; text-style: italic; }
    ArticleView > .article-view--gutter { color: $text-muted; }
    ArticleView > .article-view--changed { text-style: underline italic; }
    ArticleView > .article-view--match { background: $accent 40%; }
    ArticleView > .article-view--link { background: $primary 45%; }
    ArticleView > .article-view--loaded { text-style: italic; color: $secondary; }
    """

    selected: reactive[int | None] = reactive(None, layout=False)

    class SelectionChanged(Message):
        """The selected claim of a view changed."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

        @property
        def control(self) -> ArticleView:
            return self.view

    class Painted(Message):
        """The view drew article text for the first time."""

    def __init__(self, reading: Reading, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.reading = reading
        self.matches: list[tuple[int, int]] = []
        self.linked: tuple[int, int] | None = None  # the counterpart of the claim selected in another pane
        self.free: tuple[int, int] | None = None  # a selection being extended with shift+arrows
        self._rows: list[Row] = []
        self._row_starts: list[int] = []
        self._width = 0
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._claim_starts: list[int] = []
        self._dimmed: list[tuple[int, int]] = []
        self._dim_starts: list[int] = []
        self._match_starts: list[int] = []
        self._loaded: list[tuple[int, int]] = []
        self._loaded_starts: list[int] = []
        self._index_spans()
        self._styles: dict[str, Style] = {}
        self._painted = False

    # ----- what is selected ------------------------------------------------------------

    @property
    def claim(self) -> Claim | None:
        if self.selected is None or not self.reading.claims:
            return None
        return self.reading.claims[min(self.selected, len(self.reading.claims) - 1)]

    def select(self, index: int | None) -> None:
        """Select a claim (clamped to the claims there are) and scroll it into view."""
        if index is not None:
            index = max(0, min(index, len(self.reading.claims) - 1)) if self.reading.claims else None
        self.selected = index
        self.show_claim()

    def select_at_offset(self, offset: int) -> None:
        """Select the claim starting at (or else after) a text offset."""
        if self.reading.claims:
            self.select(bisect_left([claim.start for claim in self.reading.claims], offset))

    def repaint_claim(self, claim: Claim) -> None:
        """Repaint the rows of one claim whose verdict changed."""
        self._repaint_span(claim.start, claim.end)

    def refresh_claims(self) -> None:
        """Repaint after verdicts changed (the text, its furniture and the search stay as they were)."""
        if len(self._claim_starts) != len(self.reading.claims):
            self._claim_starts = [claim.start for claim in self.reading.claims]
        self._cache.clear()
        self.refresh()

    def watch_selected(self, old: int | None, new: int | None) -> None:
        # Only the rows of the claim left and the claim chosen change.
        for index in (old, new):
            if index is not None and index < len(self.reading.claims):
                self._repaint_span(self.reading.claims[index].start, self.reading.claims[index].end)
        self.post_message(self.SelectionChanged(self))

    def _repaint_span(self, start: int, end: int) -> None:
        if not self._rows:
            return
        top, bottom = self.row_of(start), self.row_of(max(start, end - 1))
        for key in [key for key in self._cache.keys() if top <= key[0] <= bottom]:  # noqa: SIM118 (an LRUCache is not iterable)
            self._cache.discard(key)
        self.refresh_lines(top, bottom - top + 1)

    def show_claim(self) -> None:
        claim = self.claim
        if claim is not None:
            self.show_span(claim.start, claim.end)

    def show_span(self, start: int, end: int) -> None:
        """Scroll so that the text `start..end` is in view."""
        if self._rows:
            top, bottom = self.row_of(start), self.row_of(max(start, end - 1))
            self.scroll_to_region(Region(0, top, 1, bottom - top + 1), animate=False, force=True)

    def mark_link(self, span: tuple[int, int] | None) -> None:
        """Mark (and scroll to) the counterpart of a claim selected elsewhere; None clears the mark."""
        old, self.linked = self.linked, span
        for marked in (old, span):
            if marked is not None:
                self._repaint_span(*marked)
        if span is not None:
            self.show_span(*span)

    def show_offset(self, offset: int) -> None:
        if self._rows:
            self.scroll_to_region(Region(0, self.row_of(offset), 1, 1), animate=False, force=True)

    def row_of(self, offset: int) -> int:
        return max(0, bisect_right(self._row_starts, offset) - 1)

    def extend(self, direction: str) -> None:
        """Grow or shrink the free selection from the cursor (the selected claim's start) by a word or a row."""
        text = self.reading.article.text
        if self.free is None:
            claim = self.claim
            start = claim.start if claim else (self._rows[int(self.scroll_y)].start if self._rows else 0)
            self.free = (start, start)
        start, end = self.free
        if direction == "right":
            while end < len(text) and text[end].isspace():
                end += 1
            while end < len(text) and not text[end].isspace():
                end += 1
        elif direction == "left":
            while end > start and text[end - 1].isspace():
                end -= 1
            while end > start and not text[end - 1].isspace():
                end -= 1
        elif direction == "down":
            row = min(self.row_of(end) + 1, len(self._rows) - 1)
            end = max(end, self._rows[row].end)
        elif direction == "up":
            row = self.row_of(end)
            end = max(start, self._rows[max(0, row - 1)].end if row else start)
        self.free = (start, end)
        self.show_offset(end)
        self.refresh_content()

    def take_free_selection(self) -> tuple[int, int] | None:
        """The free selection, trimmed of spaces, and clear it."""
        if self.free is None:
            return None
        start, end = self.free
        text = self.reading.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        self.free = None
        self.refresh_content()
        return (start, end) if start < end else None

    # ----- layout and painting -----------------------------------------------------------

    def refresh_content(self, relayout: bool = False) -> None:
        """Repaint after tags, selection or search changed (`relayout` after folds changed)."""
        if relayout:
            self._width = 0
            self._relayout(self.size.width)
        self._index_spans()
        self._styles.clear()
        self._cache.clear()
        self.refresh()

    def _index_spans(self) -> None:
        """Sorted spans and their starts, so each row finds what touches it by bisection."""
        self._claim_starts = [claim.start for claim in self.reading.claims]
        self._dimmed = _merged(self.reading.dimmed)
        self._dim_starts = [start for start, _ in self._dimmed]
        self.matches.sort()
        self._match_starts = [start for start, _ in self.matches]
        # Occurrences of phrases the article repeats unusually often (loaded language).
        self._loaded = _merged([(span.start, span.end) for phrase in self.reading.loaded for span in phrase.spans])
        self._loaded_starts = [start for start, _ in self._loaded]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def on_resize(self) -> None:
        self._relayout(self.size.width)

    def _relayout(self, width: int) -> None:
        text_width = max(8, width - GUTTER - 1)
        if text_width == self._width and self._rows:
            return
        self._width = text_width
        self._rows = layout(self.reading, text_width)
        self._row_starts = [row.start for row in self._rows]
        self._cache.clear()
        self.virtual_size = Size(text_width + GUTTER, len(self._rows))
        self.show_claim()

    def render_line(self, y: int) -> Strip:
        if not self._rows:  # the first frame shows the text: it does not wait for the resize that follows it
            self._relayout(self.size.width)
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if index >= len(self._rows):
            return Strip.blank(width, self._style("base"))
        if not self._painted:
            self._painted = True
            # Posted from the view's own queue: a message made here, while the screen renders, names the
            # screen as its sender and so would stop at the screen instead of reaching the app.
            self.call_later(self._announce_painted)
        key = (index, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._cache[key] = self._paint(self._rows[index]).crop_extend(0, width, self._style("base"))
        return strip.crop(scroll_x, scroll_x + width).apply_offsets(scroll_x, index)

    def _announce_painted(self) -> None:
        self.post_message(self.Painted())

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (
                self.rich_style if name == "base" else self.get_component_rich_style(f"article-view--{name}")
            )
        return style

    @staticmethod
    def _touching(spans: list[tuple[int, int]], starts: list[int], row: Row) -> list[tuple[int, int]]:
        """The spans (sorted by start, barely overlapping) that touch the row."""
        last = bisect_left(starts, row.end)
        first = last
        while first > 0 and spans[first - 1][1] > row.start:
            first -= 1
        return [span for span in spans[first:last] if span[1] > row.start]

    def _paint(self, row: Row) -> Strip:
        text = self.reading.article.text
        if row.fold:
            lines = text.count("\n", row.start, row.end) + 1
            line = Text(f"▸ comments folded ({lines} lines) — press enter to open", style=self._style("fold"))
            return Strip(list(Text(" " * GUTTER).append_text(line).render(self.app.console)))
        body = Text(shown(text[row.start : row.end]), style=self._style("base"), no_wrap=True, end="")
        for start, end in self._touching(self._dimmed, self._dim_starts, row):
            self._stylize(body, row, start, end, self._style("dim"))
        for start, end in self._touching(self._loaded, self._loaded_starts, row):
            self._stylize(body, row, start, end, self._style("loaded"))
        selected, verdict = " ", " "
        # Claims are in text order: only those starting before the row ends can touch it.
        last = bisect_left(self._claim_starts, row.end)
        first = last
        while first > 0 and self.reading.claims[first - 1].end > row.start:
            first -= 1
        for index in range(first, last):
            claim = self.reading.claims[index]
            if claim.end <= row.start:
                continue
            style = self._style(claim.label or "claim")
            if claim.changed:
                style += self._style("changed")
            if index == self.selected:
                style += self._style("selected")
                selected = "▶"
            self._stylize(body, row, claim.start, claim.end, style)
            verdict = GLYPHS.get(claim.label, "•") if verdict in (" ", "•") else verdict
            if claim.changed:
                verdict = "!"
        if self.linked is not None:
            self._stylize(body, row, *self.linked, self._style("link"))
        for start, end in self._touching(self.matches, self._match_starts, row):
            self._stylize(body, row, start, end, self._style("match"))
        if self.free is not None:
            self._stylize(body, row, *self.free, self._style("match"))
        line = Text(selected + verdict + " ", style=self._style("gutter"), end="")
        line.append_text(body)
        return Strip(list(line.render(self.app.console)), line.cell_len)

    @staticmethod
    def _stylize(body: Text, row: Row, start: int, end: int, style: Style) -> None:
        if end > row.start and start < row.end:
            body.stylize(style, max(start, row.start) - row.start, min(end, row.end) - row.start)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, in order: one dimmed stretch may hold another."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
