"""Every key of the screen underneath, with what it does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """A table of keys; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, bindings: Mapping[str, Any]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        by_action: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for key, active in self.bindings.items():
            binding = active.binding
            if binding.description:
                by_action.setdefault(binding.action, []).append(key)
                descriptions[binding.action] = binding.description
        rows = [(" / ".join(keys), descriptions[action]) for action, keys in by_action.items()]
        rows.append(("ctrl+p", "Command palette: every action by name"))
        # Two columns of plain text, not a Rich table: a table is measured and drawn again and again
        # as the dialog is laid out, which made `?` take 40 ms to answer.
        width = max(len(keys) for keys, _ in rows)
        listing = Text("claimdesk keys\n\n", style="bold", justify="left")
        for keys, does in rows:
            listing.append(keys.ljust(width + 2), style="bold")
            listing.append(f"{does}\n", style="")
        listing.append("\nescape closes", style="dim")
        with VerticalScroll(classes="dialog"):
            yield Static(listing)
