"""Several versions of the same annotation made one record, losing none of them.

Copies of a store meet in `claimdesk merge` and `claimdesk import`. The same id means the
same annotator tagged the same span of the same text (see `tui.annotations.record.annotation_id`), so
two versions of it are either one state and a later revision of it, or a real conflict:

- identical versions collapse into one;
- a version whose state is among another's revisions, with the same history before it, was
  simply edited further: the later one supersedes it (its state is kept in `revisions`);
- what is left is kept whole: the latest `modified` is the main record and the others go into
  its `conflicts`, newest first. Ties are broken by the versions' canonical JSON.

`combine` is commutative, associative and idempotent, so the order of the stores, and merging a
store into a copy of itself, change nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, cast

from tui.annotations.record import REVISED_KEYS, Annotation, instant

CONFLICTS = "conflicts"


def _canonical(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def versions(record: Annotation) -> list[Annotation]:
    """The record and every version in its `conflicts`, each without conflicts of its own."""
    main = cast(Annotation, {key: value for key, value in record.items() if key != CONFLICTS})
    return [main, *(version for other in record.get("conflicts", []) for version in versions(other))]


def _state(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in REVISED_KEYS if key in record}


def supersedes(later: Annotation, earlier: Annotation) -> bool:
    """`later` is `earlier` edited further: the same history, then `earlier`'s state, then more."""
    if any(later.get(key) != earlier.get(key) for key in ("id", "annotator", "created")):
        return False
    history, before = later.get("revisions", []), earlier.get("revisions", [])
    return len(history) > len(before) and history[: len(before)] == before and history[len(before)] == _state(earlier)


def combine(*records: Annotation) -> Annotation:
    """One record holding every distinct version of the same annotation (see the module docstring)."""
    unique = {_canonical(version): version for record in records for version in versions(record)}
    kept = [
        (text, version)
        for text, version in unique.items()
        if not any(supersedes(other, version) for other in unique.values() if other is not version)
    ]
    kept.sort(key=lambda pair: (instant(pair[1]["modified"]), pair[0]), reverse=True)
    (_, main), *others = kept
    if not others:
        return main
    merged: Annotation = {**main, "conflicts": [version for _, version in others]}
    return merged


def merge_records(stores: Iterable[Iterable[Annotation]]) -> list[Annotation]:
    """The union of several stores' annotations, one record per id, in the order ids were first met."""
    by_id: dict[str, list[Annotation]] = {}
    for records in stores:
        for record in records:
            by_id.setdefault(record["id"], []).append(record)
    return [combine(*group) for group in by_id.values()]


def _verified(record: Annotation) -> Annotation:
    return cast(Annotation, {key: value for key, value in record.items() if key != "unverified_path"})


def imported(record: Annotation) -> Annotation:
    """A record read from an import file: its path was written elsewhere and is not to be trusted."""
    return Annotation(**_verified(record), unverified_path=True)


def combine_imported(stored: Annotation, incoming: Annotation) -> Annotation:
    """`combine` for an import: the result's path stays trusted only where it is the stored one."""
    merged = combine(_verified(stored), _verified(incoming))
    same_place = (merged["path"], merged.get("stored_at")) == (stored["path"], stored.get("stored_at"))
    return merged if same_place and not stored.get("unverified_path") else imported(merged)
