"""The store's snapshot file: a TinyDB JSON file, written deterministically and replaced atomically.

TinyDB's own JSONStorage rewrites the whole file in place on every change, which is neither
crash-safe nor fast at 100,000 records. Here a change is one line appended to
`<store>.journal` and fsync'd (constant time, durable when `append` returns; see `tui.store.journal`); from time to
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
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.store.errors import StoreDamaged

Tables = dict[str, dict[str, Any]]


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


def digest(data: bytes) -> str:
    """Short fingerprint of a snapshot, written into the journal that continues it."""
    return hashlib.sha256(data).hexdigest()[:16]


def json_line(value: Any) -> bytes:
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
        document: dict[str, Any] = json.loads(self.line)
        return document


def dump_tables(tables: Mapping[str, Mapping[str, Any]]) -> bytes:
    """The snapshot's bytes: sorted tables, documents in numeric id order, one per line."""
    lines = [b"{"]
    names = sorted(tables)
    for position, name in enumerate(names):
        separator = b"," if position < len(names) - 1 else b""
        table = tables[name]
        if not table:
            lines.append(b"  " + json_line(name) + b": {}" + separator)
            continue
        lines.append(b"  " + json_line(name) + b": {")
        for doc_id in sorted(table, key=lambda key: (len(key), key)):
            doc = table[doc_id]
            body = doc.line if isinstance(doc, Unparsed) else json_line(doc)
            lines.append(b"    " + json_line(doc_id) + b": " + body + b",")
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


def write_durably(fd: int, data: bytes) -> None:
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
        try:
            with suppress(FileNotFoundError):
                os.fchmod(fd, stat.S_IMODE(os.stat(path).st_mode))  # a private store stays private
            write_durably(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a half-written copy would only keep a full disk full
        raise
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


# Document numbers count records; a longer one is not a number claimdesk wrote.
MAX_DOCUMENT_ID_DIGITS = 18


class _DuplicateKey(ValueError):
    """A JSON object naming one key twice (json.loads would silently keep the last)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def parse_snapshot(path: Path, data: bytes) -> Tables:
    """The tables of a snapshot, or `StoreDamaged` saying what is wrong with it."""
    if not data or data.isspace():
        return {}
    try:
        tables = json.loads(data, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise StoreDamaged(path, f"it lists {str(exc)!r} twice in one object; one of them would be lost") from None
    except RecursionError:
        raise StoreDamaged(path, "its JSON is nested too deeply to be a claimdesk store") from None
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
            if not (doc_id.isdigit() and len(doc_id) <= MAX_DOCUMENT_ID_DIGITS) or not isinstance(doc, dict):
                shown = doc_id if len(doc_id) <= 40 else f"{doc_id[:20]}…({len(doc_id)} characters)"
                raise StoreDamaged(path, f"table {name!r} holds {shown!r}, which is not a numbered document")
    return tables


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
