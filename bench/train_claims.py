"""Train the check-worthiness scorer and write its weights file, byte for byte the same every run.

Data (see data/README.md): the CLEF-2019 CheckThat! Task 1 training transcripts
(political debates and speeches, sentences labelled check-worthy by fact-checkers;
they include the three CLEF-2018 English training debates), our own labelled
news sentences (tests/data/) and our own labels of some transcript sentences by the
broader notion "a factual claim worth checking" (data/spoken_claims.tsv). The model is an L2-regularised logistic regression
fitted with L-BFGS (scipy), no sampling anywhere, so the result is deterministic.

Run: .venv/bin/python bench/train_claims.py            # writes tui/text/checkworthiness_weights.json
     .venv/bin/python bench/train_claims.py --evaluate # leave-one-transcript-out figures instead
     (--l2, --news-weight, --spoken-weight, --shift try other settings with --evaluate)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
from scipy import optimize, sparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.text import cues  # noqa: E402
from tui.text.checkworthiness import (  # noqa: E402
    PAIR_JOINER,
    WEIGHTS_FILE,
    Model,
    length_bin_names,
    length_bins,
    pair_columns,
    scores,
)
from tui.text.token_batch import TokenBatch, normalised  # noqa: E402

CLEF_2019 = ROOT / "data" / "clef2019" / "CT19-T1-Training.csv"
NEWS_SETS = ("claims_seeds.tsv", "claims_written.tsv", "claims_third.tsv")
NEWS = ROOT / "tests" / "data"
SPOKEN = ROOT / "data" / "spoken_claims.tsv"
SPOKEN_PREFIX = "spoken:"

# Chosen by leave-one-transcript-out (see --evaluate and the report in data/README.md).
L2 = 100.0
# Each of our news sentences counts as much as this many transcript sentences of its class:
# the transcripts teach what fact-checkers pick, the news sets where 0.5 lies in news.
NEWS_WEIGHT = 10.0
# Each of our spoken labels (transcript sentences labelled "a factual claim worth checking", the
# broad notion of debate-sentence sets) counts as much as this many transcript sentences, its two
# classes weighing the same: they teach where 0.5 lies in spoken language.
SPOKEN_WEIGHT = 20.0
# Log-odds added to the fitted bias: the fitted 0.5 point is strict for balanced debate sentences
# (held-out check-worthy ones mostly score below it), so it is moved toward them as far as the news
# sets allow without losing precision or recall against the old score (see data/README.md).
CALIBRATION_SHIFT = 0.45
SIGNIFICANT_DIGITS = 4
SMALLEST_WEIGHT = 0.005


@dataclass(frozen=True, slots=True)
class Settings:
    l2: float = L2
    news_weight: float = NEWS_WEIGHT
    spoken_weight: float = SPOKEN_WEIGHT
    shift: float = CALIBRATION_SHIFT


@dataclass(frozen=True, slots=True)
class Labelled:
    texts: list[str]
    labels: np.ndarray
    groups: list[str]  # the transcript (or news set) a sentence comes from; spoken labels: "spoken:" + transcript


def read_clef() -> Labelled:
    with CLEF_2019.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Labelled(
        [r["text"] for r in rows], np.array([int(r["label"]) for r in rows]), [r["file_name"] for r in rows]
    )


def read_news() -> Labelled:
    texts, labels, groups = [], [], []
    for name in NEWS_SETS:
        with (NEWS / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                texts.append(row["text"])
                labels.append(int(row["label"]))
                groups.append(f"news:{name}")
    return Labelled(texts, np.array(labels), groups)


def read_spoken() -> Labelled:
    with SPOKEN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return Labelled(
        [r["text"] for r in rows],
        np.array([int(r["label"]) for r in rows]),
        [SPOKEN_PREFIX + r["file_name"] for r in rows],
    )


def transcript_of(group: str) -> str:
    """The transcript a CLEF row or spoken label comes from ("" for news)."""
    if group.startswith("news:"):
        return ""
    return group.removeprefix(SPOKEN_PREFIX)


def everything() -> Labelled:
    return join(read_clef(), read_news(), read_spoken())


def join(*parts: Labelled) -> Labelled:
    return Labelled(
        [t for p in parts for t in p.texts],
        np.concatenate([p.labels for p in parts]),
        [g for p in parts for g in p.groups],
    )


def design_matrix(texts: Sequence[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """The features the scorer computes (tui.text.checkworthiness), as a sparse matrix with named columns."""
    batch = TokenBatch.of(texts)
    forms = np.array([normalised(surface) for surface in batch.surfaces], dtype=object)[batch.type_of]
    words = batch.is_word
    pairs = words[:-1] & words[1:]
    names = [f"w:{form}" for form in forms[words]]
    names += [f"p:{a}{PAIR_JOINER}{b}" for a, b in zip(forms[:-1][pairs], forms[1:][pairs])]
    rows = np.concatenate((batch.sentence_of[words], batch.sentence_of[:-1][pairs]))
    values = np.ones(len(rows))
    signals = cues.detect(batch).values
    signal_rows, signal_columns = np.nonzero(signals)
    names += [f"s:{cues.SIGNAL_NAMES[c]}" for c in signal_columns]
    rows = np.concatenate((rows, signal_rows))
    values = np.concatenate((values, signals[signal_rows, signal_columns]))
    bins = length_bins(batch.word_counts)
    bin_names = length_bin_names()
    names += [f"l:{bin_names[b]}" for b in bins]
    rows = np.concatenate((rows, np.arange(len(texts))))
    values = np.concatenate((values, np.ones(len(texts))))
    vocabulary = sorted(set(names))
    column = {name: index for index, name in enumerate(vocabulary)}
    columns = np.array([column[name] for name in names])
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(texts), len(vocabulary)))
    matrix.sum_duplicates()
    return matrix, vocabulary


def sample_weights(data: Labelled, settings: Settings = Settings()) -> np.ndarray:
    """Transcript sentences weighted so that each class weighs half (as in a balanced set); each news
    sentence (the news sets are about balanced already) weighs `news_weight` times an average one;
    the spoken labels weigh `spoken_weight` times an average one, each class half of that."""
    news = np.array([g.startswith("news:") for g in data.groups])
    spoken = np.array([g.startswith(SPOKEN_PREFIX) for g in data.groups])
    clef = ~news & ~spoken
    weights = np.full(len(data.labels), settings.news_weight)
    for label in (0, 1):
        in_class = clef & (data.labels == label)
        weights[in_class] = clef.sum() / (2 * in_class.sum())
        in_spoken = spoken & (data.labels == label)
        if in_spoken.any():
            weights[in_spoken] = settings.spoken_weight * spoken.sum() / (2 * in_spoken.sum())
    return weights


def fit(matrix: sparse.csr_matrix, labels: np.ndarray, weights: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    """Weighted logistic regression, L2 on every weight but the bias; (bias, weights)."""
    y = labels.astype(float)

    def loss(parameters: np.ndarray) -> tuple[float, np.ndarray]:
        bias, coef = parameters[0], parameters[1:]
        logits = matrix @ coef + bias
        # log(1 + e^z) - y z, computed stably
        value = np.sum(weights * (np.logaddexp(0.0, logits) - y * logits)) + 0.5 * l2 * coef @ coef
        residual = weights * (1.0 / (1.0 + np.exp(-logits)) - y)
        gradient = np.concatenate(([residual.sum()], matrix.T @ residual + l2 * coef))
        return float(value), gradient

    start = np.zeros(matrix.shape[1] + 1)
    result = optimize.minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    return float(result.x[0]), result.x[1:]


def rounded(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def weights_record(
    bias: float, coef: np.ndarray, vocabulary: list[str], shift: float = CALIBRATION_SHIFT
) -> dict[str, object]:
    record: dict[str, dict[str, float]] = {"words": {}, "pairs": {}, "signals": {}, "lengths": {}}
    section = {"w": "words", "p": "pairs", "s": "signals", "l": "lengths"}
    for name, weight in zip(vocabulary, coef.tolist()):
        if abs(weight) >= SMALLEST_WEIGHT:
            kind, _, feature = name.partition(":")
            record[section[kind]][feature] = rounded(weight)
    return {"bias": rounded(bias + shift), **record, "pairs": pair_columns(record["pairs"])}


def train(data: Labelled, settings: Settings = Settings()) -> dict[str, object]:
    """The weights record of a model fitted to `data`."""
    matrix, vocabulary = design_matrix(data.texts)
    bias, coef = fit(matrix, data.labels, sample_weights(data, settings), settings.l2)
    return weights_record(bias, coef, vocabulary, settings.shift)


def held_out_scores(
    data: Labelled, held_out: np.ndarray, matrix: sparse.csr_matrix, vocabulary: list[str], settings: Settings
) -> np.ndarray:
    """Scores of the `held_out` rows by the shipped scorer with weights fitted to the other rows.

    A column only held-out rows have gets no gradient, so it stays 0: one matrix serves every fold.
    """
    kept = ~held_out
    kept_data = Labelled(
        [t for t, k in zip(data.texts, kept) if k], data.labels[kept], [g for g, k in zip(data.groups, kept) if k]
    )
    weights = sample_weights(kept_data, settings)
    bias, coef = fit(matrix[np.flatnonzero(kept)], data.labels[kept], weights, settings.l2)
    model = Model.from_weights(weights_record(bias, coef, vocabulary, settings.shift))
    return scores([t for t, h in zip(data.texts, held_out) if h], model)


def average_precision(labels: np.ndarray, score: np.ndarray) -> float:
    """CLEF CheckThat!'s AP: mean precision at the rank of each check-worthy sentence."""
    order = np.argsort(-score, kind="stable")
    hits = labels[order] == 1
    if not hits.any():
        return 0.0
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision_at[hits].mean())


