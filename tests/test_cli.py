"""The `claimdesk claims` contract: records, options, and one-line errors with exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_runner import PLAIN, Ran, run_in_process, run_process
from tests.conftest import ROOT, SEEDS

RECORD_KEYS = {"article", "path", "index", "start", "end", "text", "score", "is_claim", "boilerplate", "reasons"}


def run(*args: str, cwd: Path = ROOT) -> Ran:
    """`claimdesk ARGS...` in this process (see tests/cli_runner.py); the smoke tests below run real ones."""
    return run_in_process(*args, cwd=cwd)


def records(result: Ran | subprocess.CompletedProcess[str]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_claims_records_slice_back_into_the_article(seeds) -> None:
    result = run("claims", str(SEEDS))
    assert result.returncode == 0, result.stderr
    rows = records(result)
    assert rows and all(row.keys() >= RECORD_KEYS for row in rows)
    texts = {str(a.path): a.text for a in seeds.values()}
    ids = {str(a.path): a.id for a in seeds.values()}
    for row in rows:
        assert texts[row["path"]][row["start"] : row["end"]] == row["text"]
        assert row["article"] == ids[row["path"]]
        assert row["is_claim"] and not row["boilerplate"] and isinstance(row["reasons"], list)
    for path in texts:
        indices = [row["index"] for row in rows if row["path"] == path]
        assert indices == list(range(len(indices)))
    assert [row["path"] for row in rows] == sorted(row["path"] for row in rows)


def test_all_prints_every_sentence_in_text_order(seeds) -> None:
    path = str(seeds["003"].path)
    rows = records(run("claims", path, "--all"))
    starts = [row["start"] for row in rows]
    assert starts == sorted(starts)
    assert any(row["index"] is None and row["boilerplate"] for row in rows)
    assert [r["index"] for r in rows if r["is_claim"]] == [r["index"] for r in records(run("claims", path))]


def test_line_is_the_line_each_sentence_starts_on(seeds) -> None:
    for article in seeds.values():
        rows = records(run("claims", str(article.path), "--all"))
        assert rows
        for row in rows:
            assert row["line"] == article.text.count("\n", 0, row["start"]) + 1


def test_line_is_counted_for_sentences_in_any_order(seeds) -> None:
    from tui.cli.jsonl_records import sentence_records
    from tui.text.claims import find_claims

    article = seeds["003"]
    scored = find_claims(article)
    shuffled = scored[len(scored) // 2 :] + scored[: len(scored) // 2]
    lines = {(row["start"], row["line"]) for row in sentence_records(article, shuffled, every_sentence=True)}
    assert lines == {(s.sentence.start, article.text.count("\n", 0, s.sentence.start) + 1) for s in scored}


def test_threshold_changes_what_is_a_claim(seeds) -> None:
    path = str(seeds["002"].path)
    loose = records(run("claims", path, "--threshold", "0.1"))
    strict = records(run("claims", path, "--threshold", "0.95"))
    assert len(strict) < len(loose)
    assert all(row["score"] >= 0.95 for row in strict)


def test_lines_mode_scores_each_line_as_one_sentence(tmp_path: Path) -> None:
    listing = tmp_path / "sentences.txt"
    listing.write_text(
        "At least 750 people fled a displacement camp in north-east Syria. And more did. Officials said so.\n"
        "\n"
        "Would love your thoughts, please comment.\n",
        encoding="utf-8",
    )
    rows = records(run("claims", "--lines", str(listing), "--all"))
    assert [row["text"][:12] for row in rows] == ["At least 750", "Would love y"]
    assert rows[0]["is_claim"] and rows[0]["index"] == 0
    assert not rows[1]["is_claim"] and rows[1]["boilerplate"] and rows[1]["index"] is None


def test_table_prints_article_text_literally(tmp_path: Path) -> None:
    article = tmp_path / "markup.txt"
    article.write_text(
        "A [bold red]loud[/] headline here\n\nThe mayor said [link=x]40[/link] homes flooded on Monday.",
        encoding="utf-8",
    )
    result = run("claims", str(article), "--format", "table", "--all")
    assert result.returncode == 0
    assert "[bold red]loud[/]" in result.stdout and "[link=x]40[/link]" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("claims", "no/such/file.txt"), 1, "no such file"),
        (("claims", "seeds", "--threshold", "1.5"), 2, "--threshold"),
        (("claims", "seeds", "--format", "xml"), 2, "--format"),
        (("claims",), 2, "PATHS"),
    ],
)
def test_errors_are_one_line_and_never_a_traceback(args: tuple[str, ...], code: int, fragment: str) -> None:
    result = run(*args)
    assert result.returncode == code
    assert len(result.stderr.strip().splitlines()) <= 2
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_a_bad_file_beside_good_ones_is_reported_after_the_good_ones_are_printed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Good headline here\n\nThe mayor said 40 homes flooded.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 40)
    result = run("claims", str(tmp_path))
    assert result.returncode == 1  # what could be read is printed; a script still learns one was not
    assert result.stderr.count("\n") == 1 and "bad.txt" in result.stderr
    assert records(result)[0]["path"].endswith("good.txt")
    only_bad = run("claims", str(tmp_path / "bad.txt"))
    assert only_bad.returncode == 1 and "bad.txt" in only_bad.stderr


# ----- smoke tests: the real entry point, each command a separate process ------------------------
# Everything above runs the command line inside the test process (tests/cli_runner.py). These run
# `python -m tui` and the `claimdesk` script for real: the interpreter's start-up, the exit status it
# reports, bytes reaching a real pipe, and the check that the in-process runner gives what they give.
# `pytest -m smoke` runs only these. (Output cut short by `head`, a process matter too, is in
# test_hardening.py.)


@pytest.mark.smoke
def test_console_script_and_module_agree() -> None:
    script = Path(sys.executable).with_name("claimdesk")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    by_script = subprocess.run([str(script), "claims", str(SEEDS)], capture_output=True, text=True, cwd=ROOT)
    assert by_script.returncode == 0 and by_script.stdout == run_process("claims", str(SEEDS)).stdout


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("claims", "seeds", "--all"), 0),
        (("claims", str(sorted(SEEDS.glob("*.txt"))[3].relative_to(ROOT)), "--format", "table", "--all"), 0),
        (("claims", "no/such/file.txt"), 1),
        (("claims", "seeds", "--format", "xml"), 2),
    ],
    ids=["jsonl", "table", "error", "usage-error"],
)
def test_a_real_process_gives_what_the_in_process_runner_gives(args: tuple[str, ...], code: int) -> None:
    real = run_process(*args, env=PLAIN)  # the environment the in-process runner sets up
    assert real.returncode == code, real.stderr
    if code:
        lines = real.stderr.splitlines()
        assert 1 <= len(lines) <= 2 and all(line.startswith("claimdesk: error:") for line in lines)
    else:
        assert real.stdout and not real.stderr
    inside = run(*args)
    assert (inside.returncode, inside.stdout, inside.stderr) == (real.returncode, real.stdout, real.stderr)


def test_each_lazily_loaded_command_is_listed_with_its_own_help() -> None:
    import importlib

    from tui.cli.main import LAZY_COMMANDS

    modules = {module for module, _ in LAZY_COMMANDS.values()}
    commands = {c.name: c for m in modules for c in importlib.import_module(f"tui.cli.{m}").COMMANDS}
    assert set(commands) == set(LAZY_COMMANDS)
    for name, (_, short) in LAZY_COMMANDS.items():
        assert commands[name].get_short_help_str(1000) == short, name


def test_help_and_the_reader_start_without_the_heavy_libraries() -> None:
    """`--help` loads no command module, and the reader's modules load neither numpy nor scipy (a
    quarter of a second here): they come with the first article read, after the first frame."""
    import subprocess
    import sys

    probe = (
        "import sys; from tui.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "import tui.app.app\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'tui.text.claims', 'tui.cli.store_commands') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_start_up_runs_without_garbage_collection_until_the_command_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from tui import startup

    monkeypatch.setattr(startup, "_begun", False)  # begin() sets it: undone after, for the tests that follow
    threshold = gc.get_threshold()
    startup.begin()
    try:
        assert not gc.isenabled()
        result = run("stats", "--store", str(tmp_path / "store.json"), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert gc.isenabled()  # a command's own work runs with the collector on
    finally:
        gc.enable()
        gc.set_threshold(*threshold)


def test_a_file_name_that_is_not_utf8_comes_back_as_its_own_bytes(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"r\xe9sum\xe9.txt")  # Latin-1 bytes: held as surrogates, which JSON cannot encode
    (tmp_path / name).write_text("The ministry said 40 percent of the 1,200 homes were lost in 2019.\n")
    result = run("claims", str(tmp_path / name))
    assert result.returncode == 0, result.stderr
    [row] = records(result)
    assert row["path"] == str(tmp_path / name) and row["text"].startswith("The ministry said 40 percent")


def test_collecting_paused_freezes_what_was_made_and_leaves_the_collector_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from tui import startup

    with startup.collecting_paused():  # not claimdesk's own process (a test's): nothing paused, nothing frozen
        assert gc.isenabled()
    monkeypatch.setattr(startup, "_begun", True)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(KeyError), startup.collecting_paused():
            made = [[index] for index in range(100)]  # containers the collector would track
            assert not gc.isenabled()
            raise KeyError("a command that fails inside")
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(made)  # never scanned again: no pass over them all at once
        gc.disable()
        with startup.collecting_paused():
            pass
        assert not gc.isenabled()  # start-up's pause is not ended by a command's
    finally:
        gc.enable()
        gc.unfreeze()


def test_records_dumped_together_come_out_one_a_line_as_dumped_alone() -> None:
    """jsonl is dumped by orjson mapped over a thousand records at a time: text holding the characters that
    join two records, objects inside a record, and text orjson cannot encode (the whole batch falls back)
    come out as one record dumped at a time."""
    import os

    from tui.cli.support import _jsonl_line, _jsonl_lines

    tricky = [
        {"text": 'a},{"text": "b"}', "score": 0.5},
        {"text": "plain", "sources": [{"url": "x"}, {"url": "y"}]},
        {},
        {"path": os.fsdecode(b"r\xe9sum\xe9.txt"), "reasons": ["},{"]},
        {"text": '\u2029 ’ \\ "', "index": None, "is_claim": True},
    ]
    for records in ([tricky[0], tricky[2]], tricky[:2], [tricky[4], tricky[2], tricky[4]], tricky, []):
        lines = _jsonl_lines(records)
        assert lines == b"".join(map(_jsonl_line, records))
        assert [json.loads(line.decode("utf-8", "surrogateescape")) for line in lines.splitlines()] == records


def test_records_made_before_a_failure_are_printed(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """jsonl is written a thousand records at a time: a store that fails partway still shows what it gave."""
    from tui.cli.support import write_jsonl

    def records() -> Iterator[dict[str, int]]:
        yield from ({"index": index} for index in range(3))
        raise OSError("the store went away")

    with pytest.raises(OSError, match="went away"):
        write_jsonl(records())
    assert capsysbinary.readouterr().out.splitlines() == [b'{"index":0}', b'{"index":1}', b'{"index":2}']
