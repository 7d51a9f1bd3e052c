"""Scored sentences kept between runs: the same claims, without the scorer, and never a wrong answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tui.text.checkworthiness as checkworthiness
from tests.conftest import ROOT, SEEDS
from tui.text import claims_cache
from tui.text.article import Article, ScoredSentence
from tui.text.article_files import read_article
from tui.text.claims import find_claims

SEED = sorted(SEEDS.glob("*.txt"))[0]


def _unscorable(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scorer ran")

    monkeypatch.setattr(checkworthiness, "assess_all", refuse)


def test_an_article_scored_before_gives_the_same_claims_without_the_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    article = read_article(SEED)[0]
    first = find_claims(article)
    _unscorable(monkeypatch)
    assert find_claims(article) == first
    assert [s.index for s in find_claims(article, 0.9)] != [s.index for s in first]  # any threshold, from one entry


def _kept_three_a_line(cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Article, list[ScoredSentence], Path]:
    """The first seed scored and kept three sentences a line: the article, its claims and the kept file."""
    monkeypatch.setattr(claims_cache, "SENTENCES_PER_LINE", 3)
    article = read_article(SEED)[0]
    scored = find_claims(article)
    [kept] = cache.glob("*.jsonl")
    return article, scored, kept


def test_a_long_article_is_kept_a_few_sentences_a_line_and_read_back_whole(
    own_claims_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article, first, kept = _kept_three_a_line(own_claims_cache, monkeypatch)
    assert len(kept.read_bytes().splitlines()) == 1 + -(-len(first) // 3)  # the header, then lines of 3
    _unscorable(monkeypatch)
    assert find_claims(article) == first
    header, *lines = kept.read_bytes().splitlines()
    kept.write_bytes(b"\n".join([header, *lines[:-1]]) + b"\n")  # a line lost: fewer sentences than said
    assert claims_cache.recall(article) is None


def test_another_text_or_other_furniture_is_scored_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = read_article(SEED)[0]
    find_claims(article)
    changed = tmp_path / "changed.txt"
    changed.write_text(article.text.replace("Syria", "Syrie"), encoding="utf-8")
    refurnished = type(article)(**{**{f: getattr(article, f) for f in article.__slots__}, "boilerplate": ()})
    _unscorable(monkeypatch)
    for other in (read_article(changed)[0], refurnished):
        with pytest.raises(AssertionError, match="the scorer ran"):
            find_claims(other)


@pytest.mark.parametrize("damage", [b"", b"not json\n", b'{"claimdesk_claims": 1}\n[1, 2]\n', b"\xff\xfe"])
def test_a_damaged_cache_file_is_scored_again_and_replaced(own_claims_cache: Path, damage: bytes) -> None:
    article = read_article(SEED)[0]
    expected = find_claims(article)
    [kept] = own_claims_cache.glob("*.jsonl")
    kept.write_bytes(damage)
    assert claims_cache.recall(article) is None
    assert find_claims(article) == expected
    assert claims_cache.recall(article) is not None


def _first(column: int, value: object) -> object:
    """A spoiler: the first sentence's value in one column of a kept line (its starts, ends, boilerplate
    flags, scores or reasons) made `value`."""

    def spoil(columns: list[list[object]]) -> list[list[object]]:
        columns[column][0] = value
        return columns

    return spoil


@pytest.mark.parametrize(
    "spoil",
    [
        _first(3, None),  # a score that is no number
        _first(3, "0.9"),
        _first(3, 1.5),
        _first(3, -0.1),
        _first(0, -5),  # offsets outside the text, or out of order
        _first(1, 10**9),
        _first(1, 0),
        _first(0, 1.0),
        _first(2, "no"),  # a flag that is no flag
        _first(2, 1),
        _first(4, "abc"),  # reasons that are no list of strings
        _first(4, [1]),
        lambda columns: [columns[0], columns[0], *columns[2:]],  # each sentence ends where it begins
        lambda columns: [columns[1], columns[0], *columns[2:]],  # ends before starts
        lambda columns: [*columns[:4], columns[4][:-1]],  # a column shorter than the others
        lambda columns: columns[:4],  # a column missing
        lambda columns: [[], [], [], [], []],
        lambda columns: {"start": columns[0]},
    ],
)
def test_kept_sentences_of_the_wrong_shape_are_a_miss_not_a_crash(own_claims_cache: Path, spoil: object) -> None:
    import json

    article = read_article(SEED)[0]
    expected = find_claims(article)
    [kept] = own_claims_cache.glob("*.jsonl")
    header, listed, *more = kept.read_text(encoding="utf-8").splitlines()
    spoiled = json.dumps(spoil(json.loads(listed)))  # type: ignore[operator]
    kept.write_text("\n".join([header, spoiled, *more]) + "\n", encoding="utf-8")
    assert claims_cache.recall(article) is None
    assert find_claims(article) == expected


def test_sentences_kept_two_lines_apart_must_not_overlap(
    own_claims_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    article, expected, kept = _kept_three_a_line(own_claims_cache, monkeypatch)
    assert claims_cache.recall(article) is not None

    header, first, second, *more = kept.read_text(encoding="utf-8").splitlines()
    columns = json.loads(second)
    columns[0][0] = json.loads(first)[1][-1] - 1  # begins before the sentence before it ends
    kept.write_text("\n".join([header, first, json.dumps(columns), *more]) + "\n", encoding="utf-8")
    assert claims_cache.recall(article) is None
    assert find_claims(article) == expected


def test_a_pipe_where_a_kept_file_would_be_is_a_miss_not_a_hang(own_claims_cache: Path) -> None:
    import os

    article = read_article(SEED)[0]
    expected = find_claims(article)
    [kept] = own_claims_cache.glob("*.jsonl")
    kept.unlink()
    os.mkfifo(kept)
    assert claims_cache.recall(article) is None  # a read would wait for a writer for ever
    assert find_claims(article) == expected


def test_a_relative_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert claims_cache.cache_folder() == tmp_path / ".cache" / "claimdesk" / "claims"


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    article = read_article(SEED)[0]
    assert find_claims(article) == find_claims(article)


@pytest.mark.smoke
def test_tag_by_claim_number_on_an_article_scored_before_does_not_load_numpy(tmp_path: Path) -> None:
    def run(*args: str) -> str:
        program = (
            "import sys; from tui.__main__ import main; sys.argv = ['claimdesk', *sys.argv[1:]]\n"
            "try:\n    main()\nfinally:\n    print('numpy' in sys.modules, file=sys.stderr)"
        )
        done = subprocess.run(
            [sys.executable, "-c", program, *args], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return done.stderr.strip().splitlines()[-1]

    store = str(tmp_path / "store.json")
    assert run("tag", str(SEED), "--claim", "1", "--label", "verified", "--store", store) == "True"
    assert run("tag", str(SEED), "--claim", "2", "--label", "disputed", "--store", store) == "False"


def test_the_cache_keeps_to_its_size_by_removing_what_was_used_least_recently(
    own_claims_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    articles = [read_article(path)[0] for path in sorted(SEEDS.glob("*.txt"))[:4]]
    entries = [claims_cache._file(article) for article in articles]
    for age, article in enumerate(articles[:3]):
        find_claims(article)
        stamp = 10**18 + age * 10**9  # the first was scored longest ago
        os.utime(entries[age], ns=(stamp, stamp))
    assert claims_cache.recall(articles[0]) is not None  # used again now: the second is the oldest
    with monkeypatch.context() as elsewhere:  # how large the fourth article's entry will be
        elsewhere.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
        find_claims(articles[3])
        fourth = claims_cache._file(articles[3]).stat().st_size
    monkeypatch.setattr(claims_cache, "PRUNE_EVERY", 1)
    monkeypatch.setattr(claims_cache, "MAX_BYTES", entries[0].stat().st_size + entries[2].stat().st_size + fourth)
    find_claims(articles[3])
    assert [entry.exists() for entry in entries] == [True, False, True, True]


def _short_articles(count: int) -> list[Article]:
    from tui.text.article_files import build_article

    return [
        build_article(Path(f"short-{n}.txt"), f"Prices rose {n} percent in March, the office said.\n", "utf-8")
        for n in range(count)
    ]


def test_a_process_writing_many_entries_prunes_seldom_and_keeps_the_folder_to_its_size(
    own_claims_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[Path] = []
    prune = claims_cache.prune
    monkeypatch.setattr(claims_cache, "prune", lambda folder, keep=None: (listed.append(folder), prune(folder, keep)))
    monkeypatch.setattr(claims_cache, "PRUNE_EVERY", 1)  # each write may prune: only what it wrote holds it back
    monkeypatch.setattr(claims_cache, "_written_since_pruning", claims_cache.MAX_BYTES)  # as a new process
    articles = _short_articles(60)
    find_claims(articles[0])
    entry = next(own_claims_cache.rglob("*.jsonl")).stat().st_size
    monkeypatch.setattr(claims_cache, "MAX_BYTES", 16 * entry)
    for article in articles[1:]:
        find_claims(article)
    # Once at the first write, then at most once for each 2 entries' worth written (16 / _PRUNES_PER_FILL):
    # a listing of the folder at every write (60 here) would grow with the square of the articles.
    assert 10 <= len(listed) <= 31
    kept = sum(path.stat().st_size for path in own_claims_cache.rglob("*.jsonl"))
    assert kept <= 16 * entry + 2 * entry


def test_articles_not_scored_before_are_scored_together_as_each_alone(
    own_claims_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.text.article_files import build_article
    from tui.text.claims import find_claims_of

    seeds = [read_article(path)[0] for path in sorted(SEEDS.glob("*.txt"))[:3]]
    empty = build_article(Path("blank.txt"), " \n\n", "utf-8")  # no sentences, between articles that have some
    again = build_article(Path("copy.txt"), seeds[0].text, "utf-8")  # the same text: the same entry
    articles = [*seeds[:2], empty, *_short_articles(3), seeds[2], again]
    alone = [find_claims(article, 0.6, checkworthiness.shipped_model()) for article in articles]  # not kept
    find_claims(articles[1])  # kept: read back, not scored again
    calls: list[int] = []
    assess_all = checkworthiness.assess_all
    monkeypatch.setattr(
        checkworthiness, "assess_all", lambda texts, model=None: (calls.append(len(texts)), assess_all(texts, model))[1]
    )
    together = list(find_claims_of(articles, 0.6))
    assert len(calls) == 1  # the others, in one call
    assert calls[0] == sum(len(found) for position, found in enumerate(together) if position != 1)
    assert together[2] == [] and together[-1] == together[0]
    assert together == alone
    _unscorable(monkeypatch)
    assert [find_claims(article, 0.6) for article in articles] == alone  # each kept as it was found
    assert list(find_claims_of([build_article(Path("empty.txt"), "", "utf-8")])) == [[]]  # nothing to score
    assert list(find_claims_of([])) == []


def test_a_large_folder_is_scored_a_batch_at_a_time(own_claims_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.text.claims import find_claims_of

    articles = _short_articles(7)
    alone = [find_claims(article, model=checkworthiness.shipped_model()) for article in articles]
    calls: list[int] = []
    assess_all = checkworthiness.assess_all
    monkeypatch.setattr(
        checkworthiness, "assess_all", lambda texts, model=None: (calls.append(len(texts)), assess_all(texts, model))[1]
    )
    together = list(find_claims_of(articles, characters_at_once=2 * len(articles[0].text)))
    assert len(calls) == 4  # two articles a batch, and the last alone
    assert together == alone


def test_a_folder_opens_with_its_articles_scored_a_few_at_a_time_and_progress_for_each(
    own_claims_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.desk import opening
    from tui.desk.tagged_claims import read

    folder = tmp_path / "desk"
    folder.mkdir()
    for number in range(12):
        (folder / f"story-{number:02}.txt").write_text(
            f"Story {number}\n\nPrices rose {number} percent in March, the office said. It was cold.\n",
            encoding="utf-8",
        )
    paths = sorted(folder.glob("*.txt"))
    alone = [read(read_article(path)[0]) for path in paths]  # each scored alone (and kept: cleared below)
    for kept in own_claims_cache.rglob("*.jsonl"):
        kept.unlink()
    calls: list[int] = []
    assess_all = checkworthiness.assess_all
    monkeypatch.setattr(
        checkworthiness, "assess_all", lambda texts, model=None: (calls.append(len(texts)), assess_all(texts, model))[1]
    )
    steps: list[tuple[int, int]] = []
    opened = opening.open_corpus(paths, None, "ana", lambda done, total: steps.append((done, total)))
    assert steps == [(number, 12) for number in range(1, 13)]
    assert 1 <= len(calls) < 12  # together, not one call an article
    assert [(r.article, r.claims, r.dimmed, r.folds) for r in opened.readings] == [
        (r.article, r.claims, r.dimmed, r.folds) for r in alone
    ]
    assert any(reading.claims for reading in opened.readings)
