"""Pick the claims a fact-checker should see: score each sentence, boilerplate never a claim.

The score is the learned check-worthiness of `tui.text.checkworthiness`, and its
reasons name the words of the sentence that drove it. `bench/claims_quality.py`
measures it against sentences labelled by hand (`tests/data/`) and transcripts
labelled by fact-checkers (`data/`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tui.text import claims_cache
from tui.text.article import DEFAULT_THRESHOLD, Article, Assessment, ScoredSentence, Sentence, Span
from tui.text.boilerplate import is_boilerplate_line
from tui.text.sentences import sentence_bounds

if TYPE_CHECKING:
    from tui.text.checkworthiness import Model

_BOILERPLATE_REASON = "page furniture (boilerplate)"


def assess(text: str) -> Assessment:
    """Score one sentence for check-worthiness (0..1) and say what drove it, strongest first."""
    from tui.text.checkworthiness import assess_all

    [assessment] = assess_all([text])
    return assessment


def article_sentences(article: Article) -> list[Sentence]:
    """The article's sentences, each marked if most of it lies in boilerplate."""
    text = article.text
    furniture = [b.span for b in article.boilerplate]
    sentences = []
    first = 0  # both lists are in text order: skip furniture that ends before the sentence
    for start, end in sentence_bounds(text):
        while first < len(furniture) and furniture[first].end <= start:
            first += 1
        covered = 0
        after = first  # indexed, not sliced: a slice would copy the rest of the list at every sentence
        while after < len(furniture) and furniture[after].start < end:
            covered += furniture[after].overlap(Span(start, end))  # few sentences lie in furniture
            after += 1
        sentences.append(Sentence(start, end, text[start:end], covered * 2 > end - start))
    return sentences


def line_sentences(text: str) -> list[Sentence]:
    """Each non-blank line as one sentence (trimmed), judged as furniture on its own."""
    sentences = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + len(line) - len(line.lstrip())
            sentences.append(Sentence(start, start + len(stripped), stripped, is_boilerplate_line(stripped)))
        offset += len(line) + 1
    return sentences


def _assessed(sentences: Iterable[Sentence], model: Model | None) -> list[tuple[Sentence, Assessment]]:
    from tui.text.checkworthiness import assess_all  # numpy and the weights load where something is scored

    listed = list(sentences)
    return list(zip(listed, assess_all([s.text for s in listed], model), strict=True))


def _numbered(assessed: Iterable[tuple[Sentence, Assessment]], threshold: float) -> Iterator[ScoredSentence]:
    index = 0
    for sentence, assessment in assessed:
        if sentence.boilerplate:
            assessment = Assessment(assessment.score, (_BOILERPLATE_REASON, *assessment.reasons))
        is_claim = not sentence.boilerplate and assessment.score >= threshold
        yield ScoredSentence(sentence, assessment, is_claim, index if is_claim else None)
        if is_claim:
            index += 1


def score_sentences(
    sentences: Iterable[Sentence], threshold: float = DEFAULT_THRESHOLD, model: Model | None = None
) -> Iterator[ScoredSentence]:
    """Assess the sentences (all at once); number the claims in text order. Boilerplate is never a claim.

    `model` is the shipped scorer unless another is given (the benchmark compares them).
    """
    return _numbered(_assessed(sentences, model), threshold)


def find_claims(
    article: Article, threshold: float = DEFAULT_THRESHOLD, model: Model | None = None
) -> list[ScoredSentence]:
    """Every sentence of the article, scored, with its claims numbered from 0.

    With the shipped scorer, an article scored before is read back from `tui.text.claims_cache`.
    """
    if model is not None:
        return list(score_sentences(article_sentences(article), threshold, model))
    assessed = claims_cache.recall(article)
    if assessed is None:
        assessed = _assessed(article_sentences(article), None)
        claims_cache.remember(article, assessed)
    return list(_numbered(assessed, threshold))


def claim_sentences(article: Article, threshold: float = DEFAULT_THRESHOLD) -> list[Sentence]:
    """The article's claims in text order: claim N of `claimdesk claims` is the N-th."""
    return [scored.sentence for scored in find_claims(article, threshold) if scored.is_claim]
