"""Rebuild a damaged store from whatever can still be read, never deleting the damaged files.

The snapshot holds one document per line, so even a truncated or partly overwritten file
gives back every line that is still whole. The journal is read line by line as well.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.annotations.record import InvalidAnnotation, validate
from tui.store.journal import Journal, JournalHeader, journal_path
from tui.store.snapshot import atomic_write, digest, dump_tables

_TABLE_LINE = re.compile(r'^  "(?P<table>[^"]+)": \{\s*$')
_DOCUMENT_LINE = re.compile(r'^\s*"(?P<id>\d+)": (?P<doc>\{.*\}),?\s*$')
_STORE_NAME = re.compile(r'"store": "(?P<store>[0-9a-f]{32})"')


@dataclass
class Salvage:
    """What could be read back from a damaged store."""

    annotations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by annotation id, in order
    unreadable: int = 0  # documents or journal lines that could not be read or were not annotations
    store: str | None = None  # the store's identity, where its file still says it
    foreign_journal: bool = False  # the journal beside it belongs to another store: left out


def _keep(salvage: Salvage, record: Any) -> None:
    try:
        validate(record)
    except InvalidAnnotation:
        salvage.unreadable += 1
        return
    record.setdefault("revisions", [])
    salvage.annotations[record["id"]] = record


def _snapshot_documents(text: str) -> tuple[dict[str, Any], int]:
    """Annotation documents by document id, from a whole file or else line by line; and lines lost."""
    try:
        tables = json.loads(text)
        if isinstance(tables, dict) and isinstance(tables.get("annotations"), dict):
            return tables["annotations"], 0
    except ValueError:
        pass
    documents: dict[str, Any] = {}
    lost = 0
    table = None
    for line in text.splitlines():
        if heading := _TABLE_LINE.match(line):
            table = heading["table"]
        elif (document := _DOCUMENT_LINE.match(line)) and table == "annotations":
            try:
                documents[document["id"]] = json.loads(document["doc"])
            except ValueError:
                lost += 1
        elif table == "annotations" and line.strip() not in ("", "}", "},"):
            lost += 1
    return documents, lost


def salvage(store: Path) -> Salvage:
    """Every annotation that can still be read from the snapshot and its journal."""
    result = Salvage()
    try:
        text = store.read_bytes().decode("utf-8", "replace")
    except OSError:
        text = ""  # missing, or not a file: nothing to read back
    documents, result.unreadable = _snapshot_documents(text)
    named = _STORE_NAME.search(text)
    result.store = named["store"] if named else None
    try:
        lines = journal_path(store).read_bytes().split(b"\n")
    except OSError:
        lines = []
    journal_store = _STORE_NAME.search(lines[0].decode("utf-8", "replace")) if lines else None
    if result.store and journal_store and journal_store["store"] != result.store:
        result.foreign_journal = True
        lines = []  # another store's changes are never applied here; they stay in the moved file
    for line in lines[1:]:
        if not line.strip():
            continue
        try:
            ops = json.loads(line)["ops"]
            for table, doc_id, doc in ops:
                if table == "annotations":
                    if doc is None:
                        documents.pop(doc_id, None)
                    else:
                        documents[doc_id] = doc
        except (ValueError, KeyError, TypeError):
            result.unreadable += 1
    for doc_id in sorted(documents, key=lambda key: (len(key), key)):
        _keep(result, documents[doc_id])
    return result


def move_aside(path: Path) -> Path | None:
    """Rename a file to `<name>.damaged-<time>` beside it (never overwriting); returns the new path."""
    if not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    os.replace(path, target)
    return target


def rebuild(store: Path, recovered: Salvage, schema: int) -> list[Path]:
    """Move the damaged files aside and write a fresh store holding `recovered`; returns the moved files."""
    moved = [p for p in (move_aside(store), move_aside(journal_path(store))) if p is not None]
    tables = {
        "annotations": {str(n): record for n, record in enumerate(recovered.annotations.values(), start=1)},
        "changes": {},
        "meta": {
            "1": {
                "schema": schema,
                "generation": 1,
                "last_annotation": len(recovered.annotations),
                "store": recovered.store or uuid.uuid4().hex,
            }
        },
    }
    data = dump_tables(tables)
    atomic_write(store, data)
    Journal(journal_path(store)).reset(JournalHeader(1, digest(data), tables["meta"]["1"]["store"]))
    return moved
