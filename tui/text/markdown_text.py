"""Markdown articles as the text a reader sees, with the metadata of their YAML front matter.

Parsed with markdown-it-py (CommonMark, already a dependency of Textual): headings, paragraphs,
list items, quotes and table rows each become a line, with a blank line between them; emphasis
and link syntax go (a link's text stays); code blocks stay as text but are flagged as furniture.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tui.text.article import ArticleMeta

CODE = "code block"
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class MarkdownArticle:
    """The text of a Markdown file, the spans of its code blocks, and its front matter's metadata."""

    text: str
    code: tuple[tuple[int, int], ...]
    meta: ArticleMeta


def read_markdown(source: str) -> MarkdownArticle:
    """Render Markdown (front matter first, if any) to plain text."""
    fields, body = _front_matter(source)
    blocks: list[tuple[str, bool]] = []  # (text, is code)
    first_heading = None
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    for index, token in enumerate(tokens):
        if token.type in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), True))
        elif token.type == "inline" and index and tokens[index - 1].type in ("paragraph_open", "heading_open"):
            blocks.append((_plain(token.children or []), False))
            if first_heading is None and tokens[index - 1].type == "heading_open":
                first_heading = blocks[-1][0]
        elif token.type == "tr_open":
            cells = []
            for cell in tokens[index + 1 :]:
                if cell.type == "tr_close":
                    break
                if cell.type == "inline":
                    cells.append(_plain(cell.children or []))
            blocks.append(("  ".join(cells), False))
    text: list[str] = []
    code: list[tuple[int, int]] = []
    offset = 0
    for block, is_code in blocks:
        if not block.strip():
            continue
        if text:
            offset += 2
        if is_code:
            code.append((offset, offset + len(block)))
        text.append(block)
        offset += len(block)
    return MarkdownArticle("\n\n".join(text), tuple(code), _metadata(fields, first_heading))


def _plain(children: list[Token]) -> str:
    """Inline Markdown as the words it shows: text and code kept, markup dropped, breaks as spaces."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)  # its alt text
    return " ".join("".join(parts).split())


def _front_matter(source: str) -> tuple[dict[str, Any], str]:
    """The YAML mapping at the top of the file (empty if none or unreadable) and the Markdown after it."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    import yaml  # only files with front matter pay for it

    try:
        fields = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return {}, source[match.end() :]
    return (fields if isinstance(fields, dict) else {}), source[match.end() :]


def _text_field(fields: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = fields.get(name)
        if isinstance(value, datetime.date | datetime.datetime):
            return value.isoformat()
        if isinstance(value, str | int | float) and str(value).strip():
            return " ".join(str(value).split())
    return None


def _metadata(fields: dict[str, Any], first_heading: str | None) -> ArticleMeta:
    authors = fields.get("authors", fields.get("author"))
    names = authors if isinstance(authors, list) else [authors] if authors else []
    return ArticleMeta(
        format="md",
        title=_text_field(fields, "title") or first_heading,
        url=_text_field(fields, "url", "canonical_url", "link"),
        site=_text_field(fields, "site", "outlet", "publisher", "source"),
        authors=tuple(" ".join(str(name).split()) for name in names if str(name).strip()),
        published=_text_field(fields, "date", "published"),
        language=_text_field(fields, "lang", "language"),
    )
