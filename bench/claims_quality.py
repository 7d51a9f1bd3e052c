"""How well the highlighter agrees with hand labels: precision, recall and F1 of `is_claim`.

Three labelled sets live in tests/data/:
  claims_seeds.tsv    every sentence of the five seeds, scored in its article (boilerplate applies);
  claims_written.tsv  150 news-style sentences written and labelled separately, scored one per line;
  claims_third.tsv    200 more, from a wider spread of outlets and registers, scored one per line.

Run: .venv/bin/python bench/claims_quality.py [--threshold X] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.text.article_files import load_articles  # noqa: E402
from tui.text.claims import DEFAULT_THRESHOLD, find_claims, line_sentences, score_sentences  # noqa: E402

DATA = ROOT / "tests" / "data"


def read_labels(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def seed_predictions(threshold: float) -> tuple[list[tuple[str, bool, bool, float]], list[str]]:
    """(text, label, predicted, score) for each labelled seed sentence the splitter also found."""
    found: dict[tuple[str, str], list] = {}
    for article in load_articles([ROOT / "seeds"]).articles:
        for scored in find_claims(article, threshold):
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


def line_predictions(name: str, threshold: float) -> list[tuple[str, bool, bool, float]]:
    """(text, label, predicted, score) for a labelled set scored one sentence per line."""
    labelled = read_labels(name)
    text = "\n".join(row["text"] for row in labelled)
    scored = list(score_sentences(line_sentences(text), threshold))
    return [(s.sentence.text, row["label"] == "1", s.is_claim, s.assessment.score) for row, s in zip(labelled, scored)]


def quality(rows: list[tuple[str, bool, bool, float]]) -> dict[str, float]:
    tp = sum(1 for _, label, predicted, _ in rows if label and predicted)
    fp = sum(1 for _, label, predicted, _ in rows if not label and predicted)
    fn = sum(1 for _, label, predicted, _ in rows if label and not predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(1 for _, label, predicted, _ in rows if label == predicted) / len(rows)
    return {"n": len(rows), "precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--errors", action="store_true", help="list the sentences the highlighter gets wrong")
    args = parser.parse_args()
    seeds, missing = seed_predictions(args.threshold)
    sets = [("claims_seeds.tsv (in article)", seeds)]
    sets += [(f"{name} (one per line)", line_predictions(name, args.threshold)) for name in LINE_SETS]
    for name, rows in sets:
        q = quality(rows)
        print(
            f"{name:36} n={q['n']:3d}  precision={q['precision']:.3f}  recall={q['recall']:.3f}  "
            f"F1={q['f1']:.3f}  accuracy={q['accuracy']:.3f}"
        )
        if args.errors:
            for text, label, predicted, score in rows:
                if label != predicted:
                    print(f"   {'MISS' if label else 'FALSE'} {score:.2f}  {text[:110]}")
    if missing:
        print(f"{len(missing)} labelled seed sentences were split differently:")
        for line in missing:
            print("   ", line[:120])


if __name__ == "__main__":
    main()
