"""End to end in a real terminal: tmux runs claimdesk, keys are sent, the screen and the store are read."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS
from tui.store.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

# Relative to the repository root, where the session starts, so the pane headers stay short.
TWO_SEEDS = [path.relative_to(ROOT) for path in sorted(SEEDS.glob("*.txt"))[:2]]
WIDTH, HEIGHT = "150", "40"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Callable[[], str]]:
    name = f"claimdesk-{uuid.uuid4().hex[:8]}"
    store = tmp_path / "store.json"
    # The app must size itself from the terminal, not from COLUMNS/LINES that pytest may have set.
    command = " ".join(
        [
            "env",
            "-u",
            "COLUMNS",
            "-u",
            "LINES",
            sys.executable,
            "-m",
            "tui",
            *map(str, TWO_SEEDS),
            "--store",
            str(store),
            "--annotator",
            "e2e",
        ]
    )

    def start() -> str:
        tmux("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", WIDTH, "-y", HEIGHT, "-c", str(ROOT), command)
        # A tmux server started elsewhere may size new windows its own way: set the size outright.
        subprocess.run(["tmux", "resize-window", "-t", name, "-x", WIDTH, "-y", HEIGHT], capture_output=True)
        return name

    yield start
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def screen(name: str) -> str:
    return tmux("capture-pane", "-t", name, "-p")


def wait_for(name: str, words: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = screen(name)
        if words in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{words!r} never appeared on screen:\n{screen(name)}")


def test_j_d_q_in_a_real_terminal_leaves_one_disputed_tag_that_a_relaunch_shows(session, tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    name = session()
    wait_for(name, "0/12 tagged")
    tmux("send-keys", "-t", name, "j")
    time.sleep(0.3)
    tmux("send-keys", "-t", name, "d")
    wait_for(name, "saved: disputed")
    assert "1/12 tagged" in screen(name)
    tmux("send-keys", "-t", name, "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and subprocess.run(["tmux", "has-session", "-t", name]).returncode == 0:
        time.sleep(0.2)
    [record] = Store.open(store).annotations()
    assert (record["label"], record["annotator"]) == ("disputed", "e2e")
    # Relaunch: the tag is shown (the first pane counts it, and its glyph marks the claim).
    name = session()
    text = wait_for(name, "1/12 tagged")
    assert "✘" in text
    tmux("send-keys", "-t", name, "q")
