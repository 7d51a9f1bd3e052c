"""The vocabulary of check-worthiness, and the signals it gives, found for many sentences at once.

Each signal is something a fact-checker looks for (a quantity, a date, an
attribution, a comparison, a causal link, named actors, an asserted event) or
its absence (a question, opinion, a call to action, first-person chatter, a
fragment). They are features of the learned scorer (`tui.text.checkworthiness`)
and name the reasons it gives. Single-word cues are looked up once per distinct
token (all vocabularies in one look-up) and multi-word cues by numbering the
windows of consecutive tokens, so finding them costs a few array operations over
all the sentences at once; only the cues that must open a sentence are regular
expressions, searched for after each sentence separator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import cycle, product
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from tui.text.token_batch import SEPARATOR, TEXTS_PER_SLICE, BoolArray, IntArray, TokenBatch, over_types

FloatArray = npt.NDArray[np.float64]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


def _phrases(*patterns: str) -> frozenset[str]:
    """Word sequences, variants in brackets: "lead(s|) to" is "leads to" and "lead to"."""
    expanded: set[str] = set()
    for pattern in patterns:
        parts = re.split(r"\(([^()]*)\)", pattern)  # literal text, then alternatives, then literal text…
        options = [[part] if even else part.split("|") for even, part in zip(cycle((True, False)), parts)]
        expanded.update(" ".join("".join(choice).split()) for choice in product(*options))
    return frozenset(expanded)


def _at_sentence_start(pattern: str) -> re.Pattern[str]:
    """A cue that counts only where it opens the sentence ("Sign up…", "17 things…").

    It is found after the separator before the sentence (see `_sentences_joined`), which group 1 leaves out.
    """
    return re.compile(rf"{SEPARATOR}((?:{pattern})\b)")


# NamedTuples, not dataclasses, as in tui.text.token_batch: cheaper to define in every command that scores.
class Cue(NamedTuple):
    """Fires when the sentence holds one of `words` or of `phrases` (consecutive words), case-folded."""

    words: frozenset[str] = frozenset()
    phrases: frozenset[str] = frozenset()  # sequences of folded words, joined by spaces


QUANTITY = Cue(
    _words(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
        "thousand thousands million millions billion billions trillion trillions dozen dozens scores half third "
        "quarter twice double triple percent"
    ),
    _phrases(r"per cent"),
)

MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Aug Sept Sep Oct Nov Dec".split()
)
DATE = Cue(
    _words("monday tuesday wednesday thursday friday saturday sunday yesterday today tonight overnight"),
    _phrases(
        r"last (week|month|year|night|season)",
        r"earlier this (week|month|year)",
        r"this (week|month|year)",
        r"(days|weeks|months|years|decades) (ago|after|later|earlier)",
    ),
)

ATTRIBUTION = Cue(
    _words(
        "said says told tells report reports reported announced announces stated states confirmed confirms "
        "claimed claims warned warns noted notes added adds revealed reveals emphasised emphasized emphasises "
        "emphasizes insisted insists denied denies quoted testified wrote tweeted admitted admits estimated "
        "estimates showed shows shown found accused accuses alleged alleges conceded highlighted published "
        "released cited data figures survey study statistics census record records source sources official "
        "officials spokesman spokeswoman spokesperson"
    ),
    _phrases(r"according to"),
)

COMPARISON = Cue(
    _words(
        "nearly almost about around some over largest biggest highest lowest smallest most least fastest worst "
        "best record first last only increased increases increasing rise rises risen rising rose fell fall falls "
        "fallen falling drop dropped drops doubled tripled surge surged surges soar soared soars plunge plunged "
        "plunges decline declined declines declining grew growth compared twice half"
    ),
    _phrases(
        r"(more|less|fewer|greater|higher|lower|larger|smaller|bigger|worse|better) than",
        r"at least",
        r"at most",
        r"as many as",
        r"as much as",
        r"up to",
    ),
)

CAUSAL = Cue(
    _words("because therefore consequently caused causes causing after"),
    _phrases(
        r"due to",
        r"as a result",
        r"result(ed|s|) (of|in)",
        r"led to",
        r"lead(s|) to",
        r"thanks to",
        r"so that",
        r"in response to",
        r"allow(ed|s|) (for|the)",
    ),
)

# Finite verbs that assert an event or a state; regular past tenses ("-ed") are recognised by shape.
EVENT = Cue(
    _words(
        "was were has have had is are will been doesn't don't didn't isn't aren't wasn't weren't won't can't "
        "hasn't haven't hadn't cannot come comes become becomes raise raises lower lowers increase increases "
        "reduce reduces prevent prevents affect affects improve improves boost boosts harm harms protect "
        "protects link links shrank shrunk swam stole sent rose fell grew came went saw got found thought ate "
        "forgot lay sang sat slept spoke wore undertook taught bit blew dug stuck swung woke fled left won lost "
        "held took began made gave met ran built paid cut set became struck hit stay stays remain remains lies "
        "seek seeks aim aims flee flees face faces pose poses continue continues control controls include "
        "includes spend spends pay pays earn earns cost costs own owns hold holds lead leads run runs require "
        "requires contain contains produce produces represent represents account accounts commit commits plan "
        "plans get gets give gives take takes make makes use uses need needs want wants export exports import "
        "imports employ employs operate operates sell sells buy buys kill kills dies rise rises fall falls grow "
        "grows reach reaches exceed exceeds lack lacks oppose opposes support supports back backs allow allows "
        "ban bans block blocks stand stands burst broke caught brought bought fought sold shot drove flew swept "
        "spread tore beat chose dealt drew fed froze hid hung kept knew led lent meant overtook rang rode sank "
        "shook shut sought spent split stood swore threw understood withdrew wrote told"
    )
)

FIRST_PERSON = frozenset("me my mine we we're our ours".split())
# Case matters: "I" is the speaker, "US" is a country and "us" the speakers.
FIRST_PERSON_CASED = frozenset("I I'm I've I'd us".split())
SECOND_PERSON = frozenset("you your you're yours".split())

OPINION = Cue(
    _words(
        "love hate awesome amazing terrible horrible disgusting shameful stupid idiot idiots idiotic sick "
        "sickest joke lol lmao xd gotta gonna wanna fucking fuck damn crap bullshit absolutely totally "
        "ridiculous pathetic wonderful fantastic brilliant sad shame should must let's hope wish bahaha haha "
        "yep nope opinion arguably frankly honestly surely kindly unconvincing damning clown clowns bravo "
        "judge judged judgement judgment congratulations congrats"
    ),
    _phrases(
        r"i (think|believe|feel)",
        r"in my (view|opinion)",
        r"ought to",
        r"need to",
        r"worth (paying|it)",
        r"anyone's guess",
        r"(don't|do not|doesn't) think",
        r"remains to be seen",
        r"too early to (say|tell)",
        r"it is (hard|easy|difficult|possible|impossible|likely|unlikely|clear|time|important|vital)",
        r"of course",
        r"oh sure",
        r"something tells me",
        r"well (done|played)",
        r"(good|great) job",
    ),
)

CALL_TO_ACTION_OPENERS = frozenset(
    "please click tap subscribe share join follow donate support read watch listen comment contact call email "
    "register download visit get try avoid imagine discover explore enjoy book".split()
)
CALL_TO_ACTION_PHRASES = _at_sentence_start(
    r"[^\w\x00]*(?:\d{1,3}[.)]\s*)?(?:sign up|don't miss|check out|tell us|let us know|find out|learn more|see also|"
    r"don't forget|remember to|make sure)"
)
# An imperative opener is followed by its object ("Support us", "Read the full story", "Call 101");
# the same word before a noun is a subject ("Support for the bill fell").
IMPERATIVE_OBJECTS = frozenset(
    "us this the our your a an more now here today it them to on with in up out all me what how".split()
)

QUESTION_OPENERS = frozenset("is are was were do does did can will has have how why what who where when".split())

# "17 Things …" and "The 10 Best …" headlines: listicle furniture, not claims.
LISTICLE = _at_sentence_start(
    r"\s*(?:the\s+)?\d{1,3}\s+(?:best|worst|biggest|top|greatest|things|ways|reasons|places|tips|signs|facts|"
    r"of the|must|ideas|moments|photos|pictures|times)"
)

HEDGE = Cue(_words("may might could would perhaps possibly maybe probably seem seems appear appears"))
PLEASE = frozenset({"please"})

# Each single-word vocabulary is a bit of a number per word, so that one look-up per distinct token
# answers all of them.
_VOCABULARY_BIT = {
    vocabulary: 1 << bit
    for bit, vocabulary in enumerate(
        (
            QUANTITY.words,
            DATE.words,
            ATTRIBUTION.words,
            COMPARISON.words,
            CAUSAL.words,
            EVENT.words,
            OPINION.words,
            HEDGE.words,
            PLEASE,
            FIRST_PERSON,
            SECOND_PERSON,
            QUESTION_OPENERS,
        )
    )
}


def _vocabulary_bits() -> dict[str, int]:
    bits: dict[str, int] = {}
    for vocabulary, bit in _VOCABULARY_BIT.items():
        for word in vocabulary:
            bits[word] = bits.get(word, 0) | bit
    return bits


_VOCABULARY_BITS = _vocabulary_bits()
# Other properties of a distinct token that fire a signal where it stands, each a bit after the vocabularies'.
_DIGIT_BIT, _MONTH_BIT, _PAST_BIT, _CASED_FIRST_PERSON_BIT, _NAME_BIT, _ACRONYM_BIT = (
    1 << (len(_VOCABULARY_BIT) + bit) for bit in range(6)
)


class _FlaggedTokens(NamedTuple):
    """The tokens (in order) whose type has a bit of `_VOCABULARY_BIT` or the other token bits, and their bits.

    A third of an article's tokens: each signal is looked for among them, not among them all.
    """

    tokens: IntArray
    bits: IntArray

    @classmethod
    def of(cls, batch: TokenBatch, type_bits: IntArray) -> _FlaggedTokens:
        token_bits = type_bits.take(batch.type_of)
        tokens = np.flatnonzero(token_bits)
        return cls(tokens, token_bits[tokens])

    def having(self, bits: int) -> IntArray:
        """The tokens with any of these bits."""
        having: IntArray = self.tokens[(self.bits & bits) != 0]
        return having


_TITLE_WORD_LENGTH = 4
_TITLE_CAPITALISED = 0.75
_REGULAR_PAST_MIN_LENGTH = 4
_ENTITY_CAP = 4
_FRAGMENT_WORDS = 3
_NAME = re.compile(r"[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)*|[A-Z]{2,}s?")
_ACRONYM = re.compile(r"[A-Z]{2,}s?")
_LIST_NUMBER = re.compile(r"\d{1,3}")
_QUOTED = re.compile(r"[“\"].{12,}?(?:[”\"]|$)")


class Signal(NamedTuple):
    """One signal: its feature name and how a reason names it ("attribution: said")."""

    name: str
    reason: str


SIGNALS = (
    Signal("quantity", "number"),
    Signal("date", "date"),
    Signal("attribution", "attribution"),
    Signal("comparison", "comparison"),
    Signal("causal", "cause"),
    Signal("event", "verb"),
    Signal("no_verb", "no verb: a label, not a statement"),
    Signal("entities", "name"),
    Signal("question", "question"),
    Signal("opinion", "opinion"),
    Signal("call_to_action", "call to action"),
    Signal("first_person", "first person"),
    Signal("second_person", "addresses the reader"),
    Signal("exclamation", "exclamation"),
    Signal("hedge", "hedge"),
    Signal("listicle", "listicle headline"),
    Signal("fragment", "too short to be a claim"),
)
SIGNAL_NAMES = tuple(signal.name for signal in SIGNALS)
_COLUMN = {name: column for column, name in enumerate(SIGNAL_NAMES)}

_PHRASE_CUES = {
    "quantity": QUANTITY.phrases,
    "date": DATE.phrases,
    "attribution": ATTRIBUTION.phrases,
    "comparison": COMPARISON.phrases,
    "causal": CAUSAL.phrases,
    "opinion": OPINION.phrases,
}
_PHRASE_COLUMNS = {phrase: name for name, phrases in _PHRASE_CUES.items() for phrase in phrases}
# Multi-word cues are found like the scorer's word pairs: each word of a phrase is numbered, a phrase
# of n words is a number in base len(_PHRASE_WORDS), and every window of n tokens is looked up at once.
_PHRASE_WORDS = {word: number for number, word in enumerate(sorted({w for p in _PHRASE_COLUMNS for w in p.split()}))}
_PHRASE_LENGTHS = sorted({len(phrase.split()) for phrase in _PHRASE_COLUMNS})


def _phrase_key(numbers: list[int]) -> int:
    key = 0
    for number in numbers:
        key = key * len(_PHRASE_WORDS) + number
    return key


_PHRASE_KEYS = {
    length: {_phrase_key([_PHRASE_WORDS[w] for w in p.split()]): p for p in _PHRASE_COLUMNS if len(p.split()) == length}
    for length in _PHRASE_LENGTHS
}
_PHRASE_KNOWN = {length: np.array(sorted(phrases), dtype=np.int64) for length, phrases in _PHRASE_KEYS.items()}
_PHRASE_OPENERS = {
    length: np.array(sorted({_PHRASE_WORDS[phrase.split()[0]] for phrase in phrases.values()}), dtype=np.int64)
    for length, phrases in _PHRASE_KEYS.items()
}
_OPENING_CUES = {"call_to_action": CALL_TO_ACTION_PHRASES, "listicle": LISTICLE}
# Any opening cue, case ignored: finds the few texts worth lowering (see `_text_marks`).
_OPENING_CANDIDATES = re.compile("|".join(cue.pattern for cue in _OPENING_CUES.values()), re.IGNORECASE)


def _among(values: IntArray, known: IntArray) -> BoolArray:
    """Whether each value is one of `known` (sorted, not empty).

    Not `np.isin`, which imports numpy.ma on its first call: 9 ms of a command that scores one article.
    """
    found = np.minimum(np.searchsorted(known, values), len(known) - 1)
    among: BoolArray = known[found] == values
    return among


class CueSignals(NamedTuple):
    """The signals of a batch of sentences, one column per entry of SIGNALS.

    `values` is 1 where a signal fired (the number of names, capped, for `entities`);
    `trigger_token` the token that fired it (-1 for none: a phrase, or the sentence as a whole);
    `phrases` the phrase that fired a signal no single word fired, by (sentence, column).
    """

    values: FloatArray
    trigger_token: IntArray
    phrases: dict[tuple[int, int], str]


class _Recorder:
    def __init__(self, batch: TokenBatch) -> None:
        self.batch = batch
        count = len(batch.texts)
        self.values = np.zeros((count, len(SIGNALS)))
        self.trigger_token = np.full((count, len(SIGNALS)), -1, dtype=np.int64)

    def fired(self, name: str) -> BoolArray:
        return self.values[:, _COLUMN[name]] > 0

    def by_tokens(self, name: str, flagged: IntArray, also: BoolArray | None = None) -> None:
        """The signal fires in sentences holding a flagged token (its first is the trigger), or where `also`.

        `flagged` are the indices of the flagged tokens, in order.
        """
        column = _COLUMN[name]
        sentences = self.batch.sentence_of[flagged]
        first = np.flatnonzero(np.diff(sentences, prepend=-1))  # tokens are in sentence order
        sentences = sentences[first]
        self.trigger_token[sentences, column] = flagged[first]
        self.values[sentences, column] = 1.0
        if also is not None:
            self.values[also, column] = 1.0

    def by_sentences(self, name: str, sentence_flags: BoolArray) -> None:
        self.values[sentence_flags, _COLUMN[name]] = 1.0


def _phrase_hits(batch: TokenBatch, folded: Sequence[str]) -> dict[str, dict[int, str]]:
    """For each multi-word cue, the first phrase of it in each sentence."""
    hits: dict[str, dict[int, str]] = {name: {} for name in _PHRASE_CUES}
    type_numbers = over_types(_PHRASE_WORDS.get, folded, np.int64, -1)
    # Only windows opening with a phrase's first word are numbered, word by word, and each is dropped
    # at its first word that no phrase has. The few tokens that open a phrase of any length are found
    # in one pass over the tokens, and the words of their windows are looked up for them alone.
    opens = {length: _among(type_numbers, openers) for length, openers in _PHRASE_OPENERS.items()}
    opening = np.flatnonzero(batch.per_type(np.logical_or.reduce(list(opens.values()))))
    opening_types = batch.type_of[opening]
    for length, phrases in _PHRASE_KEYS.items():
        starts = opening[opens[length][opening_types]]
        starts = starts[starts + length <= len(batch.type_of)]
        keys = type_numbers[batch.type_of[starts]]
        for offset in range(1, length):
            part = type_numbers[batch.type_of[starts + offset]]
            starts, keys = starts[part >= 0], keys[part >= 0] * len(_PHRASE_WORDS) + part[part >= 0]
        found = _among(keys, _PHRASE_KNOWN[length])
        for sentence, key in zip(batch.sentence_of[starts[found]].tolist(), keys[found].tolist(), strict=True):
            phrase = phrases[key]
            hits[_PHRASE_COLUMNS[phrase]].setdefault(sentence, phrase)
    return hits


class _TextMarks(NamedTuple):
    """What the texts' characters say, rather than their tokens."""

    openings: dict[str, dict[int, str]]  # for each opening cue, the sentences it opens and its words there
    asking: BoolArray  # which texts end with "?" (but for closing marks and white space; see `_ending`)
    percent: BoolArray  # which texts hold "%"
    exclamation: BoolArray  # which hold "!"


