"""Saved web pages as articles: the article body a reader sees, and what the page says about itself.

The body is extracted by trafilatura (the field's standard, F1 about 0.95 on article bodies): its
XML output keeps the structure, which becomes plain text here: the headline, then each paragraph,
heading, list item, quote and table row as a line of its own, with a blank line between them.
Comments the extractor finds follow under a "Comments" line and are flagged as a comment thread.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urljoin

from tui.text.article import ArticleMeta
from tui.text.decoding import decode, looks_binary

# Saved pages carry scripts, styles, inline SVG and images as data URIs: megabytes that no reader
# sees. They are cut before extraction, and what is left must fit this size.
MAX_PAGE_CHARS = 8_000_000
COMMENTS_HEADING = "Comments"

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)
_LANGUAGE = re.compile(r"""<html\b[^>]{0,500}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)""", re.I)
_INVISIBLE = re.compile(
    r"<(script|style|svg|noscript|template)\b.*?</\1\s*>|\bsrc\s*=\s*[\"']data:[^\"']*[\"']", re.IGNORECASE | re.DOTALL
)
_LINK_TAG = re.compile(r"<link\b[^>]{0,1000}>", re.IGNORECASE)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?[^"'>]*\bcanonical\b""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_BLOCKS = ("head", "p", "item", "quote", "row", "code", "cell")


class NotAPage(ValueError):
    """A file named like a web page that holds no page text claimdesk can read."""


@dataclass(frozen=True, slots=True)
class WebPage:
    """A page's article as plain text, where its comments begin (None without), and its metadata."""

    text: str
    comments_start: int | None
    meta: ArticleMeta


def decode_page(data: bytes) -> tuple[str, str]:
    """A page's text and encoding: a byte-order mark, else the `<meta charset>` it declares, else as text files."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    if looks_binary(data):
        raise NotAPage("looks like a binary file, not a web page")
    declared = _CHARSET.search(data[:8192])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: read it like any text file
    return decode(data)


def read_page(html: str) -> WebPage:
    """The article of a page; `NotAPage` when nothing in it reads as an article."""
    import trafilatura  # a second's import, paid only when a page is opened
    from lxml import etree

    visible = _INVISIBLE.sub(lambda match: "" if match.group(1) else 'src=""', html)
    if len(visible) > MAX_PAGE_CHARS:
        raise NotAPage(f"holds {len(visible) // 1_000_000} MB of page text; claimdesk reads pages up to 8 MB")
    extracted = trafilatura.extract(
        visible, output_format="xml", include_comments=True, include_tables=True, with_metadata=True
    )
    if not extracted:
        raise NotAPage("no article text found in the page")
    document = etree.fromstring(extracted.encode("utf-8"))
    meta = _metadata(document, html)
    body = _blocks(document.find("main"))
    if not body:
        raise NotAPage("no article text found in the page")
    if meta.title and (not body or _squash(body[0]) != _squash(meta.title)):
        body.insert(0, meta.title)
    text = "\n\n".join(body)
    comments = _blocks(document.find("comments"))
    if not comments:
        return WebPage(text, None, meta)
    if not (len(comments[0].split()) <= 5 and "comment" in comments[0].casefold()):
        comments.insert(0, COMMENTS_HEADING)  # the page's own heading, else ours
    return WebPage("\n\n".join([text, *comments]), len(text) + 2, meta)


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _blocks(element: object) -> list[str]:
    """The text of each block under an element of trafilatura's XML, one line each."""
    from lxml import etree

    if not isinstance(element, etree._Element):
        return []
    lines = []
    for block in element.iter(*_BLOCKS):
        if block.tag == "cell" or any(parent.tag in _BLOCKS for parent in block.iterancestors()):
            continue  # a cell is read with its row, a paragraph inside a quote with the quote
        if block.tag == "row":
            lines.append("  ".join(" ".join("".join(cell.itertext()).split()) for cell in block.iter("cell")))
        else:  # a line break inside a block (<br>) starts a line of its own
            lines.extend(" ".join(part.split()) for part in _text_with_breaks(block).split("\n"))
    return [line for line in lines if line]


def _text_with_breaks(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text_with_breaks(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _metadata(document: object, html: str) -> ArticleMeta:
    from lxml import etree

    attributes = document.attrib if isinstance(document, etree._Element) else {}

    def known(name: str) -> str | None:
        value = " ".join(str(attributes.get(name, "")).split())
        return value or None

    authors = tuple(name.strip() for name in (known("author") or "").split(";") if name.strip())
    language = known("language")
    if language is None:
        declared = _LANGUAGE.search(html[:20_000])
        language = declared.group(1).replace("_", "-") if declared else None
    found = known("url")  # trafilatura's: og:url first
    canonical = _canonical_link(html)
    return ArticleMeta(
        format="html",
        title=known("title"),
        url=urljoin(found or "", canonical) if canonical else found,
        site=known("sitename") or known("hostname"),
        authors=authors,
        published=known("date"),
        language=language,
    )


def _canonical_link(html: str) -> str | None:
    """The href of the page's `<link rel="canonical">`, as written (it may be relative)."""
    for tag in _LINK_TAG.findall(html[:500_000]):
        if _REL_CANONICAL.search(tag):
            href = _HREF.search(tag)
            value = next((group for group in href.groups() if group), "") if href else ""
            if value.strip():
                return unescape(value.strip())
    return None
