"""Find the parts of a saved web page that are not the article.

Pages copied from the web carry furniture: donation appeals and their price
ladders, "Support <site>" lines, newsletter prompts, site names, image file
names, photo credits, a repeated title, comment threads. They are flagged,
never deleted, so a reader can dim or fold them and no claim is proposed there.

The rules read the *shape* of a line (short, no sentence punctuation, a file
name, a price) and a small vocabulary of page furniture, not any one site's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, compress, count, repeat
from typing import AnyStr, NamedTuple

from tui.text.article import COMMENTS, Boilerplate
from tui.text.sentences import title_cased

APPEAL = "donation appeal"
PRICES = "price ladder"
SUPPORT = "support line"
FURNITURE = "page furniture"
SITE_NAME = "site name"
IMAGE = "image file name"
CREDIT = "photo credit"
DATELINE = "dateline"
LEFTOVER = "page leftover"
REPEATED_TITLE = "repeated title"
TEASER = "related-article teaser"
NAVIGATION = "navigation"
BYLINE = "byline"

_I = re.IGNORECASE

# The rules below are tried only where a line's first or last character allows a match: a price
# begins with a currency sign or a digit (\d is str.isdecimal), an image name ends with the last
# letter of its extension, a site name with a lowercase letter or "/", a date with a digit.
_PRICE_LEADS = "$€£¥"
_IMAGE_ENDS = "gfpcGFPC"  # IGNORECASE reads no other character as g, f, p or c
_PRICE = re.compile(r"(?:[$€£¥]\s?\d[\d,.\s]*|\d[\d,.\s]*\s?[$€£¥])(?:\s*(?:/|per|a)\s*\w+)?", _I)
_IMAGE = re.compile(r"(?:(?:image|photo|picture|file)\s*:?\s*)?\S+\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?|avif|heic)", _I)
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,12}/?")
_SUPPORT = re.compile(
    r"(?i:support|donate\s+to|subscribe\s+to|follow|become\s+a\s+(?:patron|member|supporter)\s+of)"
    r"\s+(?:us|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\W*"
)
# The lookahead holds the first letters of the phrases, as in _APPEAL_CUE below.
_FURNITURE = re.compile(
    r"\b(?=[acefilmnprstwy])(?:remind\s+me\s+later|maybe\s+later|not\s+now|no,?\s+thanks|sign\s+up|subscribe|newsletter|"
    r"share\s+(?:this|on|via)|click\s+here|read\s+more|continue\s+reading|advertisement|"
    r"skip\s+to(?:\s+main)?\s+content|we\s+use\s+cookies|accept\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings)|"
    r"follow\s+us|all\s+rights\s+reserved|copyright|please\s+(?:comment|share|subscribe|like)|"
    r"would\s+love\s+your\s+thoughts|leave\s+a\s+(?:comment|reply)|related\s+(?:articles|posts|stories)|"
    r"you\s+may\s+also\s+like|recommended\s+for\s+you|print\s+this|email\s+this|"
    r"(?:log|sign)\s*in\s+to|terms\s+of\s+(?:use|service)|privacy\s+policy)\b",
    _I,
)
_FURNITURE_MAX_WORDS = 12
_COOKIE_NOTICE = "we use cookies"
# "By Maria Rossi | 17 May 2023", "By Maria Rossi and Tom Li, Reuters", "Maria Rossi · 17 May 2023":
# names (capitalised words), then an outlet, a role or a date after a separator; no sentence.
_NAME = r"(?:[A-Z][\w'’.-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|da|del|di|le|la|bin|al-\w+))*"
_BYLINE = re.compile(
    rf"(?i:by|written\s+by|words\s+by|reporting\s+by|von|par|por)\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
    r"(?:\s*[|,·•—–.-]\s*(?P<rest>[^.!?]{0,80}))?\.?"
    rf"|{_NAME}\s*[|·•]\s*(?P<after>[^.!?]{{0,80}})",
)
# A byline opens with one of its words, whose first letters IGNORECASE reads in no other characters,
# or holds a separator after the names (the names themselves open most headlines too).
_BYLINE_LEADS = "bBwWrRvVpP"
# What follows the names is an outlet, a role or a date: hardly any lowercase words, unlike a sentence.
_BYLINE_LOWERCASE_WORDS = 2
_BYLINE_MAX_WORDS = 16
_READ_MORE = re.compile(
    r"(?:read|see|view|download|watch)\s+(?:the\s+)?(?:full|whole|complete|original|entire)\s+"
    r"(?:report|story|article|statement|study|text|interview|transcript|document|piece)\b.{0,60}",
    _I,
)
# Lines that open with a page label: timestamps, teasers, notes from the editor, caption labels.
_LABELLED_LINE = re.compile(
    r"(?:related|read\s+more|see\s+also|more\s+on\s+this\s+story|watch|listen|correction|image|photo|"
    r"picture|photograph|caption|video|audio|advertisement|sponsored)\s*[:|]"
    r"|(?:published|updated|posted|last\s+updated|first\s+published)(?:\s+(?:on|at))?\s*[:|]?\s*"
    r"(?=\d|(?-i:[A-Z][a-z]{2})|yesterday|today|an?\s+(?:hour|minute|day))"
    r"|editor'?s\s+note|this\s+(?:article|story|piece|page)\s+(?:was|has\s+been)\s+(?:amended|updated|corrected)"
    r"|comments\s+are\s+(?:closed|open)|(?:got|have)\s+a\s+(?:story|tip|news)\b|get\s+in\s+touch\b"
    r"|(?:filed\s+under|tags|topics|categories|(?:media|press)\s+contacts?|contact)\s*:"
    r"|this\s+(?:article|story|page)\s+is\s+(?:more|over)\s+than\s+\S+\s+\w+\s+old",
    _I,
)
# A note begins within a line's first 120 characters. Trying it steps back through all 120 from each
# line, so it is tried only where the line's opening, lowered, holds "buted" or "forward-loo" (see
# _has_note): parts of its phrases without "i", "k" or "s", which IGNORECASE also reads in "ı", "İ",
# "K" (Kelvin) and "ſ".
_NOTE_IN_LINE = re.compile(
    r".{0,120}\b(?:contributed(?:\s+reporting)?\s+to\s+this\s+(?:report|story|article)|forward-looking\s+statements)",
    _I,
)
_NOTE_REACH = 120 + len("contributed")
_LABELLED_MAX_WORDS = 25
# A leftover ends with a label's last letter (IGNORECASE also reads "ſ" as s, the Kelvin sign as k),
# a separator or, in a line not stripped, a space.
_LEFTOVER_ENDS = "esakltguryESAKLTGURYſ\u212a#:|/>•·-"
_LEFTOVER = re.compile(
    r"(?:(?:source|sources|website|web\s+site|via|link|links|url|tags?|share|tweet|email|print|home|menu|"
    r"filed\s+under|categor(?:y|ies))\s*[#:|/>•·\-]*\s*)+",
    _I,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{{1,2}}\s+)?{_MONTH}\s+(?:\d{{1,2}},?\s+)?\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}",
    _I,
)
# Every credit holds one of these: lines without one are spared the search at each position.
_CREDIT_MARKS = ":©—–|/"
_CREDIT = (
    r"(?:(?:photo|image|picture|photograph|credit)s?(?:\s+by|\s+credit)?\s*[:©]\s*.{2,60}"
    r"|©\s*.{2,60}"
    r"|[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3}\s*[—–|/]\s*[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})"
)
_AGENCY_CREDIT = re.compile(rf"(?:(?<=[.!?”\"])\s+|^)({_CREDIT})$")
# A credit after a sentence, found from the sentence's last character: a search with a character to
# look for steps through a line far faster than one trying the lookbehind above at every position.
_CLOSING_CREDIT = re.compile(rf"[.!?”\"]\s+({_CREDIT})$")
_COMMENT_TRIGGER = re.compile(
    r"(?:notify\s+of|newest(?:\s+most\s+voted)?|oldest|most\s+voted|inline\s+feedbacks|"
    r"\d+\s+comments?|comments?(?:\s*\(\d+\))?|leave\s+a\s+(?:comment|reply)|"
    r"join\s+the\s+(?:discussion|conversation)|(?:show|load|view|read|see)\s+(?:all\s+|more\s+|the\s+)?comments|"
    r"add\s+(?:a|your)\s+comment|post\s+a\s+comment|(?:log|sign)\s*in\s+to\s+(?:comment|reply)|"
    r"be\s+the\s+first\s+to\s+comment|reader\s+comments|discussion)\W*",
    _I,
)
# Text before a comment-thread marker: a navigation menu at the top of a page is not a thread.
_COMMENTS_MIN_OFFSET = 200
_APPEAL_HEADER = re.compile(
    r"(?:an?\s+)?(?:message|note|letter|appeal)\s+from\b.{0,60}|dear\s+(?:readers?|friends|supporters|subscribers|members)\b.{0,20}",
    _I,
)
# Each cue begins a word, and with one of these letters: a quick test at each word start spares
# trying every alternative at every character (four times faster on a long text).
_APPEAL_CUE = re.compile(
    r"\b(?=[abcdeimoprswy])(?:support\s+us|by\s+supporting|donat(?:e|ion|ions|ing)|contribut(?:e|ion|ions)|make\s+a\s+(?:gift|pledge)|"
    r"(?:monthly|one-time|recurring|annual)\s+(?:support|gift|donation|payment)|support\s+\w+\s+monthly|"
    r"become\s+a\s+(?:supporter|member|patron|subscriber)|per\s+month|a\s+month\b|"
    r"starting\s+(?:from|at)\s+(?:just\s+)?[$€£]|we\s+need\s+your\s+(?:help|support)|your\s+support|"
    r"independent\s+journalism|ad-free|paywall|chip\s+in|every\s+(?:contribution|donation))",
    _I,
)
# Every cue holds one of these words, in any case: most lines hold none, and finding them in the
# page with ASCII letters lowered tells so far faster than the search. Unless the line has a letter
# that IGNORECASE reads as "s" or "i" but is not ASCII: "ſ", "ı" and "İ" (the words hold no "k").
_APPEAL_CUE_WORDS = tuple(
    b"support donat contribut gift pledge payment become month starting need journalism ad-free paywall chip".split()
)
_CASE_ODDITIES = ("ſ", "ı", "İ")
# Some words are a cue only as it goes on from them, or after a word before them, and are counted only
# there: three open many a sentence of news ("become the", "need to", "starting on") and three are
# common in it ("support for", "last month", "journalism"); a line holding one elsewhere is not
# searched for cues (on a 5 MB page, 689 of the 1,645 lines the words find: 7% of the instructions).
# The spaces are those re's \s reads: ASCII ones and, in the page folded to ASCII, "?" for the others.
_FOLDED_SPACE_BYTES = b"\t\x0b\x0c\r \x1c\x1d\x1e\x1f?"
_FOLDED_SPACES = rb"[\t\x0b\x0c\r \x1c-\x1f?]+"
# How far before a word the word before it is looked for: past a longer run of spaces it may be there.
_BEFORE_REACH = 64


class _CueContext(NamedTuple):
    """Where a word of the folded page is a cue's: as `after` (\\s written for any spacing) goes on
    from it, or after one of `before` and spaces."""

    after: re.Pattern[bytes] | None
    before: tuple[bytes, ...] = ()

    @classmethod
    def of(cls, after: bytes | None, before: tuple[bytes, ...] = ()) -> _CueContext:
        return cls(None if after is None else re.compile(after.replace(rb"\s+", _FOLDED_SPACES)), before)

    def holds(self, folded: bytes, at: int) -> bool:
        if self.after and self.after.match(folded, at):
            return True
        if not self.before:
            return False
        window = folded[max(0, at - _BEFORE_REACH) : at]
        word_end = len(window.rstrip(_FOLDED_SPACE_BYTES))
        if word_end == len(window):
            return False  # no space before it
        if at >= _BEFORE_REACH and word_end < max(map(len, self.before)):
            return True  # the word before may begin before the window
        return window.endswith(self.before, 0, word_end)


_APPEAL_CUE_CONTEXTS: dict[bytes, _CueContext] = {
    b"become": _CueContext.of(rb"become\s+a\s+(?:supporter|member|patron|subscriber)"),
    b"need": _CueContext.of(rb"need\s+your\s+(?:help|support)"),
    b"starting": _CueContext.of(rb"starting\s+(?:from|at)\s+(?:just\s+)?[$?]"),  # "€" and "£" fold to "?"
    # "support us", or a space and "monthly" further on the line ("support <word> monthly"): a word and the
    # spaces around it both read "?" (what a letter or a space that is not ASCII folds to), and a pattern
    # for the three backtracked without end over a run of them (a line of Chinese after "support": seconds).
    b"support": _CueContext.of(
        rb"support(?:\s+us|(?=\s+)[^\n]*?monthly)", (b"by", b"your", b"monthly", b"one-time", b"recurring", b"annual")
    ),
    b"month": _CueContext.of(rb"monthly\s+(?:support|gift|donation|payment)", (b"per", b"a")),
    b"journalism": _CueContext.of(None, (b"independent",)),
}
# A header begins with "a", "an", "message", "note", "letter", "appeal" or "dear"; IGNORECASE
# reads no other character as one of their first letters.
_APPEAL_HEADER_LEADS = "aAmMnNlLdD"
# Appeal lines closer than this (in non-blank lines) belong to one appeal, with what lies between.
_APPEAL_GAP = 3
_TEASER_MIN_WORDS = 7


# The rows of a text are split a block at a time, so that a long comment thread is never split; the
# blocks grow, but no block is split in one call of more than a few milliseconds, which would hold
# the interpreter, and the reader's keys, while a long article loads.
_FIRST_BLOCK = 1 << 14
_LARGEST_BLOCK = 1 << 18


class _Lines:
    """The non-blank lines of a text, stripped, up to the first comment-thread marker (the thread is
    everything from that marker to the end). Where a line lies in the text is worked out only for
    the few lines found to be furniture."""

    def __init__(self, text: str) -> None:
        self.rows: list[str] = []
        self.numbers: list[int] = []  # the row of each non-blank line
        self.texts: list[str] = []
        self.thread: Boilerplate | None = None
        start, size = 0, _FIRST_BLOCK
        while self.thread is None and start <= len(text):
            end = text.find("\n", start + size)
            end = len(text) if end < 0 else end
            block = text[start:end].split("\n")
            first_row = len(self.rows)
            stripped = list(map(str.strip, block))  # strip() strips what re's \s matches
            numbers = list(compress(count(first_row), stripped))  # numbered from the first row of the text
            texts = list(filter(None, stripped))
            for line in compress(count(), map(_COMMENT_TRIGGER.fullmatch, texts)):  # a blank row is no marker
                row = numbers[line] - first_row  # in the block
                marker_start = start + sum(map(len, block[:row])) + row + len(block[row]) - len(block[row].lstrip())
                if marker_start >= _COMMENTS_MIN_OFFSET:
                    self.thread = Boilerplate(marker_start, len(text), COMMENTS)
                    del block[row:], numbers[line:], texts[line:]  # the lines after it are never split off
                    break
            self.numbers += numbers
            self.rows += block
            self.texts += texts
            start, size = end + 1, min(size * 2, _LARGEST_BLOCK)
        self.row_ends = list(accumulate(map(len, self.rows)))  # without the newlines

    def span(self, position: int) -> tuple[int, int]:
        """Where the line at `position` lies in the text, without the spaces around it."""
        row = self.numbers[position]
        start = self.row_ends[row] + row - len(self.rows[row].lstrip())  # the row's end, less the line
        return start, start + len(self.texts[position])


_FOLDED_PUNCTUATION = str.maketrans("’‘“”–—", "''\"\"--")


def _fold(text: str) -> str:
    """A form of a line for comparing headlines: case, quotes, dashes and spacing folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_FOLDED_PUNCTUATION)
    return " ".join(text.split()).rstrip(".!?:;")