def _text_marks(texts: Sequence[str]) -> _TextMarks:
    """What the texts' characters say, read a slice at a time (as tokens are numbered), joined.

    The opening cues are searched for in the texts as they are, case ignored, and only the texts found
    are lowered and searched again: lowering every text took a fifth of all cue detection. A lowered
    text that a cue opens is among those found: lowering a character keeps it a letter, digit, space
    or other mark, and a cue's letter matches it case-insensitively; the one character it lengthens,
    "İ" (an "i" and a dot above), can be in no cue's words ("i" is never followed by a mark there).
    tests/test_cues.py holds every character to this.
    """
    openings: dict[str, dict[int, str]] = {name: {} for name in _OPENING_CUES}
    asking = np.zeros(len(texts), dtype=bool)
    percent = np.zeros(len(texts), dtype=bool)
    exclamation = np.zeros(len(texts), dtype=bool)
    for first in range(0, len(texts), TEXTS_PER_SLICE):
        joined = _sentences_joined(texts[first : first + TEXTS_PER_SLICE])
        candidates = (found.start() for found in _OPENING_CANDIDATES.finditer(joined))
        for sentence in _sentences_at(candidates, joined, first):
            lowered = _sentences_joined([texts[sentence]]).lower()
            for name, cue in _OPENING_CUES.items():
                if opened := cue.match(lowered):
                    openings[name][sentence] = opened.group(1).strip()
        for mark, pattern, holding in (("%", None, percent), ("!", None, exclamation), ("?", _ASKING, asking)):
            for sentence in _sentences_at(_marked(joined, mark, pattern), joined, first):
                holding[sentence] = True
    return _TextMarks(openings, asking, percent, exclamation)


