"""The vocabulary of check-worthiness: words and phrases that signal a claim, or its absence.

A sentence is tokenised once; single-word cues are set look-ups and only
multi-word cues use a (case-folded, flag-free) regular expression, which keeps
scoring fast enough for a large corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


@dataclass(frozen=True, slots=True)
class Tokens:
    """A sentence prepared for cue look-ups: its words (as written and folded) and folded text."""

    text: str
    folded: str
    words: tuple[str, ...]
    folded_words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Tokens:
        folded = text.lower().replace("’", "'")
        return cls(text, folded, tuple(WORD.findall(text.replace("’", "'"))), frozenset(WORD.findall(folded)))


@dataclass(frozen=True, slots=True)
class Cue:
    """Fires when the sentence holds one of `words` or matches `phrases` (on folded text)."""

    words: frozenset[str] = frozenset()
    phrases: re.Pattern[str] | None = None

    def fires(self, tokens: Tokens) -> bool:
        if not self.words.isdisjoint(tokens.folded_words):
            return True
        return bool(self.phrases and self.phrases.search(tokens.folded))


def _phrases(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


QUANTITY = Cue(
    _words(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
        "thousand thousands million millions billion billions trillion trillions dozen dozens scores half third "
        "quarter twice double triple percent"
    ),
    _phrases(r"per cent"),
)

DIGIT = re.compile(r"\d")
MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Aug Sept Sep Oct Nov Dec".split()
)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
DATE = Cue(
    _words("monday tuesday wednesday thursday friday saturday sunday yesterday today tonight overnight"),
    _phrases(
        r"last (?:week|month|year|night|season)",
        r"earlier this (?:week|month|year)",
        r"this (?:week|month|year)",
        r"(?:days|weeks|months|years|decades) (?:ago|after|later|earlier)",
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
        r"(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|worse|better) than",
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
        r"result(?:ed|s)? (?:of|in)",
        r"led to",
        r"leads? to",
        r"thanks to",
        r"so that",
        r"in response to",
        r"allow(?:ed|s)? (?:for|the)",
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
_REGULAR_PAST_MIN_LENGTH = 4

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
        r"i (?:think|believe|feel)",
        r"in my (?:view|opinion)",
        r"ought to",
        r"need to",
        r"worth (?:paying|it)",
        r"anyone's guess",
        r"(?:don't|do not|doesn't) think",
        r"remains to be seen",
        r"too early to (?:say|tell)",
        r"it is (?:hard|easy|difficult|possible|impossible|likely|unlikely|clear|time|important|vital)",
        r"of course",
        r"oh,? sure",
        r"something tells me",
        r"well (?:done|played)",
        r"(?:good|great) job",
    ),
)

CALL_TO_ACTION_OPENERS = frozenset(
    "please click tap subscribe share join follow donate support read watch listen comment contact call email "
    "register download visit get try avoid imagine discover explore enjoy book".split()
)
CALL_TO_ACTION_PHRASES = re.compile(
    r"^\W*(?:\d{1,3}[.)]\s*)?(?:sign up|don't miss|check out|tell us|let us know|find out|learn more|see also|"
    r"don't forget|remember to|make sure)\b"
)
# An imperative opener is followed by its object ("Support us", "Read the full story", "Call 101");
# the same word before a noun is a subject ("Support for the bill fell").
IMPERATIVE_OBJECTS = frozenset(
    "us this the our your a an more now here today it them to on with in up out all me what how".split()
)
LIST_NUMBER = re.compile(r"\d{1,3}")

QUESTION_OPENERS = frozenset("is are was were do does did can will has have how why what who where when".split())

# "17 Things …" and "The 10 Best …" headlines: listicle furniture, not claims.
LISTICLE = re.compile(
    r"^\s*(?:the\s+)?\d{1,3}\s+(?:best|worst|biggest|top|greatest|things|ways|reasons|places|tips|signs|facts|"
    r"of the|must|ideas|moments|photos|pictures|times)\b"
)

HEDGE = Cue(_words("may might could would perhaps possibly maybe probably seem seems appear appears"))

ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]{2,}s?)\b")
QUOTED = re.compile(r"[“\"].{12,}?(?:[”\"]|$)")


def asserts_event(tokens: Tokens) -> bool:
    """Whether the sentence has a finite verb: a known one, or a regular past tense."""
    if EVENT.fires(tokens):
        return True
    return any(word.endswith("ed") and len(word) >= _REGULAR_PAST_MIN_LENGTH for word in tokens.folded_words)


def has_quantity(tokens: Tokens) -> bool:
    return "%" in tokens.text or bool(DIGIT.search(tokens.text)) or QUANTITY.fires(tokens)


def has_date(tokens: Tokens) -> bool:
    if not MONTHS.isdisjoint(tokens.words) or DATE.fires(tokens):
        return True
    return bool(YEAR.search(tokens.text))


def speaks_first_person(tokens: Tokens) -> bool:
    return not FIRST_PERSON.isdisjoint(tokens.folded_words) or not FIRST_PERSON_CASED.isdisjoint(tokens.words)


def addresses_reader(tokens: Tokens) -> bool:
    return not SECOND_PERSON.isdisjoint(tokens.folded_words)


def is_question(tokens: Tokens) -> bool:
    stripped = tokens.text.rstrip().rstrip("\"'”’)")
    if stripped.endswith("?"):
        return True
    opener = tokens.words[0].lower() if tokens.words else ""
    return opener in QUESTION_OPENERS and not stripped.endswith((".", "!"))


def calls_to_action(tokens: Tokens) -> bool:
    words = [w.lower() for w in tokens.words[:3]]
    if words and LIST_NUMBER.fullmatch(words[0]):
        words = words[1:]
    if words and words[0] in CALL_TO_ACTION_OPENERS:
        following = words[1] if len(words) > 1 else ""
        if not following or following in IMPERATIVE_OBJECTS or following[0].isdigit():
            return True
    return "please" in tokens.folded_words or bool(CALL_TO_ACTION_PHRASES.search(tokens.folded))
