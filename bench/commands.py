"""What a command costs as a user runs it: whole processes, CPU (user + system) and peak memory,
each beside a floor measured in the same run, as a ratio; medians of --runs, the runs of a figure
and of its floor taken in turn.

  claimdesk --help               beside `python -c "import click"`        target <= 3x
  claimdesk tag (store of 1)     beside the same floor                    target <= 4x
                                 (twice: on an article whose claims were found before, as the reader
                                 and `claims` leave it, and with no claims kept: it must score them)
  claimdesk claims, 5 MB news    beside blingfire's sentence split alone  target <= 2.5x
                                 (with no claims kept, so that it scores; and kept, for comparison;
                                 with a news-sized vocabulary, target <= 2.5x too; on the seeds
                                 repeated as they are, as earlier runs measured; and on a folder of
                                 2,000 short articles, 5 MB in all, beside their split file by file)
  claimdesk tag, 100k store      beside `tag` at 1k                       target <= 1.3x
  claimdesk annotations, 100k    beside `annotations` at 1k; peak memory  target: linear in output, <= 150 MB

The stores are built as bench/store.py builds them (folded TinyDB files of synthetic annotations on
articles made from the seed sentences); each `tag` runs on a fresh copy of its store.

Run: .venv/bin/python bench/commands.py [--runs 5] [--megabytes 5] [--large 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader import build_article_folder, build_big_article  # noqa: E402
from store import PER_ARTICLE, build_store, seed_sentences, synthetic_article  # noqa: E402

from tui.store.journal import journal_path  # noqa: E402

CLAIMDESK = [sys.executable, "-m", "tui"]


def measured(command: list[str], cwd: Path, cache: Path | None = None) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident MB of one whole process, keeping scored sentences
    in `cache` (a new, empty folder in `cwd` when None: nothing scored before).

    The new folders go when `cwd` does, after every run: deleting the thousands of entries a folder of
    articles leaves made this disk (ext4, mounted with `discard`) slow the next run's file creation,
    which then took 1.3 s of system time instead of 0.2 s."""
    cache = cache or Path(tempfile.mkdtemp(prefix="cache-", dir=cwd))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return _waited(command, process)


def _waited(command: list[str], process: subprocess.Popen[bytes]) -> tuple[float, float]:
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {errors.strip()}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


@dataclass(frozen=True)
class Measure:
    """One command to time: where it runs, what to do before each run, where its scores are kept."""

    command: list[str]
    cwd: Path
    before: Callable[[], None] | None = None
    cache: Path | None = None

    def once(self) -> tuple[float, float]:
        if self.before is not None:
            self.before()
        return measured(self.command, self.cwd, self.cache)


def medians(runs: int, *measures: Measure) -> list[tuple[float, float]]:
    """Each measure's median CPU seconds and peak MB, its runs taken in turn with the others': a busy
    spell on this shared machine then weighs on a figure and its floor alike."""
    results: list[list[tuple[float, float]]] = [[] for _ in measures]
    for _ in range(runs):
        for result, measure in zip(results, measures):
            result.append(measure.once())
    return [(statistics.median(r[0] for r in result), statistics.median(r[1] for r in result)) for result in results]


def split_of(article: Path, cwd: Path) -> Measure:
    """blingfire's sentence split of the whole article, in a process of its own."""
    split = f"import blingfire; blingfire.text_to_sentences(open({str(article)!r}, encoding='utf-8').read())"
    return Measure([sys.executable, "-c", split], cwd)


def split_file_by_file(folder: Path, cwd: Path) -> Measure:
    """blingfire's sentence split of each article of a folder, in one process of its own."""
    split = (
        "import blingfire, pathlib; [blingfire.text_to_sentences(path.read_text(encoding='utf-8')) "
        f"for path in sorted(pathlib.Path({str(folder)!r}).glob('*.txt'))]"
    )
    return Measure([sys.executable, "-c", split], cwd)


def row(what: str, value: float, floor_name: str, floor: float, target: float | None, unit: str = "s") -> None:
    ratio = value / floor
    verdict = "" if target is None else f"(<= {target}x {'ok' if ratio <= target else 'OVER'})"
    print(f"{what:36} {value:8.3f} {unit}   {floor_name:34} {floor:8.3f} {unit}   {ratio:6.2f}x  {verdict}")


def store_folder(parent: Path, size: int, sentences: list[str]) -> Path:
    folder = parent / f"store-{size}"
    folder.mkdir()
    build_store(folder / "store.json", size, sentences)
    fresh = synthetic_article(folder, 10**6, sentences, PER_ARTICLE)  # an article not in the store
    fresh.path.write_text(fresh.text, encoding="utf-8")
    shutil.copy(folder / "store.json", folder / "pristine.json")
    shutil.copy(journal_path(folder / "store.json"), folder / "pristine.journal")
    return folder


def forget(store: Path) -> None:
    store.unlink(missing_ok=True)
    journal_path(store).unlink(missing_ok=True)


