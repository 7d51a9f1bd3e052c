"""The annotations table: the snapshot's documents, read from the file when used, under the changes made since.

A store of 100,000 annotations is opened without reading them: the snapshot stays open (so another
process replacing it cannot change what this one reads), the index file (see `tui.store.index_file`)
says where each document lies and which ones an article, a file or an id names, and the changes the
journal holds since the snapshot are kept in memory, where they mask the documents they replace or
remove. A store read the slow way (a file edited by hand, a new store) is all changes and no snapshot.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from tui.store.errors import StoreError
from tui.store.index_file import Described, IndexFile, IndexKeys, build_index, key_hash, write_index
from tui.store.line_index import AnnotationIndex, file_key, indexed_keys, path_key
from tui.store.snapshot import Unparsed, document_bytes

# Documents are streamed from the snapshot this much at a time: a listing's memory stays flat.
READ_CHUNK = 1 << 20


class SnapshotLines:
    """The documents of the snapshot open at `fd` (which this object closes when dropped), as `index` places them."""

    def __init__(self, fd: int, index: IndexFile, folder: Path) -> None:
        self.fd = fd
        self.index = index
        self.folder = folder  # the store's: places in the store are relative to it
        self._loose: dict[str, list[int]] | None = None  # file key -> documents, for loose records
        weakref.finalize(self, os.close, fd)

    def body(self, doc_id: int) -> bytes | None:
        place = self.index.place(doc_id)
        return None if place is None else self._read(*place)

    def _read(self, offset: int, length: int) -> bytes:
        data = os.pread(self.fd, length, offset)
        if len(data) != length:
            raise StoreError("the store's file was cut short while open; open it again")
        return data

    def bodies(self) -> Iterator[tuple[int, bytes]]:
        """Each document id and its JSON, in order, read from the file a piece at a time."""
        buffer, start = b"", 0
        for doc_id, offset, length in self.index.documents():
            if offset + length > start + len(buffer):
                start = offset
                buffer = self._read(offset, min(max(READ_CHUNK, length), self._range_end - offset))
            yield doc_id, buffer[offset - start : offset - start + length]

    @property
    def _range_end(self) -> int:
        return self.index.described.located_range[1]

    def find(self, annotation_id: str) -> list[int]:
        """The documents holding this annotation (one, unless the file says otherwise)."""
        return [d for d in self.index.candidates("ids", annotation_id) if self._keys(d)[0] == annotation_id]

    def candidates_on(self, article: str, wanted: str) -> set[int]:
        """The documents that may be on this article text or on the file whose key is `wanted` (their
        keys hash alike): the caller checks each against its record."""
        found = {*self.index.candidates("articles", article), *self.index.candidates("files", wanted)}
        return found.union(self._loose_keys().get(wanted, ()))

    def record(self, doc_id: int) -> dict[str, Any]:
        return Unparsed(self._named(doc_id)).parse()

    def _keys(self, doc_id: int) -> tuple[str, str, str, str | None]:
        return indexed_keys(Unparsed(self._named(doc_id)))

    def _named(self, doc_id: int) -> bytes:
        body = self.body(doc_id)
        assert body is not None  # the index names only documents the snapshot holds
        return body

    def _loose_keys(self) -> dict[str, list[int]]:
        # Computed once, when first asked: a loose record's key depends on the folder the command runs in.
        if self._loose is None:
            self._loose = {}
            for doc_id in self.index.loose():
                _, _, tagged, place = self._keys(doc_id)
                self._loose.setdefault(file_key(self.folder, tagged, place), []).append(doc_id)
        return self._loose


class Annotations(MutableMapping[str, Any]):
    """The annotations table by document id: `base`'s documents (if any) under those set or removed since."""

    def __init__(self, folder: Path, base: SnapshotLines | None = None) -> None:
        self.base = base
        self._changed: dict[str, Any] = {}  # document id -> document, or None where a base document was removed
        self._index = AnnotationIndex(folder)  # the changed documents' keys

    def __getitem__(self, doc_id: str) -> Any:
        if doc_id in self._changed:
            doc = self._changed[doc_id]
        else:
            body = self.base.body(int(doc_id)) if self.base is not None and doc_id.isdigit() else None
            doc = None if body is None else Unparsed(body)
        if doc is None:
            raise KeyError(doc_id)
        return doc

    def __setitem__(self, doc_id: str, doc: Any) -> None:
        self._unindex(doc_id)
        self._changed[doc_id] = doc
        self._index.add(doc_id, doc)

    def __delitem__(self, doc_id: str) -> None:
        if doc_id not in self:
            raise KeyError(doc_id)
        self._unindex(doc_id)
        if self._in_base(doc_id):
            self._changed[doc_id] = None
        else:
            del self._changed[doc_id]

    def __contains__(self, doc_id: object) -> bool:
        if doc_id in self._changed:
            return self._changed[doc_id] is not None
        return isinstance(doc_id, str) and self._in_base(doc_id)

    def __iter__(self) -> Iterator[str]:
        return (doc_id for doc_id, _ in self.documents())

    def __len__(self) -> int:
        count = self.base.index.count if self.base is not None else 0
        for doc_id, doc in self._changed.items():
            count += (doc is not None) - self._in_base(doc_id)
        return count

    def documents(self) -> Iterator[tuple[str, bytes]]:
        """Each document id and its JSON, in numeric order, streamed from the snapshot where unchanged."""
        for doc_id, doc in self._in_order():
            yield doc_id, doc.line if isinstance(doc, Unparsed) else document_bytes(doc)

    def records(self) -> Iterator[tuple[str, Any]]:
        """Each document id and its document (unparsed where it is the snapshot's), in numeric order."""
        return self._in_order()

    def _in_order(self) -> Iterator[tuple[str, Any]]:
        # The changed documents merge into the snapshot's by number; the ones known now are the ones listed.
        changed = sorted(((int(k), k) for k in self._changed), reverse=True)
        for number, body in self.base.bodies() if self.base is not None else ():
            while changed and changed[-1][0] < number:
                yield from self._changed_one(changed.pop()[1])
            if changed and changed[-1][0] == number:
                yield from self._changed_one(changed.pop()[1])
            else:
                yield str(number), Unparsed(body)
        while changed:
            yield from self._changed_one(changed.pop()[1])

    def _changed_one(self, doc_id: str) -> Iterator[tuple[str, Any]]:
        doc = self._changed.get(doc_id)
        if doc is not None:
            yield doc_id, doc

    def doc_of(self, annotation_id: str) -> str | None:
        """The document holding this annotation, if any."""
        doc_id = self._index.doc_of.get(annotation_id)
        if doc_id is None and self.base is not None:
            doc_id = next((str(d) for d in self.base.find(annotation_id) if str(d) not in self._changed), None)
        return doc_id

    def on(self, article: str, path: str | Path) -> list[tuple[str, Any]]:
        """The documents (id, document) made on this article text, or on any text at this path, in
        numeric order; the snapshot's are parsed, each read once."""
        found: dict[str, Any] = {}
        for annotation in self._index.on(article, path):
            doc_id = self._index.doc_of[annotation]
            found[doc_id] = self._changed[doc_id]
        if self.base is not None:
            wanted = path_key(path)
            for number in self.base.candidates_on(article, wanted):
                doc_id = str(number)
                if doc_id in self._changed:
                    continue  # replaced or removed since the snapshot
                record = self.base.record(number)
                if (
                    record["article"] == article
                    or file_key(self.base.folder, record["path"], record.get("stored_at")) == wanted
                ):
                    found[doc_id] = record
        return sorted(found.items(), key=lambda item: int(item[0]))

    def last_document(self) -> int:
        """The highest document number the table has held (removed ones too: numbers are not reused)."""
        known = self.base.index.last_document if self.base is not None else 0
        return max([known, *map(int, self._changed)])

    def index_keys(self) -> IndexKeys:
        """Every document's hashed keys, for the index of a snapshot written from this table: the base
        index's own, where the document is unchanged, and the changed documents' read off them."""
        keys = IndexKeys([], [], [], [])
        changed = {int(doc_id) for doc_id in self._changed}
        if self.base is not None:
            index = self.base.index
            for name, pairs in (("ids", keys.ids), ("articles", keys.articles), ("files", keys.files)):
                pairs.extend(pair for pair in index.pairs(name) if pair[1] not in changed)
            keys.loose.extend(doc_id for doc_id in index.loose() if doc_id not in changed)
        for doc_id, doc in self._changed.items():
            if doc is not None:
                add_keys(keys, self._index.folder, int(doc_id), doc)
        return keys

    def _in_base(self, doc_id: str) -> bool:
        return self.base is not None and doc_id.isdigit() and self.base.index.place(int(doc_id)) is not None

    def _unindex(self, doc_id: str) -> None:
        old = self._changed.get(doc_id)
        if old is not None:
            self._index.remove(old)


