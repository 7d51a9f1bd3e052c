"""Plain records shared by the domain: articles, spans, sentences and scored claims.

Every offset is a Python string index into an article's canonical text
(see `tui.text.article_files.canonical_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range `[start, end)` of the canonical text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        """How many characters this span shares with `other`."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))


# The kind of furniture a reader folds away rather than dims: a page's comment thread (kept here, not in
# `tui.text.boilerplate`, so that a reader can tell it without loading the boilerplate rules).
COMMENTS = "comment thread"


# From a character other than whitespace, then whole lines while the next one holds one too: a line at
# a time, where a pattern stepping a character at a time took 80 ms over 5 MB. It opens with `\S`,
# and the next line's indent is taken possessively, so a long run of blanks is crossed once, never
# again from each of its characters.
_NON_BLANK_LINES = re.compile(r"\S[^\n]*(?:\n[^\S\n]*+\S[^\n]*)*")


def paragraph_spans(text: str) -> tuple[Span, ...]:
    """Runs of non-blank lines, separated by blank lines, trimmed of surrounding whitespace."""
    found = []
    for match in _NON_BLANK_LINES.finditer(text):
        end = match.end()
        while text[end - 1].isspace():  # as rstrip() would, without copying the paragraph to strip it
            end -= 1
        found.append(Span(match.start(), end))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A part of the file that is not the article, and what kind of furniture it is."""

    start: int
    end: int
    kind: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What is known of where an article comes from; None (or empty) where the file does not say."""

    format: str = "txt"  # the kind of file it was read from: txt, md or html
    title: str | None = None
    url: str | None = None  # the canonical URL the page declares
    site: str | None = None  # the outlet
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601
    language: str | None = None

    def byline(self) -> str:
        """Outlet · date · author(s), as much as is known."""
        return " · ".join(part for part in (self.site, self.published, ", ".join(self.authors)) if part)


@dataclass(frozen=True, slots=True)
class Article:
    """One loaded article: its canonical text and what was found in it.

    `id` depends only on the canonical text, so the same text has the same id
    wherever it lives; `path` says where it was read from.
    """

    id: str
    path: Path
    text: str
    title: str
    encoding: str
    boilerplate: tuple[Boilerplate, ...]
    meta: ArticleMeta = field(default_factory=ArticleMeta)

    @property
    def paragraphs(self) -> tuple[Span, ...]:
        """The text's paragraphs with their offsets, found when asked: no command reads them, and finding
        them cost every article read 17 ms per 5 MB."""
        return paragraph_spans(self.text)


# A sentence, its assessment and the two together are made for every sentence of an article, 37,000 of
# each for 5 MB: they are NamedTuples, built in half the time of a frozen dataclass (0.24 against 0.53 µs).
class Sentence(NamedTuple):
    """A unit of text to score: a sentence, a headline or a short line."""

    start: int
    end: int
    text: str
    boilerplate: bool = False


# A sentence scoring at least this is a claim (the scorer is calibrated so that it means even odds).
DEFAULT_THRESHOLD = 0.5


class Assessment(NamedTuple):
    """How check-worthy a sentence is (0..1) and the signals that drove it."""

    score: float
    reasons: tuple[str, ...] = ()


class ScoredSentence(NamedTuple):
    """A sentence with its assessment; `index` counts claims only (None if not a claim)."""

    sentence: Sentence
    assessment: Assessment
    is_claim: bool
    index: int | None  # type: ignore[assignment]  # the claim's number: it hides tuple.index, never called on these
