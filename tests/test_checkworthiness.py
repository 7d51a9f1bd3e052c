"""The learned scorer: what its reasons say, that it scores a batch as it scores each sentence, and
that the shipped weights are the model the training script builds."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from tui.text.article import DEFAULT_THRESHOLD
from tui.text.checkworthiness import PAIR_JOINER, WEIGHTS_FILE, assess_all, scores
from tui.text.claims import assess

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from train_claims import design_matrix, read_news

SENTENCES = [
    "Unemployment rose to 40 percent in March, the statistics office said.",
    "Some 346 ISIS members were killed and 1,100 were re-arrested.",
    "How can they return to Libya or Afghanistan ?",
    "I absolutely don’t buy this.",
    "Notify of",
    "",
    "The deficit was $1.2 trillion in 2019, up 26% from a year earlier.",
]


def test_a_number_and_the_word_it_counts_are_named_from_the_sentence() -> None:
    assessment = assess("Unemployment rose to 40 percent in March.")
    assert assessment.score >= DEFAULT_THRESHOLD
    assert assessment.reasons[0] == "number: 40 percent"
    assert "word: Unemployment" in assessment.reasons


@pytest.mark.parametrize("sentence", SENTENCES)
def test_reasons_quote_the_sentence(sentence: str) -> None:
    words = set(re.findall(r"[^\W_]+(?:['-][^\W_]+)*|[$£€]?\d[\d.,%]*", sentence.replace("’", "'")))
    words |= set(re.findall(r"[$£€]?\d(?:[\d.,]*\d)?%?", sentence))  # numbers whole: "1,100"
    for reason in assess(sentence).reasons:
        label, _, quoted = reason.partition(": ")
        if label in {"number", "word", "words", "verb", "attribution", "first person", "name", "comparison"}:
            assert set(quoted.split()) <= words | {w.lower() for w in words}, reason


def test_what_pushed_a_claim_up_comes_before_what_pulled_it_down() -> None:
    assessment = assess("I think unemployment rose to 40 percent, but who knows?")
    up = [r for r in assessment.reasons if r in ("number: 40 percent", "verb: rose")]
    down = [r for r in assessment.reasons if r in ("question", "first person: I")]
    assert up and down
    assert max(assessment.reasons.index(r) for r in up) < min(assessment.reasons.index(r) for r in down)


def test_a_batch_scores_each_sentence_as_if_alone() -> None:
    together = assess_all(SENTENCES)
    assert together == [assess(sentence) for sentence in SENTENCES]
    assert all(0.0 <= a.score <= 1.0 for a in together)
    assert assess_all([]) == []


def test_the_scorer_computes_the_linear_model_the_training_script_fits() -> None:
    texts = read_news().texts[:120] + SENTENCES
    matrix, vocabulary = design_matrix(texts)
    record = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    sections = {"w": "words", "s": "signals", "l": "lengths"}
    weights = {f"{kind}:{name}": w for kind, section in sections.items() for name, w in record[section].items()}
    pairs = record["pairs"]
    for first, second, weight in zip(pairs["first"], pairs["second"], pairs["weight"], strict=True):
        weights[f"p:{pairs['words'][first]}{PAIR_JOINER}{pairs['words'][second]}"] = weight
    coefficients = np.array([weights.get(name, 0.0) for name in vocabulary])
    expected = 1.0 / (1.0 + np.exp(-(matrix @ coefficients + record["bias"])))
    np.testing.assert_allclose(scores(texts), expected, rtol=1e-9, atol=1e-12)


def test_the_weights_file_is_small() -> None:
    assert WEIGHTS_FILE.stat().st_size < 2_000_000


def test_a_function_word_alone_is_never_named_as_a_reason(seeds) -> None:
    from tui.text.checkworthiness import FUNCTION_WORDS
    from tui.text.claims import find_claims

    for article in seeds.values():
        for scored in find_claims(article):
            for reason in scored.assessment.reasons:
                kind, _, words = reason.partition(": ")
                assert not (kind in ("word", "words") and all(w.lower() in FUNCTION_WORDS for w in words.split())), (
                    reason
                )


def test_a_reason_is_named_once_even_where_its_words_come_twice() -> None:
    reasons = assess("Update 1: further reporting, part 1 of 325").reasons
    assert len(reasons) == len(set(reasons))


def test_an_underscore_parts_tokens_as_any_other_mark_does() -> None:
    from tui.text.token_batch import TokenBatch

    assert TokenBatch.of(["foo_bar 12_000 4.5%_x _said_"]).surfaces[1:] == (
        "foo",
        "bar",
        "12",
        "000",
        "4.5%",
        "x",
        "said",
    )


def test_a_sentence_that_comes_again_is_assessed_as_it_was_the_first_time() -> None:
    together = assess_all([*SENTENCES, *reversed(SENTENCES), SENTENCES[0]])
    assert together == [assess(sentence) for sentence in [*SENTENCES, *reversed(SENTENCES), SENTENCES[0]]]


def _keys_first_looked_for_last(count: int) -> np.ndarray:
    """Keys that all hash to the last first slot of a table of `count` keys: they run on past it."""
    from tui.text.checkworthiness import _home_slots

    bits = (4 * count).bit_length()
    candidates = np.arange(count << (bits + 2))
    return candidates[_home_slots(candidates, bits) == (1 << bits) - 1][:count]


@pytest.mark.parametrize(
    "keys",
    [
        np.arange(0, 30_000, 3),
        np.arange(0, 30_000, 3, dtype=np.int32),
        np.arange(5_000) * 4_602 + 17,
        _keys_first_looked_for_last(40),
        np.zeros(0, dtype=np.int64),
    ],
)
def test_a_pair_table_gives_each_of_its_keys_its_weight_and_any_other_key_none(keys: np.ndarray) -> None:
    from tui.text.checkworthiness import PairTable

    weights = np.random.default_rng(5).normal(size=len(keys))
    table = PairTable.of(keys, weights)
    assert np.array_equal(table.weights_of(keys[::-1]), weights[::-1])
    others = np.setdiff1d(np.arange(40_000) * 7 + 1, keys).astype(keys.dtype)
    assert not table.weights_of(others).any()


def test_distinct_tokens_looked_up_a_few_at_a_time_score_the_same(seeds, monkeypatch: pytest.MonkeyPatch) -> None:
    """Look-ups over the vocabulary go a slice at a time (one C call over a huge one would freeze the reader)."""
    from tui.text import token_batch

    texts = [line for article in seeds.values() for line in article.text.splitlines() if line.strip()]
    whole = assess_all(texts)
    monkeypatch.setattr(token_batch, "TYPES_PER_SLICE", 7)
    assert assess_all(texts) == whole


def _scores_near_halves() -> np.ndarray:
    """Every score whose fourth decimal is half-way, and the floats either side of each."""
    halves = (np.arange(10_000) + 0.5) / 10_000
    return np.concatenate((halves, np.nextafter(halves, 0.0), np.nextafter(halves, 1.0), [0.0, 1.0, 2**-30]))


def test_scores_are_rounded_as_round_rounds_them() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.text.checkworthiness import _SCORE_DIGITS, _rounded

    def held(scores: np.ndarray) -> None:
        assert _rounded(scores) == [round(score, _SCORE_DIGITS) for score in scores.tolist()]

    held(_scores_near_halves())
    held(np.random.default_rng(4).random(100_000))
    given(st.lists(st.floats(0.0, 1.0), max_size=50))(settings(max_examples=300)(lambda s: held(np.array(s))))()


def test_pairs_are_kept_as_columns_and_read_back_by_name() -> None:
    import numpy as np

    from tui.text.checkworthiness import Model, pair_columns

    named = {"last year": 0.5, "rose by": -0.25, "year ago": 0.125}
    columns = pair_columns(named)
    assert columns["words"] == ["ago", "by", "last", "rose", "year"]
    model = Model.from_weights({"bias": 0.0, "signals": {}, "lengths": {}, "words": {}, "pairs": columns})
    width = len(model.pair_words) + 1
    for name, weight in [*named.items(), ("year last", 0.0), ("ago ago", 0.0)]:
        first, second = name.split(PAIR_JOINER)
        key = np.array([model.pair_words[first] * width + model.pair_words[second]], dtype=model.pairs.keys.dtype)
        assert model.pairs.weights_of(key).tolist() == [weight]
    with pytest.raises(ValueError, match="two words"):
        pair_columns({"alone": 1.0})
    for spoiled in ({**columns, "first": [0, 1]}, {**columns, "second": [0, 1, 9]}, {**columns, "words": ["a", "a"]}):
        with pytest.raises(ValueError):
            Model.from_weights({"bias": 0.0, "signals": {}, "lengths": {}, "words": {}, "pairs": spoiled})
