"""Score sentences for check-worthiness and pick the claims a fact-checker should see.

The score is a logistic combination of signals a fact-checker looks for: a
quantity, a date, an attribution ("said", "according to"), a comparison, a
causal link, named actors and an asserted event; and of signals against: a
question, opinion, a call to action, first-person chatter, a fragment. Every
signal that fired is reported as a reason, so the highlight explains itself.
The weights were set against sentences labelled by hand (`tests/data/`);
`bench/claims_quality.py` measures them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tui.text import cues
from tui.text.article import Article, Assessment, ScoredSentence, Sentence
from tui.text.boilerplate import is_boilerplate_line
from tui.text.sentences import split_sentences, title_cased

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class _Signal:
    reason: str
    weight: float


# Weights of the logistic score; the bias makes a sentence with no signal clearly not a claim.
_BIAS = -1.8
_QUANTITY_SIGNAL = _Signal("quantity or number", 1.0)
_DATE_SIGNAL = _Signal("date or time", 0.7)
_ATTRIBUTION_SIGNAL = _Signal("attribution or source", 1.0)
_COMPARISON_SIGNAL = _Signal("comparison or superlative", 0.5)
_CAUSAL_SIGNAL = _Signal("causal claim", 0.4)
_EVENT_SIGNAL = _Signal("asserted event or state", 1.8)
_NO_VERB_SIGNAL = _Signal("no verb: a label, not a statement", -0.6)
_ENTITY_WEIGHT = 0.35
_ENTITY_CAP = 4
_QUESTION_SIGNAL = _Signal("question", -3.0)
_OPINION_SIGNAL = _Signal("opinion or emotive language", -1.3)
_CALL_SIGNAL = _Signal("call to action", -2.2)
_FIRST_PERSON_SIGNAL = _Signal("first-person chatter", -2.0)
_SECOND_PERSON_SIGNAL = _Signal("addresses the reader", -1.2)
_EXCLAMATION_SIGNAL = _Signal("exclamation", -0.8)
_HEDGE_SIGNAL = _Signal("hedged or speculative", -0.3)
_LISTICLE_SIGNAL = _Signal("listicle headline", -2.0)
_FRAGMENT_SIGNAL = _Signal("too short to be a claim", -2.5)
_FRAGMENT_WORDS = 3
_BOILERPLATE_REASON = "page furniture (boilerplate)"


def _named_entities(text: str) -> int:
    """Capitalised names and acronyms; in a Title Case headline only acronyms tell names apart."""
    found = cues.ENTITY.findall(text)
    if title_cased(text):
        return sum(1 for word in found if word.isupper())
    return len(found)


def _signals(text: str) -> Iterator[_Signal]:
    tokens = cues.Tokens.of(text)
    quoted = bool(cues.QUOTED.search(text))
    attributed = cues.ATTRIBUTION.fires(tokens)
    if cues.has_quantity(tokens):
        yield _QUANTITY_SIGNAL
    if cues.has_date(tokens):
        yield _DATE_SIGNAL
    if attributed:
        yield _ATTRIBUTION_SIGNAL
    if cues.COMPARISON.fires(tokens):
        yield _COMPARISON_SIGNAL
    if cues.CAUSAL.fires(tokens):
        yield _CAUSAL_SIGNAL
    yield _EVENT_SIGNAL if attributed or cues.asserts_event(tokens) else _NO_VERB_SIGNAL
    entities = min(_named_entities(text), _ENTITY_CAP)
    if entities:
        yield _Signal(f"named entities ({entities})", _ENTITY_WEIGHT * entities)
    if cues.is_question(tokens):
        yield _QUESTION_SIGNAL
    if cues.OPINION.fires(tokens):
        yield _OPINION_SIGNAL
    if cues.calls_to_action(tokens):
        yield _CALL_SIGNAL
    # Reported speech in the first person ("we have seen…", he said) is a claim of the speaker.
    if not (quoted or attributed):
        if cues.speaks_first_person(tokens):
            yield _FIRST_PERSON_SIGNAL
        if cues.addresses_reader(tokens):
            yield _SECOND_PERSON_SIGNAL
    if "!" in text:
        yield _EXCLAMATION_SIGNAL
    if cues.LISTICLE.search(tokens.folded):
        yield _LISTICLE_SIGNAL
    if cues.HEDGE.fires(tokens):
        yield _HEDGE_SIGNAL
    if len(tokens.words) < _FRAGMENT_WORDS:
        yield _FRAGMENT_SIGNAL


def assess(text: str) -> Assessment:
    """Score one sentence for check-worthiness (0..1) and say which signals drove it."""
    fired = list(_signals(text))
    logit = _BIAS + sum(signal.weight for signal in fired)
    score = 1.0 / (1.0 + math.exp(-logit))
    ranked = sorted(fired, key=lambda signal: -abs(signal.weight))
    return Assessment(round(score, 4), tuple(signal.reason for signal in ranked))


def article_sentences(article: Article) -> list[Sentence]:
    """The article's sentences, each marked if most of it lies in boilerplate."""
    furniture = [b.span for b in article.boilerplate]
    sentences = []
    first = 0  # both lists are in text order: skip furniture that ends before the sentence
    for span in split_sentences(article.text):
        while first < len(furniture) and furniture[first].end <= span.start:
            first += 1
        covered = 0
        for candidate in furniture[first:]:
            if candidate.start >= span.end:
                break
            covered += span.overlap(candidate)
        sentences.append(Sentence(span.start, span.end, article.text[span.start : span.end], covered * 2 > len(span)))
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


def score_sentences(sentences: Iterable[Sentence], threshold: float = DEFAULT_THRESHOLD) -> Iterator[ScoredSentence]:
    """Assess each sentence; number the claims in text order. Boilerplate is never a claim."""
    index = 0
    for sentence in sentences:
        assessment = assess(sentence.text)
        if sentence.boilerplate:
            assessment = Assessment(assessment.score, (_BOILERPLATE_REASON, *assessment.reasons))
        is_claim = not sentence.boilerplate and assessment.score >= threshold
        yield ScoredSentence(sentence, assessment, is_claim, index if is_claim else None)
        if is_claim:
            index += 1


def find_claims(article: Article, threshold: float = DEFAULT_THRESHOLD) -> list[ScoredSentence]:
    """Every sentence of the article, scored, with its claims numbered from 0."""
    return list(score_sentences(article_sentences(article), threshold))