_CLOSING_MARKS = "\"'”’)"
# A question mark, closing marks, then white space to the text's end: the text's `_ending` is "?".
_ASKING = re.compile(rf"\?[{_CLOSING_MARKS}]*\s*{SEPARATOR}")


def _ending(text: str) -> str:
    """The text's last character before its closing marks and white space ("" for none)."""
    return text.rstrip().rstrip(_CLOSING_MARKS)[-1:]


def _marked(joined: str, mark: str, pattern: re.Pattern[str] | None) -> Iterator[int]:
    """Where the character `mark` stands (the first in a sentence), or where the sentence's last `mark`
    opens a match of `pattern`: a pattern that matches at no other, as one ending the sentence.

    `str.find` skips to a character many times faster than the regular expression engine searches
    for it (it reads memory a vector at a time), and most texts hold no "%", "!" or "?" at all. A
    sentence is visited once however many marks it holds (trying each "?" of a text garbled to
    question marks cost a Python step and a match per mark).
    """
    found = joined.find(mark)
    while found >= 0:
        end = joined.find(SEPARATOR, found)
        if end < 0:
            end = len(joined)
        if pattern is None:
            yield found
        elif pattern.match(joined, last := joined.rfind(mark, found, end)):
            yield last
        found = joined.find(mark, end)


