"""The store's index file: a store it describes opens without reading its annotations, one it does not
describe is read as before (and the index rebuilt), and every lookup answers as reading it all would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, cast

import pytest

from tests.conftest import ROOT
from tui.annotations.record import Annotation
from tui.store.annotation_table import Annotations
from tui.store.errors import StoreDamaged
from tui.store.index_file import IndexFile, index_path
from tui.store.journal import journal_path, read_journal
from tui.store.line_index import file_key, path_key
from tui.store.schema import ANNOTATIONS
from tui.store.store import Store
from tui.text.article import Article
from tui.text.article_files import build_article


def numbered(folder: Path, name: str, count: int = 12, edition: str = "") -> Article:
    """An article of `count` sentences, each its own line, written to `folder/name`."""
    text = f"Report {name}{edition}\n\n" + "".join(
        f"Sentence {n} says that {n * 7} homes were flooded{edition}.\n" for n in range(count)
    )
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return build_article(path, text, "utf-8")


def sentence(article: Article, n: int) -> tuple[int, int]:
    start = article.text.index(f"Sentence {n} ")
    return start, article.text.index("\n", start)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations" / "store.json"


def folded_store(tmp_path: Path, store_path: Path) -> tuple[Article, Article]:
    """A store of 20 annotations on two articles, folded into its snapshot (so its index describes it)."""
    first, second = numbered(tmp_path, "first.txt"), numbered(tmp_path, "second.txt")
    store = Store.open(store_path)
    for article in (first, second):
        for n in range(10):
            store.tag(article, *sentence(article, n), "disputed", "ana", note=f"{article.path.stem} {n}")
    store.fold()
    return first, second


def on_disk(store_path: Path) -> dict[str, Any]:
    """The annotations as the files say, read with nothing but json: the snapshot, then the journal."""
    documents = json.loads(store_path.read_bytes())[ANNOTATIONS]
    for ops in read_journal(journal_path(store_path)).entries:
        for table, doc_id, doc in ops:
            if table == ANNOTATIONS and doc is None:
                documents.pop(doc_id, None)
            elif table == ANNOTATIONS:
                documents[doc_id] = doc
    return documents


def read_in_full(store_path: Path) -> Annotations:
    """The table as a store read in full (a file edited by hand) holds it: every record indexed in memory."""
    table = Annotations(Path(os.path.realpath(store_path)).parent)
    table.update(on_disk(store_path))
    return table


def described(store_path: Path) -> str | None:
    index = IndexFile.read(index_path(store_path))
    return None if index is None else index.described.snapshot


def journal_snapshot(store_path: Path) -> str:
    header = read_journal(journal_path(store_path)).header
    assert header is not None
    return header.snapshot


def overwrite_keeping_signature(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes in place, then put the modification time back: the file's signature is as it was."""
    info = path.stat()
    data = path.read_bytes()
    assert len(old) == len(new) and data.index(old) < data.index(b'"changes"')  # in an annotation's line
    with path.open("r+b") as handle:
        handle.seek(data.index(old))
        handle.write(new)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size, path.stat().st_mtime_ns) == (
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
    )


# ----- the index is used, and trusted only when it describes the file ---------------------------------


def test_a_store_its_index_describes_opens_and_tags_without_reading_the_annotations(
    tmp_path: Path, store_path: Path
) -> None:
    first, _ = folded_store(tmp_path, store_path)
    assert described(store_path) == journal_snapshot(store_path)
    # Spoil a record of the other article: only a store that reads every line would notice.
    overwrite_keeping_signature(store_path, b'"note": "second 7"', b'"note": "second 7\\')
    store = Store.open(store_path)
    store.tag(first, *sentence(first, 11), "verified", "ben")
    assert [r["annotator"] for r in Store.open(store_path).on_article(first)] == ["ana"] * 10 + ["ben"]
    # The same bytes, no longer under the signature the index names: the file is read, and refused.
    os.utime(store_path)
    with pytest.raises(StoreDamaged, match="not valid JSON"):
        Store.open(store_path)


