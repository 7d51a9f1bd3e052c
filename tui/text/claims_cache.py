"""An article's scored sentences, kept on disk between runs so that an article read before is not scored again.

Scoring needs numpy and the learned weights (0.15 s of CPU before the first sentence, 1.6 s for a
5 MB article). What it gives depends only on the article's canonical text, its boilerplate and the
scorer's code and weights, so it is kept under a key made of all of them, in the user's cache folder
(`$XDG_CACHE_HOME/claimdesk/claims`, else `~/.cache/claimdesk/claims`): `claimdesk tag --claim N`
on an article the reader or `claimdesk claims` has read does not load the scorer, and the reader
opens such an article without scoring it. Deleting the folder only costs the next read its scoring.

A file that cannot be read, written or trusted is a miss, never an error: the sentences are then
scored as if nothing were kept. Each file is JSON lines: a header, then the sentences, up to
`SENTENCES_PER_LINE` per line (a call per sentence cost 0.15 s on a 5 MB article; one call for
all of them would hold the interpreter, and the reader's keys, for 65 ms), column by column: their
starts, ends, boilerplate flags, scores and reasons, each a list (checked and turned back into
records by C calls over a column, where a Python check per sentence took 0.1 s on 5 MB). It is written to a
temporary name and renamed, so a reader never sees half of one. The folder is kept under
`MAX_BYTES`: now and then a write removes the entries used least recently (a read marks an entry used).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
import threading
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from itertools import chain
from operator import le, lt
from pathlib import Path

import orjson

from tui.text.article import Article, Assessment, Sentence

FORMAT = 3
MAX_BYTES = 256 * 2**20  # a newsroom's folder of long articles, with room to spare
# One write in this many looks at the folder's size: a folder of 500 new articles is not listed 500 times.
PRUNE_EVERY = 16
SENTENCES_PER_LINE = 1000
# What the scores depend on besides the article: the code that splits and scores, its weights, and
# the sentence breaker's library. A change to any of them (an upgrade, an edit) is a new key.
_SCORER_FILES = (
    "sentences.py",
    "sentence_breaker.py",
    "token_batch.py",
    "cues.py",
    "checkworthiness.py",
    "checkworthiness_weights.json",
    "claims.py",
    "claims_cache.py",
)
_LIBRARIES = ("blingfire", "numpy")
_COLUMNS = ("start", "end", "boilerplate", "score", "reasons")


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG specification says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimdesk" / "claims"


def _signature(path: str | None) -> str:
    try:
        info = os.stat(path) if path else None
    except OSError:
        info = None
    return f"{path}:{info.st_size}:{info.st_mtime_ns}" if info else f"{path}:-"


@cache
def scorer_fingerprint() -> str:
    """Names every file the scores depend on, with its size and modification time."""
    here = Path(__file__).parent
    parts = [_signature(str(here / name)) for name in _SCORER_FILES]
    for library in _LIBRARIES:  # found, not imported: importing numpy is what a hit avoids
        spec = importlib.util.find_spec(library)
        parts.append(_signature(spec.origin if spec else None))
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _file(article: Article) -> Path:
    furniture = ";".join(f"{b.start},{b.end}" for b in article.boilerplate)
    key = f"{FORMAT}\n{article.id}\n{len(article.text)}\n{furniture}\n{scorer_fingerprint()}"
    return cache_folder() / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.jsonl"


def _read(path: Path) -> bytes:
    """The file's bytes; `OSError` for anything but a regular file (a pipe there would never end)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read()


def _kept_sentences(kept: object, text: str, after: int) -> list[tuple[Sentence, Assessment]]:
    """One line of kept sentences, checked to be one `remember` could have written for this text after
    offset `after`."""
    if type(kept) is not list or len(kept) != len(_COLUMNS) or any(type(column) is not list for column in kept):
        raise ValueError("not sentences claimdesk kept")
    starts, ends, boilerplate, scores, reasons = kept
    if not (
        0 < len(starts) == len(ends) == len(boilerplate) == len(scores) == len(reasons)
        and set(map(type, starts)) == set(map(type, ends)) == {int}
        and set(map(type, boilerplate)) == {bool}
        and set(map(type, scores)) <= {int, float}
        and min(scores) >= 0.0
        and max(scores) <= 1.0
        and set(map(type, reasons)) == {list}
        and set(map(type, chain.from_iterable(reasons))) <= {str}
        and after <= starts[0]
        and all(map(lt, starts, ends))
        and all(map(le, ends, starts[1:]))  # each ends before the next begins
        and ends[-1] <= len(text)
    ):
        raise ValueError("not sentences claimdesk kept")
    texts = map(text.__getitem__, map(slice, starts, ends))
    sentences = map(Sentence, starts, ends, texts, boilerplate)
    return list(zip(sentences, map(Assessment, map(float, scores), map(tuple, reasons)), strict=True))


