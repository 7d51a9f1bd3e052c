"""A logged change to an annotation, with its states before and after: what undo and redo replay."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from tui.annotations.record import Annotation, InvalidAnnotation, validate


@dataclass(frozen=True, slots=True)
class Change:
    """One logged change: what it did, to which annotation, and the states before and after."""

    seq: int
    action: str
    annotator: str
    annotation: str
    before: Annotation | None
    after: Annotation | None

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
        return cls(doc["seq"], doc["action"], doc["annotator"], doc["annotation"], doc["before"], doc["after"])


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
    for state in states:
        if state is not None:
            validate(state)
            if state["id"] != doc["annotation"]:
                raise InvalidAnnotation(f"is about {doc['annotation']} but holds {state['id']}")


def change_doc(change: Change) -> dict[str, Any]:
    return {
        "seq": change.seq,
        "action": change.action,
        "annotator": change.annotator,
        "annotation": change.annotation,
        "before": change.before,
        "after": change.after,
    }
