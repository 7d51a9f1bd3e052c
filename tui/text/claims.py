"""Pick the claims a fact-checker should see: score each sentence, boilerplate never a claim.

The score is the learned check-worthiness of `tui.text.checkworthiness`, and its
reasons name the words of the sentence that drove it. `bench/claims_quality.py`
measures it against sentences labelled by hand (`tests/data/`) and transcripts
labelled by fact-checkers (`data/`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING

from tui.text import claims_cache
from tui.text.article import DEFAULT_THRESHOLD, Article, Assessment, Boilerplate, ScoredSentence, Sentence
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
    bounds = sentence_bounds(text)
    if not bounds:
        return []
    # Column by column, in C calls: a loop over 37,000 sentences of 5 MB cost 46 ms, these 15.
    starts, ends = zip(*bounds, strict=True)
    texts = map(text.__getitem__, map(slice, starts, ends))
    return list(map(Sentence, starts, ends, texts, _mostly_furniture(article.boilerplate, starts, ends)))


def _mostly_furniture(furniture: Iterable[Boilerplate], starts: Sequence[int], ends: Sequence[int]) -> list[bool]:
    """Whether most of each sentence lies in furniture; the sentences in text order, none overlapping."""
    covered: dict[int, int] = {}  # characters in furniture, by sentence
    for piece in furniture:  # few sentences lie in furniture: each piece finds the sentences it overlaps
        index = bisect_right(ends, piece.start)
        while index < len(starts) and starts[index] < piece.end:
            overlap = min(ends[index], piece.end) - max(starts[index], piece.start)
            covered[index] = covered.get(index, 0) + overlap
            index += 1
    mostly = [False] * len(starts)
    for index, characters in covered.items():
        mostly[index] = characters * 2 > ends[index] - starts[index]
    return mostly


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
    return next(find_claims_of([article], threshold))


# Articles are taken this many characters at a time, and those not scored before among them are scored
# together: a folder of 2,225 short articles scored one at a time paid the scorer's fixed work (a few
# hundred numpy calls) 2,225 times, and one call for every article of a large folder would hold all
# their tokens, and all their sentences, at once.
SCORED_TOGETHER_CHARS = 4_000_000


def find_claims_of(
    articles: Iterable[Article], threshold: float = DEFAULT_THRESHOLD, characters_at_once: int = SCORED_TOGETHER_CHARS
) -> Iterator[list[ScoredSentence]]:
    """`find_claims` of each article in turn, with the shipped scorer; those not scored before are scored
    together, a batch of articles of about `characters_at_once` at a time."""
    batch: list[tuple[Article, list[tuple[Sentence, Assessment]] | None]] = []
    characters = 0
    for article in articles:
        batch.append((article, claims_cache.recall(article)))
        characters += len(article.text)
        if characters >= characters_at_once:
            yield from _batch_found(batch, threshold)
            batch, characters = [], 0
    yield from _batch_found(batch, threshold)


def _batch_found(
    batch: list[tuple[Article, list[tuple[Sentence, Assessment]] | None]], threshold: float
) -> Iterator[list[ScoredSentence]]:
    """Each article's scored sentences: as kept, or scored in one call with the others not kept, and kept."""
    sentences = [article_sentences(article) for article, kept in batch if kept is None]
    # The scorer, and numpy with it, loads only for something to score.
    scored = iter(_assessed(chain.from_iterable(sentences), None) if any(sentences) else ())
    counts = map(len, sentences)  # the unscored articles' sentences, in turn
    for article, kept in batch:
        if kept is None:
            kept = list(islice(scored, next(counts)))
            claims_cache.remember(article, kept)
        yield list(_numbered(kept, threshold))


def claim_sentences(article: Article, threshold: float = DEFAULT_THRESHOLD) -> list[Sentence]:
    """The article's claims in text order: claim N of `claimdesk claims` is the N-th."""
    return [scored.sentence for scored in find_claims(article, threshold) if scored.is_claim]
