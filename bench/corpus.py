"""A newsroom's folder in the reader: 50 and 500 articles, loading and linking, a filter keystroke, memory.

The articles are made from the seed sentences, each word kept or swapped at random (seeded) for a
made-up word from a vocabulary of 30,000, so that 500 articles are 500 different texts with a
newsroom's spread of words, rather than copies or reshuffles of the seeds' 600 words that all link.
Each size runs in a process of its own (peak memory is the process's), headless (`App.run_test`):

  loading done      from creating the app until every article's claims are found and tagged;
  linked            until claims are linked across the articles;
  filter keystroke  the overview's work for one character typed in its filter (median of 20): the first
                    of a query, which looks at every claim, and the ones typed on, which narrow what
                    the query before them found;
  peak memory       the process's maximum resident set.

Targets (issue 14): loading and linking 500 <= 12x the time of 50; a keystroke <= 16 ms; <= 250 MB.

Run: .venv/bin/python bench/corpus.py [--sizes 50 500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cold import no_claims_kept  # noqa: E402
from store import seed_sentences  # noqa: E402

SENTENCES_PER_ARTICLE = 25
QUERY = "syria said"


def build(folder: Path, count: int) -> list[Path]:
    rng = random.Random(14)
    sentences = seed_sentences()
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(30_000)]
    paths = []
    for number in range(count):
        chosen = rng.sample(sentences, min(SENTENCES_PER_ARTICLE, len(sentences)))
        varied = [" ".join(w if rng.random() < 0.5 else rng.choice(vocabulary) for w in s.split()) for s in chosen]
        path = folder / f"article-{number:04d}.txt"
        path.write_text(f"Report {number}: the day's coverage\n\n" + "\n\n".join(varied) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


async def measure(paths: list[Path], store: Path) -> dict[str, float]:
    from tui.app.app import ClaimdeskApp
    from tui.app.screens.overview import OverviewScreen

    app = ClaimdeskApp(paths, store=store, annotator="bench")
    started = time.perf_counter()
    async with app.run_test(size=(160, 45)) as pilot:
        while not app.desk.readings:
            await pilot.pause(0.005)
        loaded = time.perf_counter() - started
        while not app.desk.connections.linking.claims:
            await pilot.pause(0.005)
        linked = time.perf_counter() - started
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        keystrokes, firsts = [], []
        for _ in range(20):
            for end in range(1, len(QUERY) + 1):
                begun = time.perf_counter()
                screen._fill(QUERY[:end])  # what typing one more character makes the overview do
                (firsts if end == 1 else keystrokes).append(time.perf_counter() - begun)
    return {
        "loaded": loaded,
        "linked": linked,
        "keystroke": statistics.median(keystrokes),
        "first keystroke": statistics.median(firsts),
        "megabytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[50, 500])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a measuring child process
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        paths = sorted(args.folder.glob("*.txt"))[: args.one]
        print(json.dumps(asyncio.run(measure(paths, args.folder / f"store-{args.one}.json"))))
        return
    small, large = args.sizes
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        build(folder, large)
        results = {}
        for size in (small, large):
            no_claims_kept()
            child = [sys.executable, __file__, "--one", str(size), "--folder", str(folder)]
            output = subprocess.run(child, check=True, capture_output=True, text=True).stdout
            results[size] = json.loads(output.strip().splitlines()[-1])
    one, many = results[small], results[large]
    growth = large / small
    print(f"{small} and {large} articles of {SENTENCES_PER_ARTICLE} sentences, headless reader")
    for key, name in (("loaded", "loading done"), ("linked", "loaded and linked")):
        ratio = many[key] / one[key]
        verdict = "ok" if ratio <= 12 else "OVER"
        print(
            f"{name:24} {one[key]:7.2f} s / {many[key]:7.2f} s   {ratio:5.2f}x for {growth:g}x the articles (<= 12x {verdict})"
        )
    for key, name in (("first keystroke", "filter: first keystroke"), ("keystroke", "filter: typed on")):
        keystroke = many[key] * 1000
        print(
            f"{name:24} {one[key] * 1000:7.1f} ms / {keystroke:7.1f} ms   (<= 16 ms {'ok' if keystroke <= 16 else 'OVER'})"
        )
    peak = many["megabytes"]
    print(
        f"{'peak memory':24} {one['megabytes']:7.0f} MB / {peak:7.0f} MB   (<= 250 MB {'ok' if peak <= 250 else 'OVER'})"
    )


if __name__ == "__main__":
    main()
