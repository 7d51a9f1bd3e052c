"""Shared fixtures: the real sample articles in seeds/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tui.text.article import Article
from tui.text.article_files import load_articles

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Many properties draw lines from the very patterns they test (`st.from_regex`); a pattern with a
# look-around is drawn by filtering, which on some seeds throws most draws away. That is how the
# strategy works, not a sign of a slow test.
settings.register_profile("claimdesk", suppress_health_check=[HealthCheck.filter_too_much])
settings.load_profile("claimdesk")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "smoke: runs the real entry point (`python -m tui`, `claimdesk`) as a process")


@pytest.fixture(scope="session")
def seeds() -> dict[str, Article]:
    """The five seed articles, keyed by their three-digit prefix ("000" … "004")."""
    report = load_articles([SEEDS])
    assert not report.errors
    return {article.path.name[:3]: article for article in report.articles}


def copy_seeds(folder: Path, count: int) -> Path:
    """`folder` with the first `count` seed articles copied into `folder/articles`."""
    (folder / "articles").mkdir()
    for path in sorted(SEEDS.iterdir())[:count]:
        shutil.copy(path, folder / "articles" / path.name)
    return folder


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A working folder with two seed articles, as a user would have."""
    return copy_seeds(tmp_path, 2)


@pytest.fixture(autouse=True)
def own_claims_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps scored sentences in a cache folder of its own (never the user's ~/.cache), and
    starts with none kept, as on a new machine."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "claimdesk" / "claims"
