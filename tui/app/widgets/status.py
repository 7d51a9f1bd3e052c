"""The one-line status at the foot of a screen: what the last action did, or what went wrong."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """Says one message; an error in bold red."""

    def say(self, message: str, error: bool = False) -> None:
        self.update(Text(message, style="bold red" if error else ""), layout=False)
