"""What a user waits for in a real terminal: whole processes launched in tmux, each beside its floor.

Every figure is the median of --runs launches, timed from the tmux command that starts the process
(or sends the key) until the screen, read with `tmux capture-pane` every few milliseconds, shows
what the user waits for. Floors are measured in the same run, so the ratios hold on a busy machine:

  first paint of a seed    claimdesk on one seed until its title is on screen,
                           beside bench/minimal_app.py (10 lines of static text) until they are;
  5 MB: claims visible     claimdesk on a 5 MB article until its pane counts claims (those of the
                           article's start come first, while the rest is read), beside the seed's
                           first paint;
  5 MB: all of it read     the same, until the pane counts the claims of the whole article (no target:
                           the reader is usable meanwhile);
  5 MB: a key while loading  `?` pressed once the 5 MB article's text shows and before all of it is
                           read, until the help screen is up, beside the minimal app's echo of a key;
  500 articles: first paint  claimdesk on a folder of 500 articles (bench/corpus.py's) until the
                           first one's title is on screen, beside the seed's first paint.

Targets (issue 14): first paint <= 1.5x; claims visible <= 3x; key <= 5x; 500 articles as fast as one.

Run: .venv/bin/python bench/terminal.py [--runs 5] [--megabytes 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import build as build_corpus  # noqa: E402
from reader import build_big_article  # noqa: E402

from tui.text.article_files import read_article  # noqa: E402

SOCKET = f"claimdesk-bench-{uuid.uuid4().hex[:8]}"
WIDTH, HEIGHT = "160", "45"
POLL = 0.005
TIMEOUT = 300.0
CLAIMS_COUNTED = re.compile(r"\d+/[1-9]\d* tagged")
STILL_READING = "reading the rest"  # what a pane says while only the claims of an article's start are found


def all_read(text: str) -> bool:
    return CLAIMS_COUNTED.search(text) is not None and STILL_READING not in text


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False).stdout


def screen(name: str) -> str:
    return tmux("capture-pane", "-t", name, "-p")


def wait_until(name: str, shown: Callable[[str], bool], started: float) -> float:
    """Seconds from `started` until `shown(screen)` holds."""
    while time.monotonic() - started < TIMEOUT:
        if shown(screen(name)):
            return time.monotonic() - started
        time.sleep(POLL)
    raise SystemExit(f"timed out waiting on screen:\n{screen(name)}")


def launch(command: list[str]) -> tuple[str, float]:
    """Start `command` in a new tmux session; each launch keeps scored sentences in a new cache folder,
    so that every article is read as for the first time."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    cache = Path(tempfile.gettempdir()) / f"claimdesk-bench-cache-{name}"
    env = " ".join(["env", "-u", "COLUMNS", "-u", "LINES", f"XDG_CACHE_HOME={cache}", *command])
    started = time.monotonic()
    tmux("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", WIDTH, "-y", HEIGHT, "-c", str(ROOT), env)
    return name, started


def close(name: str) -> None:
    tmux("kill-session", "-t", name)
    shutil.rmtree(Path(tempfile.gettempdir()) / f"claimdesk-bench-cache-{name}", ignore_errors=True)


def claimdesk(article: Path, folder: Path) -> list[str]:
    store = folder / f"store-{uuid.uuid4().hex[:6]}.json"
    return [sys.executable, "-m", "tui", str(article), "--store", str(store), "--annotator", "bench"]


def first_paint(command: list[str], marker: str) -> float:
    name, started = launch(command)
    try:
        return wait_until(name, lambda text: marker in text, started)
    finally:
        close(name)


def floor_key() -> float:
    name, started = launch([sys.executable, str(ROOT / "bench" / "minimal_app.py")])
    try:
        wait_until(name, lambda text: "floor line 9" in text, started)
        pressed = time.monotonic()
        tmux("send-keys", "-t", name, "x")
        return wait_until(name, lambda text: "echo: x" in text, pressed)
    finally:
        close(name)


def big_article_run(command: list[str], title: str) -> tuple[float, float, float | None]:
    """Claims visible after launch; all of the article read; and `?` answered while it was still being
    read (None if it was read before its text could be seen)."""
    name, started = launch(command)
    try:
        wait_until(name, lambda text: title in text, started)
        key: float | None = None
        if not all_read(screen(name)):
            pressed = time.monotonic()
            tmux("send-keys", "-t", name, "?")
            key = wait_until(name, lambda text: "claimdesk keys" in text, pressed)
            tmux("send-keys", "-t", name, "escape")
        visible = wait_until(name, lambda text: CLAIMS_COUNTED.search(text) is not None, started)
        whole = wait_until(name, all_read, started)
        return visible, whole, key
    finally:
        close(name)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def row(what: str, value: float, floor_name: str, floor: float, target: float) -> None:
    ratio = value / floor
    verdict = "ok" if ratio <= target else "OVER"
    print(
        f"{what:34} {value * 1000:8.0f} ms   {floor_name:28} {floor * 1000:7.0f} ms   {ratio:5.2f}x  (<= {target}x {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("bench/terminal.py needs tmux")
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    seed_title = read_article(seed)[0].title[:40]
    # A session that lives for the whole run keeps one tmux server up: a server exiting as its last
    # session closes can refuse the next launch.
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "keeper", "sleep 100000")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        big = build_big_article(folder, args.megabytes)
        big_title = read_article(big)[0].title[:40]
        newsroom = folder / "newsroom"
        newsroom.mkdir()
        first = build_corpus(newsroom, 500)[0]
        first_title = read_article(first)[0].title[:30]
        floors, seeds, keys_floor, visible, wholes, keys, folders = [], [], [], [], [], [], []
        for _ in range(args.runs):  # interleaved, so a busy spell weighs on floor and figure alike
            floors.append(first_paint([sys.executable, str(ROOT / "bench" / "minimal_app.py")], "floor line 9"))
            seeds.append(first_paint(claimdesk(seed, folder), seed_title))
            folders.append(first_paint(claimdesk(newsroom, folder), first_title))
            keys_floor.append(floor_key())
            shown, whole, key = big_article_run(claimdesk(big, folder), big_title)
            visible.append(shown)
            wholes.append(whole)
            if key is not None:
                keys.append(key)
    tmux("kill-server")
    (Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}" / SOCKET).unlink(missing_ok=True)
    print(f"medians of {args.runs} runs, {WIDTH}x{HEIGHT} tmux, {args.megabytes:g} MB article")
    row("first paint of a seed", median(seeds), "minimal Textual app", median(floors), 1.5)
    row("first paint, a folder of 500", median(folders), "the seed's first paint", median(seeds), 1.1)
    row(f"{args.megabytes:g} MB: claims visible", median(visible), "the seed's first paint", median(seeds), 3.0)
    print(
        f"{args.megabytes:g} MB: all of it read {median(wholes) * 1000:13.0f} ms   (no target: the reader is usable meanwhile)"
    )
    if keys:
        row(
            f"{args.megabytes:g} MB: `?` while loading (n={len(keys)})",
            median(keys),
            "minimal app key echo",
            median(keys_floor),
            5.0,
        )
    else:
        print(f"{args.megabytes:g} MB: claims were visible before a key could be pressed while loading")


if __name__ == "__main__":
    main()