def restore(folder: Path) -> None:
    """The store as built: its file and the (empty) journal that continues it."""
    shutil.copy(folder / "pristine.json", folder / "store.json")
    shutil.copy(folder / "pristine.journal", journal_path(folder / "store.json"))


def build(work: Path, megabytes: float, large: int) -> None:
    """The 5 MB article and the two stores, built in a process of their own: a child forked from a
    process holding them would count their memory as its own."""
    build_big_article(work, megabytes)
    build_big_article(work, megabytes, retold=False)
    build_big_article(work, megabytes, wide=True)
    build_article_folder(work, megabytes)
    sentences = seed_sentences()
    store_folder(work, 1000, sentences)
    store_folder(work, large, sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.megabytes, args.large)
        return
    runs = args.runs
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        tag_small = [*CLAIMDESK, "tag", str(seed), "--claim", "1", "--label", "verified", "--store", "small.json"]
        kept = work / "cache"
        measured([*CLAIMDESK, "claims", str(seed)], work, kept)  # as the reader or `claims` would leave it

        def new_store() -> None:
            forget(work / "small.json")

        (click_floor, _), (help_cpu, _), (tag_cpu, _), (cold_tag_cpu, _) = medians(
            runs,
            Measure([sys.executable, "-c", "import click"], work),
            Measure([*CLAIMDESK, "--help"], work),
            Measure(tag_small, work, new_store, kept),
            Measure(tag_small, work, new_store),
        )
        print(f"medians of {runs} runs, each figure's taken in turn with its floor's; CPU is user + system")
        row("claimdesk --help", help_cpu, 'python -c "import click"', click_floor, 3.0)
        row("claimdesk tag, a new store", tag_cpu, 'python -c "import click"', click_floor, 4.0)
        row("  the same, claims not found before", cold_tag_cpu, 'python -c "import click"', click_floor, 4.0)

        sizes = ["--megabytes", str(args.megabytes), "--large", str(args.large)]
        subprocess.run([sys.executable, __file__, "--build", str(work), *sizes], check=True)
        big, repeated = work / "long_article.txt", work / "long_article_repeated.txt"
        wide = work / "long_article_wide.txt"
        measured([*CLAIMDESK, "claims", str(big)], work, kept)
        (split_cpu, _), (claims_cpu, _), (kept_cpu, _), (wide_split, _), (wide_cpu, _) = medians(
            runs,
            split_of(big, work),
            Measure([*CLAIMDESK, "claims", str(big)], work),
            Measure([*CLAIMDESK, "claims", str(big)], work, cache=kept),
            split_of(wide, work),
            Measure([*CLAIMDESK, "claims", str(wide)], work),
        )
        (repeated_split, _), (repeated_cpu, _) = medians(
            runs, split_of(repeated, work), Measure([*CLAIMDESK, "claims", str(repeated)], work)
        )
        row(f"claimdesk claims, {args.megabytes:g} MB", claims_cpu, "blingfire's split alone", split_cpu, 2.5)
        row("  the same, claims found before", kept_cpu, "blingfire's split alone", split_cpu, None)
        row("  a news-sized vocabulary", wide_cpu, "its split alone", wide_split, 2.5)
        row("  the seeds repeated as they are", repeated_cpu, "its split alone", repeated_split, None)
        folder = work / "articles"
        (folder_split, _), (folder_cpu, _) = medians(
            runs, split_file_by_file(folder, work), Measure([*CLAIMDESK, "claims", str(folder)], work)
        )
        stories = len(list(folder.glob("*.txt")))
        row(f"  a folder of {stories:,} short articles", folder_cpu, "their split, file by file", folder_split, None)

        small, large = work / "store-1000", work / f"store-{args.large}"
        tag_store = [*CLAIMDESK, "tag", "article-1000000.txt", "--claim", "1", "--label", "verified"]
        (small_tag, _), (large_tag, _) = medians(
            runs,
            Measure([*tag_store, "--store", "store.json"], small, lambda: restore(small)),
            Measure([*tag_store, "--store", "store.json"], large, lambda: restore(large)),
        )
        row(f"claimdesk tag, store of {args.large:,}", large_tag, "the same at 1,000", small_tag, 1.3)
        restore(small)
        restore(large)
        listing = [*CLAIMDESK, "annotations", "--store", "store.json"]
        (small_cpu, small_mb), (large_cpu, large_mb) = medians(
            max(1, runs // 2), Measure(listing, small), Measure(listing, large)
        )
        scale = args.large / 1000
        row(
            f"claimdesk annotations, {args.large:,}",
            large_cpu,
            f"the same at 1,000, times {scale:g}",
            small_cpu * scale,
            1.0,
        )
        print(f"{'  peak memory':36} {large_mb:8.0f} MB   (target <= 150 MB; at 1,000: {small_mb:.0f} MB)")


if __name__ == "__main__":
    main()
