"""The store's command-line contract: tag, untag, undo, annotations, stats and check, as users run them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_runner import Ran, run_in_process

ANNOTATION_KEYS = {
    "id",
    "article",
    "path",
    "label",
    "note",
    "sources",
    "annotator",
    "quote",
    "start",
    "end",
    "status",
    "created",
    "modified",
}


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Ran:
    """`claimdesk ARGS...` in `cwd`, in this process, without the outer CLAIMDESK_* variables (see tests/cli_runner.py)."""
    return run_in_process(*args, cwd=cwd, env=env)


def jsonl(result: Ran) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def one_line_error(result: Ran, code: int = 1) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimdesk: error:") and "Traceback" not in result.stderr
    return lines[0]


def first_article(desk: Path) -> str:
    return str(sorted((desk / "articles").iterdir())[0].relative_to(desk))


def test_tag_by_claim_number_lands_on_that_claim_and_lists_with_every_key(desk: Path) -> None:
    path = first_article(desk)
    claims = jsonl(run("claims", path, cwd=desk))
    tagged = run(
        "tag",
        path,
        "--claim",
        "2",
        "--label",
        "disputed",
        "--note",
        "two\nlines",
        "--source",
        "https://a.example",
        "--source",
        "Ministry report, p. 4",
        "--annotator",
        "ana",
        cwd=desk,
    )
    assert tagged.returncode == 0, tagged.stderr
    assert (desk / "annotations" / "store.json").exists()  # the default store, relative to where we are
    [record] = jsonl(run("annotations", cwd=desk))
    assert record.keys() >= ANNOTATION_KEYS
    assert (record["start"], record["end"], record["quote"]) == (
        claims[2]["start"],
        claims[2]["end"],
        claims[2]["text"],
    )
    assert (record["label"], record["note"], record["annotator"], record["status"]) == (
        "disputed",
        "two\nlines",
        "ana",
        "anchored",
    )
    assert record["sources"] == ["https://a.example", "Ministry report, p. 4"]
    assert record["article"] == claims[2]["article"] and record["path"] == path


def test_retag_untag_and_undo_from_the_command_line(desk: Path) -> None:
    path, store = first_article(desk), "my.json"
    run("tag", path, "--claim", "0", "--label", "disputed", "--store", store, cwd=desk)
    start_end = jsonl(run("claims", path, cwd=desk))[1]
    run(
        "tag",
        path,
        "--start",
        str(start_end["start"]),
        "--end",
        str(start_end["end"]),
        "--label",
        "verified",
        "--store",
        store,
        cwd=desk,
    )
    run("tag", path, "--claim", "0", "--label", "unsupported", "--store", store, cwd=desk)
    labels = [r["label"] for r in jsonl(run("annotations", "--store", store, cwd=desk))]
    assert labels == ["unsupported", "verified"]
    assert run("untag", path, "--claim", "1", "--store", store, cwd=desk).returncode == 0
    assert [r["label"] for r in jsonl(run("annotations", "--store", store, cwd=desk))] == ["unsupported"]
    assert run("undo", "--store", store, cwd=desk).returncode == 0  # brings back the verified tag
    assert run("undo", "--store", store, cwd=desk).returncode == 0  # unsupported -> disputed
    assert sorted(r["label"] for r in jsonl(run("annotations", "--store", store, cwd=desk))) == ["disputed", "verified"]
    assert run("redo", "--store", store, cwd=desk).returncode == 0
    assert sorted(r["label"] for r in jsonl(run("annotations", "--store", store, cwd=desk))) == [
        "unsupported",
        "verified",
    ]


def test_environment_variables_choose_store_and_annotator(desk: Path) -> None:
    env = {"CLAIMDESK_STORE": str(desk / "elsewhere.json"), "CLAIMDESK_ANNOTATOR": "bea"}
    assert run("tag", first_article(desk), "--claim", "0", "--label", "verified", cwd=desk, env=env).returncode == 0
    [record] = jsonl(run("annotations", "--store", "elsewhere.json", cwd=desk))
    assert record["annotator"] == "bea"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--claim", "0", "--start", "0", "--end", "5", "--label", "verified"], 2, "not both"),
        (["--label", "verified"], 2, "--claim"),
        (["--claim", "9999", "--label", "verified"], 1, "no claim 9999"),
        (["--start", "5", "--end", "3", "--label", "verified"], 1, "not a span"),
        (["--claim", "0", "--label", "maybe"], 2, "maybe"),
    ],
)
def test_bad_tag_requests_get_one_line_and_store_nothing(desk: Path, args: list[str], code: int, words: str) -> None:
    line = one_line_error(run("tag", first_article(desk), *args, cwd=desk), code)
    assert words in line
    assert not (desk / "annotations" / "store.json").exists()


def test_untag_of_an_untagged_claim_and_undo_of_nothing_fail_clearly(desk: Path) -> None:
    assert "no tag" in one_line_error(run("untag", first_article(desk), "--claim", "0", cwd=desk))
    assert "nothing to undo" in one_line_error(run("undo", cwd=desk))


def test_stats_counts_per_article_and_in_total(desk: Path) -> None:
    paths = [str(p.relative_to(desk)) for p in sorted((desk / "articles").iterdir())]
    run("tag", paths[0], "--claim", "0", "--label", "verified", cwd=desk)
    run("tag", paths[0], "--claim", "1", "--label", "disputed", cwd=desk)
    run("tag", paths[1], "--claim", "0", "--label", "unsupported", cwd=desk)
    stats = json.loads(run("stats", "--format", "json", cwd=desk).stdout)
    claims = [len(jsonl(run("claims", p, cwd=desk))) for p in paths]
    rows = {row["path"]: row for row in stats["articles"]}
    assert rows[paths[0]]["claims"] == claims[0] and rows[paths[0]]["untagged"] == claims[0] - 2
    assert (rows[paths[0]]["verified"], rows[paths[0]]["disputed"], rows[paths[1]]["unsupported"]) == (1, 1, 1)
    assert stats["total"]["claims"] == sum(claims) and stats["total"]["untagged"] == sum(claims) - 3
    assert stats["total"]["orphaned"] == 0
    table = run("stats", cwd=desk)
    assert table.returncode == 0 and "total" in table.stdout


def test_an_edited_article_reports_moved_and_orphaned_tags(desk: Path) -> None:
    path = first_article(desk)
    claims = jsonl(run("claims", path, cwd=desk))
    run("tag", path, "--claim", "1", "--label", "verified", cwd=desk)
    run("tag", path, "--claim", "2", "--label", "disputed", cwd=desk)
    text = (desk / path).read_text(encoding="utf-8")
    edited = "CORRECTION: this story was updated.\n\n" + text.replace(claims[2]["text"], "")
    (desk / path).write_text(edited, encoding="utf-8")
    by_label = {r["label"]: r for r in jsonl(run("annotations", cwd=desk))}
    assert by_label["verified"]["status"] == "moved" and by_label["verified"]["quote"] == claims[1]["text"]
    assert edited[by_label["verified"]["start"] : by_label["verified"]["end"]] == claims[1]["text"]
    assert by_label["disputed"]["status"] == "orphaned"
    assert json.loads(run("stats", "--format", "json", cwd=desk).stdout)["total"]["orphaned"] == 1


def test_a_damaged_store_is_explained_left_alone_then_repaired(desk: Path) -> None:
    path = first_article(desk)
    for claim in ("0", "1", "2"):
        run("tag", path, "--claim", claim, "--label", "disputed", cwd=desk)
    store = desk / "annotations" / "store.json"
    whole = store.read_bytes()
    damaged = whole[: whole.index(b'"changes"') - 200]  # cut inside the last annotation
    store.write_bytes(damaged)
    (desk / "annotations" / "store.json.journal").unlink()
    line = one_line_error(run("annotations", cwd=desk))
    assert str(Path("annotations/store.json")) in line and "damaged" in line
    one_line_error(run("tag", path, "--claim", "3", "--label", "verified", cwd=desk))
    assert store.read_bytes() == damaged
    checked = run("check", cwd=desk)
    assert checked.returncode == 1 and "not valid JSON" in checked.stdout and store.read_bytes() == damaged
    repaired = run("check", "--repair", cwd=desk)
    assert repaired.returncode == 0, repaired.stderr
    [aside] = [p for p in store.parent.iterdir() if p.name.startswith("store.json.damaged-")]
    assert aside.read_bytes() == damaged
    assert len(jsonl(run("annotations", cwd=desk))) == 2  # the two whole records; the cut one is in the moved file
    assert run("check", cwd=desk).stdout.count(": ok:") == 1


def test_notes_and_names_never_reach_the_terminal_as_escape_sequences(desk: Path) -> None:
    path = first_article(desk)
    note, name = "esc\x1b[31mRED\x1b[0m [bold]markup[/bold]\nsecond line", "ev[bold]il"
    hostile = run("tag", path, "--claim", "0", "--label", "verified", "--annotator", "ev\x1b]0;title\x07il", cwd=desk)
    assert hostile.returncode == 2 and "\x1b" not in hostile.stderr  # such a name is refused, and not echoed raw
    tagged = run("tag", path, "--claim", "0", "--label", "verified", "--note", note, "--annotator", name, cwd=desk)
    assert tagged.returncode == 0
    table = run("annotations", "--format", "table", cwd=desk, env={"COLUMNS": "250"})
    assert table.returncode == 0 and "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert "[bold]markup" in table.stdout  # shown as typed, not turned into bold text
    [record] = jsonl(run("annotations", cwd=desk))
    assert (record["note"], record["annotator"]) == (note, name)  # the data itself is kept as given


def test_a_journal_with_a_wrong_entry_is_refused_then_repaired(desk: Path) -> None:
    path = first_article(desk)
    for claim in ("0", "1"):
        run("tag", path, "--claim", claim, "--label", "disputed", cwd=desk)
    journal = desk / "annotations" / "store.json.journal"
    with journal.open("ab") as handle:
        handle.write(b'{"ops": [["annotations", "abc", {"x": 1}]]}\n')
    damaged = journal.read_bytes()
    assert "damaged" in one_line_error(run("tag", path, "--claim", "2", "--label", "verified", cwd=desk))
    assert journal.read_bytes() == damaged
    assert run("check", "--repair", cwd=desk).returncode == 0
    assert sorted(r["label"] for r in jsonl(run("annotations", cwd=desk))) == ["disputed", "disputed"]


def test_stats_counts_an_article_named_twice_once(desk: Path) -> None:
    path = first_article(desk)
    run("tag", path, "--claim", "0", "--label", "verified", cwd=desk)
    shutil.copy(desk / path, desk / "copy.txt")
    stats = json.loads(run("stats", path, path, "copy.txt", "--format", "json", cwd=desk).stdout)
    assert stats["total"]["verified"] == 1 and len(stats["articles"]) == 1


def test_tag_refuses_a_threshold_that_is_not_a_number(desk: Path) -> None:
    one_line_error(
        run("tag", first_article(desk), "--claim", "0", "--threshold", "nan", "--label", "verified", cwd=desk), 2
    )
