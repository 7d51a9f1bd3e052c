"""Every key of the screen underneath, with what it does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.table import Table
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
        table = Table(title="claimdesk keys", expand=True, show_edge=False)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        by_action: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for key, active in self.bindings.items():
            binding = active.binding
            if binding.description:
                by_action.setdefault(binding.action, []).append(key)
                descriptions[binding.action] = binding.description
        for action, keys in by_action.items():
            table.add_row(Text(" / ".join(keys)), Text(descriptions[action]))
        table.add_row(Text("ctrl+p"), Text("Command palette: every action by name"))
        with VerticalScroll(classes="dialog"):
            yield Static(table)
            yield Static(Text("escape closes", style="dim"))
