"""Benchmarks time finding claims, not reading them back: a run calls `no_claims_kept` first.

claimdesk keeps the scored sentences of each article it reads (`tui.text.claims_cache`), so a
second read of an article skips the scorer. A benchmark that reads the same articles again (best of
three, median of five, or `make bench` run twice) would time that instead. This points the cache at
a new, empty folder, for this process and the processes it starts.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def no_claims_kept() -> None:
    folder = tempfile.mkdtemp(prefix="claimdesk-bench-cache-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["XDG_CACHE_HOME"] = folder
