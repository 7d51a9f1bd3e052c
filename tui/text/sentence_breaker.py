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
import threading
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
    library = ctypes.CDLL(str(Path(spec.origin).parent / _LIBRARY))
    library.TextToSentences.argtypes = (ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
    library.TextToSentences.restype = ctypes.c_int
    return library


# Each thread splits into a buffer of its own, kept between calls: a new buffer per paragraph made a
# new ctypes array type per length, 0.2 s of a 5 MB article's 26,000 paragraphs.
_buffers = threading.local()
_MIN_BUFFER = 1 << 16


def _output_buffer(size: int) -> ctypes.Array[ctypes.c_char]:
    buffer: ctypes.Array[ctypes.c_char] | None = getattr(_buffers, "output", None)
    if buffer is None or len(buffer) < size:
        buffer = ctypes.create_string_buffer(max(size, _MIN_BUFFER))
        _buffers.output = buffer
    return buffer


def sentences(text: str) -> list[str]:
    """The sentences of one paragraph, as blingfire copies them (spaces may be normalised); none for
    an empty paragraph or a failed call."""
    data = text.encode("utf-8")
    out = _output_buffer(len(data) * 2)
    written = _library().TextToSentences(data, len(data), out, len(out))
    if written <= 0 or written > len(out):
        return []
    # `written` counts the terminating NUL; the buffer beyond it holds an earlier call's output.
    return ctypes.string_at(out, written - 1).decode("utf-8").split("\n")


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
