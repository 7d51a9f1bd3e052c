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
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tui.boilerplate import is_boilerplate_line
from tui.model import Article, Assessment, ScoredSentence, Sentence, Span
from tui.sentences import split_sentences

DEFAULT_THRESHOLD = 0.5

_I = re.IGNORECASE
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
    r"thousands?|millions?|billions?|trillions?|dozens?|scores|half|third|quarter|twice|double|triple|"
    r"percent|per\s+cent"
)
_QUANTITY = re.compile(rf"\d|%|\b(?:{_NUMBER_WORDS})\b", _I)
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:1[89]|20)\d\d\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b(?:yesterday|today|last\s+(?:week|month|year|night|season)|earlier\s+this\s+(?:week|month|year)|"
    r"this\s+(?:week|month|year)|(?:days|weeks|months|years|decades)\s+(?:ago|after|later|earlier))\b"
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|tells|according\s+to|report(?:s|ed)?|announc(?:ed|es)|stat(?:ed|es)|confirm(?:ed|s)|"
    r"claim(?:ed|s)|warn(?:ed|s)|not(?:ed|es)|add(?:ed|s)|reveal(?:ed|s)|emphasi[sz](?:ed|es)|insist(?:ed|s)|"
    r"den(?:ied|ies)|quoted|testified|wrote|tweeted|admit(?:ted|s)|estimat(?:ed|es)|show(?:ed|s|n)|found|"
    r"accus(?:ed|es)|alleg(?:ed|es)|conceded|highlighted|published|released|cited|data|figures|survey|"
    r"study|statistics|census|records?|sources?|officials?|spokes(?:man|woman|person))\b",
    _I,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|worse|better)\s+than\b|"
    r"\b(?:at\s+least|at\s+most|as\s+many\s+as|as\s+much\s+as|up\s+to|nearly|almost|about|around|some|over|"
    r"largest|biggest|highest|lowest|smallest|most|least|fastest|worst|best|record|first|last|only|"
    r"increas(?:ed|es|ing)|ris(?:e|es|en|ing)|rose|fell|fall(?:s|en|ing)?|drop(?:ped|s)?|doubled|tripled|"
    r"surge[sd]?|soar(?:ed|s)?|plunge[sd]?|declin(?:ed|es|ing)|grew|growth|compared|twice|half)\b",
    _I,
)
_CAUSAL = re.compile(
    r"\b(?:because|due\s+to|as\s+a\s+result|result(?:ed|s)?\s+(?:of|in)|led\s+to|lead(?:s)?\s+to|caus(?:ed|es|ing)|"
    r"thanks\s+to|therefore|consequently|so\s+that|in\s+response\s+to|allow(?:ed|s)?\s+(?:for|the)|"
    r"left\s+\w+\s+\w*\s*unguarded|after)\b",
    _I,
)
_EVENT = re.compile(
    r"\b(?:\w{3,}ed|was|were|has|have|had|is|are|will|been|killed|fled|left|launched|won|lost|held|took|began|"
    r"made|gave|sent|met|ran|built|paid|cut|set|became|struck|hit|stay|stays|remain(?:s|ed)?|lies|seeks?|"
    r"aims?|flee|flees|face[sd]?|pose[sd]?|continues?|controls?|includes?|spends?|pays?|earns?|costs?|"
    r"owns?|holds?|leads?|runs?|requires?|contains?|produces?|represents?|accounts?|commits?|plans?|"
    r"gets?|gives?|takes?|makes?|uses?|needs?|wants?|exports?|imports?|employs?|operates?|sells?|buys?|"
    r"kills?|dies|rises?|falls?|grows?|reaches?|exceeds?|lacks?|denies|opposes?|supports?|backs?|"
    r"allows?|bans?|blocks?|stands?|burst|broke|caught|brought|bought|fought|sold|shot|stole|drove|flew|"
    r"swept|spread|tore|beat|chose|dealt|drew|fed|froze|hid|hung|kept|knew|led|lent|meant|overtook|rang|"
    r"rode|sank|shook|shut|sought|spent|split|stood|swore|threw|understood|withdrew|wrote|told|ordered)\b",
    _I,
)
_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]{2,}s?)\b")
_QUESTION = re.compile(
    r"\?[\"'”’)]*\s*$|^\W*(?:is|are|was|were|do|does|did|can|will|has|have|how|why|what|who|where|when)\b(?!.*[.!]\W*$)",
    _I,
)
# "us" only in lower case: "US" is a country.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|us)\b|\b(?i:me|my|mine|we|we're|we’re|our|ours)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you’re|yours)\b", _I)
_OPINION = re.compile(
    r"\b(?:I\s+think|I\s+believe|I\s+feel|in\s+my\s+(?:view|opinion)|love|hate|awesome|amazing|terrible|"
    r"horrible|disgusting|shameful|stupid|idiot\w*|sick(?:est)?|joke|lol|lmao|xd|gotta|gonna|wanna|"
    r"fucking|fuck|damn|crap|bullshit|absolutely|totally|ridiculous|pathetic|wonderful|fantastic|"
    r"great|brilliant|sad|shame|should|ought\s+to|must|need\s+to|let'?s|hope|wish|bahaha|haha|yep|nope|"
    r"opinion|arguably|frankly|honestly|surely|kindly|unconvincing|worth\s+(?:paying|it)|anyone'?s\s+guess|"
    r"(?:don'?t|do\s+not|doesn'?t)\s+think|remains\s+to\s+be\s+seen|too\s+early\s+to\s+(?:say|tell)|"
    r"it\s+is\s+(?:hard|easy|difficult|possible|impossible|likely|unlikely|clear|time|important|vital)\b|"
    r"judge\w*)\b",
    _I,
)
_CALL_TO_ACTION = re.compile(
    r"^\W*(?:please|click|tap|subscribe|sign\s+up|share|join|follow|donate|support|read|watch|listen|"
    r"don'?t\s+miss|check\s+out|tell\s+us|let\s+us\s+know|comment|contact|call|email|register|download|"
    r"visit|find\s+out|learn\s+more|see\s+also|get)\b|\bplease\b",
    _I,
)
_HEDGE = re.compile(r"\b(?:may|might|could|would|perhaps|possibly|maybe|probably|seems?|appears?)\b", _I)
_QUOTED = re.compile(r"[“\"].{12,}?(?:[”\"]|$)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


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
# The bias already prices in a missing verb; the reason is there to explain the score.
_NO_VERB_SIGNAL = _Signal("no verb: a label, not a statement", 0.0)
_ENTITY_WEIGHT = 0.35
_ENTITY_CAP = 4
_QUESTION_SIGNAL = _Signal("question", -3.0)
_OPINION_SIGNAL = _Signal("opinion or emotive language", -1.3)
_CALL_SIGNAL = _Signal("call to action", -2.2)
_FIRST_PERSON_SIGNAL = _Signal("first-person chatter", -2.0)
_SECOND_PERSON_SIGNAL = _Signal("addresses the reader", -1.2)
_EXCLAMATION_SIGNAL = _Signal("exclamation", -0.8)
_HEDGE_SIGNAL = _Signal("hedged or speculative", -0.3)
_FRAGMENT_SIGNAL = _Signal("too short to be a claim", -2.5)
_FRAGMENT_WORDS = 4
_BOILERPLATE_REASON = "page furniture (boilerplate)"


def _named_entities(text: str) -> int:
    return len(_ENTITY.findall(text))


def assess(text: str) -> Assessment:
    """Score one sentence for check-worthiness (0..1) and say which signals drove it."""
    words = _WORD.findall(text)
    fired: list[_Signal] = []
    quoted = bool(_QUOTED.search(text))
    attributed = bool(_ATTRIBUTION.search(text))
    if _QUANTITY.search(text):
        fired.append(_QUANTITY_SIGNAL)
    if _DATE.search(text):
        fired.append(_DATE_SIGNAL)
    if attributed:
        fired.append(_ATTRIBUTION_SIGNAL)
    if _COMPARISON.search(text):
        fired.append(_COMPARISON_SIGNAL)
    if _CAUSAL.search(text):
        fired.append(_CAUSAL_SIGNAL)
    if attributed or _EVENT.search(text):
        fired.append(_EVENT_SIGNAL)
    else:
        fired.append(_NO_VERB_SIGNAL)
    entities = min(_named_entities(text), _ENTITY_CAP)
    if entities:
        fired.append(_Signal(f"named entities ({entities})", _ENTITY_WEIGHT * entities))
    if _QUESTION.search(text):
        fired.append(_QUESTION_SIGNAL)
    if _OPINION.search(text):
        fired.append(_OPINION_SIGNAL)
    if _CALL_TO_ACTION.search(text):
        fired.append(_CALL_SIGNAL)
    # Reported speech in the first person ("we have seen…", he said) is a claim of the speaker.
    if not (quoted or attributed):
        if _FIRST_PERSON.search(text):
            fired.append(_FIRST_PERSON_SIGNAL)
        if _SECOND_PERSON.search(text):
            fired.append(_SECOND_PERSON_SIGNAL)
    if "!" in text:
        fired.append(_EXCLAMATION_SIGNAL)
    if _HEDGE.search(text):
        fired.append(_HEDGE_SIGNAL)
    if len(words) < _FRAGMENT_WORDS:
        fired.append(_FRAGMENT_SIGNAL)
    logit = _BIAS + sum(signal.weight for signal in fired)
    score = 1.0 / (1.0 + math.exp(-logit))
    ranked = sorted(fired, key=lambda signal: -abs(signal.weight))
    return Assessment(round(score, 4), tuple(signal.reason for signal in ranked))


def _flag_boilerplate(sentence: Span, furniture: Iterable[Span]) -> bool:
    """A sentence is furniture when most of it lies in flagged text."""
    return sum(sentence.overlap(span) for span in furniture) * 2 > len(sentence)


def article_sentences(article: Article) -> list[Sentence]:
    """The article's sentences, each marked if it lies in boilerplate."""
    furniture = [b.span for b in article.boilerplate]
    return [
        Sentence(span.start, span.end, article.text[span.start : span.end], _flag_boilerplate(span, furniture))
        for span in split_sentences(article.text)
    ]


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