_CLOSERS = "”’\"')]"
_SENTENCE_ENDS = (".", "!", "?", ":", ";")


def _sentence_ends(texts: Iterable[str]) -> Iterator[bool]:
    """Whether each line ends a sentence (before closing quotes and brackets)."""
    return map(str.endswith, map(str.rstrip, texts, repeat(_CLOSERS)), repeat(_SENTENCE_ENDS))


def _may_be_byline(text: str) -> bool:
    """Whether a line may be a byline, by its first character or a separator (see _BYLINE_LEADS)."""
    return text[:1] in _BYLINE_LEADS or "|" in text or "·" in text or "•" in text


def _is_byline(text: str) -> bool:
    match = _BYLINE.fullmatch(text) if _may_be_byline(text) else None
    if match is None:
        return False
    rest: str = match.group("rest") or match.group("after") or ""
    if match.group("after") is not None and not _DATELINE.search(rest):
        return False  # "Name | something" is a byline only with a date in it
    return sum(word.islower() for word in rest.split()) <= _BYLINE_LOWERCASE_WORDS


def _word_counts(texts: Iterable[str]) -> Iterator[int]:
    """How many words each line has, counted up to one more than any rule asks about."""
    return map(len, map(str.split, texts, repeat(None), repeat(_LABELLED_MAX_WORDS)))


