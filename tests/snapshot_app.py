"""A small app factory for snapshot tests: two seeds side by side on a store in a temporary folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tui.app import ClaimdeskApp

# Relative to the repository root (the tests chdir there), so the panes show the same paths on every machine.
SEEDS = Path("seeds")
TWO_SEEDS = [SEEDS / "000_d71dc3aabc790433.txt", SEEDS / "001_a33109398c212efd.txt"]


def snapshot_app(paths: list[Path] | None = None) -> ClaimdeskApp:
    store = Path(tempfile.mkdtemp(prefix="claimdesk-snap-")) / "store.json"
    return ClaimdeskApp(paths or TWO_SEEDS, store=store, annotator="snapshots")