Folds = dict[str, tuple[np.ndarray, np.ndarray]]


def transcript_cross_validation(settings: Settings = Settings()) -> tuple[Folds, Folds]:
    """For each CLEF-2019 training transcript, scores by a model trained without it (without its CLEF
    rows and without our spoken labels of its sentences): (CLEF labels and scores, spoken labels and
    scores), each by transcript."""
    data = everything()
    matrix, vocabulary = design_matrix(data.texts)
    groups = np.array(data.groups)
    transcripts = np.array([transcript_of(g) for g in data.groups])
    clef: Folds = {}
    spoken: Folds = {}
    for transcript in sorted(set(read_clef().groups)):
        held_out = transcripts == transcript
        held_out_score = np.zeros(len(groups))
        held_out_score[held_out] = held_out_scores(data, held_out, matrix, vocabulary, settings)
        for folds, rows in ((clef, groups == transcript), (spoken, groups == SPOKEN_PREFIX + transcript)):
            folds[transcript] = (data.labels[rows], held_out_score[rows])
    return clef, spoken


def leave_one_transcript_out(settings: Settings = Settings()) -> Folds:
    """For each CLEF-2019 training transcript: its labels and its scores by a model trained without it."""
    return transcript_cross_validation(settings)[0]


def news_cross_validation(folds: int = 5, settings: Settings = Settings()) -> Folds:
    """Each news set's labels and scores, every sentence scored by a model trained without its fold."""
    data = everything()
    matrix, vocabulary = design_matrix(data.texts)
    groups = np.array(data.groups)
    news = np.flatnonzero(np.char.startswith(groups.astype(str), "news:"))
    predicted = np.zeros(len(groups))
    for fold in range(folds):
        held_out = np.zeros(len(groups), dtype=bool)
        held_out[news[fold::folds]] = True
        predicted[held_out] = held_out_scores(data, held_out, matrix, vocabulary, settings)
    return {name: (data.labels[groups == f"news:{name}"], predicted[groups == f"news:{name}"]) for name in NEWS_SETS}