def _sentences_at(positions: Iterable[int], joined: str, first: int) -> Iterator[int]:
    """The sentence each position (in order) lies in, in texts joined by `_sentences_joined` from sentence `first` on.

    A position on a separator lies in the sentence after it: a search for a separator that opens a cue
    lets the regular expression engine skip to each sentence's start by itself.
    """
    sentence, counted = first - 1, 0
    for position in positions:
        sentence += joined.count(SEPARATOR, counted, position + 1)
        counted = position + 1
        yield sentence


def _sentences_joined(texts: Sequence[str]) -> str:
    """The texts with typographic apostrophes made plain, each with a separator before and after.

    Lowered, they are as each text lowered alone: the separator ends the context that decides a final
    sigma ("ς"), as a text's start or end does.
    """
    return SEPARATOR + SEPARATOR.join([*texts, ""]).replace("’", "'")


def _calls_to_action(batch: TokenBatch, folded: Sequence[str]) -> BoolArray:
    """Sentences opening with an imperative followed by its object ("Support us", "Read the full story")."""
    calls = np.zeros(len(batch.texts), dtype=bool)
    first_types = batch.type_of[batch.first_of_sentence]
    openers = np.flatnonzero(np.bincount(first_types, minlength=len(folded)))
    may_open = np.zeros(len(folded), dtype=bool)
    may_open[openers] = [
        folded[kind] in CALL_TO_ACTION_OPENERS or bool(_LIST_NUMBER.fullmatch(folded[kind]))
        for kind in openers.tolist()
    ]
    for sentence in np.flatnonzero(may_open[first_types]).tolist():
        start = batch.first_of_sentence[sentence]
        words = [folded[kind] for kind in batch.type_of[start : start + min(3, batch.word_counts[sentence])]]
        if _LIST_NUMBER.fullmatch(words[0]):
            words = words[1:]
        if words and words[0] in CALL_TO_ACTION_OPENERS:
            following = words[1] if len(words) > 1 else ""
            calls[sentence] = not following or following in IMPERATIVE_OBJECTS or following[0].isdigit()
    return calls


