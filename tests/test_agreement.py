"""Agreement between annotators: figures checked against arithmetic done by hand, and the command."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.test_cli_store import one_line_error, run
from tui.annotations.agreement import agreement, agreement_of, disagreements
from tui.store.store import Store
from tui.text.article import Article
from tui.text.article_files import build_article

V, D, U = "verified", "disputed", "unsupported"

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal example:
# four observers, twelve units, values 1..5, blanks where an observer gave none.
CLASSIC = [
    {"A": "1", "B": "1", "D": "1"},
    {"A": "2", "B": "2", "C": "3", "D": "2"},
    {"A": "3", "B": "3", "C": "3", "D": "3"},
    {"A": "3", "B": "3", "C": "3", "D": "3"},
    {"A": "2", "B": "2", "C": "2", "D": "2"},
    {"A": "1", "B": "2", "C": "3", "D": "4"},
    {"A": "4", "B": "4", "C": "4", "D": "4"},
    {"A": "1", "B": "1", "C": "2", "D": "1"},
    {"A": "2", "B": "2", "C": "2", "D": "2"},
    {"B": "5", "C": "5", "D": "5"},
    {"C": "1", "D": "1"},
    {"B": "3"},
]

# Two annotators on ten claims; rows are ana's labels, columns ben's:
#            ben: V  D  U
#   ana V         4  1  0
#   ana D         1  2  0
#   ana U         0  1  1
TABLE = [(V, V)] * 4 + [(V, D), (D, V)] + [(D, D)] * 2 + [(U, D), (U, U)]


def test_krippendorffs_classic_nominal_example() -> None:
    figures = agreement_of(CLASSIC)
    # Unit 12 has one value: not pairable. n = 3 + 8*4 + 3 + 2 = 40 values in 11 units.
    assert (figures.items, figures.pairable_values, figures.single_annotator_claims) == (11, 40, 1)
    # n_c: "1" 3+1+3+2 = 9, "2" 3+4+1+1+4 = 13, "3" 1+4+4+1 = 10, "4" 1+4 = 5, "5" 3.
    assert {label: count for label, count in figures.label_counts.items() if count} == {
        "1": 9,
        "2": 13,
        "3": 10,
        "4": 5,
        "5": 3,
    }
    # o_11 = unit 1: 3*2 pairs / (3-1) = 3, unit 8: 3*2 / (4-1) = 2, unit 11: 2*1 / (2-1) = 2; total 7.
    # o_12 = unit 6: 1/(4-1), unit 8: three 1-2 pairs / 3 = 1; total 4/3.
    assert figures.coincidences["1"]["1"] == 7
    assert figures.coincidences["1"]["2"] == pytest.approx(4 / 3)
    # Σ o_cc = 3+2+4+4+4+0+4+2+4+3+2 = 32; Σ n_c(n_c-1) = 72+156+90+20+6 = 344.
    # alpha = ((n-1) Σ o_cc - Σ n_c(n_c-1)) / (n(n-1) - Σ n_c(n_c-1)) = (39*32 - 344) / (1560 - 344) = 904/1216
    assert figures.krippendorff_alpha == pytest.approx(904 / 1216)
    assert round(figures.krippendorff_alpha, 3) == 0.743  # the figure Krippendorff publishes
    # Per unit, the share of ordered pairs agreeing: 1, 6/12, 1, 1, 1, 0, 1, 6/12, 1, 1, 1 -> 9/11.
    assert figures.percent_agreement == pytest.approx(9 / 11)
    assert figures.cohen_kappa is None and "4 annotators" in figures.notes["cohen_kappa"]
    assert len(figures.pairs) == 6  # every pair of the four observers shares a unit


def test_two_annotators_kappa_alpha_and_their_table() -> None:
    figures = agreement_of([{"ana": a, "ben": b} for a, b in TABLE])
    # p_o = (4 + 2 + 1) / 10 = 0.7
    # marginals ana V5 D3 U2, ben V5 D4 U1: p_e = (5*5 + 3*4 + 2*1) / 100 = 0.39
    # kappa = (0.7 - 0.39) / (1 - 0.39) = 0.31 / 0.61
    assert figures.percent_agreement == pytest.approx(0.7)
    assert figures.cohen_kappa == pytest.approx(0.31 / 0.61)
    # 20 values: n_V = 10, n_D = 7, n_U = 3; Σ o_cc = 2 * 7 agreeing claims = 14;
    # Σ n_c(n_c-1) = 90 + 42 + 6 = 138; alpha = (19*14 - 138) / (20*19 - 138) = 128/242
    assert figures.krippendorff_alpha == pytest.approx(128 / 242)
    assert figures.label_counts == {V: 10, D: 7, U: 3} and figures.pairable_values == 20
    [pair] = figures.pairs
    assert pair.annotators == ("ana", "ben") and pair.items == 10
    assert pair.table == {V: {V: 4, D: 1, U: 0}, D: {V: 1, D: 2, U: 0}, U: {V: 0, D: 1, U: 1}}
    assert figures.coincidences[U] == {V: 0, D: 1, U: 2}
    assert figures.notes == {}


def test_one_label_throughout_leaves_kappa_and_alpha_undefined() -> None:
    figures = agreement_of([{"ana": V, "ben": V}] * 3)
    assert figures.percent_agreement == 1
    assert figures.cohen_kappa is None and figures.krippendorff_alpha is None
    assert set(figures.notes) == {"cohen_kappa", "krippendorff_alpha"}


def test_no_shared_claim_gives_no_figures_and_says_why() -> None:
    figures = agreement_of([{"ana": V}, {"ben": D}])
    assert (figures.items, figures.single_annotator_claims, figures.annotators) == (0, 2, ())
    assert figures.percent_agreement is figures.cohen_kappa is figures.krippendorff_alpha is None
    assert set(figures.notes) == {"percent_agreement", "cohen_kappa", "krippendorff_alpha"}


# ----- on records, as stores hold them ----------------------------------------------------------

LINES = [f"The river rose {n} metres at gauge {n} on Monday, the agency said." for n in range(1, 13)]


def river(folder: Path, name: str = "river.txt") -> Article:
    """The report, under a title naming the file: two files are two articles (their ids differ)."""
    text = f"River report {name}\n\n" + "\n".join(LINES) + "\n"
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return build_article(path, text, "utf-8")


def line_span(article: Article, number: int) -> tuple[int, int]:
    start = article.text.index(LINES[number])
    return start, start + len(LINES[number])


def tag_table(folder: Path, article: Article) -> tuple[Path, Path]:
    """ana's and ben's stores holding TABLE on lines 0..9, and a tag only ana made on line 10."""
    stores = folder / "ana.json", folder / "ben.json"
    ana, ben = (Store.open(path) for path in stores)
    for number, (label_a, label_b) in enumerate(TABLE):
        ana.tag(article, *line_span(article, number), label_a, "ana", note=f"ana on {number}")
        ben.tag(article, *line_span(article, number), label_b, "ben", note=f"ben on {number}")
    ana.tag(article, *line_span(article, 10), V, "ana")
    return stores


def records_of(*paths: Path) -> list[dict]:
    return [record for path in paths for record in Store.open(path).annotations()]


def test_records_from_two_stores_pool_into_the_hand_computed_figures(tmp_path: Path) -> None:
    stores = tag_table(tmp_path, river(tmp_path))
    figures = agreement(records_of(*stores))
    assert figures.cohen_kappa == pytest.approx(0.31 / 0.61)
    assert figures.krippendorff_alpha == pytest.approx(128 / 242)
    assert (figures.items, figures.single_annotator_claims, figures.annotators) == (10, 1, ("ana", "ben"))
    # The same store read twice (a copy pooled with its original) counts each judgement once.
    assert agreement(records_of(stores[0], *stores)) == figures


def test_adjudicated_verdicts_are_left_out(tmp_path: Path) -> None:
    article = river(tmp_path)
    stores = tag_table(tmp_path, article)
    before = agreement(records_of(*stores))
    # A reviewer settles line 4 (ana V, ben D), and an adjudication lands on line 11, which nobody else tagged.
    Store.open(stores[0]).tag(article, *line_span(article, 4), D, "rita", adjudicated=True)
    Store.open(stores[0]).tag(article, *line_span(article, 11), U, "rita", adjudicated=True)
    after = agreement(records_of(*stores))
    assert after.adjudicated_excluded == 2 and "rita" not in after.annotators
    assert (after.krippendorff_alpha, after.cohen_kappa, after.items) == (
        before.krippendorff_alpha,
        before.cohen_kappa,
        before.items,
    )


def test_a_merged_record_counts_as_its_main_version(tmp_path: Path) -> None:
    stores = tag_table(tmp_path, river(tmp_path))
    records = records_of(*stores)
    first_of_ben = next(record for record in records if record["annotator"] == "ben")
    other = copy.deepcopy(first_of_ben)
    other["label"] = U
    first_of_ben["conflicts"] = [other]
    assert agreement(records) == agreement(records_of(*stores))


def test_three_annotators_get_alpha_and_pairwise_kappa_only(tmp_path: Path) -> None:
    article = river(tmp_path)
    store = Store.open(tmp_path / "merged.json")
    # Claim 0: V V V; claim 1: V V D; claim 2: D D (cy did not tag it).
    for number, labels in enumerate([(V, V, V), (V, V, D), (D, D)]):
        for name, label in zip(("ana", "ben", "cy"), labels):
            store.tag(article, *line_span(article, number), label, name)
    figures = agreement(store.annotations())
    # 8 values: n_V = 5, n_D = 3. o_VV = claim 0: 6/2 = 3, claim 1: 2/2 = 1; o_DD = claim 2: 2/1 = 2.
    # Σ o_cc = 6; Σ n_c(n_c-1) = 20 + 6 = 26; alpha = (7*6 - 26) / (8*7 - 26) = 16/30
    assert figures.krippendorff_alpha == pytest.approx(16 / 30)
    # percent: claim 0 6/6, claim 1 2/6, claim 2 2/2 -> (1 + 1/3 + 1) / 3 = 7/9
    assert figures.percent_agreement == pytest.approx(7 / 9)
    assert figures.cohen_kappa is None
    assert [pair.annotators for pair in figures.pairs] == [("ana", "ben"), ("ana", "cy"), ("ben", "cy")]
    assert [pair.items for pair in figures.pairs] == [3, 2, 2]


def test_disagreements_hold_each_annotators_record_and_the_settlement(tmp_path: Path) -> None:
    article = river(tmp_path)
    other = river(tmp_path, "another.txt")  # a path that sorts first
    stores = tag_table(tmp_path, article)
    Store.open(stores[0]).tag(article, *line_span(article, 5), D, "rita", note="settled", adjudicated=True)
    Store.open(stores[0]).tag(other, *line_span(other, 0), D, "ana")
    found = disagreements(records_of(*stores))
    # TABLE disagrees on lines 4 (V/D), 5 (D/V) and 8 (U/D); line 0 of the other path agrees on one tag only.
    assert [(item.path, item.start) for item in found] == [
        (str(article.path), line_span(article, number)[0]) for number in (4, 5, 8)
    ]
    fifth = found[1]
    assert fifth.labels == {"ana": D, "ben": V} and [record["note"] for record in fifth.records] == [
        "ana on 5",
        "ben on 5",
    ]
    assert fifth.exact == LINES[5] and (fifth.start, fifth.end) == line_span(article, 5)
    assert fifth.settled and fifth.adjudicated is not None and fifth.adjudicated["note"] == "settled"
    assert not found[0].settled and found[0].adjudicated is None and found[0].article == article.id


def test_disagreements_order_by_path_then_start(tmp_path: Path) -> None:
    first, second = river(tmp_path, "b.txt"), river(tmp_path, "a.txt")
    records = []
    for article, number in ((first, 3), (first, 1), (second, 2)):
        store = Store.open(tmp_path / f"{article.path.stem}{number}.json")
        store.tag(article, *line_span(article, number), V, "ana")
        store.tag(article, *line_span(article, number), D, "ben")
        records += store.annotations()
    assert [(Path(item.path).name, item.start) for item in disagreements(records)] == [
        ("a.txt", line_span(second, 2)[0]),
        ("b.txt", line_span(first, 1)[0]),
        ("b.txt", line_span(first, 3)[0]),
    ]


# ----- the command ------------------------------------------------------------------------------


def test_command_json_pools_stores_and_reports_the_counts(tmp_path: Path) -> None:
    tag_table(tmp_path, river(tmp_path))
    result = run("agreement", "ana.json", "ben.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["cohen_kappa"] == pytest.approx(0.31 / 0.61)
    assert figures["krippendorff_alpha"] == pytest.approx(128 / 242)
    assert figures["percent_agreement"] == pytest.approx(0.7)
    assert (figures["items"], figures["pairable_values"], figures["single_annotator_claims"]) == (10, 20, 1)
    assert figures["label_counts"] == {V: 10, D: 7, U: 3}
    assert figures["pairs"][0]["table"][U] == {V: 0, D: 1, U: 1}


def test_command_table_on_one_store_holding_both_annotators(tmp_path: Path) -> None:
    article = river(tmp_path)
    merged = Store.open(tmp_path / "merged.json")
    for number, (label_a, label_b) in enumerate(TABLE):
        merged.tag(article, *line_span(article, number), label_a, "ana")
        merged.tag(article, *line_span(article, number), label_b, "ben")
    result = run("agreement", "merged.json", cwd=tmp_path, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "krippendorff alpha" in result.stdout and f"{128 / 242:.3f}" in result.stdout
    assert f"{0.31 / 0.61:.3f}" in result.stdout and "ana / ben" in result.stdout


def test_command_without_shared_claims_says_so_and_succeeds(tmp_path: Path) -> None:
    article = river(tmp_path)
    Store.open(tmp_path / "ana.json").tag(article, *line_span(article, 0), V, "ana")
    Store.open(tmp_path / "ben.json").tag(article, *line_span(article, 1), V, "ben")
    result = run("agreement", "ana.json", "ben.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["krippendorff_alpha"] is None and figures["cohen_kappa"] is None
    assert "two or more annotators" in figures["notes"]["krippendorff_alpha"]
    table = run("agreement", "ana.json", "ben.json", cwd=tmp_path, env={"COLUMNS": "200"})
    assert table.returncode == 0 and "no claim was tagged by two or more annotators" in table.stdout


def test_command_refuses_a_missing_or_damaged_store_in_one_line(tmp_path: Path) -> None:
    tag_table(tmp_path, river(tmp_path))
    assert "absent.json" in one_line_error(run("agreement", "ana.json", "absent.json", cwd=tmp_path), code=2)
    (tmp_path / "broken.json").write_text('{"annotations": {"1": ', encoding="utf-8")
    assert "broken.json" in one_line_error(run("agreement", "ana.json", "broken.json", cwd=tmp_path))
    one_line_error(run("agreement", cwd=tmp_path), code=2)
