"""The annotation store: every change durable when the call returns, shared safely between processes.

A `Store` reads the annotations of its snapshot from the file as they are used (see
`tui.store.annotation_table`), keeps the changes since in memory, and persists each change as one journal
entry (see `tui.store.journal`). Every change runs under the store's file lock: it first reads what
other processes appended since, then decides, appends, and applies. Changes are logged with
their before and after states, which is what undo and redo replay.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, cast

from tui.annotations.anchoring import Resolution
from tui.annotations.record import (
    Annotation,
    Label,
    anchor_of,
    locate,
    new_annotation,
    now,
    placement,
    revised,
    validate,
)
from tui.store.annotation_table import Annotations, indexed_table
from tui.store.changes import Change, change_doc
from tui.store.errors import NothingToUndo
from tui.store.index_file import Described, index_path
from tui.store.journal import Journal, JournalHeader, journal_path, read_journal
from tui.store.line_index import article_file, stored_at
from tui.store.locking import StoreLock
from tui.store.opening import read_store
from tui.store.schema import ANNOTATIONS, CHANGES, META, META_ID, SCHEMA, check_ops, folded_meta
from tui.store.snapshot import Tables, Unparsed, apply_ops, atomic_write, file_signature, write_snapshot
from tui.text.article import Article

# Changes kept for undo when the journal is folded into the snapshot.
UNDO_DEPTH = 1000
# Fold the journal into the snapshot once it reaches this fraction of the snapshot's size:
# each fold costs one snapshot write, so the cost per change stays constant on average.
FOLD_RATIO = 0.25
LOCK_TIMEOUT = 10.0


class Store:
    """Annotations in one TinyDB file plus its journal; open with `Store.open(path)`."""

    def __init__(self, path: Path, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        # Files are read and replaced where a symbolic link points, so the link stays a link.
        self.file = Path(os.path.realpath(self.path))
        self._journal = Journal(journal_path(self.file))
        self._journal_header: JournalHeader | None = None
        self._lock = StoreLock(self.path, self.file, lock_timeout)
        self._tables: Tables = {}
        self._snapshot_size = 0
        self._snapshot_signature: tuple[int, int, int] | None = None
        self._journal_signature: tuple[int, int, int] | None = None
        self._journal_end = 0
        self._journal_live = False
        self._last: dict[str, int] = {ANNOTATIONS: 0, CHANGES: 0}
        self._redoable: dict[str, str] = {}  # undone change seq -> its annotator
        # Re-anchoring an annotation on a changed article is worth doing once per version of each.
        self._resolutions: dict[tuple[str, str, str], Resolution] = {}

    # ----- opening and reading -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, lock_timeout: float = LOCK_TIMEOUT) -> Store:
        """Open (without creating) a store, a missing file being an empty one; raises `StoreDamaged`,
        `StoreTooNew` or `StoreLocked`, having changed nothing on disk."""
        store = cls(path, lock_timeout)
        with store._lock.held():
            store._load()
        return store

    def annotations(self) -> list[Annotation]:
        """Every annotation, in the order they were first stored."""
        return list(self.iter_annotations())

    def iter_annotations(self) -> Iterator[Annotation]:
        """Every annotation, in the order they were first stored, read one at a time (a listing of
        100,000 never holds them all)."""
        return (_fresh(doc) for _, doc in self._annotations.records())

    def get(self, annotation_id: str) -> Annotation | None:
        doc_id = self._annotations.doc_of(annotation_id)
        return None if doc_id is None else self._record(doc_id)

    def article_file(self, record: Annotation) -> Path:
        """Where the record's article file is, from whatever folder this process runs in."""
        return article_file(self.file.parent, record)

    def changes(self) -> list[Change]:
        """The logged changes still kept for undo, oldest first."""
        table = self._tables.get(CHANGES, {})
        return [Change.from_doc(table[key]) for key in sorted(table, key=int)]

    def on_article(self, article: Article) -> list[Annotation]:
        """Annotations made on this article: on its current text, or on an earlier text at its path."""
        return [_fresh(doc) for _, doc in self._annotations.on(article.id, article.path)]

    def at(self, article: Article, start: int, end: int, annotator: str | None = None) -> list[Annotation]:
        """Annotations whose text now lies exactly at `start..end` of the article (one annotator's, or all)."""
        found = []
        for record in self.on_article(article):
            if annotator is not None and record["annotator"] != annotator:
                continue
            key = (record["id"], record["modified"], article.id)
            resolution = self._resolutions.get(key)
            if resolution is None:
                resolution = self._resolutions[key] = locate(record, article)
            if (resolution.start, resolution.end) == (start, end):
                found.append(record)
        return found

    def changed_on_disk(self) -> bool:
        """Whether another process (or another Store) wrote to the files since this one last read them."""
        now = file_signature(self.file), file_signature(self._journal.path)
        return now != (self._snapshot_signature, self._journal_signature)

    def reread(self) -> None:
        """Read what others wrote since (every change does this by itself, under the lock)."""
        with self._lock.held():
            self._refresh()

    # ----- changing ------------------------------------------------------------------------

    def tag(
        self,
        article: Article,
        start: int,
        end: int,
        label: str,
        annotator: str,
        note: str | None = None,
        sources: Iterable[str] = (),
        adjudicated: bool = False,
    ) -> Change | None:
        """Tag `start..end` with `label` (a new annotation, or this annotator's one there updated): `note`
        replaces the note when given; `sources` add to those listed; `adjudicated` is a reviewer's settling
        verdict, a record of its own. Returns the change (None if none), on disk on return."""
        if not 0 <= start < end <= len(article.text):
            raise ValueError(f"span {start}..{end} is not inside the article ({len(article.text)} characters)")
        label = Label(label).value

        def plan() -> tuple[str, Annotation | None, Annotation | None]:
            mine = self.at(article, start, end, annotator)
            existing = next((r for r in mine if r.get("adjudicated", False) == adjudicated), None)
            place = stored_at(self.file.parent, article.path)
            if existing is None:
                record = new_annotation(article, start, end, label, note or "", sources, annotator, adjudicated)
                return "tag", None, Annotation(**record, stored_at=place)
            added = [source for source in sources if source not in existing["sources"]]
            changes: dict[str, Any] = {"label": label, "sources": [*existing["sources"], *added]}
            if note is not None:
                changes["note"] = note
            if (existing["article"], anchor_of(existing).start) != (article.id, start):
                changes.update(placement(article, start, end), stored_at=place)  # anchor to the text as it is now
            record = revised(existing, **changes)
            if "stored_at" in changes:
                record.pop("unverified_path", None)  # the path is now this machine's own
            return "retag", existing, record

        return self._change(annotator, plan)

    def untag(self, annotation_id: str, annotator: str) -> Change | None:
        """Remove an annotation (it stays in the undo log)."""
        return self._change(annotator, lambda: ("untag", self._current(annotation_id), None))

    def edit(
        self, annotation_id: str, annotator: str, add_sources: Iterable[str] = (), **changes: Any
    ) -> Change | None:
        """Change an annotation's note, sources or label as it is on disk, keeping its revisions;
        `add_sources` join the sources stored at the moment of the change, whoever added those."""

        def plan() -> tuple[str, Annotation | None, Annotation | None]:
            current = self._current(annotation_id)
            added = [source for source in add_sources if source not in current["sources"]]
            if added:
                changes["sources"] = [*current["sources"], *added]
            return ("note" if set(changes) == {"note"} else "edit"), current, revised(current, **changes)

        return self._change(annotator, plan)

    def put_many(
        self,
        records: Iterable[Annotation] | Callable[[list[Annotation]], Iterable[Annotation]],
        annotator: str,
        action: str,
        combine: Callable[[Annotation, Annotation], Annotation] | None = None,
    ) -> list[Change]:
        """Store whole records (an import, a merge) under one lock and in one journal entry.

        `records` may be a function of the annotations as they are under the lock (a merge into this
        store). A record whose id is already stored replaces it, or with `combine` becomes
        `combine(stored, incoming)`. Each record that changes is logged as its own change, so undo
        takes them back one at a time. Raises `InvalidAnnotation`, writing nothing, if any record is
        not a valid annotation.
        """
        with self._lock.held(write=True, create=True):
            self._refresh()
            incoming = list(records(self.annotations()) if callable(records) else records)
            for record in incoming:
                validate(record)
            placed: dict[str, tuple[str, Annotation | None]] = {}  # id -> document id, state so far
            next_doc, seq = self._last[ANNOTATIONS], self._last[CHANGES]
            ops: list[list[Any]] = []
            changes = []
            for record in incoming:
                if record["id"] in placed:
                    doc_id, before = placed[record["id"]]
                else:
                    before = self.get(record["id"])
                    doc_id = self._annotations.doc_of(record["id"]) or str(next_doc := next_doc + 1)
                after = record if before is None or combine is None else combine(before, record)
                if after == before:
                    continue
                placed[record["id"]] = doc_id, after
                seq += 1
                change = Change(seq, action, annotator, record["id"], before, after)
                changes.append(change)
                ops.append([ANNOTATIONS, doc_id, after])
                ops.append([CHANGES, str(seq), {**change_doc(change), "at": now(), "undone": False}])
            if ops:
                ops.extend([CHANGES, key, None] for key, whose in self._redoable.items() if whose == annotator)
                self._persist(ops)
            return changes

    def undo(self, annotator: str | None = None, among: Collection[int] | None = None) -> Change:
        """Undo the latest change not yet undone (of `annotator`, or of anyone; one of `among`, if given)."""
        return self._step(annotator, among, redo=False)

    def redo(self, annotator: str | None = None, among: Collection[int] | None = None) -> Change:
        """Redo the earliest undone change (of `annotator`, or of anyone; one of `among`, if given)."""
        return self._step(annotator, among, redo=True)

    def _step(self, annotator: str | None, among: Collection[int] | None, redo: bool) -> Change:
        with self._lock.held(write=True):
            self._refresh()
            found = [c for c in self.changes() if self._is_undone(c.seq) == redo and c.matches(annotator, among)]
            if not found:
                whose = f" for {annotator}" if annotator else ""
                raise NothingToUndo(f"nothing to {'redo' if redo else 'undo'}{whose}")
            change = found[0] if redo else found[-1]
            self._restore(change, *change.states(self.get(change.annotation), undo=not redo), undone=not redo)
            return change

    def fold(self) -> None:
        """Fold the journal into the snapshot now (it happens by itself as the journal grows)."""
        with self._lock.held(write=True, create=True):
            self._refresh()
            self._fold()

    # ----- internals -----------------------------------------------------------------------

    def _load(self) -> None:
        found = read_store(self.path, self.file, self._journal.path)
        self._tables = found.tables
        self._journal_header = found.header
        self._snapshot_size = found.size
        self._snapshot_signature = found.signature
        self._journal_signature = file_signature(self._journal.path)
        self._journal_end = found.journal_end
        self._journal_live = found.header is not None
        schema, original = found.schema, found.original
        del found
        self._reindex()
        if schema < SCHEMA:
            self._upgrade(schema, original)

    def _upgrade(self, schema: int, original: bytes) -> None:
        """Write a migrated store back at once, keeping the original beside it."""
        if not os.access(self.file.parent, os.W_OK):
            return  # read-only: use the migrated copy in memory, leave the file alone
        atomic_write(self.file.with_name(f"{self.file.name}.schema{schema}.bak"), original)
        self._fold()

    @property
    def _annotations(self) -> Annotations:
        return cast(Annotations, self._tables[ANNOTATIONS])

    def _reindex(self) -> None:
        self._redoable.clear()
        meta = self._tables[META][META_ID]
        self._last[ANNOTATIONS] = max(meta.get("last_annotation", 0), self._annotations.last_document())
        self._last[CHANGES] = max([meta.get("last_change", 0), *map(int, self._tables[CHANGES])])
        for key, doc in self._tables[CHANGES].items():
            if doc.get("undone"):
                self._redoable[key] = doc["annotator"]

    def _record(self, doc_id: str) -> Annotation:
        return _fresh(self._annotations[doc_id])

    def _refresh(self) -> None:
        if (
            file_signature(self.file) != self._snapshot_signature
            or not self._journal_live
            or file_signature(self._journal.path) is None
        ):
            self._load()
            return
        journal = read_journal(self._journal.path, self._journal_end)
        for ops in journal.entries:
            check_ops(self.path, ops, 0)
            self._apply(ops)
        self._journal_end, self._journal_signature = journal.end, file_signature(self._journal.path)

    def _apply(self, ops: list[list[Any]]) -> None:
        for table, doc_id, _, new in apply_ops(self._tables, ops):
            if table in self._last:
                self._last[table] = max(self._last[table], int(doc_id))
            if table == CHANGES:
                if new is not None and new.get("undone"):
                    self._redoable[doc_id] = new["annotator"]
                else:
                    self._redoable.pop(doc_id, None)

    def _persist(self, ops: list[list[Any]]) -> None:
        if not self._journal_live:
            self._fold()
        self._journal_end = self._journal.append(ops, self._journal_end)
        self._journal_signature = file_signature(self._journal.path)
        self._apply(ops)
        if self._journal_end >= FOLD_RATIO * self._snapshot_size:
            # The change is durable in the journal: a fold that fails (a full disk) waits for the next one.
            with suppress(OSError):
                self._fold()

    def _fold(self) -> None:
        changes = self._tables[CHANGES]
        kept = sorted(changes, key=int)[-UNDO_DEPTH:]
        tables = dict(self._tables)
        tables[CHANGES] = {key: changes[key] for key in kept}
        header, end = self._journal_header, self._journal_end
        tables[META] = {
            META_ID: folded_meta(tables[META][META_ID], self._last, header.snapshot if header else None, end)
        }
        generation = tables[META][META_ID]["generation"]
        keys = self._annotations.index_keys()  # before the table is replaced by the one written
        written = write_snapshot(self.file, tables, ANNOTATIONS)
        folder = self.file.parent
        described = Described(
            written.digest, written.crc32, written.signature[1], written.signature, str(folder), written.located_range
        )
        tables[ANNOTATIONS] = indexed_table(written.fd, index_path(self.file), described, written.documents, keys)
        self._journal_header = JournalHeader(generation, written.digest, tables[META][META_ID]["store"])
        self._journal_end = self._journal.reset(self._journal_header)
        self._tables = tables
        self._redoable = {key: whose for key, whose in self._redoable.items() if key in tables[CHANGES]}
        self._snapshot_size = written.signature[1]
        self._snapshot_signature = written.signature
        self._journal_signature = file_signature(self._journal.path)
        self._journal_live = True

    def _current(self, annotation_id: str) -> Annotation:
        record = self.get(annotation_id)
        if record is None:
            raise KeyError(f"no annotation {annotation_id} in {self.path}")
        return record

    def _is_undone(self, seq: int) -> bool:
        return bool(self._tables[CHANGES][str(seq)].get("undone"))

    def _change(
        self, annotator: str, plan: Callable[[], tuple[str, Annotation | None, Annotation | None]]
    ) -> Change | None:
        with self._lock.held(write=True, create=True):
            self._refresh()
            action, before, after = plan()
            if before == after:
                return None
            seq = self._last[CHANGES] + 1
            record = after or before
            assert record is not None  # a change with neither state changes nothing
            change = Change(seq, action, annotator, record["id"], before, after)
            ops = self._annotation_op(before, after)
            ops.append([CHANGES, str(seq), {**change_doc(change), "at": now(), "undone": False}])
            # A new change ends what this annotator could still redo.
            ops.extend([CHANGES, key, None] for key, whose in self._redoable.items() if whose == annotator)
            self._persist(ops)
            return change

    def _restore(self, change: Change, expected: Annotation | None, target: Annotation | None, undone: bool) -> None:
        current = self.get(change.annotation)
        if current != expected:
            raise NothingToUndo(
                f"cannot {'undo' if undone else 'redo'} the {change.action} of annotation {change.annotation}: "
                "it was changed again since"
            )
        ops = self._annotation_op(current, target)
        doc = dict(self._tables[CHANGES][str(change.seq)])
        doc["undone"] = undone
        ops.append([CHANGES, str(change.seq), doc])
        self._persist(ops)

    def _annotation_op(self, before: Annotation | None, after: Annotation | None) -> list[list[Any]]:
        record = after or before
        assert record is not None
        doc_id = self._annotations.doc_of(record["id"]) or str(self._last[ANNOTATIONS] + 1)
        return [[ANNOTATIONS, doc_id, after]]


def _fresh(doc: Any) -> Annotation:
    # A snapshot's record is parsed afresh each time, not kept: a caller that changes a record it was
    # given cannot change the store's copy, and a listing of 100,000 holds one at a time.
    return cast(Annotation, doc.parse() if isinstance(doc, Unparsed) else doc)
