"""Find article files, decode them, and turn them into canonical text.

The canonical text is the one every offset in claimdesk points into: newlines
unified to `\\n`, control characters (except `\\n` and `\\t`) removed, nothing
else altered.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.text.article import Article, Boilerplate, Span
from tui.text.boilerplate import find_boilerplate

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})

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

_NEWLINES = re.compile(r"\r\n?")
# C0, DEL and C1: every Unicode "Cc" character, all of which lie below U+00A0.
_CONTROLS = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0xA0) if unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\n\t")
    + "]"
)


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
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def looks_binary(data: bytes) -> bool:
    """True if the bytes are not text in any encoding claimdesk reads (BOM-less)."""
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = sum(sample.count(b) for b in _BINARY_BYTES)
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


def paragraphs(text: str) -> tuple[Span, ...]:
    """Runs of non-blank lines, separated by blank lines, trimmed of surrounding whitespace."""
    spans = []
    for match in re.finditer(r"\S(?:.|\n(?![^\S\n]*(?:\n|$)))*", text):
        block = match.group().rstrip()
        spans.append(Span(match.start(), match.start() + len(block)))
    return tuple(spans)


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


def build_article(path: Path, raw: str, encoding: str) -> Article:
    """Canonicalise decoded text and find its title, paragraphs and boilerplate."""
    text = canonical_text(raw)
    furniture = tuple(find_boilerplate(text))
    return Article(
        id=article_id(text),
        path=path,
        text=text,
        title=meaningful_title(text, furniture),
        encoding=encoding,
        paragraphs=paragraphs(text),
        boilerplate=furniture,
    )


def _decoded(path: Path) -> tuple[str, str]:
    """A file's decoded text and encoding, or `ArticleError` with a one-line reason."""
    if path.is_symlink() and not path.exists():
        raise ArticleError(f"{path}: broken symbolic link")
    if path.is_dir():
        raise ArticleError(f"{path}: is a directory, not an article file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return decode(data)
    except ValueError as exc:
        raise ArticleError(f"{path}: {exc}") from None


def read_article(path: Path) -> tuple[Article, str | None]:
    """Load one file; return the article and a warning about its encoding, if any.

    Raises `ArticleError` with a one-line reason when the file cannot be used.
    """
    raw, encoding = _decoded(path)
    warning = None
    if encoding in ("cp1252", "latin-1"):
        warning = f"{path}: not valid UTF-8; decoded as {encoding}"
    return build_article(path, raw, encoding), warning


PREVIEW_BYTES = 16 * 1024  # more than a screenful of text at any terminal size


def preview_article(path: Path, limit: int = PREVIEW_BYTES) -> Article:
    """The start of an article's text, read as quickly as possible: no boilerplate or claims yet.

    A reader shows this at once, then swaps in the full article when it is ready. Only the first
    `limit` bytes are read, cut after a line break (which never falls inside a UTF-8 character).
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data[: data.rfind(b"\n", 0, limit) + 1] or data[:limit]
    try:
        raw, encoding = decode(data)
    except ValueError as exc:
        raise ArticleError(f"{path}: {exc}") from None
    text = canonical_text(raw)
    title = next((line.strip() for line in text.split("\n", 20)[:20] if line.strip()), "")
    return Article(article_id(text), path, text, title, encoding, (), ())


def discover(paths: Iterable[Path], recursive: bool = False) -> Iterator[Path]:
    """Expand folders into their article files (sorted); pass files through as given."""
    for path in paths:
        if path.is_dir() and path.suffix.lower() not in ARTICLE_SUFFIXES:
            pattern = "**/*" if recursive else "*"
            for child in sorted(path.glob(pattern)):
                if child.suffix.lower() in ARTICLE_SUFFIXES and not child.name.startswith("."):
                    yield child
        else:
            yield path


def load_articles(paths: Iterable[Path], recursive: bool = False) -> LoadReport:
    """Load every article under `paths`; a bad file is reported and the rest still load."""
    report = LoadReport()
    for path in discover(paths, recursive):
        try:
            article, warning = read_article(path)
        except ArticleError as exc:
            report.errors.append(str(exc))
            continue
        if warning:
            report.warnings.append(warning)
        report.articles.append(article)
    return report
