"""Annotations as a Markdown report: per article, its verdict counts, then each tagged claim.

Article text, notes and names are data: every character Markdown would read as syntax is
escaped with a backslash, and line breaks inside a quote or note stay inside its block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from tui.annotations.record import LABELS, anchor_of
from tui.publish.published import Published

# Backslash escapes work for every ASCII punctuation character in CommonMark. These start or end
# emphasis, code, links, HTML, entities and table cells anywhere in a line...
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# ...and these only at the start of a line, where they open a heading, a list or a setext underline.
_LINE_MARKER = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """One line of text, shown literally by a Markdown renderer."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _LINE_MARKER.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), escaped)


def _block(text: str, lead: str) -> str:
    """Every line of `text`, escaped, behind `lead`; a backslash ends each line so its breaks are kept."""
    return "\\\n".join(f"{lead}{escape(line)}".rstrip() for line in text.split("\n"))


def _claim(item: Published) -> list[str]:
    record = item.record
    lines = [_block(anchor_of(record).exact, "> "), "", f"**{record['label']}** by {escape(record['annotator'])}"]
    status = item.status.value + (", reworded since" if item.resolved.resolution.changed else "")
    if status != "anchored":
        lines[-1] += f" ({status})"
    if record["note"]:
        lines += ["", _block(record["note"], "")]
    if record["sources"]:
        lines += ["", "Sources:", "", *(_block(source, "- ") for source in record["sources"])]
    return [*lines, ""]


def _article(items: list[Published]) -> list[str]:
    first = items[0]
    title = first.title or first.record["path"]
    counts = " · ".join(f"{label}: {sum(i.record['label'] == label for i in items)}" for label in LABELS)
    lines = [f"## {escape(title)}", "", f"File: {escape(first.record['path'])}", ""]
    meta = first.meta
    known = [
        (name, value)
        for name, value in (("URL", meta.url), ("Outlet", meta.site), ("Published", meta.published))
        if value
    ]
    if meta.authors:
        known.append(("By", ", ".join(meta.authors)))
    if known:
        lines += [" · ".join(f"{name}: {escape(value)}" for name, value in known), ""]
    lines += [counts, ""]
    for number, item in enumerate(items, start=1):
        lines += [f"### Claim {number}", "", *_claim(item)]
    return lines


def to_markdown(items: Sequence[Published]) -> str:
    """The report: a heading, then one section per article in path order."""
    lines = ["# claimdesk report", "", f"{len(items)} tagged claims", ""]
    for _, group in groupby(items, key=lambda item: item.record["path"]):
        lines += _article(list(group))
    return "\n".join(lines).rstrip("\n") + "\n"
