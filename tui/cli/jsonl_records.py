"""The records the commands print as jsonl: one flat dict per sentence or article (public contracts)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui.text.article import Article, ScoredSentence


def sentence_records(
    article: Article, scored: Iterable[ScoredSentence], every_sentence: bool = False
) -> list[dict[str, Any]]:
    """The jsonl records of an article's scored sentences, claims only unless `every_sentence`; `line` is the
    1-based line a sentence starts on."""
    text, article_id, path = article.text, article.id, str(article.path)
    records = []
    # Sentences come in text order: the newlines from one to the next are counted, not every line's start
    # listed and searched (8 ms of 48,000 lines on 5 MB).
    line, counted = 1, 0  # `line` is the line holding offset `counted`
    for one in scored:
        if not (every_sentence or one.is_claim):
            continue
        sentence, assessment = one.sentence, one.assessment
        if sentence.start < counted:  # out of text order: counted again from the top
            line, counted = 1, 0
        line += text.count("\n", counted, sentence.start)
        counted = sentence.start
        records.append(
            {
                "article": article_id,
                "path": path,
                "index": one.index,
                "start": sentence.start,
                "end": sentence.end,
                "line": line,
                "text": sentence.text,
                "score": assessment.score,
                "is_claim": one.is_claim,
                "boilerplate": sentence.boilerplate,
                "reasons": list(assessment.reasons),
            }
        )
    return records


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
