"""The floor for bench/terminal.py: a minimal Textual app that shows static text and echoes a key.

Run: .venv/bin/python bench/minimal_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.events import Key
from textual.widgets import Static

LINES = [f"floor line {number}: a minimal Textual app showing static text" for number in range(10)]


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("\n".join(LINES), id="text")
        yield Static("no key yet", id="echo")

    def on_key(self, event: Key) -> None:
        if event.key == "q":
            self.exit()
        else:
            self.query_one("#echo", Static).update(f"echo: {event.key}")


if __name__ == "__main__":
    MinimalApp().run()
