"""Text shown to a person with its control characters made visible, so data never acts on a terminal."""

from __future__ import annotations


def printable(text: str, keep_lines: bool = False) -> str:
    """Text with control characters (escapes in notes or file names, say) shown as escapes.

    A tab is a space. With `keep_lines`, line breaks and tabs stay as they are (multi-line notes in a table).
    """
    kept = "\n\t" if keep_lines else ""
    return "".join(
        char
        if char.isprintable() or char in kept
        else " "
        if char == "\t"  # whitespace, shown as such: a message never holds a literal \t
        else char.encode("unicode_escape", "backslashreplace").decode()
        for char in text
    )