def add_keys(keys: IndexKeys, folder: Path, doc_id: int, doc: Any) -> None:
    """Add one document's hashed keys to `keys` (see `tui.store.index_file` for what each section holds)."""
    annotation, article, tagged, place = indexed_keys(doc)
    keys.ids.append((key_hash(annotation), doc_id))
    keys.articles.append((key_hash(article), doc_id))
    if place or os.path.isabs(tagged):
        keys.files.append((key_hash(file_key(folder, tagged, place)), doc_id))
    else:
        keys.loose.append(doc_id)


def indexed_table(
    fd: int, index: Path, described: Described, documents: list[tuple[int, int, int]], keys: IndexKeys
) -> Annotations:
    """The table of the snapshot open at `fd` (handed over), just read or written, whose index is built
    here and written to `index` where it can be (the table works from the copy in memory either way)."""
    data = build_index(described, documents, keys)
    write_index(index, data)
    folder = Path(described.folder)
    return Annotations(folder, SnapshotLines(fd, IndexFile(data), folder))


def keys_of_lines(data: bytes, documents: list[tuple[int, int, int]], folder: Path) -> IndexKeys:
    """The hashed keys of the documents lying in `data` where `documents` say."""
    keys = IndexKeys([], [], [], [])
    for doc_id, offset, length in documents:
        add_keys(keys, folder, doc_id, Unparsed(data[offset : offset + length]))
    return keys
