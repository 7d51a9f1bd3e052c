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
import secrets
import stat
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.store.errors import StoreDamaged

# A table is a dict, or for the annotations of a snapshot read through its index, a mapping over the file.
Tables = dict[str, MutableMapping[str, Any]]


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


def digest(data: bytes) -> str:
    """Short fingerprint of a snapshot, written into the journal that continues it."""
    return hashlib.sha256(data).hexdigest()[:16]


def json_line(value: Any) -> bytes:
    # Lone surrogates (from file names that are not UTF-8) become \\udcxx escapes, which JSON reads back.
    return json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8", "backslashreplace")


class Unparsed:
    """A document's JSON exactly as it stands on its line in a snapshot we wrote, parsed on demand:
    a record is built only when it is used, and a caller given one gets its own copy."""

    __slots__ = ("line",)

    def __init__(self, line: bytes) -> None:
        self.line = line

    def parse(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.line)
        return document


def document_bytes(doc: Any) -> bytes:
    """A document as its snapshot line holds it (after `"<id>": `)."""
    return doc.line if isinstance(doc, Unparsed) else json_line(doc)


class SnapshotWriter:
    """Writes the snapshot's bytes in the layout `dump_tables` describes, to `emit(piece, last)`, hashing them
    as they pass and noting where each document of the table `located` lies, so that no snapshot has to
    be whole in memory to be written, and its index (see `tui.store.index_file`) needs no second reading.

    A table may hand out its documents itself, in order, through a `documents()` method yielding
    (document id, document bytes): the annotations table streams the snapshot it was read from this way.
    """

    def __init__(self, emit: Callable[[bytes, bool], None], located: str = "") -> None:
        self._emit = emit
        self._located = located
        self._pending: list[bytes] = []
        self._pending_size = 0
        self.size = 0
        self.sha256 = hashlib.sha256()
        self.crc32 = 0
        self.documents: list[tuple[int, int, int]] = []  # (document id, offset, length) in `located`
        self.located_range = (0, 0)  # the bytes of its document lines

    def write_tables(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        self._put(b"{\n")
        names = sorted(tables)
        for position, name in enumerate(names):
            separator = b"," if position < len(names) - 1 else b""
            table = tables[name]
            if not table:
                self._put(b"  " + json_line(name) + b": {}" + separator + b"\n")
                continue
            self._put(b"  " + json_line(name) + b": {\n")
            first, line = self.size, b""
            for doc_id, body in _documents(table):
                if line:
                    self._put(line + b",\n")
                prefix = b"    " + json_line(doc_id) + b": "
                if name == self._located:
                    self.documents.append((int(doc_id), self.size + len(prefix), len(body)))
                line = prefix + body
            self._put(line + b"\n")
            if name == self._located:
                self.located_range = (first, self.size)
            self._put(b"  }" + separator + b"\n")
        self._put(b"}\n")
        self._flush(last=True)

    @property
    def digest(self) -> str:
        return self.sha256.hexdigest()[:16]

    def _put(self, data: bytes) -> None:
        self._pending.append(data)
        self._pending_size += len(data)
        self.size += len(data)
        if self._pending_size >= WRITE_CHUNK:
            self._flush(last=False)

    def _flush(self, last: bool) -> None:
        data = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        self.sha256.update(data)
        self.crc32 = zlib.crc32(data, self.crc32)
        self._emit(data, last)


# Pieces of about this size are hashed and written at once (fewer system calls, bounded memory).
WRITE_CHUNK = 1 << 20


def _documents(table: Mapping[str, Any]) -> Iterator[tuple[str, bytes]]:
    documents = getattr(table, "documents", None)
    if documents is not None:
        yield from documents()
        return
    for doc_id in sorted(table, key=lambda key: (len(key), key)):
        yield doc_id, document_bytes(table[doc_id])


def dump_tables(tables: Mapping[str, Mapping[str, Any]]) -> bytes:
    """The snapshot's bytes: sorted tables, documents in numeric id order, one per line."""
    pieces: list[bytes] = []
    SnapshotWriter(lambda data, _last: pieces.append(data)).write_tables(tables)
    return b"".join(pieces)


@dataclass(frozen=True, slots=True)
class OwnSnapshot:
    """A snapshot in our exact layout: its tables, the documents of one table left where they lie."""

    tables: Tables  # the located table is empty here
    documents: list[tuple[int, int, int]]  # its documents: (document id, offset, length)
    located_range: tuple[int, int]  # the bytes of their lines


def scan_own_snapshot(data: bytes, located: str, base: int = 0) -> OwnSnapshot | None:
    """The tables of a snapshot in the exact layout `SnapshotWriter` writes, the documents of table
    `located` only noted (offsets count from `base`: `data` may be the snapshot with a range left out).

    Returns None for any other layout; the caller then parses (and checks) the file in full.
    Only for a file known to be unchanged since we wrote it (its digest is in the journal).
    """
    if not (data.startswith(b"{\n") and data.endswith(b"}\n")):
        return None
    tables: Tables = {}
    documents: list[tuple[int, int, int]] = []
    table: dict[str, Any] | None = None
    name, first, last = "", 0, 0
    offset = 2
    for line in data[2:-2].split(b"\n")[:-1]:
        start, offset = offset, offset + len(line) + 1
        if line.startswith(b'    "') and table is not None:
            split = line.find(b'": ', 5)
            if split < 0:
                return None
            doc_id = line[5:split].decode()
            body_length = len(line) - split - 3 - line.endswith(b",")
            if name == located:
                if not doc_id.isdigit() or str(int(doc_id)) != doc_id:
                    return None  # a document number we never write: read the file the slow way
                if not documents:
                    first = base + start
                documents.append((int(doc_id), base + start + split + 3, body_length))
                last = base + offset
            else:
                table[doc_id] = json.loads(line[split + 3 : split + 3 + body_length])
        elif line.startswith(b'  "') and line.rstrip(b",").endswith(b": {}"):
            tables[json.loads(line.rstrip(b",")[2:-4])] = {}
        elif line.startswith(b'  "') and line.endswith(b": {"):
            name = json.loads(line[2:-3])
            table = tables[name] = {}
        elif line in (b"  }", b"  },") and table is not None:
            table = None
        else:
            return None
    return OwnSnapshot(tables, documents, (first, last) if documents else (0, 0))


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


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` (os.write may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_durably(fd: int, data: bytes) -> None:
    """Write all of `data` and fsync."""
    write_all(fd, data)
    os.fsync(fd)


@contextmanager
def replacing(path: Path) -> Iterator[int]:
    """A file descriptor to write `path`'s new contents to, the last of them with `write_durably`: on
    leaving, they replace `path` at once, so that a crash leaves either the old or the new file, whole.
    The temporary file's name is unique: two processes replacing one file cannot mix their writes."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        try:
            with suppress(FileNotFoundError):
                os.fchmod(fd, stat.S_IMODE(os.stat(path).st_mode))  # a private store stays private
            yield fd
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a half-written copy would only keep a full disk full
        raise
    fsync_folder(path.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` (see `replacing`)."""
    with replacing(path) as fd:
        write_durably(fd, data)


@dataclass(frozen=True, slots=True)
class WrittenSnapshot:
    """A snapshot just written: what its index needs to describe it, and a descriptor to read it back."""

    fd: int  # open on the new file for reading; the caller closes it
    digest: str
    crc32: int
    signature: tuple[int, int, int]
    documents: list[tuple[int, int, int]]  # the located table's: (document id, offset, length)
    located_range: tuple[int, int]


def write_snapshot(path: Path, tables: Mapping[str, Mapping[str, Any]], located: str) -> WrittenSnapshot:
    """Replace the snapshot at `path` with `tables` (atomically, see `replacing`), streamed: never whole in memory."""
    with replacing(path) as fd:
        writer = SnapshotWriter(lambda data, last: (write_durably if last else write_all)(fd, data), located)
        writer.write_tables(tables)
    # Under the store's lock nobody replaces the file between the rename and this open.
    reader = os.open(path, os.O_RDONLY)
    info = os.fstat(reader)
    return WrittenSnapshot(
        reader,
        writer.digest,
        writer.crc32,
        (info.st_ino, info.st_size, info.st_mtime_ns),
        writer.documents,
        writer.located_range,
    )


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