def balanced_f1(held_out: dict[str, tuple[np.ndarray, np.ndarray]], threshold: float = 0.5, seed: int = 13) -> float:
    """F1 at `threshold` on every held-out positive and as many held-out negatives, drawn at random."""
    generator = np.random.default_rng(seed)
    tp = fp = fn = 0
    for transcript in sorted(held_out):
        labels, score = held_out[transcript]
        positives = np.flatnonzero(labels == 1)
        negatives = generator.choice(np.flatnonzero(labels == 0), size=len(positives), replace=False)
        predicted_positive = score[positives] >= threshold
        tp += int(predicted_positive.sum())
        fn += int((~predicted_positive).sum())
        fp += int((score[negatives] >= threshold).sum())
    return 2 * tp / (2 * tp + fp + fn)


def precision_recall_f1(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    tp = int((predicted & (labels == 1)).sum())
    fp = int((predicted & (labels == 0)).sum())
    fn = int((~predicted & (labels == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def spoken_figures(spoken: Folds, threshold: float = 0.5, seed: int = 13) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 at `threshold` of the held-out spoken labels: all of them, and a
    balanced draw (every positive and as many negatives, drawn at random with a fixed seed)."""
    labels = np.concatenate([spoken[t][0] for t in sorted(spoken)])
    score = np.concatenate([spoken[t][1] for t in sorted(spoken)])
    positives = np.flatnonzero(labels == 1)
    negatives = np.flatnonzero(labels == 0)
    drawn = np.random.default_rng(seed).choice(negatives, size=min(len(positives), len(negatives)), replace=False)
    balanced = np.concatenate((positives, np.sort(drawn)))
    return {
        "all": precision_recall_f1(labels, score >= threshold),
        "balanced": precision_recall_f1(labels[balanced], score[balanced] >= threshold),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluate", action="store_true", help="leave-one-transcript-out MAP and balanced F1")
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--news-weight", type=float, default=NEWS_WEIGHT)
    parser.add_argument("--spoken-weight", type=float, default=SPOKEN_WEIGHT)
    parser.add_argument("--shift", type=float, default=CALIBRATION_SHIFT)
    args = parser.parse_args()
    settings = Settings(args.l2, args.news_weight, args.spoken_weight, args.shift)
    if args.evaluate:
        held_out, spoken = transcript_cross_validation(settings)
        aps = {t: average_precision(*held_out[t]) for t in sorted(held_out)}
        for transcript, ap in aps.items():
            print(f"{transcript:32} AP={ap:.3f}")
        print(f"MAP={np.mean(list(aps.values())):.4f}  balanced F1 at 0.5={balanced_f1(held_out):.4f}")
        for name, (precision, recall, f1) in spoken_figures(spoken).items():
            print(f"spoken labels ({name}) at 0.5: precision={precision:.3f} recall={recall:.3f} F1={f1:.3f}")
        return
    if settings != Settings():
        parser.error("the weights file is built with the settings in this script; other settings only with --evaluate")
    record = train(everything(), settings)
    WEIGHTS_FILE.write_text(json.dumps(record, sort_keys=True, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    count = sum(len(cast(dict[str, float], record[name])) for name in ("words", "signals", "lengths"))
    count += len(cast(dict[str, list[float]], record["pairs"])["weight"])
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}: {count} weights")


if __name__ == "__main__":
    main()
