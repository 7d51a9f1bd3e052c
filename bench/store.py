"""Persisting one tag, and opening the store, at 1,000 and 100,000 annotations.

Builds each store on disk (annotations spread over articles of 50 claims each, made from
the seed sentences, so records have realistic size), folds it into a single TinyDB file,
then times `Store.open` and `Store.tag` (lock, catch-up, journal append and fsync, and any
fold it triggers) for new tags on one article. Targets from issue 3: median persist <= 2 ms
and p99 <= 20 ms at 100k, the 100k/1k ratio of medians <= 2, opening 100k <= 1 s.

Run: .venv/bin/python bench/store.py [--sizes 1000 100000] [--tags 500] [--folder DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.annotations.record import new_annotation  # noqa: E402
from tui.store.journal import Journal, JournalHeader, journal_path  # noqa: E402
from tui.store.schema import SCHEMA  # noqa: E402
from tui.store.snapshot import atomic_write, digest, dump_tables  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.text.article import Article  # noqa: E402
from tui.text.article_files import build_article, load_articles  # noqa: E402
from tui.text.sentences import split_sentences  # noqa: E402

PER_ARTICLE = 50


def seed_sentences() -> list[str]:
    texts = [article.text for article in load_articles([ROOT / "seeds"]).articles]
    return [text[s.start : s.end] for text in texts for s in split_sentences(text) if s.end - s.start > 60]


def synthetic_article(folder: Path, number: int, sentences: list[str], count: int) -> Article:
    chosen = [sentences[(number * 7 + i) % len(sentences)] for i in range(count)]
    text = f"Report {number}\n\n" + "\n".join(f"{i}. {sentence}" for i, sentence in enumerate(chosen)) + "\n"
    return build_article(folder / f"article-{number:06d}.txt", text, "utf-8")


def line_spans(article: Article) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in article.text.split("\n"):
        if line[:1].isdigit():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def build_store(path: Path, size: int, sentences: list[str]) -> None:
    """A folded store of `size` annotations, written directly (the same records `tag` writes)."""
    annotations = {}
    for number in range(size // PER_ARTICLE):
        article = synthetic_article(path.parent, number, sentences, PER_ARTICLE)
        for start, end in line_spans(article):
            record = new_annotation(article, start, end, "disputed", "a note", ["https://example.org"], "bench")
            annotations[str(len(annotations) + 1)] = record
    meta = {"schema": SCHEMA, "generation": 1, "last_annotation": len(annotations), "last_change": 0}
    data = dump_tables({"annotations": annotations, "changes": {}, "meta": {"1": meta}})
    atomic_write(path, data)
    Journal(journal_path(path)).reset(JournalHeader(1, digest(data)))
    Store.open(path)  # writes the store's index file, as the first command run on it would


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(folder: Path, size: int, tags: int, sentences: list[str]) -> dict[str, float]:
    path = folder / f"store-{size}.json"
    build_store(path, size, sentences)
    opens = []
    for _ in range(3):
        began = time.perf_counter()
        store = Store.open(path)
        opens.append(time.perf_counter() - began)
    assert len(store.annotations()) == size
    target = synthetic_article(folder, 10**6 + size, sentences, tags)
    persists = []
    for start, end in line_spans(target):
        began = time.perf_counter()
        store.tag(target, start, end, "verified", "bench", note="checked")
        persists.append(time.perf_counter() - began)
    began = time.perf_counter()
    store.fold()
    fold = time.perf_counter() - began
    return {
        "size": size,
        "file_mb": path.stat().st_size / 1e6,
        "open_s": min(opens),
        "persist_median_ms": statistics.median(persists) * 1000,
        "persist_p99_ms": percentile(persists, 0.99) * 1000,
        "persist_max_ms": max(persists) * 1000,
        "fold_s": fold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--tags", type=int, default=500)
    parser.add_argument("--folder", type=Path, default=None, help="Where to build the stores (default: a temp folder).")
    args = parser.parse_args()
    sentences = seed_sentences()
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        results = [measure(Path(folder), size, args.tags, sentences) for size in args.sizes]
    print(
        f"{'annotations':>11} {'file MB':>8} {'open s':>7} {'median ms':>10} {'p99 ms':>7} {'max ms':>7} {'fold s':>7}"
    )
    for r in results:
        print(
            f"{r['size']:>11,} {r['file_mb']:>8.1f} {r['open_s']:>7.3f} {r['persist_median_ms']:>10.3f} "
            f"{r['persist_p99_ms']:>7.3f} {r['persist_max_ms']:>7.2f} {r['fold_s']:>7.3f}"
        )
    if len(results) >= 2:
        ratio = results[-1]["persist_median_ms"] / results[0]["persist_median_ms"]
        print(f"median persist ratio {results[-1]['size']:,}/{results[0]['size']:,}: {ratio:.2f}")


if __name__ == "__main__":
    main()