def _shapes(surfaces: Sequence[str], capitalised: BoolArray) -> IntArray:
    """The bits of the name and acronym shapes of each distinct token."""
    shapes = np.zeros(len(surfaces), dtype=np.int64)
    # Both shapes begin with a capital letter: only capitalised tokens are tried.
    capitals = np.flatnonzero(capitalised).tolist()
    shapes[capitals] = [
        (_NAME_BIT if _NAME.fullmatch(surface) else 0) | (_ACRONYM_BIT if _ACRONYM.fullmatch(surface) else 0)
        for surface in map(surfaces.__getitem__, capitals)
    ]
    return shapes


def _named_entities(batch: TokenBatch, flagged: _FlaggedTokens, capitalised: BoolArray) -> tuple[IntArray, IntArray]:
    """Capitalised names and acronyms after a sentence's first word: how many (capped) and which tokens they are.

    In a Title Case headline only acronyms tell names apart.
    """
    longer = over_types(len, batch.surfaces, np.int64) >= _TITLE_WORD_LENGTH
    longer_counts = batch.count_per_sentence(batch.per_type(longer))
    capitalised_counts = batch.count_per_sentence(batch.per_type(longer & capitalised))
    title_cased = (capitalised_counts >= _TITLE_CAPITALISED * np.maximum(longer_counts, 1)) & (longer_counts > 0)
    sentences = batch.sentence_of[flagged.tokens]
    shape = np.where(title_cased[sentences], _ACRONYM_BIT, _NAME_BIT)
    named = ((flagged.bits & shape) != 0) & (flagged.tokens != batch.first_of_sentence[sentences])
    counts = np.bincount(sentences[named], minlength=len(batch.texts))
    return np.minimum(counts, _ENTITY_CAP), flagged.tokens[named]


