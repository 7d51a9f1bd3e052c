"""An article cut into display rows for the article view: wrapped lines, and folds for closed comment threads.

Plain data, so it is tested and measured without a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui.desk.tagged_claims import Reading


@dataclass(frozen=True, slots=True)
class Row:
    """One display row: `text[start:end]`, or a fold standing for a hidden comment thread."""

    start: int
    end: int
    fold: bool = False


def _wrap_line(text: str, start: int, end: int, width: int) -> Iterable[Row]:
    """Rows of at most `width` characters, broken after a space where there is one."""
    while end - start > width:
        cut = text.rfind(" ", start, start + width)
        cut = start + width if cut <= start else cut + 1
        yield Row(start, cut)
        start = cut
    yield Row(start, end)


def layout(reading: Reading, width: int) -> list[Row]:
    """The article cut into display rows of `width` characters; closed comment threads become one fold row."""
    text = reading.article.text
    width = max(8, width)
    rows: list[Row] = []
    folds = {start: end for start, end in reading.folds if start not in reading.open_folds}
    position = 0
    while position <= len(text):
        if position in folds:
            rows.append(Row(position, folds[position], fold=True))
            position = folds[position] + 1
            continue
        newline = text.find("\n", position)
        end = len(text) if newline < 0 else newline
        rows.extend(_wrap_line(text, position, end, width))
        if newline < 0:
            break
        position = newline + 1
    return rows
