"""What can go wrong with a store, each as one line that names the file."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A store that cannot be used; the message is one line naming the file."""


class StoreDamaged(StoreError):
    """The file is not a readable claimdesk store; it is left exactly as it was."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"store {path} is damaged: {problem}")
        self.path = path
        self.problem = problem


class StoreLocked(StoreError):
    """Another process holds the store's lock for longer than we wait."""


class StoreTooNew(StoreError):
    """The store was written by a newer claimdesk with a schema this one does not know."""


class NothingToUndo(StoreError):
    """Undo or redo found no change to act on, or the change was overtaken by a later one."""
