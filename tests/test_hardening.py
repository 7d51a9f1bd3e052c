"""Everyday use that used to lose or misplace work, and hostile input: each case as a user meets it."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import Ran
from tests.conftest import ROOT, SEEDS
from tests.test_app import on_disk, reader, view
from tests.test_cli_store import jsonl, one_line_error, run
from tui.app.screens.text_diff import DiffScreen, word_diff
from tui.app.widgets.article_view import shown
from tui.store.store import Store
from tui.text.article_files import read_article

FIRST_SEED = sorted(SEEDS.glob("*.txt"))[0]


def _tagged_store(
    folder: Path, annotator: str = "ana", claim: int = 1, label: str = "verified", store: str = "s.json"
) -> Path:
    """`store` in `folder` with `annotator`'s `label` on claim `claim` of the first seed."""
    tagged = run(
        "tag",
        str(FIRST_SEED),
        "--claim",
        str(claim),
        "--label",
        label,
        "--store",
        store,
        "--annotator",
        annotator,
        cwd=folder,
    )
    assert tagged.returncode == 0, tagged.stderr
    return folder / store


# ----- command-line conventions ---------------------------------------------------------------


def test_dash_as_output_is_standard_output(tmp_path: Path) -> None:
    _tagged_store(tmp_path)
    result = run("export", "--format", "csv", "-o", "-", "--store", "s.json", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.lstrip("\ufeff").startswith("id,article,path")
    assert not (tmp_path / "-").exists()


def test_a_mistyped_command_is_a_usage_error_naming_the_right_one(tmp_path: Path) -> None:
    line = one_line_error(run("stat", cwd=tmp_path), code=2)
    assert "'stats'" in line


def test_some_paths_missing_prints_what_it_could_then_fails(tmp_path: Path) -> None:
    result = run("claims", str(FIRST_SEED), str(tmp_path / "nope.txt"), cwd=tmp_path)
    assert result.returncode == 1 and "nope.txt: no such file" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(record["path"] == str(FIRST_SEED) for record in records)


def test_output_cut_short_by_head_exits_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(FIRST_SEED.read_text(encoding="utf-8") for _ in range(60)), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-m", "tui", "claims", "--all", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # what `head -1` does once it has its line
        errors = process.stderr.read()
        assert process.wait(timeout=120) == 0 and errors == b""


# ----- hostile files ------------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_at_once(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    for command in (["claims", device], ["tag", device, "--claim", "0", "--label", "verified"]):
        assert "not a regular file" in one_line_error(run(*command, cwd=tmp_path))


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in one_line_error(run("claims", str(fifo), cwd=tmp_path))


def test_an_imported_path_that_is_not_an_article_file_is_never_read(tmp_path: Path) -> None:
    _tagged_store(tmp_path)
    document = json.loads(run("export", "--format", "w3c", "--store", "s.json", cwd=tmp_path).stdout)
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0:the secret line\n", encoding="utf-8")
    for item in document["first"]["items"]:
        item["claimdesk:path"] = str(secret)
    (tmp_path / "evil.json").write_text(json.dumps(document), encoding="utf-8")
    assert run("import", "evil.json", "--store", "other.json", cwd=tmp_path).returncode == 0
    for export_format in ("w3c", "csv", "markdown"):
        result = run("export", "--format", export_format, "--store", "other.json", cwd=tmp_path)
        assert "the secret line" not in result.stdout


@pytest.mark.parametrize("name", ["ana\n# Injected heading", "ana\x1b[31m", "ana\u202eevil"])
def test_annotator_names_that_would_act_on_a_terminal_or_report_are_refused(tmp_path: Path, name: str) -> None:
    result = run(
        "tag",
        str(FIRST_SEED),
        "--claim",
        "0",
        "--label",
        "verified",
        "--annotator",
        name,
        "--store",
        "s.json",
        cwd=tmp_path,
    )
    assert result.returncode == 2 and "annotator" in result.stderr and not (tmp_path / "s.json").exists()
    _tagged_store(tmp_path)
    document = json.loads(run("export", "--format", "w3c", "--store", "s.json", cwd=tmp_path).stdout)
    document["first"]["items"][0]["creator"]["name"] = name
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    assert "annotator" in one_line_error(run("import", "bad.json", "--store", "other.json", cwd=tmp_path))
    records = Store.open(tmp_path / "s.json").annotations()
    records[0]["annotator"] = name
    Store.open(tmp_path / "hand.json").put_many(records, "ana", "import")
    line = one_line_error(run("merge", "s.json", "hand.json", "-o", "team.json", cwd=tmp_path))
    assert "annotator" in line and not (tmp_path / "team.json").exists()


def test_bidi_controls_in_an_article_are_shown_as_one_visible_cell_each() -> None:
    text = "Police said \u202eoot 300\u202c people\tfled."
    painted = shown(text)
    assert len(painted) == len(text) and not any(
        "\u2066" <= c <= "\u2069" or "\u202a" <= c <= "\u202e" for c in painted
    )
    assert painted == "Police said \ufffdoot 300\ufffd people fled."


# ----- a claim reworded after it was tagged -------------------------------------------------------


def _copied_article(folder: Path) -> Path:
    """The first seed article, copied into `folder` as article.txt."""
    article = folder / "article.txt"
    shutil.copy(FIRST_SEED, article)
    return article


def _tag_from_the_command_line(folder: Path, claim: int, label: str, *options: str) -> Ran:
    """`claimdesk tag article.txt --claim N --label L [OPTIONS]` into the folder's s.json, as tester."""
    as_tester = ("--store", "s.json", "--annotator", "tester")
    return run("tag", "article.txt", "--claim", str(claim), "--label", label, *options, *as_tester, cwd=folder)


def _reworded_desk(folder: Path) -> tuple[Path, str]:
    article = folder / "article.txt"
    shutil.copy(FIRST_SEED, article)
    claim = jsonl(run("claims", "article.txt", cwd=folder))[1]
    tagged = _tag_from_the_command_line(
        folder, 1, "verified", "--note", "checked with the ministry", "--source", "https://example.org/report"
    )
    assert tagged.returncode == 0
    text = article.read_text(encoding="utf-8")
    old = claim["text"]
    new = old.replace("defeated", "beaten", 1) if "defeated" in old else old[:-1] + ", officials said."
    article.write_text(text.replace(old, new, 1), encoding="utf-8")
    return article, new


async def test_a_verdict_key_on_a_reworded_claim_confirms_it_keeping_note_and_sources(tmp_path: Path) -> None:
    article, new = _reworded_desk(tmp_path)
    async with reader(tmp_path / "s.json", [article]) as (app, pilot):
        claims = view(app).reading.claims
        target = next(index for index, claim in enumerate(claims) if claim.changed)
        view(app).select(target)
        await pilot.press("d")
        assert not view(app).reading.claims[target].changed
    [record] = on_disk(tmp_path / "s.json")
    assert record["label"] == "disputed" and record["note"] == "checked with the ministry"
    assert record["sources"] == ["https://example.org/report"] and len(record["revisions"]) == 1
    assert record["article"] == read_article(article)[0].id
    [listed] = jsonl(run("annotations", "--store", "s.json", cwd=tmp_path))
    assert listed["status"] == "anchored" and listed["quote"] == new


async def test_the_diff_view_shows_both_texts_and_drops_or_confirms(tmp_path: Path) -> None:
    article, _ = _reworded_desk(tmp_path)
    async with reader(tmp_path / "s.json", [article]) as (app, pilot):
        claims = view(app).reading.claims
        view(app).select(next(index for index, claim in enumerate(claims) if claim.changed))
        await pilot.press("D")
        assert isinstance(app.screen, DiffScreen)
        await pilot.press("u")
        assert not isinstance(app.screen, DiffScreen)
    [record] = on_disk(tmp_path / "s.json")
    assert record["label"] == "unsupported" and record["note"] == "checked with the ministry"


def test_word_diff_marks_removed_and_added_words() -> None:
    diff = word_diff("Forty homes were flooded.", "Forty-two homes were flooded.")
    assert diff.plain == "FortyForty-two homes were flooded."
    styles = {str(span.style) for span in diff.spans}
    assert "strike red" in styles and "bold green" in styles


# ----- merging into one of the stores merged ------------------------------------------------------


def test_merging_into_an_input_keeps_an_untag_made_while_the_merge_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.cli.publish_commands as publish_commands

    ana = _tagged_store(tmp_path, "ana")
    _tagged_store(tmp_path, "ben", claim=2, label="disputed", store="ben.json")
    [tag] = Store.open(ana).annotations()
    checked = publish_commands.bad_annotator
    untagged: list[bool] = []

    def untag_meanwhile(name: str) -> str | None:
        if not untagged:  # after the merge read ana.json, before it writes: another process untags
            untagged.append(bool(Store.open(ana).untag(tag["id"], "ana")))
        return checked(name)

    monkeypatch.setattr(publish_commands, "bad_annotator", untag_meanwhile)
    assert run("merge", "s.json", "ben.json", "-o", "s.json", cwd=tmp_path).returncode == 0
    assert untagged == [True]
    assert [record["annotator"] for record in Store.open(ana).annotations()] == ["ben"]


# ----- store integrity -----------------------------------------------------------------------------


def _hostile_stores(folder: Path) -> dict[str, tuple[str, str]]:
    """Damaged copies of a healthy folded store: file name -> (snapshot text, journal text or "")."""
    store = _tagged_store(folder)
    _tagged_store(folder, "ana", claim=2, label="disputed", store="s.json")
    Store.open(store).fold()
    text = store.read_text(encoding="utf-8")
    data = json.loads(text)
    first, second = list(data["annotations"])
    same_id = json.loads(text)
    same_id["annotations"][second]["id"] = same_id["annotations"][first]["id"]
    huge_id = json.loads(text)
    huge_id["annotations"]["9" * 5000] = huge_id["annotations"].pop(first)
    negative = json.loads(text)
    negative["meta"]["1"]["schema"] = -5
    opening = text.index('"annotations": {') + len('"annotations": {\n')
    line = text[opening : text.index("\n", opening) + 1]
    header = '{"claimdesk_journal": 1, "generation": %s, "snapshot": "x"}\n'
    return {
        "two records, one annotation id": (json.dumps(same_id), ""),
        "one document number twice": (text[:opening] + line + text[opening:], ""),
        "a 5000-digit document number": (json.dumps(huge_id), ""),
        "deeply nested": ("[" * 100_000 + "]" * 100_000, ""),
        "schema -5": (json.dumps(negative), ""),
        "journal generation 1e400": (text, header % "1e400"),
        'journal generation "x"': (text, header % '"x"'),
    }


@pytest.mark.parametrize(
    "case",
    [
        "two records, one annotation id",
        "one document number twice",
        "a 5000-digit document number",
        "deeply nested",
        "schema -5",
        "journal generation 1e400",
        'journal generation "x"',
    ],
)
def test_a_hostile_store_is_one_damaged_line_and_left_as_it_was(tmp_path: Path, case: str) -> None:
    snapshot, journal = _hostile_stores(tmp_path)[case]
    (tmp_path / "bad.json").write_text(snapshot, encoding="utf-8")
    if journal:
        (tmp_path / "bad.json.journal").write_text(journal, encoding="utf-8")
    line = one_line_error(run("annotations", "--store", "bad.json", cwd=tmp_path))
    assert "damaged" in line and not any(name in line for name in ("Error:", "Exception", "Traceback"))
    assert (tmp_path / "bad.json").read_text(encoding="utf-8") == snapshot


# ----- other processes writing the store the reader has open ---------------------------------------


async def test_the_reader_shows_changes_made_elsewhere_and_edits_the_record_as_it_is_on_disk(tmp_path: Path) -> None:
    from tests.test_app import until

    article, store = _copied_article(tmp_path), tmp_path / "s.json"
    async with reader(store, [article]) as (app, pilot):
        view(app).select(1)
        await pilot.press("d")
        tagged = _tag_from_the_command_line(
            tmp_path, 1, "disputed", "--note", "from the command line", "--source", "https://cli.example/a"
        )
        assert tagged.returncode == 0
        await until(pilot, lambda: view(app).reading.claims[1].note == "from the command line")
        assert view(app).reading.claims[1].note == "from the command line"
        await pilot.press("s", *"https://reader.example/b", "enter")
    [record] = on_disk(store)
    assert record["note"] == "from the command line"
    assert record["sources"] == ["https://cli.example/a", "https://reader.example/b"]


# ----- typing in the overview -----------------------------------------------------------------------


async def test_typing_in_the_overview_only_filters_and_escape_steps_back(tmp_path: Path) -> None:
    from textual.widgets import DataTable, Input

    from tui.app.screens.overview import OverviewScreen
    from tui.app.screens.reader import ReaderScreen

    store = tmp_path / "s.json"
    async with reader(store) as (app, pilot):
        await pilot.press("o", *"unsupported", "o", "d", "v", "x")
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.query_one("#filter", Input).value == "unsupportedodvx"
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen) and isinstance(app.screen.focused, DataTable)
        await pilot.press("slash", *"x", "escape", "escape")
        assert isinstance(app.screen, ReaderScreen)
    assert on_disk(store) == []


