"""The store's journal: fsync'd lines appended beside the snapshot, one per change, read back on open.

A change is one line appended to `<store>.journal` and fsync'd (constant time, durable when
`append` returns). The first line names the snapshot the journal continues; after a crash the
journal holds whole lines plus at most one torn line that was never acknowledged, which is dropped.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.store.errors import StoreDamaged
from tui.store.snapshot import atomic_write, json_line, write_durably

JOURNAL_FORMAT = 1


def journal_path(store: Path) -> Path:
    return store.with_name(store.name + ".journal")


@dataclass(frozen=True, slots=True)
class JournalHeader:
    """The first line of a journal: which snapshot (generation and fingerprint) it continues, of which store."""

    generation: int
    snapshot: str
    store: str | None = None  # the store's identity (its meta record's `store`); None in older journals


@dataclass(slots=True)
class JournalRead:
    header: JournalHeader | None
    entries: list[list[list[Any]]]
    end: int  # offset just after the last whole line


def _header_line(header: JournalHeader) -> bytes:
    record = {"claimdesk_journal": JOURNAL_FORMAT, "generation": header.generation, "snapshot": header.snapshot}
    if header.store is not None:
        record["store"] = header.store
    return json_line(record) + b"\n"


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
            generation, snapshot, store = value.get("generation", 0), value.get("snapshot", ""), value.get("store")
            if type(generation) is not int or not 0 <= generation < 2**63 or not isinstance(snapshot, str):
                raise StoreDamaged(path, "the journal's header names no generation and snapshot claimdesk wrote")
            if store is not None and not isinstance(store, str):
                raise StoreDamaged(path, "the journal's header names its store in a way claimdesk never wrote")
            header = JournalHeader(generation, snapshot, store)
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
        line = json_line({"ops": ops}) + b"\n"
        fd = os.open(self.path, os.O_RDWR)
        try:
            if os.fstat(fd).st_size != valid_end:
                os.ftruncate(fd, valid_end)
            if valid_end and os.pread(fd, 1, valid_end - 1) != b"\n":
                line = b"\n" + line
            os.lseek(fd, valid_end, os.SEEK_SET)
            write_durably(fd, line)
        finally:
            os.close(fd)
        return valid_end + len(line)
