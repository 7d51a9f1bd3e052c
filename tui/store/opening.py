"""Reading a store's snapshot and journal into tables, refusing damage before anything is used.

A file exactly as claimdesk last wrote it (its fingerprint is in the journal's header) is neither
checked again nor parsed record by record; when its index file describes it too, its annotations are
not even read (see `tui.store.annotation_table`). A file edited or merged by hand is read as it is, as
long as the journal holds nothing newer.
"""

from __future__ import annotations

import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from tui.store.annotation_table import Annotations, SnapshotLines, indexed_table, keys_of_lines
from tui.store.errors import StoreDamaged, StoreError
from tui.store.index_file import Described, IndexFile, index_path
from tui.store.journal import JournalHeader, read_journal
from tui.store.schema import ANNOTATIONS, META, META_ID, SCHEMA, check_ops, checked_schema, validate_tables
from tui.store.snapshot import Tables, apply_ops, digest, parse_snapshot, scan_own_snapshot


@dataclass(frozen=True, slots=True)
class StoreFiles:
    """What a store's files hold: its tables (journal applied), and how the journal continues them."""

    tables: Tables  # the annotations table is an `Annotations`
    size: int  # of the snapshot file as read
    signature: tuple[int, int, int] | None  # of the snapshot file as read; None if there is none
    schema: int  # the schema it was written in (older ones are migrated in `tables`)
    original: bytes  # the file as read, when its schema is older (it is kept aside); else empty
    header: JournalHeader | None  # the live journal's header; None when the journal does not continue this file
    journal_end: int


@dataclass(slots=True)
class _Snapshot:
    tables: Tables
    ours: bool  # exactly as claimdesk wrote it: its digest is the one the journal's header names
    size: int
    signature: tuple[int, int, int] | None
    data: bytes  # the whole file, where it was read


def read_store(path: Path, file: Path, journal: Path) -> StoreFiles:
    """Read the snapshot `file` and its `journal`; `path` is the name used in messages."""
    try:
        found = read_journal(journal)
    except OSError as exc:
        raise StoreDamaged(path, f"its journal cannot be read ({exc.strerror or exc})") from None
    header = found.header
    snapshot = _read_snapshot(path, file, header)
    tables, ours = snapshot.tables, snapshot.ours
    exists = snapshot.size > 0 and not (snapshot.data and snapshot.data.isspace())
    schema = tables.get(META, {}).get(META_ID, {}).get("schema", 0 if exists else SCHEMA)
    tables = checked_schema(path, tables, exists)
    meta = tables[META][META_ID]
    if header is not None and header.store is not None and meta.get("store") not in (None, header.store):
        raise StoreDamaged(path, f"its journal {journal.name} belongs to another store")
    if header is not None and header.generation > meta["generation"]:
        raise StoreDamaged(path, f"its journal {journal.name} is newer than the file")
    if header is not None and header.generation < meta["generation"] and found.entries:
        # Left over from a fold interrupted before it reset the journal, or else changes the file never saw.
        folded = meta.get("folded") or {}
        if (folded.get("snapshot"), folded.get("end")) != (header.snapshot, found.end):
            raise StoreDamaged(
                path, f"the file was replaced while {journal.name} still holds changes that are not in it"
            )
    live = header is not None and header.generation == meta["generation"]
    if live and not ours:
        if found.entries:
            raise StoreDamaged(
                path, f"the file changed since claimdesk wrote it while {journal.name} still holds changes"
            )
        live = False  # edited or merged by hand, with nothing pending: read it as it is
    if live:
        for number, ops in enumerate(found.entries, start=2):
            check_ops(path, ops, number)
            list(apply_ops(tables, ops))
    if not ours:
        validate_tables(path, tables)
    if not isinstance(tables[ANNOTATIONS], Annotations):
        # Read in full: the annotations are all in memory, as changes to no snapshot.
        in_memory = Annotations(file.parent)
        in_memory.update(tables[ANNOTATIONS])
        tables[ANNOTATIONS] = in_memory
    return StoreFiles(
        tables,
        snapshot.size,
        snapshot.signature,
        schema,
        snapshot.data if schema < SCHEMA else b"",
        header if live else None,
        found.end if live else 0,
    )


def _read_snapshot(path: Path, file: Path, header: JournalHeader | None) -> _Snapshot:
    """The snapshot's tables: through its index when that describes it, else read whole."""
    try:
        # Not blocking: a pipe in the store's place is refused below, not waited on.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return _Snapshot({}, False, 0, None, b"")
    except OSError as exc:
        raise StoreError(f"cannot read store {path}: {exc.strerror or exc}") from None
    handed_over = False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"store {path} is not a regular file")
        signature = (info.st_ino, info.st_size, info.st_mtime_ns)
        tables = _through_index(fd, file, header, signature)
        if tables is not None:
            handed_over = True
            return _Snapshot(tables, True, info.st_size, signature, b"")
        data = _read_all(path, fd)
        ours = header is not None and header.snapshot == digest(data)
        own = scan_own_snapshot(data, ANNOTATIONS) if ours else None
        if own is None:
            return _Snapshot(parse_snapshot(path, data), ours, len(data), signature, data)
        # Ours, with no index describing it (an older claimdesk's, or the index was deleted): write one.
        folder = file.parent
        described = Described(digest(data), zlib.crc32(data), len(data), signature, str(folder), own.located_range)
        keys = keys_of_lines(data, own.documents, folder)
        own.tables[ANNOTATIONS] = indexed_table(fd, index_path(file), described, own.documents, keys)
        handed_over = True
        return _Snapshot(own.tables, True, len(data), signature, data)
    finally:
        if not handed_over:
            os.close(fd)


def _through_index(fd: int, file: Path, header: JournalHeader | None, signature: tuple[int, int, int]) -> Tables | None:
    """The tables of the snapshot open at `fd` with its annotations left unread, if its index file
    describes it and the journal continues it; else None."""
    if header is None:
        return None  # nothing says the file is claimdesk's own: it is read and checked in full
    index = IndexFile.read(index_path(file))
    if index is None or not index.describes(header.snapshot, signature, str(file.parent), fd):
        return None
    first, last = index.described.located_range
    rest = os.pread(fd, first, 0) + os.pread(fd, signature[1] - last, last)
    own = scan_own_snapshot(rest, ANNOTATIONS)
    if own is None or own.documents or own.tables.get(META, {}).get(META_ID, {}).get("schema") != SCHEMA:
        return None  # not as the index says, or to be migrated: read the slow way
    own.tables[ANNOTATIONS] = Annotations(file.parent, SnapshotLines(fd, index, file.parent))
    return own.tables


def _read_all(path: Path, fd: int) -> bytes:
    try:
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise StoreError(f"cannot read store {path}: {exc.strerror or exc}") from None
