"""The keys the store indexes (annotation id, article id, path), read off a snapshot line without parsing it.

Opening 100,000 annotations must stay fast: the store parses a record only when it is used.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from tui.store.snapshot import Unparsed


def path_key(path: str | Path) -> str:
    # Only absolute paths are remembered: a relative one names another file once the folder changes.
    return _absolute_key(os.fspath(path)) if os.path.isabs(path) else os.path.normcase(os.path.abspath(path))


@lru_cache(maxsize=4096)
def _absolute_key(path: str) -> str:
    return os.path.normcase(os.path.normpath(path))


def _json_string(captured: bytes) -> str:
    return json.loads(b'"' + captured + b'"') if b"\\" in captured else captured.decode("utf-8")


# With keys sorted, a record's line begins with the keys the store indexes (see tui.annotations.record),
# and no string can hold an unescaped quote, so each marker's first occurrence is the key itself.
_ARTICLE, _AFTER_ARTICLE = b'"article": "', b'", "created": '


_ID, _AFTER_ID = b', "id": "', b'", "label": '


_PATH, _AFTER_PATH = b', "path": "', b'", "revisions": '


# Where the store keeps the article file, relative to its own folder: after `sources`, before `target`.
_STORED, _AFTER_STORED = b', "stored_at": "', b'", "target": '
_CONFLICTS = b'"conflicts": '


def _read_off(line: bytes) -> tuple[str, str, str, str | None] | None:
    if _CONFLICTS in line:  # nested versions hold the same markers: parse the line instead
        return None
    article = line.find(_ARTICLE)
    article_end = line.find(_AFTER_ARTICLE, article)
    identity = line.find(_ID, article_end)
    identity_end = line.find(_AFTER_ID, identity)
    path = line.find(_PATH, identity_end)
    path_end = line.find(_AFTER_PATH, path)
    if min(article, article_end, identity, identity_end, path, path_end) < 0:
        return None
    stored = line.find(_STORED, path_end)
    stored_end = line.find(_AFTER_STORED, stored) if stored >= 0 else -1
    return (
        _json_string(line[identity + 9 : identity_end]),
        _json_string(line[article + 12 : article_end]),
        _json_string(line[path + 11 : path_end]),
        _json_string(line[stored + len(_STORED) : stored_end]) if stored_end >= 0 else None,
    )


def indexed_keys(record: Mapping[str, Any] | Unparsed) -> tuple[str, str, str, str | None]:
    """Annotation id, article id, path and place in the store, read off an unparsed line where it can be."""
    if isinstance(record, Unparsed):
        keys = _read_off(record.line)
        if keys is not None:
            return keys
        record = record.parse()
    return record["id"], record["article"], record["path"], record.get("stored_at")


def file_key(folder: Path, path: str, place: str | None) -> str:
    """The key of a record's article file: its place in the store's folder, else its path as tagged."""
    return path_key(os.path.join(folder, place) if place else path)


def stored_at(folder: Path, path: str | Path) -> str:
    """An article file's path relative to the store's folder, so the store works from any folder."""
    try:
        return os.path.relpath(os.path.abspath(path), folder)
    except ValueError:  # another drive: there is no relative path
        return os.path.abspath(path)


# A store made before places were kept holds paths relative to the folder tagged in: most often the
# store's folder or one above it (`annotations/store.json` beside `seeds/`), tried in that order.
_FOLDERS_UP = 2


def article_file(folder: Path, record: Mapping[str, Any]) -> Path:
    """Where a record's article file is: its path as tagged where that still names a file from here,
    else its place in the store (the command may run in another folder than the tag was made in)."""
    tagged, place = Path(record["path"]), record.get("stored_at")
    if tagged.exists():
        return tagged
    if place:
        return Path(os.path.join(folder, place))
    if not tagged.is_absolute():
        near = (Path(os.path.abspath(folder)), *Path(os.path.abspath(folder)).parents[:_FOLDERS_UP])
        return next((base / tagged for base in near if (base / tagged).exists()), tagged)
    return tagged


class AnnotationIndex:
    """Where each annotation is (its document id), and which annotations an article or a path holds, in
    memory: for the documents changed since the snapshot (its own are in its index file)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder  # the store's: places in the store are relative to it
        self.doc_of: dict[str, str] = {}
        self._by_article: dict[str, set[str]] = defaultdict(set)
        self._by_path: dict[str, set[str]] = defaultdict(set)

    def add(self, doc_id: str, record: Mapping[str, Any] | Unparsed) -> None:
        annotation, article, path, place = indexed_keys(record)
        self.doc_of[annotation] = doc_id
        self._by_article[article].add(annotation)
        self._by_path[file_key(self.folder, path, place)].add(annotation)

    def remove(self, record: Mapping[str, Any] | Unparsed) -> None:
        annotation, article, path, place = indexed_keys(record)
        self.doc_of.pop(annotation, None)
        self._by_article[article].discard(annotation)
        self._by_path[file_key(self.folder, path, place)].discard(annotation)

    def on(self, article: str, path: str | Path) -> set[str]:
        """Annotations made on this article text, or on any text at this path."""
        return self._by_article.get(article, set()) | self._by_path.get(path_key(path), set())
