"""The annotation store on a real TinyDB file: durable, shared, undoable, and never damaged by us."""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

from tests.conftest import ROOT
from tui.store.errors import NothingToUndo, StoreDamaged, StoreError, StoreTooNew
from tui.store.journal import journal_path
from tui.store.schema import SCHEMA
from tui.store.snapshot import dump_tables
from tui.store.store import Store
from tui.text.article import Article
from tui.text.article_files import build_article

TEXT = (
    "Flood report\n\n"
    "Forty homes were flooded on Monday after the river burst its banks, the council said.\n"
    "Police closed three roads into the town centre.\n"
    "The mayor said the clean-up would cost at least 2 million pounds.\n"
)


def article(tmp_path: Path, text: str = TEXT, name: str = "flood.txt") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build_article(path, text, "utf-8")


def span(art: Article, words: str) -> tuple[int, int]:
    start = art.text.index(words)
    return start, art.text.index("\n", start)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations" / "store.json"


def test_a_tag_survives_reopening_and_is_in_the_tinydb_file(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    start, end = span(flood, "Forty homes")
    Store.open(store_path).tag(
        flood,
        start,
        end,
        "disputed",
        "ana",
        note="Council says 40;\nfire service 32.",
        sources=["https://example.org/fire"],
    )
    record = Store.open(store_path).annotations()[0]
    assert (record["label"], record["note"], record["sources"]) == (
        "disputed",
        "Council says 40;\nfire service 32.",
        ["https://example.org/fire"],
    )
    quote, position = record["target"]["selector"]
    assert quote["exact"] == flood.text[start:end] and (position["start"], position["end"]) == (start, end)
    assert quote["prefix"] == flood.text[max(0, start - 32) : start] and quote["suffix"] == flood.text[end : end + 32]
    assert record["created"].endswith(("+00:00", "Z")) or record["created"][-6] in "+-"
    # Plain TinyDB, knowing nothing of claimdesk, reads the same file.
    assert [doc["id"] for doc in TinyDB(store_path).table("annotations").all()] == [record["id"]]


def test_tagging_the_same_span_again_updates_it_and_keeps_history(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    start, end = span(flood, "Police closed")
    store = Store.open(store_path)
    store.tag(flood, start, end, "unsupported", "ana", note="no source yet")
    store.tag(flood, start, end, "verified", "ana", sources=["police statement"])
    store.tag(flood, start, end, "verified", "ben")
    records = Store.open(store_path).annotations()
    mine = [r for r in records if r["annotator"] == "ana"]
    assert len(records) == 2 and len(mine) == 1
    assert mine[0]["label"] == "verified" and mine[0]["note"] == "no source yet"
    assert mine[0]["sources"] == ["police statement"]
    assert [state["label"] for state in mine[0]["revisions"]] == ["unsupported"]
    assert mine[0]["modified"] >= mine[0]["created"]


def test_undo_and_redo_walk_back_and_forth_and_persist(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    start, end = span(flood, "The mayor")
    store = Store.open(store_path)
    store.tag(flood, start, end, "disputed", "ana")
    store.tag(flood, start, end, "verified", "ana")
    record_id = store.annotations()[0]["id"]
    store.edit(record_id, "ana", note="checked the budget")
    store.untag(record_id, "ana")

    def state() -> tuple[str, str] | None:
        records = Store.open(store_path).annotations()  # what is on disk, not in memory
        return (records[0]["label"], records[0]["note"]) if records else None

    assert state() is None
    assert [store.undo().action for _ in range(4)] == ["untag", "note", "retag", "tag"]
    assert state() is None
    with pytest.raises(NothingToUndo):
        store.undo()
    store.redo()
    assert state() == ("disputed", "")
    store.redo()
    store.redo()
    assert state() == ("verified", "checked the budget")
    # A new change ends the redo chain.
    store.tag(flood, start, end, "unsupported", "ana")
    with pytest.raises(NothingToUndo):
        Store.open(store_path).redo()


def test_undo_is_per_annotator_when_one_is_named(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    store.tag(flood, *span(flood, "Forty"), "disputed", "ana")
    store.tag(flood, *span(flood, "Police"), "verified", "ben")
    assert store.undo("ana").annotator == "ana"
    assert [r["annotator"] for r in Store.open(store_path).annotations()] == ["ben"]


def test_undo_refuses_to_overwrite_a_later_change(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    store.tag(flood, *span(flood, "Forty"), "disputed", "ana")
    other = Store.open(store_path)  # a second window on the same file
    other.edit(other.annotations()[0]["id"], "ben", note="ben's note")
    with pytest.raises(NothingToUndo, match="changed again"):
        store.undo("ana")
    assert Store.open(store_path).annotations()[0]["note"] == "ben's note"


def test_a_second_process_sees_changes_before_it_writes(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    first, second = Store.open(store_path), Store.open(store_path)
    first.tag(flood, *span(flood, "Forty"), "disputed", "ana")
    second.tag(flood, *span(flood, "Police"), "verified", "ana")
    first.tag(flood, *span(flood, "The mayor"), "verified", "ana")
    assert len(Store.open(store_path).annotations()) == 3
    assert [c.seq for c in Store.open(store_path).changes()] == [1, 2, 3]


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.text.article_files import build_article
    from tui.store.store import Store

    store_path, first, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    text = " ".join(f"Sentence number {n} says that {n * 7} homes were flooded." for n in range(4000))
    article = build_article(Path(sys.argv[4]), text, "utf-8")
    store = Store.open(store_path)
    for n in range(first, first + count):
        start = text.index(f"Sentence number {n} ")
        store.tag(article, start, text.index(".", start) + 1, "disputed", sys.argv[5], note=f"note {n}")
        print(n, flush=True)  # the acknowledgement: only after tag() returned
    """
)


def _writer(store_path: Path, first: int, count: int, annotator: str = "ana") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER,
            str(store_path),
            str(first),
            str(count),
            str(store_path.parent / "a.txt"),
            annotator,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_lose_nothing(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    writers = [_writer(store_path, 0, 150, "ana"), _writer(store_path, 1000, 150, "ben")]
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert writer.returncode == 0 and len(out.split()) == 150
    records = Store.open(store_path).annotations()
    assert len(records) == 300 and len({r["id"] for r in records}) == 300
    assert {r["note"] for r in records} == {f"note {n}" for n in [*range(150), *range(1000, 1150)]}


def _acknowledgements(writer: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """The writer's output lines as they come, read by a thread; None once the output ends."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert writer.stdout is not None
        with writer.stdout:
            for line in writer.stdout:
                lines.put(line.strip())
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _next_line(lines: queue.Queue[str | None], deadline: float) -> str | None:
    try:
        return lines.get(timeout=max(0.0, deadline - time.monotonic()))
    except queue.Empty:
        raise AssertionError("the writer printed nothing for two minutes") from None


def test_killing_a_writer_at_random_moments_loses_no_acknowledged_tag(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    rng = random.Random(20261122)
    acknowledged: set[str] = set()
    first = 0
    for number in range(50):
        # The moment is chosen by what the writer has done, not by the clock, so that it means the same on
        # a busy machine: a quarter of the writers die while they start and open the store (after the first,
        # which must create it), the others a random moment after their n-th acknowledged tag, in a tag.
        while_starting = number > 0 and rng.random() < 0.25
        wait_for = 0 if while_starting else rng.randint(1, 40)
        moment = rng.uniform(0, 0.3) if while_starting else rng.uniform(0, 0.003)
        writer = _writer(store_path, first, 200)
        try:
            lines, deadline, seen = _acknowledgements(writer), time.monotonic() + 120, []
            while len(seen) < wait_for:
                line = _next_line(lines, deadline)
                assert line is not None, f"the writer ended after {len(seen)} tags, before it was killed"
                seen.append(line)
            time.sleep(moment)
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=120)
            while (line := _next_line(lines, deadline)) is not None:
                seen.append(line)  # acknowledged between the last one read and the kill
        finally:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
        acknowledged |= {f"note {n}" for n in seen}
        first += len(seen) + 1  # past the tag it may have been writing: the text has 4000 sentences to tag
        json.loads(store_path.read_bytes())  # the TinyDB file is whole JSON at every moment
        notes = {record["note"] for record in Store.open(store_path).annotations()}
        assert acknowledged <= notes
    assert len(acknowledged) > 50, "the writers were killed before they could acknowledge anything"
    assert {doc["note"] for doc in TinyDB(store_path).table("annotations").all()} <= notes


def _damage_cases(tmp_path: Path, store_path: Path) -> dict[str, bytes]:
    flood = article(tmp_path)
    store = Store.open(store_path)
    for words in ("Forty", "Police", "The mayor"):
        store.tag(flood, *span(flood, words), "disputed", "ana")
    store.fold()
    whole = store_path.read_bytes()
    return {
        "not JSON": b"this is not json at all\n",
        "truncated": whole[: len(whole) * 2 // 3],
        "a list": b"[1, 2, 3]\n",
        "a table that is a list": b'{"annotations": [], "meta": {"1": {"schema": 1, "generation": 1}}}\n',
        "a record without a target": whole.replace(b'"target"', b'"tarjet"', 1),
        "not UTF-8": b"\xff\xfe\x00garbage",
    }


@pytest.mark.parametrize(
    "case", ["not JSON", "truncated", "a list", "a table that is a list", "a record without a target", "not UTF-8"]
)
def test_a_damaged_store_is_refused_and_left_byte_for_byte(tmp_path: Path, store_path: Path, case: str) -> None:
    damaged = _damage_cases(tmp_path, store_path)[case]
    store_path.write_bytes(damaged)
    journal_path(store_path).unlink()
    with pytest.raises(StoreDamaged) as caught:
        Store.open(store_path)
    assert str(store_path) in str(caught.value) and "\n" not in str(caught.value)
    flood = article(tmp_path)
    with pytest.raises(StoreDamaged):
        Store.open(store_path).tag(flood, *span(flood, "Forty"), "verified", "ana")
    assert store_path.read_bytes() == damaged


def test_a_store_from_a_newer_claimdesk_is_refused(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    newer = dump_tables({"annotations": {}, "meta": {"1": {"schema": SCHEMA + 1, "generation": 3}}})
    store_path.write_bytes(newer)
    with pytest.raises(StoreTooNew, match="newer"):
        Store.open(store_path)
    assert store_path.read_bytes() == newer


def test_a_schema_0_store_is_migrated_on_open_and_the_original_kept(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    Store.open(store_path).tag(flood, *span(flood, "Forty"), "disputed", "ana")
    tables = json.loads(store_path.read_bytes())
    del tables["meta"], tables["changes"]
    for record in tables["annotations"].values():
        del record["revisions"]
    old = json.dumps(tables).encode()
    store_path.write_bytes(old)
    journal_path(store_path).unlink()
    assert [r["label"] for r in Store.open(store_path).annotations()] == ["disputed"]
    assert json.loads(store_path.read_bytes())["meta"]["1"]["schema"] == SCHEMA
    assert store_path.with_name("store.json.schema0.bak").read_bytes() == old


def test_the_file_is_deterministic_one_record_per_line(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    for words in ("Forty", "Police", "The mayor"):
        store.tag(flood, *span(flood, words), "verified", "ana", note="line one\nline two")
    store.fold()
    data = store_path.read_bytes()
    assert dump_tables(json.loads(data)) == data  # sorted keys, stable order: rewriting changes nothing
    section = data.decode("utf-8").split('  "annotations": {\n')[1].split("\n  }")[0].splitlines()
    assert [json.loads(line.split(": ", 1)[1].rstrip(","))["note"] for line in section] == ["line one\nline two"] * 3


def test_a_torn_journal_line_from_a_crash_is_dropped(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    store.tag(flood, *span(flood, "Forty"), "disputed", "ana")
    with journal_path(store_path).open("ab") as journal:
        journal.write(b'{"ops": [["annotations", "9", {"id": "half')
    assert len(Store.open(store_path).annotations()) == 1
    Store.open(store_path).tag(flood, *span(flood, "Police"), "verified", "ana")
    assert len(Store.open(store_path).annotations()) == 2


def test_a_snapshot_replaced_from_elsewhere_under_a_live_journal_is_refused(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.store.store.FOLD_RATIO", 1000.0)  # keep changes in the journal
    flood = article(tmp_path)
    store = Store.open(store_path)
    store.tag(flood, *span(flood, "Forty"), "disputed", "ana")
    store.fold()
    earlier = store_path.read_bytes()
    # A change waits in the journal, then an old copy of the file comes back (say, from git).
    store.edit(store.annotations()[0]["id"], "ana", note="x")
    assert journal_path(store_path).read_bytes().count(b"\n") == 2
    store_path.write_bytes(earlier.replace(b'"disputed"', b'"verified"'))
    with pytest.raises(StoreDamaged, match="replaced"):
        Store.open(store_path)


def test_missing_store_reads_as_empty_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "store.json"
    assert Store.open(path).annotations() == []
    assert not path.parent.exists()


def test_annotations_follow_their_text_when_the_article_is_corrected(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    for words in ("Forty", "Police", "The mayor"):
        store.tag(flood, *span(flood, words), "disputed", "ana")
    corrected = (
        "Flood report (updated)\n\nAn earlier version misstated the number of homes.\n\n"
        "Forty-two homes were flooded on Monday after the river burst its banks, the council said.\n"
        "The mayor said the clean-up would cost at least 2 million pounds.\n"
    )
    from tui.annotations.resolved import annotation_record, resolve_all

    new = article(tmp_path, corrected)
    records = {r["exact"][:5]: r for r in map(annotation_record, resolve_all(Store.open(store_path), [new], True))}
    assert records["Forty"]["status"] == "moved" and records["Forty"]["changed"]
    assert records["Forty"]["quote"].startswith("Forty-two homes")
    assert records["The m"]["status"] == "moved" and not records["The m"]["changed"]
    assert corrected[records["The m"]["start"] : records["The m"]["end"]] == records["The m"]["exact"]
    assert records["Polic"]["status"] == "orphaned" and records["Polic"]["start"] is None


def test_store_writes_do_not_leave_temporary_files(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    for words in ("Forty", "Police"):
        store.tag(flood, *span(flood, words), "disputed", "ana")
    assert sorted(os.listdir(store_path.parent)) == [
        "store.json",
        "store.json.index",
        "store.json.journal",
        "store.json.lock",
    ]


def test_records_are_found_again_after_reopening_whatever_their_path_holds(tmp_path: Path, store_path: Path) -> None:
    odd = article(tmp_path, name='quote " and back\\slash é.txt')
    start, end = span(odd, "Police")
    Store.open(store_path).tag(odd, start, end, "disputed", "ana")
    Store.open(store_path).fold()
    reopened = Store.open(store_path)  # unchanged since we wrote it: read without parsing every record
    assert [r["path"] for r in reopened.at(odd, start, end)] == [str(odd.path)]
    reopened.tag(odd, start, end, "verified", "ana")
    assert [r["label"] for r in Store.open(store_path).annotations()] == ["verified"]


def test_a_store_edited_by_hand_with_nothing_pending_is_read_as_it_is(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    store.tag(flood, *span(flood, "Forty"), "disputed", "ana")
    store.fold()
    # As after a git merge: the file changed, the journal holds nothing new.
    store_path.write_bytes(store_path.read_bytes().replace(b'"note": ""', b'"note": "merged in"'))
    assert Store.open(store_path).annotations()[0]["note"] == "merged in"
    Store.open(store_path).tag(flood, *span(flood, "Police"), "verified", "ana")
    assert [r["note"] for r in Store.open(store_path).annotations()] == ["merged in", ""]


def test_a_colleagues_file_over_a_journal_with_unsaved_changes_is_refused(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    store = Store.open(store_path)
    for words in ("Forty", "Police", "The mayor"):
        store.tag(flood, *span(flood, words), "disputed", "ana")
    store.fold()
    theirs = tmp_path / "theirs" / "store.json"
    theirs.parent.mkdir()
    theirs.write_bytes(store_path.read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tui.store.store.FOLD_RATIO", 1000.0)
        store.edit(store.annotations()[0]["id"], "ana", note="only in my journal")
    other = Store.open(theirs)
    other.fold()
    other.fold()  # their file is now two generations ahead of my journal
    store_path.write_bytes(theirs.read_bytes())
    journal = journal_path(store_path).read_bytes()
    with pytest.raises(StoreDamaged, match="still holds changes"):
        Store.open(store_path)
    assert journal_path(store_path).read_bytes() == journal


@pytest.mark.parametrize(
    "line",
    [
        b'{"ops": [["annotations", "abc", {"x": 1}]]}',
        b'{"ops": [["annotations", "7", {"id": 1}]]}',
        b'{"ops": [["meta", "1", null]]}',
        b'{"ops": [["annotations", "7", 5]]}',
        b'{"ops": [["changes", "9", {"seq": 9}]]}',
    ],
)
def test_a_well_formed_journal_line_with_wrong_contents_is_damage(
    tmp_path: Path, store_path: Path, line: bytes
) -> None:
    flood = article(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tui.store.store.FOLD_RATIO", 1000.0)
        Store.open(store_path).tag(flood, *span(flood, "Forty"), "disputed", "ana")
    with journal_path(store_path).open("ab") as journal:
        journal.write(line + b"\n")
    before = store_path.read_bytes(), journal_path(store_path).read_bytes()
    with pytest.raises(StoreDamaged, match="journal line"):
        Store.open(store_path)
    assert (store_path.read_bytes(), journal_path(store_path).read_bytes()) == before


def test_a_change_log_entry_without_its_states_is_damage(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    Store.open(store_path).tag(flood, *span(flood, "Forty"), "disputed", "ana")
    Store.open(store_path).fold()
    tables = json.loads(store_path.read_bytes())
    tables["changes"] = {"1": {"seq": 1}}
    store_path.write_bytes(dump_tables(tables))
    with pytest.raises(StoreDamaged, match="change 1"):
        Store.open(store_path)


def test_writers_refuse_to_work_without_the_lock(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    Store.open(store_path).tag(flood, *span(flood, "Forty"), "disputed", "ana")
    lock = store_path.with_name("store.json.lock")
    lock.unlink()
    lock.mkdir()  # a lock file nobody can take
    assert len(Store.open(store_path).annotations()) == 1  # reading still works
    with pytest.raises(StoreError, match="cannot lock"):
        Store.open(store_path).undo()


def test_a_journal_entry_that_lost_only_its_newline_is_kept(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tui.store.store.FOLD_RATIO", 1000.0)
        store = Store.open(store_path)
        store.tag(flood, *span(flood, "Forty"), "disputed", "ana")
        store.tag(flood, *span(flood, "Police"), "verified", "ana")
        journal = journal_path(store_path)
        journal.write_bytes(journal.read_bytes()[:-1])
        assert len(Store.open(store_path).annotations()) == 2
        Store.open(store_path).tag(flood, *span(flood, "The mayor"), "verified", "ana")
    assert len(Store.open(store_path).annotations()) == 3


def test_a_symbolic_link_and_private_permissions_survive_writes(tmp_path: Path) -> None:
    flood = article(tmp_path)
    real = tmp_path / "real" / "store.json"
    Store.open(real).tag(flood, *span(flood, "Forty"), "disputed", "ana")
    real.chmod(0o600)
    link = tmp_path / "store.json"
    link.symlink_to(real)
    store = Store.open(link)
    store.tag(flood, *span(flood, "Police"), "verified", "ana")
    store.fold()
    assert link.is_symlink() and len(Store.open(real).annotations()) == 2
    assert real.stat().st_mode & 0o777 == 0o600


def test_a_store_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(fifo)


def test_a_schema_1_store_opens_as_it_was_and_is_marked_schema_2(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    Store.open(store_path).tag(flood, *span(flood, "Forty"), "disputed", "ana")
    Store.open(store_path).fold()
    tables = json.loads(store_path.read_bytes())
    tables["meta"]["1"]["schema"] = 1
    old = json.dumps(tables).encode()
    store_path.write_bytes(old)
    reopened = Store.open(store_path)
    assert [r["label"] for r in reopened.annotations()] == ["disputed"] and len(reopened.changes()) == 1
    assert json.loads(store_path.read_bytes())["meta"]["1"]["schema"] == SCHEMA == 2
    assert store_path.with_name("store.json.schema1.bak").read_bytes() == old


def test_a_record_handed_out_is_the_callers_own_copy(tmp_path: Path, store_path: Path) -> None:
    flood = article(tmp_path)
    Store.open(store_path).tag(flood, *span(flood, "Forty"), "disputed", "ana")
    store = Store.open(store_path)
    [record] = store.annotations()
    record["label"] = "verified"  # a caller's own change, not saved
    assert [r["label"] for r in store.iter_annotations()] == ["disputed"]
    assert store.get(record["id"])["label"] == "disputed"
