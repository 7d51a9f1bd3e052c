"""Bytes of a file to text: byte-order marks, UTF-8, and the legacy encodings old pages are saved in."""

from __future__ import annotations

import codecs

# Bytes that never occur in text: NUL and the C0 controls other than \t \n \f \r and ESC.
_BINARY_BYTES = bytes([*range(0, 8), 11, *range(14, 27), *range(28, 32), 127])
_BINARY_SAMPLE = 8192
_BINARY_RATIO = 0.05

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True if the bytes are not text in any encoding claimdesk reads (BOM-less)."""
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))  # one C pass, not a count a byte value
    return controls / len(sample) > _BINARY_RATIO


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; return the text and the encoding used.

    A byte-order mark decides first; then UTF-8; then cp1252, or latin-1 for
    the few bytes cp1252 leaves undefined. Raises `ValueError` for binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ValueError(f"starts with a {encoding} byte-order mark but is not {encoding}") from exc
    if looks_binary(data):
        raise ValueError("looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
