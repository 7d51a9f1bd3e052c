"""Find article files (plain text, Markdown, saved web pages), read them, and turn them into canonical text.

The canonical text is the one every offset in claimdesk points into: newlines
unified to `\\n`, control characters (except `\\n` and `\\t`) removed, nothing
else altered.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.text.article import COMMENTS, Article, ArticleMeta, Boilerplate, Span
from tui.text.decoding import decode

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
PAGE_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = frozenset({".txt", *MARKDOWN_SUFFIXES, *PAGE_SUFFIXES})
# Larger files are not articles (a 5 MB article is already a book); reading them would only stall.
MAX_ARTICLE_BYTES = 64 * 10**6


_NEWLINES = re.compile(r"\r\n?")
# C0, DEL and C1: every Unicode "Cc" character, all of which lie below U+00A0.
_CONTROL_CODES = [c for c in range(0xA0) if unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\n\t"]
_CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROL_CODES) + "]")


class ArticleError(Exception):
    """An article file that cannot be loaded; the message names the file and the reason."""


@dataclass
class LoadReport:
    """What a load produced: the articles, and one line per file that was skipped or doubtful."""

    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def canonical_text(raw: str) -> str:
    """Unify newlines and drop control characters other than newline and tab."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", raw))


def article_id(text: str) -> str:
    """A stable id of a canonical text: the first 16 hex digits of its SHA-256."""
    return _id_of_utf8(text.encode("utf-8", "surrogatepass"))


def _id_of_utf8(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


# What canonical_text changes, as UTF-8: C0 (carriage returns among them) and DEL are bytes of their own,
# and a C1 control (U+0080 to U+009F, the rest of _CONTROL_CODES) is C2 followed by 80-9F, a pair no other
# character's encoding holds.
_C0_AND_DEL_BYTES = bytes(c for c in _CONTROL_CODES if c < 0x80)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _canonical_utf8(raw: str) -> tuple[str, bytes]:
    """The canonical text of `raw` and its UTF-8, encoded once for both the check and the id: most texts
    are canonical already, which two C passes over the bytes tell (6 ms on 5 MB), where the pattern that
    removes controls took 15 ms to find none."""
    data = raw.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _C0_AND_DEL_BYTES)) == len(data) and _C1_UTF8.search(data) is None:
        return raw, data
    text = canonical_text(raw)
    return text, text.encode("utf-8", "surrogatepass")


def meaningful_title(text: str, boilerplate: Iterable[Boilerplate]) -> str:
    """The first line that is not furniture, a bare date or a number: the article's title."""
    flagged = deque(b.span for b in boilerplate)
    offset = 0
    fallback = ""
    for line in text.split("\n"):
        span = Span(offset, offset + len(line))
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        fallback = fallback or stripped
        while flagged and flagged[0].end <= span.start:  # both in text order: drop what lies behind
            flagged.popleft()
        covered = 0
        for furniture in flagged:
            if furniture.start >= span.end:
                break
            covered += span.overlap(furniture)
        if covered * 2 > len(span):
            continue
        words = re.findall(r"[^\W\d_]{2,}", stripped)
        if len(words) >= 2:
            return stripped
    return fallback


def build_article(
    path: Path, raw: str, encoding: str, meta: ArticleMeta | None = None, flagged: Iterable[Boilerplate] = ()
) -> Article:
    """Canonicalise decoded text and find its title, paragraphs and boilerplate.

    `flagged` is furniture the file's format already marks (code blocks, a page's comments), as
    offsets into `raw`, which must be canonical already when it is given.
    """
    from tui.text.boilerplate import find_boilerplate  # its rules load with the first article read, not for a preview

    text, utf8 = _canonical_utf8(raw)
    known = sorted(flagged, key=lambda b: b.start)
    found = find_boilerplate(text)  # in text order
    if known:  # a stretch the format marks holds no furniture of the rules' own (a plain text marks none)
        found = [b for b in found if not any(k.start <= b.start < k.end for k in known)]
        found = sorted([*found, *known], key=lambda b: b.start)
    furniture = tuple(found)
    meta = meta or ArticleMeta()
    return Article(
        id=_id_of_utf8(utf8),
        path=path,
        text=text,
        title=meta.title or meaningful_title(text, furniture),
        encoding=encoding,
        boilerplate=furniture,
        meta=meta,
    )


def _from_format(path: Path, data: bytes) -> Article:
    """An article from the bytes of a file, read as its suffix says: a web page, Markdown, or plain text."""
    suffix = path.suffix.lower()
    # The readers of web pages and Markdown (markdown-it and PyYAML; trafilatura and lxml) load only
    # for such a file: a command on plain text starts without them.
    try:
        if suffix in PAGE_SUFFIXES:
            from tui.text.web_page import decode_page, read_page

            html, encoding = decode_page(data)
            page = read_page(html)
            text = canonical_text(page.text)
            comments = () if page.comments_start is None else (Boilerplate(page.comments_start, len(text), COMMENTS),)
            return build_article(path, text, encoding, page.meta, comments)
        raw, encoding = decode(data)
        if suffix in MARKDOWN_SUFFIXES:
            from tui.text.markdown_text import CODE, read_markdown

            markdown = read_markdown(canonical_text(raw))
            code = [Boilerplate(start, end, CODE) for start, end in markdown.code]
            return build_article(path, canonical_text(markdown.text), encoding, markdown.meta, code)
        return build_article(path, raw, encoding)
    except ValueError as exc:  # NotAPage, or bytes that are not text
        raise ArticleError(f"{path}: {exc}") from None


