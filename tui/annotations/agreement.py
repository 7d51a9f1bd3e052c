"""How far annotators agree on the claims they both tagged, and where they disagree.

A unit ("claim") is one span of one article: records are grouped by their article id and the
start and end of their position selector. Only annotators' judgements count: a record marked
`adjudicated` is a reviewer settling a disagreement, so it is left out of the figures (and
shown beside the disagreement it settles). A record holding `conflicts` from a merge counts
as its main version; the versions it lists are one annotator's history, not other annotators.

The figures, computed on claims tagged by two or more annotators:

- percent agreement: per claim, the share of ordered annotator pairs that chose the same label,
  averaged over claims (with two annotators: the share of claims on which they agree);
- Cohen's kappa for each pair of annotators, on the claims both tagged; the top-level
  `cohen_kappa` is that pair's kappa when exactly two annotators are involved, else None;
- Krippendorff's alpha for nominal data, over every annotator, from the coincidence matrix.

A figure whose chance agreement is total (everyone always chose one label) is undefined, not
1.0: it is None, and `notes` says why. Nothing here imports Textual.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, permutations
from typing import Any

from tui.annotations.record import LABELS, Annotation, anchor_of, instant

Unit = tuple[str, int, int]  # article id, start, end

NO_SHARED_CLAIMS = "no claim was tagged by two or more annotators"
ONE_LABEL = "every judgement used one label, so agreement by chance is total and {figure} is undefined"
NOT_TWO = "{count} annotators: Cohen's kappa is for two; see pairs"


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two annotators on the claims both tagged: agreement, kappa and the table they come from.

    `table[label_a][label_b]` counts claims `annotators[0]` tagged `label_a` and `annotators[1]`
    tagged `label_b`.
    """

    annotators: tuple[str, str]
    items: int
    percent_agreement: float
    cohen_kappa: float | None
    table: dict[str, dict[str, int]]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """The figures and every count they were computed from.

    `label_counts[c]` is n_c, the pairable values with label c; `coincidences[c][k]` is o_ck of
    Krippendorff's coincidence matrix. Figures that cannot be computed are None, with the reason
    in `notes` under the figure's name.
    """

    items: int
    annotators: tuple[str, ...]
    pairable_values: int
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    label_counts: dict[str, int]
    coincidences: dict[str, dict[str, float]]
    pairs: tuple[PairAgreement, ...]
    single_annotator_claims: int = 0
    adjudicated_excluded: int = 0
    notes: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict with snake_case keys."""
        return {
            "items": self.items,
            "annotators": list(self.annotators),
            "pairable_values": self.pairable_values,
            "single_annotator_claims": self.single_annotator_claims,
            "adjudicated_excluded": self.adjudicated_excluded,
            "percent_agreement": self.percent_agreement,
            "cohen_kappa": self.cohen_kappa,
            "krippendorff_alpha": self.krippendorff_alpha,
            "label_counts": self.label_counts,
            "coincidences": self.coincidences,
            "pairs": [
                {
                    "annotators": list(pair.annotators),
                    "items": pair.items,
                    "percent_agreement": pair.percent_agreement,
                    "cohen_kappa": pair.cohen_kappa,
                    "table": pair.table,
                    "note": pair.note,
                }
                for pair in self.pairs
            ],
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A claim on which annotators chose different labels, with each one's record.

    `records` are the annotators' own records (label, note, sources…), sorted by annotator;
    `adjudicated` is the reviewer's settling record, if there is one.
    """

    article: str
    path: str
    start: int
    end: int
    exact: str
    records: tuple[Annotation, ...]
    adjudicated: Annotation | None = None

    @property
    def settled(self) -> bool:
        return self.adjudicated is not None

    @property
    def labels(self) -> dict[str, str]:
        """Each annotator's label."""
        return {record["annotator"]: record["label"] for record in self.records}


@dataclass
class _Claim:
    judgements: dict[str, Annotation] = field(default_factory=dict)  # annotator -> record
    adjudicated: Annotation | None = None


def _newer(record: Annotation, other: Annotation | None) -> bool:
    return other is None or instant(record["modified"]) > instant(other["modified"])


def _claims(records: Iterable[Annotation]) -> dict[Unit, _Claim]:
    """Records grouped by claim. The same annotator met twice on one claim (the same record read
    from two copies of a store) counts once, in its most recently modified version."""
    claims: dict[Unit, _Claim] = defaultdict(_Claim)
    for record in records:
        anchor = anchor_of(record)
        claim = claims[(record["article"], anchor.start, anchor.end)]
        if record.get("adjudicated", False):
            if _newer(record, claim.adjudicated):
                claim.adjudicated = record
        elif _newer(record, claim.judgements.get(record["annotator"])):
            claim.judgements[record["annotator"]] = record
    return claims


def _label_order(labels: Iterable[str]) -> list[str]:
    """claimdesk's labels in their usual order, then any others (sorted) the data uses."""
    seen = set(labels)
    return [*LABELS, *sorted(seen - set(LABELS))]


