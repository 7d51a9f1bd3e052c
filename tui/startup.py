"""Starting the program: without the garbage collector, which comes back once the program is up,
and with numpy's BLAS on one thread.

Start-up makes a few hundred thousand objects that live as long as the process (modules, classes,
styles, the CLI's commands); collecting garbage among them while they are made cost 14 ms of the
reader's 150 ms of imports, on every launch. The entry point (`tui.__main__`) switches the
collector off; whoever knows the program is up (the reader's first frame, a command once loaded)
calls `over`, which freezes what start-up made, so that later collections never scan it again,
and switches the collector back on. Work whose objects all live until the program ends (a command's
whole article) runs in `collecting_paused`, which treats what it made the same way.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

# numpy's BLAS starts a thread per core when numpy is imported, and those threads spin: on two cores
# that cost 0.05-0.1 s of CPU in every command that scores, for vectors claimdesk multiplies in
# microseconds. One thread, unless the user asked for more.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


# Whether `begin` ran: this process is claimdesk itself, not a test or another program calling into it,
# whose objects `collecting_paused` must not freeze.
_begun = False


def begin() -> None:
    global _begun
    _begun = True
    gc.disable()
    for variable in _BLAS_THREADS:
        os.environ.setdefault(variable, "1")


# Young objects are collected after this many allocations, not Python's 700: scoring a 5 MB article
# makes a few hundred thousand objects that all live on, and collecting among them every 700
# allocations cost 0.2 s of its 2.6 s. Cycles are still collected, a little later.
YOUNG_COLLECTION_THRESHOLD = 10_000


def over() -> None:
    """Start-up is over: what it made is kept out of later collections, and collecting resumes."""
    if not gc.isenabled():
        gc.freeze()
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()


@contextmanager
def collecting_paused() -> Iterator[None]:
    """No garbage is collected inside; after it, everything made so far is kept out of later
    collections, as start-up's is. For work whose objects all live until the program ends.

    `claimdesk claims` on a 5 MB article makes a million objects that live on and about seventy
    that become cyclic garbage; collecting among them cost 3% of the command. Memory that nothing
    refers to is still freed at once, as always.
    """
    if not _begun or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # else the first collection after would scan all of them at once
        gc.enable()
