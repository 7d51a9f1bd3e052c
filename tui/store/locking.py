"""The store's lock file: one writer at a time across every claimdesk process, readers where they can."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from tui.store.errors import StoreError, StoreLocked
from tui.store.snapshot import lock_path


class StoreLock:
    """The lock beside a store file; `held()` holds it for one read or change."""

    def __init__(self, path: Path, file: Path, timeout: float) -> None:
        self.path = path  # the name used in messages
        self.file = file
        self._lock = FileLock(lock_path(file), timeout=timeout)

    @contextmanager
    def held(self, write: bool = False, create: bool = False) -> Iterator[None]:
        """Hold the store's lock. A reader in a folder it cannot write reads without it; a writer never does."""
        if create:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        elif not self.file.parent.is_dir():
            yield  # nothing on disk to read or change, and nothing is created
            return
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreLocked(f"store {self.path} is locked by another claimdesk process; try again") from None
        except OSError as exc:
            if write:
                raise StoreError(f"cannot lock store {self.path}: {exc.strerror or exc}") from None
            yield
            return
        try:
            yield
        finally:
            self._lock.release()
