"""blingfire's sentence breaker, called in its shared library directly.

The `blingfire` package's Python module imports numpy for functions claimdesk never calls, and
that import costs more than the rest of a command such as `claimdesk tag` (110 ms of CPU here);
the library itself loads in a millisecond. These are its two sentence calls, as the package
makes them.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from functools import cache
from pathlib import Path

_LIBRARY = {"win32": "blingfiretokdll.dll", "darwin": "libblingfiretokdll.dylib"}.get(
    sys.platform, "libblingfiretokdll.so"
)


@cache
def _library() -> ctypes.CDLL:
    spec = importlib.util.find_spec("blingfire")
    if spec is None or spec.origin is None:
        raise ImportError("blingfire is not installed")
    return ctypes.CDLL(str(Path(spec.origin).parent / _LIBRARY))


def sentences(text: str) -> list[str]:
    """The sentences of one paragraph, as blingfire copies them (spaces may be normalised)."""
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data) * 2)
    written = _library().TextToSentences(ctypes.c_char_p(data), ctypes.c_int(len(data)), out, ctypes.c_int(len(out)))
    if written == -1 or written > len(out):
        return []
    return out.value.decode("utf-8").split("\n")


def sentence_offsets(text: str) -> list[tuple[int, int]]:
    """Where each sentence of one paragraph lies in it, as (start, end) character offsets."""
    data = text.encode("utf-8")
    size = len(data) * 2
    out = ctypes.create_string_buffer(size)
    starts, ends = (ctypes.c_int32 * size)(), (ctypes.c_int32 * size)()
    written = _library().TextToSentencesWithOffsets(
        ctypes.c_char_p(data), ctypes.c_int(len(data)), out, starts, ends, ctypes.c_int(size)
    )
    if written == -1 or written > size:
        return []
    count = out.value.count(b"\n") + 1
    if len(data) == len(text):  # ASCII: a byte offset is a character offset
        return [(starts[i], ends[i] + 1) for i in range(count)]
    # The library gives byte offsets, the end one inclusive; characters are counted by decoding up to each.
    return [
        (len(data[: starts[i]].decode("utf-8", "ignore")), len(data[: ends[i] + 1].decode("utf-8", "ignore")))
        for i in range(count)
    ]
