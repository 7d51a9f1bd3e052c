"""The diff view (`D`): a tag's text as it was tagged against the claim's text now, word by word."""

from __future__ import annotations

import difflib
import re
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.text.printable import printable

DROP = "drop"
_WORDS = re.compile(r"\S+|\s+")


def word_diff(before: str, after: str) -> Text:
    """`before` turned into `after`: removed words struck through in red, added ones in green."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    out = Text()
    for kind, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if kind in ("delete", "replace"):
            out.append(printable("".join(old[i1:i2])), style="strike red")
        if kind in ("insert", "replace"):
            out.append(printable("".join(new[j1:j2])), style="bold green")
        if kind == "equal":
            out.append(printable("".join(old[i1:i2])))
    return out


class DiffScreen(ModalScreen[str | None]):
    """Confirm a tag on the reworded text with a verdict (v, d, u), drop it (x), or leave it (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "choose('verified')", "Confirm verified"),
        Binding("d", "choose('disputed')", "Confirm disputed"),
        Binding("u", "choose('unsupported')", "Confirm unsupported"),
        Binding("x", "choose('drop')", "Drop the tag"),
        Binding("escape", "choose('')", "Leave it"),
    ]

    def __init__(self, tagged: str, now: str, label: str, note: str) -> None:
        super().__init__()
        self.tagged, self.now, self.label, self.note = tagged, now, label, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"tagged {self.label}; the text changed since:", style="bold"))
            yield Label(word_diff(self.tagged, self.now), classes="dialog-claim")
            if self.note:
                yield Label(Text(f"note: {printable(self.note)}", style="italic"))
            yield Label(
                Text("v/d/u confirm on the text as it is now (note and sources kept) · x drop · escape", style="dim")
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
