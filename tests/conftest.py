"""Shared fixtures: the real sample articles in seeds/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.corpus import load_articles
from tui.model import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds() -> dict[str, Article]:
    """The five seed articles, keyed by their three-digit prefix ("000" … "004")."""
    report = load_articles([SEEDS])
    assert not report.errors
    return {article.path.name[:3]: article for article in report.articles}
