"""The app opens on the articles and shows the first one's title."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from tui.app import ClaimdeskApp


async def test_app_shows_first_seed_title(seeds, tmp_path: Path) -> None:
    articles = [seeds[key] for key in sorted(seeds)]
    app = ClaimdeskApp(articles, store=tmp_path / "store.json", annotator="tester")
    async with app.run_test(size=(120, 30)) as pilot:
        title = app.query_one("#title", Static)
        assert str(title.render()) == articles[0].title
        assert app.query_one("#articles", OptionList).option_count == 5
        await pilot.press("q")
    assert not (tmp_path / "store.json").exists()