def _pair(a: str, b: str, ratings: Sequence[Mapping[str, str]], labels: Sequence[str]) -> PairAgreement:
    shared = [(rating[a], rating[b]) for rating in ratings if a in rating and b in rating]
    table = {row: dict.fromkeys(labels, 0) for row in labels}
    for label_a, label_b in shared:
        table[label_a][label_b] += 1
    items = len(shared)
    observed = Fraction(sum(table[label][label] for label in labels), items)
    rows = Counter(label_a for label_a, _ in shared)
    columns = Counter(label_b for _, label_b in shared)
    chance = Fraction(sum(rows[label] * columns[label] for label in labels), items**2)
    if chance == 1:
        return PairAgreement((a, b), items, float(observed), None, table, ONE_LABEL.format(figure="Cohen's kappa"))
    return PairAgreement((a, b), items, float(observed), float((observed - chance) / (1 - chance)), table)


def agreement_of(ratings: Iterable[Mapping[str, str]], adjudicated_excluded: int = 0) -> Agreement:
    """The figures for plain ratings: one mapping annotator -> label per claim.

    Claims rated by fewer than two annotators are counted in `single_annotator_claims` and
    otherwise ignored.
    """
    rated = list(ratings)
    pairable = [rating for rating in rated if len(rating) >= 2]
    labels = _label_order(label for rating in pairable for label in rating.values())
    annotators = tuple(sorted({name for rating in pairable for name in rating}))
    # Exact fractions, so that the figures are the ones the counts give by hand.
    coincidences = {row: {column: Fraction(0) for column in labels} for row in labels}
    percent = Fraction(0)
    for rating in pairable:
        values = list(rating.values())
        m = len(values)
        # Every ordered pair of values within a claim, weighted 1/(m-1) so each value counts once.
        for c, k in permutations(values, 2):
            coincidences[c][k] += Fraction(1, m - 1)
        percent += Fraction(sum(c == k for c, k in permutations(values, 2)), m * (m - 1))
    used = Counter(label for rating in pairable for label in rating.values())
    counts = {label: used[label] for label in labels}
    n = sum(counts.values())
    pairs = tuple(_pair(a, b, pairable, labels) for a, b in combinations(annotators, 2) if _share(a, b, pairable))
    notes: dict[str, str] = {}
    alpha = kappa = None
    if not pairable:
        notes = dict.fromkeys(("percent_agreement", "cohen_kappa", "krippendorff_alpha"), NO_SHARED_CLAIMS)
    else:
        same = sum(count * (count - 1) for count in counts.values())
        if n * (n - 1) == same:
            notes["krippendorff_alpha"] = ONE_LABEL.format(figure="Krippendorff's alpha")
        else:
            agreeing = sum(coincidences[label][label] for label in labels)
            alpha = float(((n - 1) * agreeing - same) / (n * (n - 1) - same))
        if len(annotators) == 2:
            kappa = pairs[0].cohen_kappa
            if pairs[0].note:
                notes["cohen_kappa"] = pairs[0].note
        else:
            notes["cohen_kappa"] = NOT_TWO.format(count=len(annotators))
    return Agreement(
        items=len(pairable),
        annotators=annotators,
        pairable_values=n,
        percent_agreement=float(percent / len(pairable)) if pairable else None,
        cohen_kappa=kappa,
        krippendorff_alpha=alpha,
        label_counts=counts,
        coincidences={
            row: {column: float(value) for column, value in cells.items()} for row, cells in coincidences.items()
        },
        pairs=pairs,
        single_annotator_claims=len(rated) - len(pairable),
        adjudicated_excluded=adjudicated_excluded,
        notes=notes,
    )


def _share(a: str, b: str, ratings: Sequence[Mapping[str, str]]) -> bool:
    return any(a in rating and b in rating for rating in ratings)


def agreement(records: Iterable[Annotation]) -> Agreement:
    """The figures for annotation records (from one store or several pooled)."""
    pooled = list(records)
    claims = _claims(pooled)
    ratings = [
        {name: record["label"] for name, record in claim.judgements.items()}
        for claim in claims.values()
        if claim.judgements
    ]
    excluded = len({record["id"] for record in pooled if record.get("adjudicated", False)})
    return agreement_of(ratings, adjudicated_excluded=excluded)


def disagreements(records: Iterable[Annotation]) -> list[Disagreement]:
    """Claims whose annotators chose different labels, by article path then start.

    A disagreement stays listed once adjudicated (`settled`), so a review can show the verdict.
    """
    found = []
    for (article, start, end), claim in _claims(records).items():
        if len({record["label"] for record in claim.judgements.values()}) < 2:
            continue
        own = tuple(claim.judgements[name] for name in sorted(claim.judgements))
        found.append(
            Disagreement(
                article=article,
                path=own[0]["path"],
                start=start,
                end=end,
                exact=anchor_of(own[0]).exact,
                records=own,
                adjudicated=claim.adjudicated,
            )
        )
    return sorted(found, key=lambda item: (item.path, item.start, item.end))