def _has_note(text: str) -> bool:
    """Whether a line holds a note such as "… contributed reporting to this story" in its first words."""
    opening = text[:_NOTE_REACH].lower()
    return ("buted" in opening or "forward-loo" in opening) and bool(_NOTE_IN_LINE.match(text))


def classify_line(text: str) -> str | None:
    """The kind of furniture a whole line is, judged on its own, or None for article text."""
    (words,), (ends_sentence,) = _word_counts([text]), _sentence_ends([text])
    return _classify(text, words, ends_sentence)


def _classify(text: str, words: int, ends_sentence: bool) -> str | None:
    # Each rule is tried only where the facts of the line allow a match (see the gates above the
    # patterns), so a line of running text is read by a pattern only if it may be furniture.
    lead, last = text[:1], text[-1:]
    if (lead in _PRICE_LEADS or lead.isdecimal()) and _PRICE.fullmatch(text):
        return PRICES
    if last in _IMAGE_ENDS and _IMAGE.fullmatch(text):
        return IMAGE
    if ("a" <= last <= "z" or last == "/") and _DOMAIN.fullmatch(text):
        return SITE_NAME
    if last.isdecimal() and _DATELINE.fullmatch(text):
        return DATELINE
    if words <= _BYLINE_MAX_WORDS and _is_byline(text):
        return BYLINE
    if words <= _FURNITURE_MAX_WORDS and _READ_MORE.fullmatch(text):
        return FURNITURE
    if (last in _LEFTOVER_ENDS or last.isspace()) and _LEFTOVER.fullmatch(text):
        return LEFTOVER
    if not ends_sentence and _SUPPORT.fullmatch(text):
        return SUPPORT
    if words <= _FURNITURE_MAX_WORDS and _FURNITURE.search(text):
        return FURNITURE
    if lead in "wW" and text[: len(_COOKIE_NOTICE)].lower() == _COOKIE_NOTICE:  # only "W" lowers to "w"
        return FURNITURE
    if words <= _LABELLED_MAX_WORDS and (_LABELLED_LINE.match(text) or _has_note(text)):
        return FURNITURE
    if not ends_sentence and text.count(" | ") >= 2:
        return NAVIGATION
    if words <= 8 and _AGENCY_CREDIT.fullmatch(text):
        return CREDIT
    return None