def detect(batch: TokenBatch) -> CueSignals:
    """Every signal of every sentence of the batch."""
    texts = batch.texts
    surfaces = batch.surfaces
    folded = batch.lowered
    vocabularies = over_types(_VOCABULARY_BITS.get, folded, np.int64, 0)
    marks = _text_marks(texts)
    hits = _phrase_hits(batch, folded) | marks.openings
    record = _Recorder(batch)

    def words(vocabulary: frozenset[str]) -> BoolArray:
        """Which distinct tokens are words of the vocabulary."""
        in_vocabulary: BoolArray = (vocabularies & _VOCABULARY_BIT[vocabulary]) != 0
        return in_vocabulary

    def phrase(name: str) -> BoolArray:
        flags = np.zeros(len(texts), dtype=bool)
        flags[list(hits[name])] = True
        return flags

    # Properties are combined for each distinct token, as bits, then spread over the tokens once.
    # A letter is never a digit: only the other tokens are read character by character.
    digits = np.array([not surface.isalpha() and any(map(str.isdigit, surface)) for surface in surfaces], dtype=bool)
    months = np.array(
        [surface in MONTHS or form == "<year>" for surface, form in zip(surfaces, batch.forms, strict=True)], dtype=bool
    )
    past = np.array([w.endswith("ed") and len(w) >= _REGULAR_PAST_MIN_LENGTH for w in folded], dtype=bool)
    cased = over_types(FIRST_PERSON_CASED.__contains__, surfaces, bool)
    capitalised = np.array([surface[:1].isupper() for surface in surfaces], dtype=bool)
    type_bits = vocabularies | digits * _DIGIT_BIT | months * _MONTH_BIT | past * _PAST_BIT
    type_bits |= cased * _CASED_FIRST_PERSON_BIT | _shapes(surfaces, capitalised)
    flagged = _FlaggedTokens.of(batch, type_bits)
    bit = _VOCABULARY_BIT

    record.by_tokens("quantity", flagged.having(_DIGIT_BIT | bit[QUANTITY.words]), phrase("quantity") | marks.percent)
    record.by_tokens("date", flagged.having(_MONTH_BIT | bit[DATE.words]), phrase("date"))
    record.by_tokens("attribution", flagged.having(bit[ATTRIBUTION.words]), phrase("attribution"))
    record.by_tokens("comparison", flagged.having(bit[COMPARISON.words]), phrase("comparison"))
    record.by_tokens("causal", flagged.having(bit[CAUSAL.words]), phrase("causal"))
    attributed = record.fired("attribution")
    record.by_tokens("event", flagged.having(bit[EVENT.words] | _PAST_BIT), attributed)
    record.by_sentences("no_verb", ~record.fired("event"))
    entity_counts, entity_tokens = _named_entities(batch, flagged, capitalised)
    record.by_tokens("entities", entity_tokens)
    record.values[:, _COLUMN["entities"]] = entity_counts

    # A question ends with "?", or opens as one and ends unfinished (not with "." or "!").
    asking = marks.asking.copy()
    opening = np.flatnonzero(words(QUESTION_OPENERS)[batch.type_of[batch.first_of_sentence]] & ~asking)
    asking[opening] = [_ending(texts[sentence]) not in (".", "!") for sentence in opening.tolist()]
    record.by_sentences("question", asking)
    record.by_tokens("opinion", flagged.having(bit[OPINION.words]), phrase("opinion"))
    record.by_tokens("call_to_action", flagged.having(bit[PLEASE]), phrase("call_to_action"))
    record.by_sentences("call_to_action", _calls_to_action(batch, folded))
    # Reported speech in the first person ("we have seen…", he said) is a claim of the speaker. Only
    # sentences that say "I" or "you", attribute nothing and hold a quotation mark are searched for a quotation.
    first_person = flagged.having(bit[FIRST_PERSON] | _CASED_FIRST_PERSON_BIT)
    second_person = flagged.having(bit[SECOND_PERSON])
    speaking = np.zeros(len(texts), dtype=bool)
    speaking[batch.sentence_of[first_person]] = True
    speaking[batch.sentence_of[second_person]] = True
    quoted = np.zeros(len(texts), dtype=bool)
    searched = np.flatnonzero(speaking & ~attributed)
    quoted[searched] = [
        ('"' in text or "“" in text) and bool(_QUOTED.search(text))
        for text in map(texts.__getitem__, searched.tolist())
    ]
    reported = quoted | attributed
    record.by_tokens("first_person", first_person[~reported[batch.sentence_of[first_person]]])
    record.by_tokens("second_person", second_person[~reported[batch.sentence_of[second_person]]])
    record.by_sentences("exclamation", marks.exclamation)
    record.by_sentences("listicle", phrase("listicle"))
    record.by_tokens("hedge", flagged.having(bit[HEDGE.words]))
    record.by_sentences("fragment", batch.word_counts < _FRAGMENT_WORDS)

    phrases = {
        (sentence, _COLUMN[name]): text
        for name, found in hits.items()
        for sentence, text in found.items()
        if record.trigger_token[sentence, _COLUMN[name]] < 0
    }
    return CueSignals(record.values, record.trigger_token, phrases)
