"""The records the commands print as jsonl: one flat dict per sentence or article (public contracts)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from tui.text.article import Article, ScoredSentence


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` begins."""
    starts = [0]
    found = text.find("\n")
    while found >= 0:  # str.find runs in C: a loop over characters would cost a second on 5 MB
        starts.append(found + 1)
        found = text.find("\n", found + 1)
    return starts


def sentence_record(article_id: str, path: str, scored: ScoredSentence, starts: list[int]) -> dict[str, Any]:
    """The jsonl record of one scored sentence; `line` is the 1-based line it starts on."""
    sentence = scored.sentence
    return {
        "article": article_id,
        "path": path,
        "index": scored.index,
        "start": sentence.start,
        "end": sentence.end,
        "line": bisect_right(starts, sentence.start),
        "text": sentence.text,
        "score": scored.assessment.score,
        "is_claim": scored.is_claim,
        "boilerplate": sentence.boilerplate,
        "reasons": list(scored.assessment.reasons),
    }


def article_record(article: Article) -> dict[str, Any]:
    """The jsonl record of one article for `claimdesk articles`: where it came from, null where unknown."""
    meta = article.meta
    return {
        "article": article.id,
        "path": str(article.path),
        "format": meta.format,
        "title": meta.title or article.title or None,
        "url": meta.url,
        "site": meta.site,
        "authors": list(meta.authors),
        "published": meta.published,
        "language": meta.language,
        "chars": len(article.text),
    }
