"""The store's tables and schema versions, the migrations from older versions, and the checks every document passes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.annotations.record import InvalidAnnotation, validate
from tui.store.changes import validate_change
from tui.store.errors import StoreDamaged, StoreTooNew
from tui.store.snapshot import Tables

SCHEMA = 2
ANNOTATIONS, CHANGES, META = "annotations", "changes", "meta"
META_ID = "1"


def migrate_from_0(tables: Tables) -> Tables:
    """Schema 0 (a TinyDB file with annotations but no meta table) to schema 1."""
    for doc in tables.setdefault(ANNOTATIONS, {}).values():
        doc.setdefault("revisions", [])
    tables.setdefault(CHANGES, {})
    tables[META] = {META_ID: {"schema": 1, "generation": 0}}
    return tables


def migrate_from_1(tables: Tables) -> Tables:
    """Schema 1 to 2. Schema 2 adds what an older claimdesk would misread, so it must refuse such a store:
    a logged change may hold only the revisions it added (`revisions: {kept, added}`), and a record
    may mark its path as written elsewhere (`unverified_path`). What schema 1 holds is valid as it is."""
    tables[META][META_ID]["schema"] = 2
    return tables


MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {0: migrate_from_0, 1: migrate_from_1}


def checked_schema(path: Path, tables: Tables, exists: bool) -> Tables:
    """The tables at the current schema, migrated if older; damage or a newer schema is refused."""
    meta = tables.get(META, {}).get(META_ID)
    if meta is None:
        if exists and not tables.get(ANNOTATIONS) and any(tables.values()):
            raise StoreDamaged(path, "it holds no annotations table; it is not a claimdesk store")
        return MIGRATIONS[0](tables) if exists else migrate_from_0({})
    schema = meta.get("schema")
    if not isinstance(schema, int) or not isinstance(meta.get("generation"), int):
        raise StoreDamaged(path, "its meta record has no schema number")
    if schema < 0 or (schema < SCHEMA and schema not in MIGRATIONS):
        raise StoreDamaged(path, f"its meta record names schema {schema}, which no claimdesk wrote")
    if schema > SCHEMA:
        raise StoreTooNew(
            f"store {path} uses schema {schema}, newer than this claimdesk reads ({SCHEMA}); upgrade claimdesk"
        )
    while schema < SCHEMA:
        tables = MIGRATIONS[schema](tables)
        schema = tables[META][META_ID]["schema"]
    tables.setdefault(ANNOTATIONS, {})
    tables.setdefault(CHANGES, {})
    return tables


def validate_tables(path: Path, tables: Tables) -> None:
    """Check every annotation and logged change; the first wrong one is damage, as is an id stored twice."""
    for table in (ANNOTATIONS, CHANGES):
        for doc_id, doc in tables[table].items():
            _check_doc(path, table, doc_id, doc, "")
    holder: dict[str, str] = {}
    for doc_id, doc in tables[ANNOTATIONS].items():
        other = holder.setdefault(doc["id"], doc_id)
        if other != doc_id:
            raise StoreDamaged(
                path, f"annotations {other} and {doc_id} are both annotation {doc['id']}: one would be lost"
            )


def _check_doc(path: Path, table: str, doc_id: str, doc: Any, where: str) -> None:
    check = validate if table == ANNOTATIONS else validate_change
    try:
        check(doc)
    except InvalidAnnotation as exc:
        raise StoreDamaged(path, f"{where}{table[:-1]} {doc_id}: {exc}") from None


def check_ops(path: Path, ops: list[list[Any]], line: int) -> None:
    """Journal entries are checked like the file: a wrong one is damage, never applied."""
    where = f"journal line {line}, "
    for table, doc_id, doc in ops:
        if table not in (ANNOTATIONS, CHANGES) or not doc_id.isdigit():
            raise StoreDamaged(path, f"{where}it changes {table!r} {doc_id!r}, which no change touches")
        if doc is not None:
            _check_doc(path, table, doc_id, doc, where)


def folded_meta(
    meta: dict[str, Any], last: dict[str, int], journal_snapshot: str | None, journal_end: int
) -> dict[str, Any]:
    """The meta record of the next snapshot folded from the current one and its journal."""
    return {
        **meta,
        # Each store's own name, repeated in its journal: a journal copied beside another store is refused.
        "store": meta.get("store") or uuid.uuid4().hex,
        "schema": SCHEMA,
        "generation": meta["generation"] + 1,
        "last_annotation": last[ANNOTATIONS],
        "last_change": last[CHANGES],
        # Lets a reopen tell this fold's leftover journal (after a crash) from foreign changes.
        "folded": {"snapshot": journal_snapshot, "end": journal_end if journal_snapshot is not None else 0},
    }