def _check_regular(path: Path) -> None:
    """`ArticleError` unless `path` is a regular file claimdesk may read: never a pipe or a device, never huge."""
    if path.is_symlink() and not path.exists():
        raise ArticleError(f"{path}: broken symbolic link")
    if path.is_dir():
        raise ArticleError(f"{path}: is a directory, not an article file")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError(f"{path}: not a regular file (a device, pipe or socket); claimdesk reads article files")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: {info.st_size / 1e6:.0f} MB, more than claimdesk reads ({MAX_ARTICLE_BYTES // 10**6} MB)"
        )


def _file_bytes(path: Path) -> bytes:
    """A file's bytes, or `ArticleError` with a one-line reason."""
    _check_regular(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_article(path: Path) -> tuple[Article, str | None]:
    """Load one file; return the article and a warning about its encoding, if any.

    Raises `ArticleError` with a one-line reason when the file cannot be used.
    """
    article = _from_format(path, _file_bytes(path))
    warning = None
    if article.encoding in ("cp1252", "latin-1") and article.meta.format != "html":  # a page declares its own
        warning = f"{path}: not valid UTF-8; decoded as {article.encoding}"
    return article, warning


PREVIEW_BYTES = 16 * 1024  # more than a screenful of text at any terminal size


def _whole_characters(data: bytes) -> bytes:
    """`data` without a UTF-8 character cut at its end (a cut one would make it read as cp1252); text
    that is not UTF-8 anyway is left to the decoder."""
    for cut in range(4):  # a UTF-8 character is at most 4 bytes
        try:
            data[: len(data) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return data[: len(data) - cut]
    return data


def previewed_quickly(path: Path) -> bool:
    """Whether `preview_article` reads only the start of this file (plain text), not the whole of it."""
    return path.suffix.lower() not in PAGE_SUFFIXES | MARKDOWN_SUFFIXES


def preview_article(path: Path, limit: int = PREVIEW_BYTES) -> tuple[Article, bool]:
    """The start of an article's text, read as quickly as possible: no boilerplate or claims yet; and
    whether that is the whole text.

    A reader shows this at once, then swaps in the full article when it is ready. Only the first
    `limit` bytes are read, cut at the last paragraph break, else after a line break (neither falls
    inside a UTF-8 character), so that no sentence is cut that a reader could take for a whole one.
    Web pages and Markdown are read whole: their first bytes are markup, not what a reader sees.
    """
    if not previewed_quickly(path):
        return _from_format(path, _file_bytes(path)), True
    _check_regular(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    whole = len(data) <= limit
    if not whole and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        paragraph = data.rfind(b"\n\n", limit // 2, limit)
        data = (
            data[: paragraph + 2]
            if paragraph >= 0
            else data[: data.rfind(b"\n", 0, limit) + 1] or _whole_characters(data[:limit])
        )
    try:
        raw, encoding = decode(data)
    except ValueError as exc:
        raise ArticleError(f"{path}: {exc}") from None
    text = canonical_text(raw)
    title = next((line.strip() for line in text.split("\n", 20)[:20] if line.strip()), "")
    return Article(article_id(text), path, text, title, encoding, ()), whole


def discover(paths: Iterable[Path], recursive: bool = False, skipped: list[Path] | None = None) -> Iterator[Path]:
    """Expand folders into their article files (sorted); pass files through as given.

    Files of other kinds found in a folder are added to `skipped`.
    """
    for path in paths:
        if path.is_dir() and path.suffix.lower() not in ARTICLE_SUFFIXES:
            pattern = "**/*" if recursive else "*"
            for child in sorted(path.glob(pattern)):
                if child.name.startswith("."):
                    continue
                if child.suffix.lower() in ARTICLE_SUFFIXES:
                    yield child
                elif skipped is not None and child.is_file():
                    skipped.append(child)
        else:
            yield path


def skipped_note(skipped: list[Path]) -> str | None:
    """One line saying which files in the folders were not read (None if every file was an article)."""
    if not skipped:
        return None
    kinds = sorted({path.suffix.lower() or "(no extension)" for path in skipped})
    count = len(skipped)
    return (
        f"skipped {count} file{'s' if count > 1 else ''} that {'are' if count > 1 else 'is'} not articles "
        f"({', '.join(kinds)}); claimdesk reads {', '.join(sorted(ARTICLE_SUFFIXES))}"
    )


def load_articles(paths: Iterable[Path], recursive: bool = False) -> LoadReport:
    """Load every article under `paths`; a bad file is reported and the rest still load."""
    report = LoadReport()
    skipped: list[Path] = []
    for path in discover(paths, recursive, skipped):
        try:
            article, warning = read_article(path)
        except ArticleError as exc:
            report.errors.append(str(exc))
            continue
        if warning:
            report.warnings.append(warning)
        report.articles.append(article)
    note = skipped_note(skipped)
    if note:
        report.warnings.append(note)
    return report
