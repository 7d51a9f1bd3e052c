"""Choose an article to show: every loaded article with its progress."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.desk.tagged_claims import Reading
from tui.text.printable import printable


class ArticlePicker(ModalScreen[Reading | None]):
    """An option list of the corpus; enter chooses, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, readings: list[Reading], purpose: str) -> None:
        super().__init__()
        self.readings = readings
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.purpose, style="bold"))
            yield OptionList(*(self._option(number, r) for number, r in enumerate(self.readings)), id="picker")
            yield Label(Text("enter choose · escape cancel", style="dim"))

    @staticmethod
    def _option(number: int, reading: Reading) -> Option:
        label = Text(printable(reading.article.title) or "(untitled)")
        label.append(f"  {printable(reading.article.path.name)}  {reading.tagged}/{len(reading.claims)}", style="dim")
        return Option(label, id=str(number))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.readings[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