def test_a_copy_of_the_same_bytes_is_trusted_after_its_checksum_is_checked(tmp_path: Path, store_path: Path) -> None:
    first, _ = folded_store(tmp_path, store_path)
    saved = store_path.with_name("saved.json")
    shutil.copy(store_path, saved)
    index_before = index_path(store_path).stat()
    shutil.copy(saved, store_path)  # same bytes, a new modification time
    store = Store.open(store_path)
    assert len(store.on_article(first)) == 10 and len(store.annotations()) == 20
    assert index_path(store_path).stat().st_mtime_ns == index_before.st_mtime_ns  # trusted, not rebuilt


def test_a_snapshot_edited_by_hand_is_read_as_it_is_and_the_index_follows_the_next_write(
    tmp_path: Path, store_path: Path
) -> None:
    first, second = folded_store(tmp_path, store_path)
    # The same length, so only the modification time and the bytes say that it changed.
    data = store_path.read_bytes()
    store_path.write_bytes(data.replace(b'"note": "second 3"', b'"note": "SECOND 3"'))
    store = Store.open(store_path)
    assert [r["note"] for r in store.on_article(second)][3] == "SECOND 3"
    store.tag(second, *sentence(second, 11), "verified", "ben")  # the first write folds the edit in
    assert described(store_path) == journal_snapshot(store_path)
    reopened = Store.open(store_path)
    assert reopened._annotations.base is not None
    assert [r["note"] for r in reopened.on_article(second)][3] == "SECOND 3"
    assert len(reopened.on_article(first)) == 10 and len(reopened.on_article(second)) == 11


def test_an_older_snapshot_put_back_with_its_journal_is_read_and_indexed_again(
    tmp_path: Path, store_path: Path
) -> None:
    first, _ = folded_store(tmp_path, store_path)
    backup = tmp_path / "backup"
    backup.mkdir()
    for path in (store_path, journal_path(store_path)):
        shutil.copy(path, backup / path.name)
    store = Store.open(store_path)
    for record in store.on_article(first):
        store.untag(record["id"], "ana")
    store.fold()
    assert Store.open(store_path).on_article(first) == []
    for path in (store_path, journal_path(store_path)):
        shutil.copy(backup / path.name, path)
    restored = Store.open(store_path)
    assert len(restored.on_article(first)) == 10
    assert described(store_path) == journal_snapshot(store_path)  # rebuilt for the file put back


