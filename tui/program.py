"""The claimdesk program: the command line, with `claimdesk [PATH...]` opening the Textual reader.

It sits above both `tui.cli` and `tui.app`, which never import each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.cli.main import main as run_command_line


def open_reader(paths: list[Path], store: Path, annotator: str) -> None:
    """Run the reader on `paths` until the user quits."""
    from tui.app.app import ClaimdeskApp  # Textual loads only when the app is opened.

    ClaimdeskApp(paths, store=store, annotator=annotator).run()


def main(argv: Sequence[str] | None = None) -> None:
    """The `claimdesk` command."""
    run_command_line(argv, launch=open_reader)
