"""Reading a store's snapshot and journal into tables, refusing damage before anything is used.

A file exactly as claimdesk last wrote it (its fingerprint is in the journal's header) is neither
checked again nor parsed record by record; a file edited or merged by hand is read as it is, as
long as the journal holds nothing newer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.store.errors import StoreDamaged, StoreError
from tui.store.journal import JournalHeader, read_journal
from tui.store.schema import ANNOTATIONS, META, META_ID, SCHEMA, check_ops, checked_schema, validate_tables
from tui.store.snapshot import Tables, apply_ops, digest, parse_own_snapshot, parse_snapshot

# Tables whose documents are parsed only when used: opening 100,000 annotations must stay fast.
LAZY_TABLES = frozenset({ANNOTATIONS})


@dataclass(frozen=True, slots=True)
class StoreFiles:
    """What a store's files hold: its tables (journal applied), and how the journal continues them."""

    tables: Tables
    data: bytes  # the snapshot file as read
    schema: int  # the schema it was written in (older ones are migrated in `tables`)
    header: JournalHeader | None  # the live journal's header; None when the journal does not continue this file
    journal_end: int


def read_store(path: Path, file: Path, journal: Path) -> StoreFiles:
    """Read the snapshot `file` and its `journal`; `path` is the name used in messages."""
    data = _read_snapshot(path, file)
    try:
        found = read_journal(journal)
    except OSError as exc:
        raise StoreDamaged(path, f"its journal cannot be read ({exc.strerror or exc})") from None
    header = found.header
    ours = header is not None and header.snapshot == digest(data)
    tables = parse_own_snapshot(data, LAZY_TABLES) if ours else None
    if tables is None:
        tables = parse_snapshot(path, data)
    exists = bool(data) and not data.isspace()
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
    return StoreFiles(tables, data, schema, header if live else None, found.end if live else 0)


def _read_snapshot(path: Path, file: Path) -> bytes:
    if file.exists() and not file.is_file():
        raise StoreError(f"store {path} is not a regular file")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise StoreError(f"cannot read store {path}: {exc.strerror or exc}") from None