def test_a_missing_index_is_rebuilt_the_same_and_a_folder_it_cannot_be_written_in_is_no_failure(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = folded_store(tmp_path, store_path)
    built = index_path(store_path).read_bytes()
    index_path(store_path).unlink()
    assert len(Store.open(store_path).on_article(first)) == 10
    assert index_path(store_path).read_bytes() == built  # derived from the snapshot alone
    index_path(store_path).unlink()

    def no_room(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    import tui.store.index_file as index_file

    monkeypatch.setattr(index_file, "write_durably", no_room)
    store = Store.open(store_path)
    assert len(store.on_article(first)) == 10 and not index_path(store_path).exists()
    assert not [p for p in store_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_index_of_another_folder_is_not_trusted(tmp_path: Path, store_path: Path) -> None:
    first, _ = folded_store(tmp_path, store_path)
    moved = tmp_path / "moved"
    shutil.copytree(store_path.parent, moved)  # the index names the old folder; places are relative to it
    store = Store.open(moved / "store.json")
    assert len(store.on_article(first)) == 10
    index = IndexFile.read(index_path(moved / "store.json"))
    assert index is not None and index.described.folder == str(moved)


# ----- another process ----------------------------------------------------------------------------------

FOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.store.store import Store
    from tui.text.article_files import read_article

    store = Store.open(Path(sys.argv[1]))
    article = read_article(Path(sys.argv[2]))[0]
    start = article.text.index("Sentence 11 ")
    store.tag(article, start, article.text.index("\\n", start), "unsupported", "ben")
    store.untag(store.on_article(article)[0]["id"], "ben")
    store.fold()
    """
)


def test_a_fold_by_another_process_while_a_store_is_open_is_seen_on_rereading(tmp_path: Path, store_path: Path) -> None:
    first, _ = folded_store(tmp_path, store_path)
    mine = Store.open(store_path)
    before = mine.annotations()
    subprocess.run([sys.executable, "-c", FOLDER, str(store_path), str(first.path)], cwd=ROOT, check=True)
    # Until it rereads, the open store reads the file it opened, whole, though that was replaced.
    assert mine.changed_on_disk() and mine.annotations() == before
    mine.reread()
    notes = [r["note"] for r in mine.on_article(first)]
    assert len(notes) == 10 and notes[0] == "first 1" and mine.on_article(first)[-1]["label"] == "unsupported"
    mine.tag(first, *sentence(first, 10), "verified", "ana")  # a new document number, after the other's
    assert [r["id"] for r in Store.open(store_path).annotations()] == [r["id"] for r in mine.annotations()]
    assert len(on_disk(store_path)) == 21


# ----- every answer is the one reading everything gives ------------------------------------------------


def changed_since_the_fold(tmp_path: Path, store_path: Path) -> tuple[Store, list[Article]]:
    """A folded store, then a journal of every kind of change: tags, a retag, untags, an undo, a redo, and
    a tag that follows its article's text to a new version of the file."""
    first, second = folded_store(tmp_path, store_path)
    store = Store.open(store_path)
    store.tag(first, *sentence(first, 11), "verified", "ben")
    store.tag(first, *sentence(first, 2), "verified", "ana", note="changed")
    store.untag(store.on_article(first)[5]["id"], "ana")
    store.untag(store.on_article(second)[0]["id"], "ana")
    store.undo("ana")
    store.untag(store.on_article(second)[1]["id"], "ana")
    store.undo("ana")
    store.redo("ana")
    corrected = numbered(tmp_path, "second.txt", edition=" (corrected)")
    store.tag(corrected, *sentence(corrected, 4), "unsupported", "ana")
    assert read_journal(journal_path(store_path)).entries  # not folded: the changes are the journal's
    return Store.open(store_path), [first, second, corrected]


def test_a_listing_streams_what_the_files_hold_in_document_order(tmp_path: Path, store_path: Path) -> None:
    store, _ = changed_since_the_fold(tmp_path, store_path)
    documents = on_disk(store_path)
    assert list(store.iter_annotations()) == [documents[key] for key in sorted(documents, key=int)]


def test_lookups_by_article_path_and_id_agree_with_an_index_built_in_memory(tmp_path: Path, store_path: Path) -> None:
    store, articles = changed_since_the_fold(tmp_path, store_path)
    documents = on_disk(store_path)
    in_memory = read_in_full(store_path)
    table = store._annotations
    assert table.base is not None  # the store read its snapshot through the index
    for article in articles:
        expected = [doc_id for doc_id, _ in in_memory.on(article.id, article.path)]
        assert [doc_id for doc_id, _ in table.on(article.id, article.path)] == expected
        assert store.on_article(article) == [documents[doc_id] for doc_id in expected]
    for doc_id, record in documents.items():
        assert table.doc_of(record["id"]) == doc_id and store.get(record["id"]) == record
    assert table.doc_of("no such annotation") is None and len(table) == len(documents)
    # And what reading the records one by one says.
    for article in articles:
        wanted = path_key(article.path)
        brute = [
            r["id"]
            for _, r in sorted(documents.items(), key=lambda item: int(item[0]))
            if r["article"] == article.id or file_key(store_path.parent, r["path"], r.get("stored_at")) == wanted
        ]
        assert [r["id"] for r in store.on_article(article)] == brute


def test_records_that_name_their_file_relative_to_where_they_were_tagged_are_found_from_there(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = folded_store(tmp_path, store_path)
    store = Store.open(store_path)
    # As an older claimdesk or an import left them: no place in the store, a path relative to the tagger.
    loose = [
        cast(Annotation, {**{k: v for k, v in r.items() if k != "stored_at"}, "path": "first.txt"})
        for r in store.on_article(first)
    ]
    store.put_many(loose, "ana", "import")
    store.fold()
    rewritten = build_article(first.path, "Another text altogether.\n", "utf-8")  # found by its path alone
    monkeypatch.chdir(tmp_path)
    here = Store.open(store_path)
    assert here._annotations.base is not None and len(here.on_article(rewritten)) == 10
    assert [d for d, _ in here._annotations.on(rewritten.id, rewritten.path)] == [
        d for d, _ in read_in_full(store_path).on(rewritten.id, rewritten.path)
    ]
    monkeypatch.chdir(store_path.parent)  # from here, "first.txt" names another file
    assert Store.open(store_path).on_article(rewritten) == []
