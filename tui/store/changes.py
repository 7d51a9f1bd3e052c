"""A logged change to an annotation, with its states before and after: what undo and redo replay."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from tui.annotations.record import Annotation, InvalidAnnotation, Revision, validate


@dataclass(frozen=True, slots=True)
class Change:
    """One logged change: what it did, to which annotation, and the states before and after."""

    seq: int
    action: str
    annotator: str
    annotation: str
    before: Annotation | None
    after: Annotation | None
    # Where `after`'s revisions continue `before`'s, the log keeps neither list (it would grow with
    # every edit of a much-edited claim, and the store with the square of the edits): `kept` of them
    # were `before`'s, `added` came with the change. `states` fills them back in from the record.
    kept: int | None = None
    added: tuple[Revision, ...] = ()

    def states(self, current: Annotation | None, undo: bool) -> tuple[Annotation | None, Annotation | None]:
        """The states (expected now, then wanted) to undo or redo this change, the record being `current`."""
        expected, target = (self.after, self.before) if undo else (self.before, self.after)
        if self.kept is None or current is None or expected is None or target is None:
            return expected, target
        have = current.get("revisions", [])
        if undo:
            fits = len(have) == self.kept + len(self.added) and have[self.kept :] == list(self.added)
            wanted = have[: self.kept]
        else:
            fits, wanted = len(have) == self.kept, [*have, *self.added]
        # Not fitting, `expected` lacks revisions and so differs from the record: undo refuses, as it must.
        return (Annotation(**{**expected, "revisions": have}) if fits else expected), Annotation(
            **{**target, "revisions": wanted}
        )

    def matches(self, annotator: str | None, among: Collection[int] | None = None) -> bool:
        """Whether `annotator` made the change (anyone, for None) and it is one of `among` (any, for None)."""
        return (annotator is None or self.annotator == annotator) and (among is None or self.seq in among)

    @property
    def record(self) -> Annotation:
        """The annotation as the change left it, or as it was if the change removed it."""
        record = self.after or self.before
        if record is None:  # validate_change refuses such a change
            raise ValueError(f"change {self.seq} has no state before or after it")
        return record

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Change:
        revisions = doc.get("revisions")
        kept, added = (None, ()) if revisions is None else (revisions["kept"], tuple(revisions["added"]))
        return cls(
            doc["seq"], doc["action"], doc["annotator"], doc["annotation"], doc["before"], doc["after"], kept, added
        )


def validate_change(doc: Any) -> None:
    """Raise `InvalidAnnotation` naming what is wrong with a logged change."""
    if not isinstance(doc, dict):
        raise InvalidAnnotation(f"is a {type(doc).__name__}, not an object")
    kinds = {"seq": int, "action": str, "annotator": str, "annotation": str}
    for key, kind in kinds.items():
        if not isinstance(doc.get(key), kind):
            raise InvalidAnnotation(f"has no {key}")
    if not isinstance(doc.get("undone", False), bool):
        raise InvalidAnnotation("has an undone flag that is not true or false")
    states = [doc.get("before"), doc.get("after")]
    if "before" not in doc or "after" not in doc or states == [None, None]:
        raise InvalidAnnotation("lacks the states before and after it")
    revisions = doc.get("revisions")
    if revisions is not None and not (
        None not in states
        and isinstance(revisions, dict)
        and type(revisions.get("kept")) is int
        and revisions["kept"] >= 0
        and isinstance(revisions.get("added"), list)
    ):
        raise InvalidAnnotation("says how its revisions continue, but not in a way claimdesk wrote")
    for state in states:
        if state is not None:
            validate(state)
            if state["id"] != doc["annotation"]:
                raise InvalidAnnotation(f"is about {doc['annotation']} but holds {state['id']}")


def change_doc(change: Change) -> dict[str, Any]:
    """The change as the log keeps it: revisions that `after` only continues are left out (see `Change`)."""
    doc: dict[str, Any] = {
        "seq": change.seq,
        "action": change.action,
        "annotator": change.annotator,
        "annotation": change.annotation,
        "before": change.before,
        "after": change.after,
    }
    before, after = change.before, change.after
    if before is not None and after is not None:
        old, new = before.get("revisions", []), after.get("revisions", [])
        if new[: len(old)] == old:
            doc["before"], doc["after"] = _without_revisions(before), _without_revisions(after)
            doc["revisions"] = {"kept": len(old), "added": new[len(old) :]}
    return doc


def _without_revisions(record: Annotation) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "revisions"}