def _python_starts(haystack: AnyStr, needles: Iterable[AnyStr]) -> Iterator[Iterator[int]]:
    """For each needle, every position where it stands in `haystack`, in order, overlapping ones included."""
    for needle in needles:
        yield _starts_of(haystack, needle)


def _starts_of(haystack: AnyStr, needle: AnyStr) -> Iterator[int]:
    at = haystack.find(needle)
    while at >= 0:
        yield at
        at = haystack.find(needle, at + 1)


try:
    # Built where the install found a C compiler (setup.py): one pass over a page for all the appeal cues'
    # words, not one per word (14 passes, 40 ms of 5 MB of news).
    from tui.text._needles import starts as _bytes_starts
except ImportError:  # an install that found no compiler
    _bytes_starts = _python_starts  # type: ignore[assignment]


def _lines_holding(
    joined: str,
    haystack: AnyStr,
    needles: Sequence[AnyStr],
    contexts: Mapping[AnyStr, Callable[[AnyStr, int], bool]] | None = None,
) -> set[str]:
    """The lines of `joined` (lines joined by newlines) where `haystack`, a copy of it with the same
    offsets, holds one of `needles` (where its context is given, in the context): one pass over the
    page per needle (or one for all, for bytes) instead of one per line."""
    lines: set[str] = set()
    found = _bytes_starts(haystack, needles) if isinstance(haystack, bytes) else _python_starts(haystack, needles)
    for needle, positions in zip(needles, found, strict=True):
        context = contexts.get(needle) if contexts else None
        end = 0  # the end of the last line taken: a needle further on it adds nothing
        for at in positions:
            if at < end or (context and not context(haystack, at)):
                continue
            start = joined.rfind("\n", 0, at) + 1
            end = joined.find("\n", at)
            end = len(joined) if end < 0 else end
            lines.add(joined[start:end])
    return lines


# NamedTuples, not dataclasses, as in tui.text.token_batch: cheaper to define in every command that scores.
class _Distinct(NamedTuple):
    """The distinct lines of a page in order, and the same joined by newlines: a long page repeats its
    lines, and each is read once; gates find their words in the joined lines a word at a time."""

    lines: list[str]
    joined: str

    @classmethod
    def of(cls, texts: list[str]) -> _Distinct:
        lines = list(dict.fromkeys(texts))
        return cls(lines, "\n".join(lines))


def _may_hold_cue(joined: str) -> set[str]:
    """The lines of `joined` (distinct lines joined by newlines) that may hold an appeal cue: the others
    hold none of its words, in any case."""
    # One byte a character, ASCII letters lowered: the offsets stay those of `joined`.
    folded = joined.encode("ascii", "replace").lower()
    holds = {word: context.holds for word, context in _APPEAL_CUE_CONTEXTS.items()}
    cue_words = _lines_holding(joined, folded, _APPEAL_CUE_WORDS, holds)
    return cue_words | _lines_holding(joined, joined, _CASE_ODDITIES)


def _appeals(texts: list[str], distinct: _Distinct) -> Iterator[range]:
    """Donation appeals: a header or strongly worded line, and the appeal lines around it (their positions)."""
    cues = {line: len(_APPEAL_CUE.findall(line)) for line in _may_hold_cue(distinct.joined)}
    headers = {
        line
        for line in distinct.lines
        if line[:1] in _APPEAL_HEADER_LEADS and _APPEAL_HEADER.fullmatch(line.rstrip(":,"))
    }
    member_lines = headers.union(line for line, count in cues.items() if count)
    strong = headers.union(line for line, count in cues.items() if count >= 2)
    members = list(compress(count(), map(member_lines.__contains__, texts)))
    clusters: list[list[int]] = []
    for position in members:
        if clusters and position - clusters[-1][-1] <= _APPEAL_GAP:
            clusters[-1].append(position)
        else:
            clusters.append([position])
    for cluster in clusters:
        if (any(texts[position] in strong for position in cluster) and len(cluster) > 1) or (
            len(cluster) == 1 and cues.get(texts[cluster[0]], 0) >= 2
        ):
            yield range(cluster[0], cluster[-1] + 1)


def _credit_inside(text: str) -> tuple[int, int] | None:
    """Where a photo credit closes a caption line, e.g. "… March 15, 2015. Jane Doe—Reuters"."""
    match = _CLOSING_CREDIT.search(text)
    if match is None or _AGENCY_CREDIT.match(text):
        return None  # a credit from the line's start is the whole line, not inside it
    return match.span(1)


class _Verdict(NamedTuple):
    """A line judged on its own: the furniture it is, else a credit closing it (offsets in the line), a teaser."""

    kind: str | None
    credit: tuple[int, int] | None = None
    teaser: bool = False


_ARTICLE_TEXT = _Verdict(None)


# A line of more words than any rule counts that ends a sentence is read by the rules gated on its first
# character alone (a price, the cookie notice) or its last (a leftover may end with ":"; an image or site
# name and a date end with no sentence mark), and is never a teaser: most lines of a page, read by none.
_LONG_LINE_LEADS = _PRICE_LEADS + "wW"


def _judge(text: str, words: int, ends_sentence: bool, may_hold_credit: bool) -> _Verdict:
    if (
        words > _LABELLED_MAX_WORDS
        and ends_sentence
        and not may_hold_credit
        and text[0] not in _LONG_LINE_LEADS
        and not text[0].isdecimal()
        and text[-1] not in _LEFTOVER_ENDS
    ):
        return _ARTICLE_TEXT
    return _judged_in_full(text, words, ends_sentence, may_hold_credit)