def recall(article: Article) -> list[tuple[Sentence, Assessment]] | None:
    """The article's sentences and their assessments as last scored, or None if none are kept."""
    try:
        path = _file(article)
        header, *lines = _read(path).splitlines()
        expected = orjson.loads(header)
        if type(expected) is not dict or expected.get("claimdesk_claims") != FORMAT:
            return None
        found: list[tuple[Sentence, Assessment]] = []
        for line in lines:
            found += _kept_sentences(orjson.loads(line), article.text, found[-1][0].end if found else 0)
        if expected != {"claimdesk_claims": FORMAT, "article": article.id, "sentences": len(found)}:
            return None
        with suppress(OSError):
            os.utime(path)  # used now: pruning removes the entries used least recently
        return found
    except (OSError, ValueError, TypeError, IndexError, RecursionError):
        return None  # missing, unreadable or not what we wrote: scored again


def remember(article: Article, assessed: Iterable[tuple[Sentence, Assessment]]) -> None:
    """Keep the article's assessed sentences for the next run (silently not, where that cannot be done)."""
    kept = list(assessed)
    header = {"claimdesk_claims": FORMAT, "article": article.id, "sentences": len(kept)}
    target = _file(article)
    try:
        lines = [orjson.dumps(header)]
        lines += [
            orjson.dumps(_columns(kept[first : first + SENTENCES_PER_LINE]))
            for first in range(0, len(kept), SENTENCES_PER_LINE)
        ]
        try:
            fd, temporary = _temporary_beside(target)
        except FileNotFoundError:  # the folder is made by the first write, not looked for by every one
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = _temporary_beside(target)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"\n".join(lines) + b"\n")
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        if _prune_due(target, sum(map(len, lines))):
            prune(target.parent, keep=target)
    except (OSError, ValueError, orjson.JSONEncodeError):
        pass  # a read-only home, a full disk, text held as surrogates: the next run scores again


# A process prunes at most once for each this share of `MAX_BYTES` it wrote: `claims` on a folder of
# 2,000 short articles pruned at every 16th write, each listing the whole folder, a time that grew with
# the square of the articles (3 s of its 8).
_PRUNES_PER_FILL = 8
_written_since_pruning = MAX_BYTES  # by this process: as much as lets its first write prune


def _prune_due(target: Path, size: int) -> bool:
    """Whether this write of `size` bytes to `target` prunes: one write in `PRUNE_EVERY` (by its name,
    so that commands writing an entry each prune now and then), and not again until this process wrote
    `MAX_BYTES / _PRUNES_PER_FILL` more. (Two threads racing here prune once too often or too seldom.)"""
    global _written_since_pruning
    _written_since_pruning += size
    if int(target.stem, 16) % PRUNE_EVERY or _written_since_pruning < MAX_BYTES // _PRUNES_PER_FILL:
        return False
    _written_since_pruning = 0
    return True


def _columns(assessed: list[tuple[Sentence, Assessment]]) -> list[tuple[object, ...]]:
    """The sentences' starts, ends, boilerplate flags, scores and reasons (the records' own fields, taken
    apart by C calls)."""
    sentences, assessments = zip(*assessed, strict=True)
    starts, ends, _, boilerplate = zip(*sentences, strict=True)
    scores, reasons = zip(*assessments, strict=True)
    return [starts, ends, boilerplate, scores, reasons]


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """A new file beside `target`, open for writing, under a name no other writer holds: random bytes
    beside the process and thread (two machines sharing a cache folder may reuse a process number),
    created exclusively. (`tempfile` would import shutil, random and three compressors to pick a name:
    3 ms of every command that scores.)"""
    temporary = target.with_name(f".{target.stem}.{os.getpid()}.{threading.get_ident()}.{os.urandom(4).hex()}.tmp")
    return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temporary


def prune(folder: Path, keep: Path | None = None) -> None:
    """Remove the entries used least recently (and temporary files left by a killed writer) until the
    folder holds at most `MAX_BYTES`."""
    entries = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.is_file(follow_symlinks=False) and entry.name.endswith((".jsonl", ".tmp")):
                with suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    entries.append((info.st_mtime_ns, info.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    kept = None if keep is None else os.fspath(keep)
    for _, size, path in sorted(entries):  # least recently used first
        if total <= MAX_BYTES:
            break
        if path != kept:
            with suppress(OSError):
                os.unlink(path)
                total -= size
