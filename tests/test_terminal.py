"""End to end in a real terminal: tmux runs claimdesk, keys are sent, the screen and the store are read."""

from __future__ import annotations

import os
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
# A tmux server of our own (one per test process, so pytest-xdist workers never share one), started
# with no configuration file: a server the user runs, or another worker's, is never touched.
SOCKET = f"claimdesk-tests-{uuid.uuid4().hex[:12]}"
# Generous: a machine busy with other work may take many seconds to start the app.
TIMEOUT = 60.0


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=True).stdout


def tmux_status(*args: str) -> int:
    """The exit status of a tmux command that may fail (a session that is gone, say)."""
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True).returncode


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
        tmux_status("resize-window", "-t", name, "-x", WIDTH, "-y", HEIGHT)
        return name

    yield start
    tmux_status("kill-session", "-t", name)
    tmux_status("kill-server")
    # tmux leaves the socket of a server that has exited behind.
    (Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}" / SOCKET).unlink(missing_ok=True)


def screen(name: str) -> str:
    return tmux("capture-pane", "-t", name, "-p")


def wait_for(name: str, words: str, timeout: float = TIMEOUT) -> str:
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
    # The status line describes the claim j selected, with its link to the other article: the selection
    # and the linking (which runs after loading) are both done, so neither can later replace the
    # message that d is about to show. Typed before then, d's message could be replaced before it is seen.
    wait_for(name, "untagged · same claim in 1 other source")
    tmux("send-keys", "-t", name, "d")
    wait_for(name, "saved: disputed")
    assert "1/12 tagged" in screen(name)
    tmux("send-keys", "-t", name, "q")
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and tmux_status("has-session", "-t", name) == 0:
        time.sleep(0.2)
    assert tmux_status("has-session", "-t", name) != 0, "claimdesk did not quit on q"
    [record] = Store.open(store).annotations()
    assert (record["label"], record["annotator"]) == ("disputed", "e2e")
    # Relaunch: the tag is shown (the first pane counts it, and its glyph marks the claim).
    name = session()
    text = wait_for(name, "1/12 tagged")
    assert "✘" in text
    tmux("send-keys", "-t", name, "q")


def test_keys_typed_at_once_leave_the_status_of_the_last_one(session) -> None:
    """`j d` typed together: what d saved stays on the status line, not the description of j's claim
    that is announced after it, nor the one linking repaints when it finishes."""
    name = session()
    wait_for(name, "0/12 tagged")
    tmux("send-keys", "-t", name, "j", "d")
    wait_for(name, "1/12 tagged")
    wait_for(name, "alike: same claim")  # linking is done and has marked j's claim in the other pane
    assert "saved: disputed" in screen(name)
    tmux("send-keys", "-t", name, "q")
