"""Annotations as CSV for spreadsheets: one row per annotation, safe to open.

The file is UTF-8 with a byte-order mark (without one, Excel reads UTF-8 as a legacy code page),
rows end in CRLF (RFC 4180), and cells holding line breaks are quoted. A text cell that a
spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
return) is written with a leading `'`, which spreadsheets show as text (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from tui.annotations.resolved import annotation_record
from tui.publish.published import Published

COLUMNS = (
    "id",
    "article",
    "path",
    "title",
    "start",
    "end",
    "exact",
    "quote",
    "label",
    "note",
    "sources",
    "annotator",
    "created",
    "modified",
    "status",
    "changed",
    "adjudicated",
    "conflicts",
    "url",
    "outlet",
    "published",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def inert(cell: Any) -> Any:
    """A cell value a spreadsheet will not evaluate: text that looks like a formula gets a leading `'`."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def row(item: Published) -> dict[str, Any]:
    """One annotation as a row: where its text is now (`start`, `end`, `quote`) and what was tagged (`exact`)."""
    found = annotation_record(item.resolved)
    record = item.record
    return {
        **{key: found[key] for key in ("id", "exact", "label", "note", "annotator", "created", "modified")},
        "article": record["article"],
        "path": record["path"],
        "title": item.title or "",
        "start": "" if found["start"] is None else found["start"],
        "end": "" if found["end"] is None else found["end"],
        "quote": found["quote"],
        "sources": "\n".join(record["sources"]),
        "status": found["status"],
        "changed": "yes" if found["changed"] else "",
        "adjudicated": "yes" if record.get("adjudicated") else "",
        "conflicts": len(record.get("conflicts", [])),
        "url": item.meta.url or "",
        "outlet": item.meta.site or "",
        "published": item.meta.published or "",
    }


def to_csv(items: Sequence[Published]) -> str:
    """The CSV text, header first, byte-order mark included."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for item in items:
        writer.writerow({key: inert(value) for key, value in row(item).items()})
    return BOM + out.getvalue()
