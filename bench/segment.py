"""Throughput of load + split + score on a corpus of at least 5 MB built from the seeds.

Writes the corpus to a temporary folder (each file the five seeds concatenated
many times, with a varying header so no two files are equal), then times
`load_articles` + `find_claims` over it, best of several runs.

Run: .venv/bin/python bench/segment.py [--megabytes 5] [--files 50] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cold import no_claims_kept  # noqa: E402

from tui.text.article_files import load_articles  # noqa: E402
from tui.text.claims import find_claims  # noqa: E402


def build_corpus(folder: Path, megabytes: float, files: int) -> int:
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    per_file = int(megabytes * 1_000_000 / files)
    copies = max(1, per_file // len(seeds.encode("utf-8")) + 1)
    total = 0
    for number in range(files):
        text = f"Corpus article {number}\n\n" + "\n\n".join([seeds] * copies)
        path = folder / f"article_{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = build_corpus(folder, args.megabytes, args.files)
        timings = []
        for _ in range(args.runs):
            no_claims_kept()
            started = time.perf_counter()
            report = load_articles([folder])
            sentences = sum(len(find_claims(article)) for article in report.articles)
            timings.append(time.perf_counter() - started)
        best = min(timings)
        print(f"corpus: {len(report.articles)} files, {size / 1e6:.2f} MB, {sentences} sentences")
        print(f"load+split+score: best {best:.2f} s of {args.runs} (all: {', '.join(f'{t:.2f}' for t in timings)})")
        print(f"throughput: {size / 1e6 / best:.2f} MB/s, {sentences / best:,.0f} sentences/s")


if __name__ == "__main__":
    main()
