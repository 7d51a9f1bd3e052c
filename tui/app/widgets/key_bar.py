"""The keys of the screen in one line at its foot, each one clickable, drawn as a single widget.

Textual's `Footer` mounts a widget per key and draws its keys only after the screen's first frame,
so the reader's first frame cost sixteen widgets, a second layout and a second frame (20 ms of a
250 ms start). This bar shows the same keys, grouped by action the way `Footer` does, in one line
of text that is redrawn when the screen's bindings change.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

# Kept at the right end of the bar, whatever else a narrow screen cuts: how to learn the keys, and
# how to leave.
PINNED_ACTIONS = frozenset({"help", "quit"})


class KeyBar(Widget, can_focus=False):
    """The shown bindings of the screen, `key description` after one another (help, quit and the
    command palette at the right end); a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._keys: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of each key drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def _shown(self) -> tuple[list[tuple[Binding, bool]], list[tuple[Binding, bool]]]:
        """One binding per action (its first key), in the order the screen lists them; and apart, the
        keys kept at the right end however narrow the screen: help, quit and the command palette."""
        seen: set[str] = set()
        listed: list[tuple[Binding, bool]] = []
        pinned: list[tuple[Binding, bool]] = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            palette = binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE
            if (binding.show or palette) and binding.action not in seen:
                seen.add(binding.action)
                kept = palette or binding.action.rpartition(".")[2] in PINNED_ACTIONS
                (pinned if kept else listed).append((binding, enabled))
        return listed, pinned

    def _keys_text(self, bindings: list[tuple[Binding, bool]]) -> tuple[Text, list[tuple[int, int, str]]]:
        """The keys as text, and the cells each key takes in it."""
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line, cells = Text(), []
        for binding, enabled in bindings:
            start, first = line.cell_len, len(line)
            line.append(f" {self.app.get_key_display(binding)} ", key_style)
            line.append(f"{binding.description} ", description_style)
            if not enabled:
                line.stylize("dim", first)
            cells.append((start, line.cell_len, binding.key))
        return line, cells

    def render(self) -> Text:
        listed, pinned = self._shown()
        right, right_cells = self._keys_text(pinned)
        room = max(0, self.size.width - right.cell_len)
        left, left_cells = self._keys_text(listed)
        left.truncate(room, overflow="ellipsis", pad=True)
        self._keys = [cell for cell in left_cells if cell[1] <= room]
        self._keys += [(start + room, end + room, key) for start, end, key in right_cells]
        return left + right

    def on_click(self, event: events.Click) -> None:
        key = next((key for start, end, key in self._keys if start <= event.x < end), None)
        if key is not None:
            self.app.simulate_key(key)
