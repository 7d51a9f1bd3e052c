"""Small modal dialogs: the note editor and the source prompt."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea


class NoteScreen(ModalScreen[str | None]):
    """Edit a note in a multi-line text area: ctrl+s saves, escape cancels (returns None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, claim_text: str, note: str) -> None:
        super().__init__()
        self.claim_text = claim_text
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.claim_text, no_wrap=False), classes="dialog-claim")
            yield TextArea(self.note, id="note", soft_wrap=True)
            yield Label(Text("ctrl+s save · escape cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SourceScreen(ModalScreen[str | None]):
    """Ask for one source (a URL or a citation): enter adds it, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", priority=True)]

    def __init__(self, claim_text: str) -> None:
        super().__init__()
        self.claim_text = claim_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.claim_text), classes="dialog-claim")
            yield Input(placeholder="https://… or a citation", id="source")
            yield Label(Text("enter add · escape cancel", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
