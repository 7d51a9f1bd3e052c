"""How well the check-worthiness score agrees with labels: the new learned score beside the old one.

News, at the threshold (precision, recall and F1 of `is_claim`), on three sets in tests/data/:
  claims_seeds.tsv    every sentence of the five seeds, scored in its article (boilerplate applies);
  claims_written.tsv  150 news-style sentences written and labelled separately, scored one per line;
  claims_third.tsv    200 more, from a wider spread of outlets and registers, scored one per line.
These sets are also training data of the new score, so its figures on them are fitted figures; the
5-fold cross-validated ones (`--cross-validate`) are what it does on news it has not seen.

Transcripts (`--transcripts`): MAP per CLEF-2019 training transcript, the new score trained
leave-one-transcript-out (on the other transcripts and the news sets), and a balanced F1 at 0.5
(every held-out check-worthy sentence and as many others, drawn at random). The same folds score our
spoken labels (data/spoken_claims.tsv: transcript sentences labelled "a factual claim worth checking",
the broad notion of debate-sentence sets): precision, recall and F1 at 0.5 of every held-out spoken
label and of a balanced draw, each model trained without the held-out transcript's CLEF rows and
without its spoken labels.

The old score was a hand-weighted sum of the cue signals; it is recomputed here as a model that
weighs nothing but them.

Run: .venv/bin/python bench/claims_quality.py [--threshold X] [--errors] [--transcripts] [--cross-validate]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_claims import (  # noqa: E402
    CLEF_2019,
    average_precision,
    balanced_f1,
    news_cross_validation,
    read_clef,
    read_spoken,
    spoken_figures,
    transcript_cross_validation,
    transcript_of,
)

from tui.text.article import DEFAULT_THRESHOLD  # noqa: E402
from tui.text.article_files import load_articles  # noqa: E402
from tui.text.checkworthiness import Model, pair_columns, scores, shipped_model  # noqa: E402
from tui.text.claims import find_claims, line_sentences, score_sentences  # noqa: E402

DATA = ROOT / "tests" / "data"

# The hand-set weights of the score before issue 13 (one per cue signal; `entities` per name, at most 4).
OLD_MODEL = Model.from_weights(
    {
        "bias": -1.8,
        "signals": {
            "quantity": 1.0,
            "date": 0.7,
            "attribution": 1.0,
            "comparison": 0.5,
            "causal": 0.4,
            "event": 1.8,
            "no_verb": -0.6,
            "entities": 0.35,
            "question": -3.0,
            "opinion": -1.3,
            "call_to_action": -2.2,
            "first_person": -2.0,
            "second_person": -1.2,
            "exclamation": -0.8,
            "hedge": -0.3,
            "listicle": -2.0,
            "fragment": -2.5,
        },
        "lengths": {},
        "words": {},
        "pairs": pair_columns({}),
    }
)

Row = tuple[str, bool, bool, float]


def read_labels(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def seed_predictions(threshold: float, model: Model | None = None) -> tuple[list[Row], list[str]]:
    """(text, label, predicted, score) for each labelled seed sentence the splitter also found."""
    found: dict[tuple[str, str], list] = {}
    for article in load_articles([ROOT / "seeds"]).articles:
        for scored in find_claims(article, threshold, model):
            found.setdefault((article.path.name[:3], scored.sentence.text), []).append(scored)
    rows, missing = [], []
    for row in read_labels("claims_seeds.tsv"):
        # A text can occur twice in one article (a repeated title): match occurrences in order.
        occurrences = found.get((row["article"], row["text"]))
        if not occurrences:
            missing.append(f"{row['article']}: {row['text']}")
            continue
        scored = occurrences.pop(0)
        rows.append((row["text"], row["label"] == "1", scored.is_claim, scored.assessment.score))
    return rows, missing


LINE_SETS = ("claims_written.tsv", "claims_third.tsv")


def line_predictions(name: str, threshold: float, model: Model | None = None) -> list[Row]:
    """(text, label, predicted, score) for a labelled set scored one sentence per line."""
    labelled = read_labels(name)
    text = "\n".join(row["text"] for row in labelled)
    scored = list(score_sentences(line_sentences(text), threshold, model))
    return [(s.sentence.text, row["label"] == "1", s.is_claim, s.assessment.score) for row, s in zip(labelled, scored)]


def quality(rows: list[Row]) -> dict[str, float]:
    tp = sum(1 for _, label, predicted, _ in rows if label and predicted)
    fp = sum(1 for _, label, predicted, _ in rows if not label and predicted)
    fn = sum(1 for _, label, predicted, _ in rows if label and not predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(1 for _, label, predicted, _ in rows if label == predicted) / len(rows)
    return {"n": len(rows), "precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def news_sets(threshold: float, model: Model) -> tuple[list[tuple[str, list[Row]]], list[str]]:
    seeds, missing = seed_predictions(threshold, model)
    sets = [("claims_seeds.tsv (in article)", seeds)]
    sets += [(f"{name} (one per line)", line_predictions(name, threshold, model)) for name in LINE_SETS]
    return sets, missing


def print_quality(name: str, rows: list[Row]) -> None:
    q = quality(rows)
    print(
        f"  {name:36} n={q['n']:3d}  precision={q['precision']:.3f}  recall={q['recall']:.3f}  "
        f"F1={q['f1']:.3f}  accuracy={q['accuracy']:.3f}"
    )


def report_news(threshold: float, errors: bool) -> None:
    missing: list[str] = []
    for label, model in (("old score", OLD_MODEL), ("new score", shipped_model())):
        print(f"News at threshold {threshold} — {label}:")
        sets, missing = news_sets(threshold, model)
        for name, rows in sets:
            print_quality(name, rows)
            if errors:
                for text, truth, predicted, score in rows:
                    if truth != predicted:
                        print(f"     {'MISS' if truth else 'FALSE'} {score:.2f}  {text[:110]}")
    if missing:
        print(f"{len(missing)} labelled seed sentences were split differently:")
        for line in missing:
            print("   ", line[:120])


def report_cross_validation(threshold: float) -> None:
    print(f"News, 5-fold cross-validated (new score trained without the fold), at threshold {threshold}:")
    for name, (labels, predicted) in news_cross_validation().items():
        rows = [("", bool(t), bool(p >= threshold), float(p)) for t, p in zip(labels, predicted)]
        print_quality(name, rows)


def speech_transcripts() -> set[str]:
    """Transcripts in which one speaker says at least 80% of the sentences: speeches and press
    statements, not debates (the held-out CLEF test speeches are of this kind)."""
    said: dict[str, Counter[str]] = defaultdict(Counter)
    with CLEF_2019.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            said[row["file_name"]][row["speaker"]] += 1
    return {name for name, speakers in said.items() if speakers.most_common(1)[0][1] >= 0.8 * sum(speakers.values())}


def report_transcripts() -> None:
    clef = read_clef()
    groups = np.array(clef.groups)
    held_out, spoken = transcript_cross_validation()
    old_held_out = {}
    print("CLEF-2019 training transcripts: AP, old score and new (leave-one-transcript-out):")
    for transcript in sorted(held_out):
        labels, new = held_out[transcript]
        old = scores([t for t, g in zip(clef.texts, groups) if g == transcript], OLD_MODEL)
        old_held_out[transcript] = (labels, old)
        print(
            f"  {transcript:30} n={len(labels):5d} check-worthy={int(labels.sum()):3d}  "
            f"old AP={average_precision(labels, old):.3f}  new AP={average_precision(labels, new):.3f}"
        )
    old_map = np.mean([average_precision(*old_held_out[t]) for t in sorted(held_out)])
    new_map = np.mean([average_precision(*held_out[t]) for t in sorted(held_out)])
    print(f"  MAP: old={old_map:.4f}  new={new_map:.4f}")
    speeches = [t for t in sorted(held_out) if t in speech_transcripts()]
    old_speeches = np.mean([average_precision(*old_held_out[t]) for t in speeches])
    new_speeches = np.mean([average_precision(*held_out[t]) for t in speeches])
    print(
        f"  MAP over the {len(speeches)} speeches (one speaker says most): old={old_speeches:.4f}  new={new_speeches:.4f}"
    )
    print(f"  balanced F1 at 0.5: old={balanced_f1(old_held_out):.4f}  new={balanced_f1(held_out):.4f}")
    old_spoken = {t: (labels, scores(texts, OLD_MODEL)) for t, (labels, texts) in spoken_texts().items()}
    print("Spoken labels (data/spoken_claims.tsv), at 0.5, new score trained without the held-out transcript:")
    for name, label in (("all", "all"), ("balanced", "balanced (every positive, as many negatives)")):
        old_p, old_r, old_f1 = spoken_figures(old_spoken)[name]
        new_p, new_r, new_f1 = spoken_figures(spoken)[name]
        print(
            f"  {label:45} old P/R/F1={old_p:.3f}/{old_r:.3f}/{old_f1:.3f}  new P/R/F1={new_p:.3f}/{new_r:.3f}/{new_f1:.3f}"
        )


def spoken_texts() -> dict[str, tuple[np.ndarray, list[str]]]:
    """Our spoken labels and their texts, by transcript (in the order the cross-validation uses)."""
    data = read_spoken()
    groups = [transcript_of(g) for g in data.groups]
    return {
        t: (data.labels[[g == t for g in groups]], [x for x, g in zip(data.texts, groups) if g == t])
        for t in sorted(set(read_clef().groups))
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--errors", action="store_true", help="list the sentences the highlighter gets wrong")
    parser.add_argument("--transcripts", action="store_true", help="leave-one-transcript-out MAP (a minute or two)")
    parser.add_argument("--cross-validate", action="store_true", help="news figures of models not trained on them")
    args = parser.parse_args()
    report_news(args.threshold, args.errors)
    if args.cross_validate:
        report_cross_validation(args.threshold)
    if args.transcripts:
        report_transcripts()


if __name__ == "__main__":
    main()
