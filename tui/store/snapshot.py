"""The store's files on disk: a TinyDB JSON snapshot, an fsync'd journal beside it, and a lock.

TinyDB's own JSONStorage rewrites the whole file in place on every change, which is neither
crash-safe nor fast at 100,000 records. Here a change is one line appended to
`<store>.journal` and fsync'd (constant time, durable when `append` returns); from time to
time the journal is folded into the snapshot, which is replaced atomically (write a temporary
file, fsync, rename, fsync the folder). At every instant the snapshot is a complete TinyDB
file and the journal holds whole lines plus, after a crash, at most one torn line that was
never acknowledged.

The snapshot is deterministic: tables and keys sorted, documents in id order, one document per
line, so a store kept in git diffs and merges line by line.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

JOURNAL_FORMAT = 1
Tables = dict[str, dict[str, Any]]


class StoreError(Exception):
    """A store that cannot be used; the message is one line naming the file."""


class StoreDamaged(StoreError):
    """The file is not a readable claimdesk store; it is left exactly as it was."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"store {path} is damaged: {problem}")
        self.path = path
        self.problem = problem


def journal_path(store: Path) -> Path:
    return store.with_name(store.name + ".journal")


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


def digest(data: bytes) -> str:
    """Short fingerprint of a snapshot, written into the journal that continues it."""
    return hashlib.sha256(data).hexdigest()[:16]


def _json_line(value: Any) -> bytes:
    # Lone surrogates (from file names that are not UTF-8) become \\udcxx escapes, which JSON reads back.
    return json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8", "backslashreplace")


class Unparsed:
    """A document's JSON exactly as it stands on its line in a snapshot we wrote, parsed on demand.

    Opening a large store then costs a scan of its lines instead of building every record.
    """

    __slots__ = ("line",)

    def __init__(self, line: bytes) -> None:
        self.line = line

    def parse(self) -> dict[str, Any]:
        return json.loads(self.line)


def dump_tables(tables: Mapping[str, Mapping[str, Any]]) -> bytes:
    """The snapshot's bytes: sorted tables, documents in numeric id order, one per line."""
    lines = [b"{"]
    names = sorted(tables)
    for position, name in enumerate(names):
        separator = b"," if position < len(names) - 1 else b""
        table = tables[name]
        if not table:
            lines.append(b"  " + _json_line(name) + b": {}" + separator)
            continue
        lines.append(b"  " + _json_line(name) + b": {")
        for doc_id in sorted(table, key=lambda key: (len(key), key)):
            doc = table[doc_id]
            body = doc.line if isinstance(doc, Unparsed) else _json_line(doc)
            lines.append(b"    " + _json_line(doc_id) + b": " + body + b",")
        lines[-1] = lines[-1][:-1]
        lines.append(b"  }" + separator)
    lines.append(b"}")
    return b"\n".join(lines) + b"\n"


def parse_own_snapshot(data: bytes, lazy: frozenset[str]) -> Tables | None:
    """The tables of a snapshot in the exact layout `dump_tables` writes, documents of `lazy` tables unparsed.

    Returns None for any other layout; the caller then parses (and checks) the file in full.
    Only for a file known to be unchanged since we wrote it (its digest is in the journal).
    """
    lines = data.split(b"\n")
    if len(lines) < 3 or lines[0] != b"{" or lines[-2:] != [b"}", b""]:
        return None
    tables: Tables = {}
    table: dict[str, Any] | None = None
    name = ""
    for line in lines[1:-2]:
        if line.startswith(b'    "') and table is not None:
            split = line.find(b'": ', 5)
            if split < 0:
                return None
            body = line[split + 3 :].removesuffix(b",")
            doc_id = line[5:split].decode()
            table[doc_id] = Unparsed(body) if name in lazy else json.loads(body)
        elif line.startswith(b'  "') and line.rstrip(b",").endswith(b": {}"):
            tables[json.loads(line.rstrip(b",")[2:-4])] = {}
        elif line.startswith(b'  "') and line.endswith(b": {"):
            name = json.loads(line[2:-3])
            table = tables[name] = {}
        elif line in (b"  }", b"  },") and table is not None:
            table = None
        else:
            return None
    return tables


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_durably(fd: int, data: bytes) -> None:
    """Write all of `data` (os.write may write less than asked) and fsync."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, whole."""
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with suppress(FileNotFoundError):
            os.fchmod(fd, stat.S_IMODE(os.stat(path).st_mode))  # a private store stays private
        _write_durably(fd, data)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    fsync_folder(path.parent)


