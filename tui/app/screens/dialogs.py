"""Small modal dialogs: the note editor, the source prompt and the verdict for a cluster."""

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


class ClusterVerdictScreen(ModalScreen[str | None]):
    """Choose one verdict for every claim of a cluster, then confirm it; returns the verdict or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "choose('verified')", "Verified"),
        Binding("d", "choose('disputed')", "Disputed"),
        Binding("u", "choose('unsupported')", "Unsupported"),
        Binding("y", "confirm", "Confirm"),
        Binding("escape,n", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, members: list[tuple[str, str, str | None]]) -> None:
        """`members` holds each claim's article name, text and current verdict."""
        super().__init__()
        self.members = members
        self.chosen: str | None = None

    def compose(self) -> ComposeResult:
        listing = Text()
        for article, text, label in self.members:
            listing.append(f"{label or 'untagged':>11} ", style="bold")
            listing.append(f"{article}: ", style="dim")
            listing.append(f"{text[:140]}\n")
        sources = len({article for article, _, _ in self.members})
        with Vertical(classes="dialog"):
            yield Label(Text(f"One verdict for {len(self.members)} claims in {sources} sources", style="bold"))
            yield Label(listing, classes="dialog-claim")
            yield Label(Text("v, d or u to choose the verdict · escape cancel", style="dim"), id="cluster-prompt")

    def action_choose(self, label: str) -> None:
        self.chosen = label
        prompt = Text(f"Tag all {len(self.members)} claims as {label}? ", style="bold")
        prompt.append("y to confirm · v, d, u to choose again · escape cancel", style="dim")
        self.query_one("#cluster-prompt", Label).update(prompt)

    def action_confirm(self) -> None:
        if self.chosen is not None:
            self.dismiss(self.chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
