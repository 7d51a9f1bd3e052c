"""The store's index file `<store>.index`: where each annotation lies in the snapshot, and which ones an
article, a file or an annotation id names, so that opening a large store reads neither its lines nor a
summary that grows with them.

It is derived data, rebuilt whenever it is missing or does not describe the snapshot beside it, and never
needed: it can be deleted, and a store kept in git need not keep it (ignore `*.index`). It names the
snapshot it describes by the digest the journal's header carries and by the file's signature (inode,
size, modification time) as it was written: a snapshot whose signature is unchanged is trusted unread,
as git trusts its index; one whose signature changed (a copy, a touch, an edit) is trusted only when its
CRC-32, computed in one pass that keeps nothing, is still the one written here.

Layout, integers in the machine's byte order (the header says which), sections 8-byte aligned:

    magic (16 bytes), header length (8), header (JSON), then each section, every one a sorted
    column of 64-bit numbers followed by the columns that go with it:
    documents  document ids, offsets of their JSON in the snapshot, lengths
    ids        hashes of annotation ids, document ids      (sorted by hash, then document)
    articles   hashes of article (text) ids, document ids
    files      hashes of file keys, document ids           (records that name their file absolutely
                                                            or relative to the store's folder)
    loose      document ids of records whose path is relative to wherever they were tagged from:
               their key depends on the folder a command runs in, so it is computed when used

Lookups are binary searches in the mapped file; a hash found is a candidate, which the caller checks
against the record's own line, so two keys with one hash cost a line read, never a wrong answer.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.store.snapshot import json_line, replacing, write_durably

INDEX_FORMAT = 1
MAGIC = b"claimdesk-index\n"
SECTIONS = {"documents": 3, "ids": 2, "articles": 2, "files": 2, "loose": 1}  # name -> columns
_WORD = 8
# The snapshot is read this much at a time when its CRC-32 is checked (memory stays flat).
_CHECK_CHUNK = 1 << 20


def index_path(store: Path) -> Path:
    return store.with_name(store.name + ".index")


def key_hash(key: str) -> int:
    """A 64-bit hash of a key, the same in every process (Python's own `hash` is salted per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class Described:
    """What an index file says of the snapshot it was built from."""

    snapshot: str  # its digest, as the journal's header names it
    crc32: int
    size: int
    signature: tuple[int, int, int]  # inode, size, mtime in nanoseconds, as written
    folder: str  # the store's folder, which file keys of records placed relative to it depend on
    located_range: tuple[int, int]  # the bytes of the annotations' lines in the snapshot


@dataclass(slots=True)
class IndexKeys:
    """The hashed keys of every annotation, section by section: (hash, document id) pairs, and loose ids."""

    ids: list[tuple[int, int]]
    articles: list[tuple[int, int]]
    files: list[tuple[int, int]]
    loose: list[int]


def build_index(described: Described, documents: Sequence[tuple[int, int, int]], keys: IndexKeys) -> bytes:
    """The index file's bytes: `documents` are (document id, offset, length) in document order."""
    columns: dict[str, list[array[int]]] = {
        "documents": [array("Q", (d[i] for d in documents)) for i in range(3)],
        "loose": [array("Q", sorted(keys.loose))],
    }
    for name, pairs in (("ids", keys.ids), ("articles", keys.articles), ("files", keys.files)):
        ordered = sorted(pairs)
        columns[name] = [array("Q", (pair[0] for pair in ordered)), array("Q", (pair[1] for pair in ordered))]
    header: dict[str, Any] = {
        "format": INDEX_FORMAT,
        "byteorder": sys.byteorder,
        "snapshot": described.snapshot,
        "crc32": described.crc32,
        "size": described.size,
        "signature": list(described.signature),
        "folder": described.folder,
        "range": list(described.located_range),
        "counts": {name: len(columns[name][0]) for name in SECTIONS},
    }
    text = json_line(header)
    text += b" " * (-(len(MAGIC) + _WORD + len(text)) % _WORD)  # the columns start 8-byte aligned
    parts = [MAGIC, len(text).to_bytes(_WORD, sys.byteorder), text]
    parts += [column.tobytes() for name in SECTIONS for column in columns[name]]
    return b"".join(parts)


def write_index(path: Path, data: bytes) -> None:
    """Write the index file, or leave it unwritten where that fails (a read-only folder, a full disk):
    it only saves time, and the next open that can write it will."""
    with suppress(OSError), replacing(path) as fd:
        write_durably(fd, data)


class IndexFile:
    """An index file, mapped (or in memory), with the lookups the store makes."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        """Raises ValueError if `data` is not an index file this claimdesk writes."""
        self._data = data
        if data[: len(MAGIC)] != MAGIC:
            raise ValueError("not a claimdesk index file")
        length = int.from_bytes(data[len(MAGIC) : len(MAGIC) + _WORD], sys.byteorder)
        start = len(MAGIC) + _WORD
        header = json.loads(data[start : start + length])
        if header.get("format") != INDEX_FORMAT or header.get("byteorder") != sys.byteorder:
            raise ValueError("an index file of another format or machine")
        self.described = Described(
            header["snapshot"],
            header["crc32"],
            header["size"],
            tuple(header["signature"]),
            header["folder"],
            tuple(header["range"]),
        )
        words = memoryview(data)[start + length :].cast("Q")
        self._columns: dict[str, list[memoryview]] = {}
        at = 0
        for name, count in SECTIONS.items():
            rows = header["counts"][name]
            self._columns[name] = [words[at + i * rows : at + (i + 1) * rows] for i in range(count)]
            at += count * rows
        if at != len(words):
            raise ValueError("an index file cut short or overlong")

    @classmethod
    def read(cls, path: Path) -> IndexFile | None:
        """The index file at `path`, or None if there is none this claimdesk can use."""
        try:
            with path.open("rb") as handle:
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # missing, unreadable or empty
            return None
        try:
            return cls(data)
        except (ValueError, KeyError, TypeError):
            return None

    def describes(self, snapshot: str, signature: tuple[int, int, int], folder: str, fd: int) -> bool:
        """Whether this index describes the snapshot open at `fd` (whose signature is given), which the
        journal names by the digest `snapshot`, in this folder."""
        described = self.described
        if (described.snapshot, described.size, described.folder) != (snapshot, signature[1], folder):
            return False
        return described.signature == signature or crc32_of(fd) == described.crc32

    @property
    def count(self) -> int:
        return len(self._columns["documents"][0])

    @property
    def last_document(self) -> int:
        ids = self._columns["documents"][0]
        return ids[-1] if ids else 0

    def documents(self) -> Iterator[tuple[int, int, int]]:
        """(document id, offset, length) of each document, in order."""
        return zip(*self._columns["documents"], strict=True)

    def place(self, doc_id: int) -> tuple[int, int] | None:
        """Offset and length of a document's JSON in the snapshot, if it holds that document."""
        ids, offsets, lengths = self._columns["documents"]
        at = bisect_left(ids, doc_id)
        return (offsets[at], lengths[at]) if at < len(ids) and ids[at] == doc_id else None

    def candidates(self, section: str, key: str) -> list[int]:
        """The documents whose key in `section` (ids, articles, files) hashes as `key` does."""
        hashes, docs = self._columns[section]
        wanted = key_hash(key)
        at = bisect_left(hashes, wanted)
        found = []
        while at < len(hashes) and hashes[at] == wanted:
            found.append(docs[at])
            at += 1
        return found

    def loose(self) -> Sequence[int]:
        return self._columns["loose"][0]

    def pairs(self, section: str) -> Iterable[tuple[int, int]]:
        """The (hash, document id) pairs of a section, for the next index to keep those still valid."""
        return zip(*self._columns[section], strict=True)


def crc32_of(fd: int) -> int:
    """The CRC-32 of a whole file, read a piece at a time."""
    crc, offset = 0, 0
    buffer = bytearray(_CHECK_CHUNK)
    view = memoryview(buffer)
    while read := os.preadv(fd, [buffer], offset):
        crc = zlib.crc32(view[:read], crc)
        offset += read
    return crc