class DurableJSONStorage(Storage):
    """A TinyDB storage writing the deterministic snapshot format atomically and durably.

    `TinyDB(path, storage=DurableJSONStorage)` opens a claimdesk snapshot like any TinyDB file;
    plain `TinyDB(path)` reads it too.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return json.loads(data) if data.strip() else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, dump_tables(data))


def parse_snapshot(path: Path, data: bytes) -> Tables:
    """The tables of a snapshot, or `StoreDamaged` saying what is wrong with it."""
    if not data or data.isspace():
        return {}
    try:
        tables = json.loads(data)
    except UnicodeDecodeError as exc:
        raise StoreDamaged(path, f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        ending = " (it ends early: truncated?)" if exc.pos >= len(data.rstrip()) else ""
        raise StoreDamaged(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}{ending}"
        ) from None
    if not isinstance(tables, dict):
        raise StoreDamaged(path, f"the top level is a JSON {type(tables).__name__}, not an object of tables")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise StoreDamaged(path, f"table {name!r} is a JSON {type(table).__name__}, not an object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise StoreDamaged(path, f"table {name!r} holds {doc_id!r}, which is not a numbered document")
    return tables


@dataclass(frozen=True, slots=True)
class JournalHeader:
    """The first line of a journal: which snapshot (generation and fingerprint) it continues."""

    generation: int
    snapshot: str


@dataclass(slots=True)
class JournalRead:
    header: JournalHeader | None
    entries: list[list[list[Any]]]
    end: int  # offset just after the last whole line


def _header_line(header: JournalHeader) -> bytes:
    record = {"claimdesk_journal": JOURNAL_FORMAT, "generation": header.generation, "snapshot": header.snapshot}
    return _json_line(record) + b"\n"


def _entry_ops(path: Path, number: int, value: Any) -> list[list[Any]]:
    ops = value.get("ops") if isinstance(value, dict) else None
    if not isinstance(ops, list) or not all(
        isinstance(op, list) and len(op) == 3 and isinstance(op[0], str) and isinstance(op[1], str) for op in ops
    ):
        raise StoreDamaged(path, f"journal line {number} is not a list of changes")
    return ops


def read_journal(path: Path, offset: int = 0) -> JournalRead:
    """The whole lines of a journal from `offset` on; a torn last line (a crash mid-write) is left out."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except FileNotFoundError:
        return JournalRead(None, [], 0)
    header = None
    entries: list[list[list[Any]]] = []
    end = offset
    lines = data.split(b"\n")
    # The part after the last newline was never acknowledged (empty if the journal ends cleanly).
    for number, line in enumerate(lines[:-1], start=1):
        try:
            value = json.loads(line)
        except ValueError:
            raise StoreDamaged(path, f"journal line {number} at byte {end} is not valid JSON") from None
        if offset == 0 and number == 1:
            if not (isinstance(value, dict) and value.get("claimdesk_journal") == JOURNAL_FORMAT):
                raise StoreDamaged(path, "the journal's first line is not a claimdesk journal header")
            header = JournalHeader(int(value.get("generation", 0)), str(value.get("snapshot", "")))
        else:
            entries.append(_entry_ops(path, number, value))
        end += len(line) + 1
    tail = lines[-1]
    if tail and (header is not None or offset > 0):
        # A whole entry that lost only its newline (a truncated copy, say) is still a whole change.
        try:
            entries.append(_entry_ops(path, len(lines), json.loads(tail)))
            end += len(tail)
        except (ValueError, StoreDamaged):
            pass  # torn by a crash mid-write: never acknowledged, and dropped
    return JournalRead(header, entries, end)


class Journal:
    """Appends whole, fsync'd lines to `<store>.journal`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def reset(self, header: JournalHeader) -> int:
        """Start an empty journal continuing the snapshot `header` names; returns its length."""
        data = _header_line(header)
        atomic_write(self.path, data)
        return len(data)

    def append(self, ops: list[list[Any]], valid_end: int) -> int:
        """Append one entry durably after `valid_end` (dropping a torn tail); returns the new end."""
        line = _json_line({"ops": ops}) + b"\n"
        fd = os.open(self.path, os.O_RDWR)
        try:
            if os.fstat(fd).st_size != valid_end:
                os.ftruncate(fd, valid_end)
            if valid_end and os.pread(fd, 1, valid_end - 1) != b"\n":
                line = b"\n" + line
            os.lseek(fd, valid_end, os.SEEK_SET)
            _write_durably(fd, line)
        finally:
            os.close(fd)
        return valid_end + len(line)


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Identity of a file's current version (inode, size, mtime), or None if it does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def apply_ops(tables: Tables, ops: list[list[Any]]) -> Iterator[tuple[str, str, Any, Any]]:
    """Apply journal ops (table, document id, document or null) and yield (table, id, old, new)."""
    for name, doc_id, doc in ops:
        table = tables.setdefault(name, {})
        old = table.get(doc_id)
        if doc is None:
            table.pop(doc_id, None)
        else:
            table[doc_id] = doc
        yield name, doc_id, old, doc