# ----- a full disk ---------------------------------------------------------------------------------


def _disk_full(*_args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_tag_saved_in_the_journal_is_reported_saved_when_folding_hits_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.store.snapshot as snapshot

    store = _tagged_store(tmp_path)
    monkeypatch.setattr(snapshot, "write_durably", _disk_full)  # the snapshot cannot be rewritten; the journal can
    result = run("tag", str(FIRST_SEED), "--claim", "2", "--label", "disputed", "--store", "s.json", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("saved:"), result.stderr
    assert not list(tmp_path.glob(".*.tmp"))
    monkeypatch.undo()
    assert len(Store.open(store).annotations()) == 2


def test_a_tag_the_disk_has_no_room_for_is_one_truthful_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.store.journal as journal

    store = _tagged_store(tmp_path)
    before = store.read_bytes()
    monkeypatch.setattr(journal, "write_durably", _disk_full)
    line = one_line_error(
        run("tag", str(FIRST_SEED), "--claim", "2", "--label", "disputed", "--store", "s.json", cwd=tmp_path)
    )
    assert "No space left on device" in line and "OSError" not in line
    monkeypatch.undo()
    assert store.read_bytes() == before and len(Store.open(store).annotations()) == 1
    assert not list(tmp_path.glob(".*.tmp"))


async def test_the_reader_keeps_running_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.store.journal as journal
    import tui.store.snapshot as snapshot

    store = tmp_path / "s.json"
    async with reader(store) as (app, pilot):
        monkeypatch.setattr(journal, "write_durably", _disk_full)
        monkeypatch.setattr(snapshot, "write_durably", _disk_full)
        await pilot.press("d")
        assert "not saved" in str(app.screen.query_one("#status").render())
        assert view(app).reading.claims[0].label is None and app.is_running
        monkeypatch.undo()
        await pilot.press("d")
        assert "saved: disputed" in str(app.screen.query_one("#status").render())
    assert [record["label"] for record in on_disk(store)] == ["disputed"]


# ----- undo in the reader ----------------------------------------------------------------------------


async def test_undo_in_the_reader_takes_back_its_own_change_names_the_claim_and_shows_it(tmp_path: Path) -> None:
    from tests.test_app import until

    article, store = _copied_article(tmp_path), tmp_path / "s.json"
    async with reader(store, [article]) as (app, pilot):
        view(app).select(2)
        await pilot.press("d", "g")  # tag the third claim, then go back to the first
        elsewhere = _tag_from_the_command_line(tmp_path, 4, "verified")
        assert elsewhere.returncode == 0
        await until(pilot, lambda: view(app).reading.claims[4].label == "verified")
        await pilot.press("ctrl+z")
        third = view(app).reading.claims[2]
        status = str(app.screen.query_one("#status").render())
        assert status.startswith("saved: undid tag of “" + " ".join(third.text.split())[:20])
        assert view(app).claim is third and third.label is None
        fifth = view(app).reading.claims[4].text
    assert [(record["label"], record["target"]["selector"][0]["exact"]) for record in on_disk(store)] == [
        ("verified", fifth)
    ]


async def test_a_cluster_verdict_is_one_undo_step(tmp_path: Path) -> None:
    from tui.app.screens.dialogs import ClusterVerdictScreen

    store = tmp_path / "s.json"
    async with reader(store, sorted(SEEDS.glob("*.txt"))) as (app, pilot):
        await pilot.press("o", "escape", "c")
        assert isinstance(app.screen, ClusterVerdictScreen)
        await pilot.press("u", "y", "escape")
        assert len(on_disk(store)) > 1
        await pilot.press("ctrl+z")
        assert on_disk(store) == []
        assert "and" in str(app.screen.query_one("#status").render())


def test_messages_show_a_tab_as_a_space_never_as_a_literal_backslash_t(tmp_path: Path) -> None:
    line = one_line_error(run("claims", "two\twords.txt", cwd=tmp_path))
    assert "two words.txt" in line and "\\t" not in line


# ----- a much-edited claim -----------------------------------------------------------------------------


def test_editing_one_claim_again_and_again_grows_the_store_linearly_and_undoes_exactly(tmp_path: Path) -> None:
    from tui.store.journal import journal_path

    article = read_article(FIRST_SEED)[0]
    path = tmp_path / "s.json"
    store = Store.open(path)
    store.tag(article, 0, 40, "disputed", "ana", note="first")
    [original] = store.annotations()
    sizes = {}
    for n in range(1, 201):
        store.edit(original["id"], "ana", note=f"note {n}")
        if n in (100, 200):
            sizes[n] = path.stat().st_size + journal_path(path).stat().st_size
    assert sizes[200] < 2.2 * sizes[100]  # linear: twice the edits, about twice the bytes
    [edited] = Store.open(path).annotations()
    assert len(edited["revisions"]) == 200
    reopened = Store.open(path)
    for _ in range(200):
        reopened.undo("ana")
    assert Store.open(path).annotations() == [original]
    for _ in range(200):
        reopened.redo("ana")
    assert Store.open(path).annotations() == [edited]


def test_repairing_a_store_through_a_symbolic_link_repairs_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real_folder, link_folder = tmp_path / "real", tmp_path / "elsewhere"
    real_folder.mkdir()
    link_folder.mkdir()
    real = _tagged_store(real_folder)
    run("tag", str(FIRST_SEED), "--claim", "2", "--label", "disputed", "--store", "s.json", cwd=real_folder)
    Store.open(real).fold()
    link = link_folder / "s.json"
    link.symlink_to(real)
    whole = real.read_bytes()
    real.write_bytes(whole[: len(whole) * 2 // 3])  # torn: the first record stays readable
    result = run("check", "--repair", "--store", str(link), cwd=tmp_path)
    assert result.returncode == 0 and "rebuilt" in result.stdout, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert not (link_folder / "s.json.journal").exists() and (real_folder / "s.json.journal").exists()
    assert len(Store.open(link).annotations()) >= 1
    assert run("check", "--store", str(link), cwd=tmp_path).returncode == 0


def test_a_journal_from_another_store_is_refused_and_repair_leaves_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.store.journal import journal_path

    monkeypatch.setattr("tui.store.store.FOLD_RATIO", 1000.0)  # changes stay in the journal
    article = read_article(FIRST_SEED)[0]
    mine, theirs = Store.open(tmp_path / "mine.json"), Store.open(tmp_path / "theirs.json")
    mine.tag(article, 0, 40, "verified", "ana")
    mine.fold()  # ana's tag is in the file, which the journal copied over it cannot take back
    theirs.tag(article, 50, 90, "disputed", "ben")
    theirs.tag(article, 100, 140, "disputed", "ben")
    shutil.copy(journal_path(tmp_path / "theirs.json"), journal_path(tmp_path / "mine.json"))
    line = one_line_error(run("annotations", "--store", "mine.json", cwd=tmp_path))
    assert "belongs to another store" in line
    repaired = run("check", "--repair", "--store", "mine.json", cwd=tmp_path)
    assert repaired.returncode == 0 and "belongs to another store" in repaired.stdout
    assert [record["annotator"] for record in Store.open(tmp_path / "mine.json").annotations()] == ["ana"]


# ----- running from another folder ----------------------------------------------------------------------


def test_the_store_finds_its_articles_from_any_folder(tmp_path: Path, desk: Path) -> None:
    from tests.test_cli_store import first_article

    path = first_article(desk)  # relative to the desk, where the tags are made
    assert run("tag", path, "--claim", "1", "--label", "verified", cwd=desk).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store = str(desk / "annotations" / "store.json")
    [record] = jsonl(run("annotations", "--store", store, cwd=elsewhere))
    assert record["status"] == "anchored" and Path(record["path"]).resolve() == (desk / path).resolve()
    stats = json.loads(run("stats", "--format", "json", "--store", store, cwd=elsewhere).stdout)
    assert (stats["total"]["verified"], stats["total"]["orphaned"]) == (1, 0)
    exported = json.loads(run("export", "--format", "w3c", "--store", store, cwd=elsewhere).stdout)
    assert exported["first"]["items"][0]["target"]["source"] == (desk / path).resolve().as_uri()


def _tagged_copy(folder: Path) -> Path:
    """article.txt in `folder`, a copy of the first seed, with claim 1 tagged verified in s.json there."""
    article = folder / "article.txt"
    shutil.copy(FIRST_SEED, article)
    tagged = run("tag", "article.txt", "--claim", "1", "--label", "verified", "--store", "s.json", cwd=folder)
    assert tagged.returncode == 0, tagged.stderr
    return article


def test_a_tag_whose_article_file_is_gone_is_missing_not_orphaned(tmp_path: Path) -> None:
    article = _tagged_copy(tmp_path)
    article.unlink()
    [record] = jsonl(run("annotations", "--store", "s.json", cwd=tmp_path))
    assert record["status"] == "missing" and "not found" in record["reason"]
    total = json.loads(run("stats", "--format", "json", "--store", "s.json", cwd=tmp_path).stdout)["total"]
    assert (total["missing"], total["orphaned"]) == (1, 0)
    assert "missing" in run("stats", "--store", "s.json", cwd=tmp_path, env={"COLUMNS": "200"}).stdout


def test_a_renamed_article_file_is_found_again_by_its_text(tmp_path: Path) -> None:
    article = _tagged_copy(tmp_path)
    article.rename(tmp_path / "renamed.txt")
    [record] = jsonl(run("annotations", "--store", "s.json", cwd=tmp_path))
    assert record["status"] == "anchored" and Path(record["path"]).name == "renamed.txt"
    total = json.loads(run("stats", "--format", "json", "--store", "s.json", cwd=tmp_path).stdout)["total"]
    assert (total["verified"], total["missing"]) == (1, 0)


def _imported_with_path(folder: Path, path: Path, into: str = "other.json") -> None:
    """Import into `into` the store's export, its records pointing at `path`."""
    document = json.loads(run("export", "--format", "w3c", "--store", "s.json", cwd=folder).stdout)
    for item in document["first"]["items"]:
        item["claimdesk:path"] = str(path)
        item.pop("claimdesk:file", None)
    (folder / "evil.json").write_text(json.dumps(document), encoding="utf-8")
    assert run("import", "evil.json", "--store", into, cwd=folder).returncode == 0


def test_an_imported_path_is_read_only_when_its_text_is_the_text_tagged(tmp_path: Path) -> None:
    _tagged_store(tmp_path)
    secret = tmp_path / "diary.txt"
    secret.write_text("Dear diary: the secret line.\n", encoding="utf-8")
    _imported_with_path(tmp_path, secret)
    for command in (
        ["annotations"],
        ["stats", "--format", "json"],
        *(["export", "--format", f] for f in ("w3c", "csv", "markdown")),
    ):
        result = run(*command, "--store", "other.json", cwd=tmp_path)
        assert result.returncode == 0 and "secret line" not in result.stdout, command
    [record] = jsonl(run("annotations", "--store", "other.json", cwd=tmp_path))
    assert record["status"] == "missing"
    # Where the path holds the text tagged, the imported tag is found there.
    _imported_with_path(tmp_path, FIRST_SEED, into="fair.json")
    [record] = jsonl(run("annotations", "--store", "fair.json", cwd=tmp_path))
    assert record["status"] == "anchored"


def test_importing_a_store_into_itself_keeps_its_paths_trusted(tmp_path: Path) -> None:
    article = _tagged_copy(tmp_path)
    (tmp_path / "mine.json").write_text(run("export", "--format", "w3c", "--store", "s.json", cwd=tmp_path).stdout)
    imported = run("import", "mine.json", "--store", "s.json", cwd=tmp_path)
    assert imported.returncode == 0 and "1 already there" in imported.stdout
    # The article is corrected after the import: the tag on this machine's path is still found there.
    article.write_text(article.read_text(encoding="utf-8") + "\nCorrection: an earlier version misspelt a name.\n")
    [record] = jsonl(run("annotations", "--store", "s.json", cwd=tmp_path))
    assert record["status"] in ("anchored", "moved") and record["path"].endswith("article.txt")


# ----- the store's work never runs on the UI thread --------------------------------------------------


async def test_a_verdict_waiting_for_a_busy_store_leaves_the_reader_answering_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from filelock import FileLock
    from textual.pilot import Pilot

    from tests.test_app import quiet
    from tui.store.snapshot import lock_path

    threads: set[str] = set()
    fold, refresh = Store._fold, Store._refresh

    def folding(store: Store) -> None:
        threads.add(threading.current_thread().name)
        fold(store)

    def refreshing(store: Store) -> None:
        threads.add(threading.current_thread().name)
        refresh(store)

    monkeypatch.setattr(Store, "_fold", folding)
    article, store = _copied_article(tmp_path), tmp_path / "s.json"
    async with reader(store, [article]) as (app, pilot):
        monkeypatch.setattr(Store, "_refresh", refreshing)
        busy = FileLock(lock_path(store), timeout=0)
        busy.acquire()  # another process holds the store: the verdict waits for it
        try:
            view(app).select(0)
            await Pilot.press(pilot, "v", "j")  # not waiting for the store, as a person would not
            deadline = time.monotonic() + 5  # well within the lock's own 10 s wait
            while view(app).selected != 1 and time.monotonic() < deadline:
                await pilot.pause()
            assert view(app).selected == 1, "the reader did not answer j while the store was busy"
            assert app.store_work == 1  # the verdict is still waiting for the lock
        finally:
            busy.release()
        await quiet(pilot)
        assert [record["label"] for record in on_disk(store)] == ["verified"]
        assert view(app).reading.claims[0].label == "verified"
    assert threads and "MainThread" not in threads, threads


async def test_a_verdict_pressed_just_before_quitting_is_saved(tmp_path: Path) -> None:
    from textual.pilot import Pilot

    article, store = _copied_article(tmp_path), tmp_path / "s.json"
    async with reader(store, [article]) as (app, pilot):
        view(app).select(0)
        await Pilot.press(pilot, "v", "q")
    assert [record["label"] for record in on_disk(store)] == ["verified"]


def test_a_store_from_before_places_were_kept_still_finds_its_articles_from_another_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    shutil.copy(FIRST_SEED, project / "seeds" / "a.txt")
    store = project / "annotations" / "store.json"
    tagged = run("tag", "seeds/a.txt", "--claim", "1", "--label", "verified", "--store", str(store), cwd=project)
    assert tagged.returncode == 0
    old = Store.open(store)
    records = [dict(record) for record in old.annotations()]
    for record in records:
        del record["stored_at"]  # as an older claimdesk stored it: the path as tagged, relative to project/
    old.put_many(records, "tester", "import")
    assert "stored_at" not in Store.open(store).annotations()[0]
    [record] = jsonl(run("annotations", "--store", str(store), cwd=tmp_path))
    assert record["status"] == "anchored"


@pytest.mark.parametrize("case", ["fifo", "/dev/zero", "nested"])
def test_an_import_file_that_never_ends_or_nests_too_deep_is_one_line(tmp_path: Path, case: str) -> None:
    if case == "fifo":
        source = tmp_path / "export.json"
        os.mkfifo(source)
    elif case == "nested":
        source = tmp_path / "export.json"
        source.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    else:
        source = Path(case)
    message = one_line_error(run("import", str(source), "--store", "s.json", cwd=tmp_path))
    assert "Error" not in message and ("regular file" in message or "nested too deeply" in message)
    assert not (tmp_path / "s.json").exists()


def test_an_export_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    import stat
    import threading

    _tagged_store(tmp_path)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader_thread = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader_thread.start()
    result = run("export", "--format", "csv", "-o", str(pipe), "--store", "s.json", cwd=tmp_path)
    reader_thread.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode)  # not replaced by a file
    assert b"verified" in received[0]


def test_bidi_controls_in_an_article_never_reach_a_table_raw(tmp_path: Path) -> None:
    article = tmp_path / "bidi.txt"
    article.write_text("Officials \u202egnirts\u202c said unemployment rose to 40 percent in May.\n", encoding="utf-8")
    table = run("claims", "bidi.txt", "--all", "--format", "table", cwd=tmp_path, env={"COLUMNS": "200"}).stdout
    assert "gnirts" in table and not any(
        char in table for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )
