"""The learned check-worthiness scorer: a logistic regression over words, word pairs and cue signals.

Features of a sentence: its words (lower case, numbers by kind: <num>, <year>,
<percent>, <money>), its pairs of adjacent words, the cue signals of
`tui.text.cues` and its length in words. The weights were learned offline from
political speeches labelled by professional fact-checkers (CLEF CheckThat!) and
news sentences labelled by ourselves; `bench/train_claims.py` rebuilds the
weights file and `data/README.md` says where the data comes from.

A score is explained by what pushed it: each word's weight (its own, half of
each pair it is in, and the cue signals it fired) is summed over runs of
adjacent words that pull the same way, and the strongest runs and sentence-wide
signals are named with the words of the sentence ("number: 40 percent").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import orjson

from tui.text import cues
from tui.text.article import Assessment
from tui.text.cues import SIGNALS, FloatArray
from tui.text.token_batch import BoolArray, IntArray, TokenBatch, over_types

ObjectArray = npt.NDArray[np.object_]

WEIGHTS_FILE = Path(__file__).with_name("checkworthiness_weights.json")
# A sentence's length in words falls in one bin; each number is the shortest length of the next bin.
LENGTH_BINS = (3, 6, 11, 21, 36)
PAIR_JOINER = " "
# Words weighing less than this (in log-odds) are not worth naming as a reason.
_REASON_MIN_WEIGHT = 0.15
_MOST_FOR = 4
_MOST_AGAINST = 2
_MOST_WORDS_IN_REASON = 3
# Words a person would not take as a reason ("word: In"): they still weigh in the score, but a
# reason names them only as part of a cue they fired.
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet if then than that this these those of in on at by for to from with
    without into onto over under about as is are was were be been being am do does did has have had it
    its it's they them their there here he him his she her we us our you your i me my what which who
    whom whose when where while how why not no all any some such very just also""".split()
)


def length_bin_names() -> tuple[str, ...]:
    edges = (1, *LENGTH_BINS)
    names = [f"{low}-{high - 1} words" for low, high in pairwise(edges)]
    return (*names, f"{LENGTH_BINS[-1]}+ words")


def length_bins(word_counts: IntArray) -> IntArray:
    return np.searchsorted(np.asarray(LENGTH_BINS), word_counts, side="right")


# NamedTuples, not dataclasses, as in tui.text.token_batch: cheaper to define in every command that scores.
class PairTable(NamedTuple):
    """Weights of word pairs by key, in an open-addressing hash table looked up for many keys at once.

    A binary search of the sorted keys (searchsorted) took 17 ms over the 470,000 adjacent pairs of
    a long article, its every step a branch the processor could not foresee; a table a quarter full
    answers most keys at the first slot it looks in.
    """

    keys: KeyArray  # _EMPTY where no key is, and at the end
    weights: FloatArray
    home_bits: int  # a key's first slot is one of the first 2**home_bits (see `_home_slots`)

    @classmethod
    def of(cls, keys: KeyArray, weights: FloatArray) -> PairTable:
        """The table of distinct `keys` and their weights."""
        home_bits = max(1, (4 * len(keys)).bit_length())
        # Linear probing, keys placed in the order of their first slots: each in its own, or if that is
        # taken, in the slot after the key before. A key passes a slot only when it is taken, as a look-up
        # expects. Keys run on past the first slots rather than round to the table's start, and an empty
        # slot closes the table, where any look-up stops.
        order = np.argsort(_home_slots(keys, home_bits), kind="stable")
        rank = np.arange(len(keys))
        places = np.maximum.accumulate(_home_slots(keys[order], home_bits) - rank) + rank
        end = int(places[-1]) + 1 if len(keys) else 0
        size = max(1 << home_bits, end) + 1  # and the empty slot that closes the table
        table = np.full(size, _EMPTY, dtype=keys.dtype)
        table[places] = keys[order]
        table_weights = np.zeros(size)
        table_weights[places] = weights[order]
        return cls(table, table_weights, home_bits)

    def weights_of(self, keys: KeyArray) -> FloatArray:
        """The weight of each key (of the table's type), 0 for a key not in the table."""
        slots = _home_slots(keys, self.home_bits)
        # `take` gathers faster than indexing with an array (see `TokenBatch.per_type`).
        found = self.keys.take(slots)
        weights = np.where(found == keys, self.weights.take(slots), 0.0)
        # The few keys whose first slot holds another key look on, slot after slot, till an empty one.
        looking = np.flatnonzero((found != keys) & (found != _EMPTY))
        slots = slots[looking]
        while len(looking):
            slots += 1
            found = self.keys[slots]
            hit = found == keys[looking]
            weights[looking[hit]] = self.weights[slots[hit]]
            looking_on = ~hit & (found != _EMPTY)
            looking, slots = looking[looking_on], slots[looking_on]
        return weights


_EMPTY = -1
KeyArray = npt.NDArray[np.signedinteger[Any]]  # pair keys, 32 bits wide where they fit (see `_key_type`)


def _key_type(pair_words: dict[str, int]) -> type[np.int32] | type[np.int64]:
    """The narrowest type that holds every key of these pair words (and of a word in no pair).

    32 bits where they fit: the table is half the size, more of it stays in the cache, and an article's
    pairs are looked up in two thirds of the time.
    """
    return np.int32 if (len(pair_words) + 1) ** 2 <= np.iinfo(np.int32).max else np.int64


# Fibonacci hashing: the top bits of the key times 2**64 / golden ratio spread nearby keys apart.
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def _home_slots(keys: KeyArray, bits: int) -> IntArray:
    """The slot each key is first looked for in, one of 2**bits."""
    spread = keys.astype(np.uint64)
    spread *= _HASH_MULTIPLIER
    spread >>= np.uint64(64 - bits)
    slots: IntArray = spread.view(np.int64)
    return slots


class Model(NamedTuple):
    """Weights of the linear score, with the word-pair weights laid out for vectorised look-up."""

    bias: float
    signal_weights: FloatArray  # in the order of cues.SIGNALS
    length_weights: FloatArray  # one per length bin
    words: dict[str, float]
    pair_words: dict[str, int]  # every word that is part of a weighted pair, numbered
    # By key: first word's number * (len(pair_words) + 1) + second word's number. A word in no pair
    # numbers len(pair_words), which no key holds.
    pairs: PairTable

    @classmethod
    def from_weights(cls, weights: dict[str, Any]) -> Model:
        """From the weights file's contents: bias, signals, lengths and words by name, pairs as `pair_columns`."""
        pairs = weights["pairs"]
        pair_words = dict(zip(pairs["words"], range(len(pairs["words"])), strict=True))
        key_type = _key_type(pair_words)
        first = np.array(pairs["first"], dtype=np.int64)
        second = np.array(pairs["second"], dtype=np.int64)
        pair_weights = np.array(pairs["weight"], dtype=np.float64)
        if len(pair_words) != len(pairs["words"]) or not len(first) == len(second) == len(pair_weights):
            raise ValueError("pairs must name distinct words, and give two of them and a weight for each pair")
        places = np.concatenate((first, second))
        if len(places) and not (places.min() >= 0 and places.max() < len(pair_words)):
            raise ValueError("a pair names a word that is not among the pair words")
        keys: KeyArray = (first * (len(pair_words) + 1) + second).astype(key_type)
        return cls(
            float(weights["bias"]),
            np.array([weights["signals"].get(signal.name, 0.0) for signal in SIGNALS]),
            np.array([weights["lengths"].get(name, 0.0) for name in length_bin_names()]),
            {word: float(weight) for word, weight in weights["words"].items()},
            pair_words,
            PairTable.of(keys, pair_weights),
        )


def pair_columns(pairs: Mapping[str, float]) -> dict[str, list[Any]]:
    """Weights of word pairs ("first second": weight) as the weights file keeps them: the distinct words,
    sorted, and for each pair (in order of its name) its two words' places among them, and its weight.

    Read back as arrays, without a split and a look-up for each of 20,000 pairs: building the model from
    the file's contents, which a cold `tag --claim` waits for, took 15 ms in a new process, and now 6.
    """
    named = sorted(pairs)
    split = [name.split(PAIR_JOINER) for name in named]
    if any(len(words) != 2 for words in split):
        raise ValueError(f"every pair must be two words joined by {PAIR_JOINER!r}")
    words = sorted({word for pair in split for word in pair})
    place = {word: number for number, word in enumerate(words)}
    return {
        "words": words,
        "first": [place[first] for first, _ in split],
        "second": [place[second] for _, second in split],
        "weight": [pairs[name] for name in named],
    }


@cache
def shipped_model() -> Model:
    """The model whose weights ship with the package."""
    # orjson parses the 585 KB of weights in 6 ms where json takes 15: a cold `tag --claim` waits for it.
    return Model.from_weights(orjson.loads(WEIGHTS_FILE.read_bytes()))


class _Scored(NamedTuple):
    logits: FloatArray
    word_weights: FloatArray  # per token
    pair_weights: FloatArray  # per token: the pair it starts
    signals: cues.CueSignals
    bins: IntArray


def _pair_weights(numbers: KeyArray, model: Model) -> FloatArray:
    """The weight of the pair each token starts (0 for the last); `numbers` are the tokens' pair words."""
    weights = np.zeros(len(numbers))
    # The separator is in no pair, so no pair spans two sentences.
    weights[:-1] = model.pairs.weights_of(numbers[:-1] * (len(model.pair_words) + 1) + numbers[1:])
    return weights


def _score(batch: TokenBatch, model: Model) -> _Scored:
    forms = batch.forms
    word_weights = over_types(model.words.get, forms, np.float64, 0.0)
    word_weights = word_weights.take(batch.type_of)
    in_no_pair = len(model.pair_words)
    key_type = model.pairs.keys.dtype
    numbers: KeyArray = over_types(model.pair_words.get, forms, key_type, in_no_pair)
    numbers = numbers.take(batch.type_of)
    pair_weights = _pair_weights(numbers, model)
    signals = cues.detect(batch)
    bins = length_bins(batch.word_counts)
    sentences = len(batch.texts)
    logits = (
        model.bias
        + np.bincount(batch.sentence_of, weights=word_weights + pair_weights, minlength=sentences)
        + signals.values @ model.signal_weights
        + model.length_weights[bins]
    )
    return _Scored(logits, word_weights, pair_weights, signals, bins)


def scores(texts: Sequence[str], model: Model | None = None) -> FloatArray:
    """The check-worthiness (0..1) of each text."""
    scored = _score(TokenBatch.of(texts), model or shipped_model())
    return 1.0 / (1.0 + np.exp(-scored.logits))


def _chosen(sentences: IntArray, weights: FloatArray) -> IntArray:
    """The items worth naming, by sentence: the heaviest that pushed it up, then those that pulled it down."""
    weighty = np.flatnonzero(np.abs(weights) >= _REASON_MIN_WEIGHT)
    against = weights[weighty] < 0
    groups = sentences[weighty] * 2 + against
    # Sorted by group, then heaviest first, in one stable sort: a complex number sorts by its real part,
    # then its imaginary part. The items come nearly in group order, which the stable sort (timsort)
    # is quick on, where lexsort first sorts the weights, which come in no order at all.
    order = np.argsort(groups + 1j * -np.abs(weights[weighty]), kind="stable")
    ordered = groups[order]
    place = np.arange(len(order))
    rank = place - np.maximum.accumulate(np.where(np.diff(ordered, prepend=-1) != 0, place, 0))
    return weighty[order[rank < np.where(against[order], _MOST_AGAINST, _MOST_FOR)]]


class _TokenShares(NamedTuple):
    """What each token adds to its sentence's log-odds: its word, half of each pair, the signals it fired."""

    weights: FloatArray
    signal: IntArray  # the strongest signal the token fired, -1 for none
    signal_weight: FloatArray


def _token_shares(scored: _Scored, contributions: FloatArray) -> _TokenShares:
    weights = scored.word_weights + scored.pair_weights / 2
    weights[1:] += scored.pair_weights[:-1] / 2
    trigger_token = scored.signals.trigger_token
    rows, columns = np.nonzero((trigger_token >= 0) & (contributions != 0))
    tokens = trigger_token[rows, columns]
    fired = contributions[rows, columns]
    np.add.at(weights, tokens, fired)  # in order: a token's signals are added one by one, by column
    # A token's strongest signal is the first of the heaviest: one stable sort by token, then heaviest
    # first (see `_chosen`); a token's signals come in the order of their columns.
    order = np.argsort(tokens + 1j * -np.abs(fired), kind="stable")
    strongest = order[np.flatnonzero(np.diff(tokens[order], prepend=-1))]
    signal = np.full(len(weights), -1, dtype=np.int64)
    signal[tokens[strongest]] = columns[strongest]
    signal_weight = np.zeros(len(weights))
    signal_weight[tokens[strongest]] = fired[strongest]
    return _TokenShares(weights, signal, signal_weight)


def _runs(batch: TokenBatch, shares: _TokenShares, pair_weights: FloatArray) -> _Runs:
    """The words worth naming, grouped into runs.

    Adjacent words pulling the same way are one run when a weighty pair joins them ("last year") or
    they are a number and its unit ("40 percent"); other words stand alone.
    """
    weights = shares.weights
    # Properties of each distinct token, looked up only for the few tokens worth naming.
    forms = batch.forms
    function_word = over_types(FUNCTION_WORDS.__contains__, forms, bool)
    number = over_types(str.startswith, forms, bool, "<")
    unit = over_types(cues.QUANTITY.words.__contains__, forms, bool)
    tokens = np.flatnonzero(batch.is_word & (np.abs(weights) >= _REASON_MIN_WEIGHT))
    types = batch.type_of[tokens]
    named = ~function_word[types] | (shares.signal[tokens] >= 0)
    tokens = tokens[named]
    sign = np.sign(weights[tokens])
    is_number = number[types[named]]
    previous, following = tokens[:-1], tokens[1:]
    joined = (following == previous + 1) & (sign[1:] == sign[:-1])
    weighty_pair = np.abs(pair_weights[previous]) >= _REASON_MIN_WEIGHT
    number_and_unit = is_number[:-1] & unit[batch.type_of[previous + 1]]
    joined &= (weighty_pair & (np.sign(pair_weights[previous]) == sign[:-1])) | number_and_unit
    starts = np.concatenate(([True], ~joined)) if len(tokens) else np.zeros(0, dtype=bool)
    # A reason names a few words, not a clause: a longer chain is cut every _MOST_WORDS_IN_REASON words.
    place = np.arange(len(tokens))
    place -= np.maximum.accumulate(np.where(starts, place, 0))
    starts |= place % _MOST_WORDS_IN_REASON == 0
    run_of = np.cumsum(starts) - 1
    count = int(starts.sum())
    # A run is named by the strongest signal one of its words fired, else as a number or as words.
    strength = np.where(shares.signal[tokens] >= 0, np.abs(shares.signal_weight[tokens]), -1.0)
    strongest = np.flatnonzero(strength == np.maximum.reduceat(strength, np.flatnonzero(starts))[run_of])
    strongest = strongest[np.flatnonzero(np.diff(run_of[strongest], prepend=-1))]  # the first of equals
    return _Runs(
        tokens[starts],
        tokens[np.append(starts[1:], True)[: len(tokens)]] + 1,
        np.bincount(run_of, weights=weights[tokens], minlength=count).astype(np.float64),
        np.where(strength[strongest] >= 0, shares.signal[tokens[strongest]], -1),
        np.bincount(run_of, weights=is_number, minlength=count) > 0,
    )


def assess_all(texts: Sequence[str], model: Model | None = None) -> list[Assessment]:
    """Score each text and name what drove its score: what pushed it up first, then what pulled it down."""
    # An article repeats itself (bylines, captions, prompts to share): each distinct text is assessed once.
    distinct = list(dict.fromkeys(texts))
    assessed = dict(zip(distinct, _assess_distinct(distinct, model or shipped_model()), strict=True))
    return list(map(assessed.__getitem__, texts))


def _assess_distinct(texts: Sequence[str], model: Model) -> list[Assessment]:
    batch = TokenBatch.of(texts)
    scored = _score(batch, model)
    contributions = scored.signals.values * model.signal_weights
    runs = _runs(batch, _token_shares(scored, contributions), scored.pair_weights)

    # The items a reason can name: runs of words, signals no single word fired, the sentence's length.
    wide_rows, wide_columns = np.nonzero((scored.signals.trigger_token < 0) & (contributions != 0))
    item_sentences = np.concatenate((batch.sentence_of[runs.first], wide_rows, np.arange(len(texts))))
    item_weights = np.concatenate(
        (runs.weight, contributions[wide_rows, wide_columns], model.length_weights[scored.bins])
    )
    # What an item is: a run's number, or -1 - a signal's column, or -1 - len(SIGNALS) for the length.
    item_refs = np.concatenate((np.arange(len(runs.first)), -1 - wide_columns, np.full(len(texts), _LENGTH_REF)))
    chosen = _chosen(item_sentences, item_weights)
    sentences = item_sentences[chosen]
    named = _name(batch, scored.signals.phrases, runs, sentences, item_refs[chosen])
    kept = ~_repeated(sentences, named)  # "part 1 of 325, update 1": one "number: 1"
    reasons = tuple(named[kept].tolist())
    bounds = np.searchsorted(sentences[kept], np.arange(len(texts) + 1)).tolist()
    # Slicing the tuple of all reasons gives each sentence's tuple, with no Python-level loop.
    by_sentence = map(reasons.__getitem__, map(slice, bounds, bounds[1:]))
    return list(map(Assessment, _rounded(1.0 / (1.0 + np.exp(-scored.logits))), by_sentence))


def _rounded(scores: FloatArray) -> list[float]:
    """Each score (0..1) as `round(score, _SCORE_DIGITS)` gives it, without a call per score.

    `round` rounds the score's exact value half to even, then reads the decimal back. `rint` of the
    scaled score picks the same last digit unless the exact product lies within the product's
    rounding error (2**-40 at most, below 10**4) of a half; those few go through `round`. The digits
    divided by a power of ten (both exact) give the float nearest the decimal, as reading it back does.
    """
    scale = 10.0**_SCORE_DIGITS
    scaled = scores * scale
    rounded: list[float] = (np.rint(scaled) / scale).tolist()
    for near_half in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < _NEAR_HALF).tolist():
        rounded[near_half] = round(float(scores[near_half]), _SCORE_DIGITS)
    return rounded


def _repeated(sentences: IntArray, named: ObjectArray) -> BoolArray:
    """Which reasons repeat an earlier reason of their sentence (a sentence has a few, in a row)."""
    repeated = np.zeros(len(named), dtype=bool)
    for distance in range(1, _MOST_FOR + _MOST_AGAINST):
        same_sentence = np.flatnonzero(sentences[distance:] == sentences[:-distance])
        repeated[same_sentence + distance] |= named[same_sentence + distance] == named[same_sentence]
    return repeated


_SCORE_DIGITS = 4
# Far wider than a scaled score's rounding error, and still few scores come this near a half.
_NEAR_HALF = 1e-6


_LENGTH_REF = -1 - len(SIGNALS)


class _Runs(NamedTuple):
    first: IntArray  # token index of each run's first word
    end: IntArray  # one past its last
    weight: FloatArray
    signal: IntArray  # the column of the strongest signal a word of it fired, -1 for none
    has_number: BoolArray


_RUN_LABELS = np.array([f"{signal.reason}: " for signal in SIGNALS] + ["number: ", "word: ", "words: "], dtype=object)
_NUMBER_LABEL, _WORD_LABEL, _WORDS_LABEL = range(len(SIGNALS), len(SIGNALS) + 3)


def _name(
    batch: TokenBatch, phrases: dict[tuple[int, int], str], runs: _Runs, sentences: IntArray, refs: IntArray
) -> ObjectArray:
    """Names each reason in words of its sentence: "attribution: said", "number: 40 percent", "question"."""
    named = np.empty(len(refs), dtype=object)
    is_run = refs >= 0
    named[is_run] = _name_runs(batch, runs, refs[is_run])
    is_signal = (refs < 0) & (refs != _LENGTH_REF)
    named[is_signal] = [
        f"{SIGNALS[column].reason}: {phrase}" if (phrase := phrases.get((sentence, column))) else SIGNALS[column].reason
        for sentence, column in zip(sentences[is_signal].tolist(), (-1 - refs[is_signal]).tolist(), strict=True)
    ]
    is_length = refs == _LENGTH_REF
    named[is_length] = [f"length: {count} words" for count in batch.word_counts[sentences[is_length]].tolist()]
    return named


def _name_runs(batch: TokenBatch, runs: _Runs, chosen: IntArray) -> ObjectArray:
    """Each chosen run's label and words: "verb: rose", "number: 40 percent", "words: Islamic State"."""
    surfaces = np.array(batch.surfaces, dtype=object)
    first = runs.first[chosen]
    lengths = runs.end[chosen] - first
    words = surfaces[batch.type_of[first]]
    for offset in range(1, _MOST_WORDS_IN_REASON):
        longer = lengths > offset
        words[longer] = words[longer] + " " + surfaces[batch.type_of[first[longer] + offset]]
    signal = runs.signal[chosen]
    label = np.where(
        signal >= 0,
        signal,
        np.where(runs.has_number[chosen], _NUMBER_LABEL, np.where(lengths == 1, _WORD_LABEL, _WORDS_LABEL)),
    )
    named: ObjectArray = _RUN_LABELS[label] + words
    return named