def _judged_in_full(text: str, words: int, ends_sentence: bool, may_hold_credit: bool) -> _Verdict:
    kind = _classify(text, words, ends_sentence)
    if kind:
        return _Verdict(kind)
    credit = _credit_inside(text) if may_hold_credit else None
    # A teaser: a headline-shaped line of another story dropped into the body.
    teaser = not ends_sentence and words >= _TEASER_MIN_WORDS and title_cased(text)
    return _Verdict(None, credit, teaser) if credit or teaser else _ARTICLE_TEXT


def _title_and_next(
    texts: list[str], verdicts: dict[str, _Verdict], appeal_lines: set[int]
) -> tuple[int | None, int | None]:
    """The title's position (the first line of two words or more that is neither furniture nor in an
    appeal) and the position of the next such line, which may repeat the title."""
    title = None
    for position, line in enumerate(texts):
        if position in appeal_lines or verdicts[line].kind:
            continue
        if title is not None:
            return title, position
        if len(re.findall(r"[^\W\d_]{2,}", line)) >= 2:
            title = position
    return title, None


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Every stretch of `text` that is page furniture, in text order, not overlapping."""
    lines = _Lines(text)
    texts = lines.texts
    distinct = _Distinct.of(texts)
    found = [lines.thread] if lines.thread else []
    appeal_lines: set[int] = set()
    for positions in _appeals(texts, distinct):
        found.append(Boilerplate(lines.span(positions[0])[0], lines.span(positions[-1])[1], APPEAL))
        appeal_lines.update(positions)
    credit_marked = _lines_holding(distinct.joined, distinct.joined, _CREDIT_MARKS)
    # A long page repeats its menus, credits and teasers: each line is judged once.
    # Words and ends are counted in C calls mapped over the lines, not two Python calls a line (1% of the
    # instructions on a 5 MB page).
    judged = zip(distinct.lines, _word_counts(distinct.lines), _sentence_ends(distinct.lines), strict=True)
    verdicts = {line: _judge(line, words, ends, line in credit_marked) for line, words, ends in judged}
    title, after_title = _title_and_next(texts, verdicts, appeal_lines)
    if title is not None and after_title is not None and _fold(texts[after_title]) == _fold(texts[title]):
        found.append(Boilerplate(*lines.span(after_title), REPEATED_TITLE))
    # Most lines of a long page are article text: only the others are visited.
    notable = {line for line, verdict in verdicts.items() if verdict is not _ARTICLE_TEXT}
    for position in compress(count(), map(notable.__contains__, texts)):
        if position in appeal_lines:
            continue
        verdict = verdicts[texts[position]]
        if verdict.kind:
            found.append(Boilerplate(*lines.span(position), verdict.kind))
            continue
        if verdict.credit:
            start, end = verdict.credit
            line_start = lines.span(position)[0]
            found.append(Boilerplate(line_start + start, line_start + end, CREDIT))
        if verdict.teaser and after_title is not None and position > after_title:
            found.append(Boilerplate(*lines.span(position), TEASER))
    found.sort(key=lambda b: b.start)
    return found


def is_boilerplate_line(text: str) -> bool:
    """Whether one line, seen without its page, is furniture (for scoring lists of sentences)."""
    stripped = text.strip()
    if not stripped:
        return False
    return classify_line(stripped) is not None or any(True for _ in _appeals([stripped], _Distinct.of([stripped])))
