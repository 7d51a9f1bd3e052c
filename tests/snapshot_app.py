"""A small app factory for snapshot tests: two seeds side by side on a store in a temporary folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tui.app.app import ClaimdeskApp

# Relative to the repository root (the tests chdir there), so the panes show the same paths on every machine.
SEEDS = Path("seeds")
TWO_SEEDS = [SEEDS / "000_d71dc3aabc790433.txt", SEEDS / "001_a33109398c212efd.txt"]


def snapshot_app(paths: list[Path] | None = None) -> ClaimdeskApp:
    store = Path(tempfile.mkdtemp(prefix="claimdesk-snap-")) / "store.json"
    return ClaimdeskApp(paths or TWO_SEEDS, store=store, annotator="snapshots")


def review_app() -> ClaimdeskApp:
    """Two annotators who disagree on the 750 claim of seed 000, reviewed by a third."""
    from tui.store.store import Store
    from tui.text.article_files import read_article

    app = snapshot_app()
    article = read_article(TWO_SEEDS[0])[0]
    start = article.text.index("At least 750 people")
    end = article.text.index(".", start) + 1
    store = Store.open(app.store_path)
    store.tag(article, start, end, "verified", "ana", note="The UN camp figures say 750.")
    store.tag(
        article,
        start,
        end,
        "disputed",
        "ben",
        note="SOHR counted 100, not 750.",
        sources=["https://www.syriahr.com/en/"],
    )
    return app
