"""Merging stores: the union of everyone's annotations, nothing lost, differing versions kept as conflicts."""

from __future__ import annotations

import json
import shutil
from itertools import permutations
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli_store import one_line_error, run
from tests.test_export import articles_in, claim_spans
from tui.annotations.merge import combine, merge_records, versions
from tui.annotations.record import revised
from tui.store.journal import Journal, journal_path
from tui.store.store import Store


def tag_all(store_path: Path, desk: Path, annotator: str, label: str, note: str = "") -> list[dict[str, Any]]:
    """`annotator` tags the first two claims of each article with `label`."""
    store = Store.open(store_path)
    for article in articles_in(desk):
        for start, end in claim_spans(article, 2):
            store.tag(article, start, end, label, annotator, note=note)
    return store.annotations()


def stored(path: Path) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in Store.open(path).annotations()}


def merge(desk: Path, *args: str) -> Any:
    return run("merge", *args, cwd=desk)


# ----- the rule --------------------------------------------------------------------------------


def test_identical_versions_collapse_and_combining_is_order_free(desk: Path) -> None:
    ana = tag_all(desk / "a.json", desk, "ana", "verified")
    record = ana[0]
    assert combine(record, dict(record)) == record
    later = revised(record, label="disputed", note="checked again")
    other = {**record, "label": "unsupported", "modified": "2000-01-01T00:00:00.000+00:00"}
    results = {json.dumps(combine(*order), sort_keys=True) for order in permutations([record, later, other])}
    assert len(results) == 1
    assert combine(combine(record, other), combine(later, other)) == combine(record, later, other)


def test_a_later_revision_supersedes_its_earlier_state_but_a_different_edit_is_a_conflict(desk: Path) -> None:
    record = tag_all(desk / "a.json", desk, "ana", "verified")[0]
    later = revised(record, label="disputed")
    assert combine(record, later) == later  # the earlier state is in later["revisions"]
    elsewhere = {**revised(record, label="unsupported"), "modified": "1999-01-01T00:00:00.000+00:00"}
    merged = combine(later, elsewhere)
    assert merged["label"] == "disputed" and merged["conflicts"] == [elsewhere]
    assert {json.dumps(v, sort_keys=True) for v in versions(merged)} == {
        json.dumps(v, sort_keys=True) for v in (later, elsewhere)
    }


def test_the_latest_instant_wins_whatever_its_offset(desk: Path) -> None:
    record = tag_all(desk / "a.json", desk, "ana", "verified")[0]
    early = {**record, "label": "disputed", "modified": "2024-01-01T12:00:00.000+00:00"}
    late = {**record, "label": "unsupported", "modified": "2024-01-01T11:30:00.000-01:00"}  # 12:30 UTC
    assert combine(early, late)["label"] == "unsupported"


def test_merge_records_keeps_every_id_once_in_first_met_order(desk: Path) -> None:
    ana = tag_all(desk / "a.json", desk, "ana", "verified")
    ben = tag_all(desk / "b.json", desk, "ben", "disputed")
    edited = {**ana[1], "label": "unsupported", "modified": "2999-01-01T00:00:00.000+00:00"}
    merged = merge_records([ana, [*ben, edited, ana[0]]])
    assert [record["id"] for record in merged] == [record["id"] for record in [*ana, *ben]]
    assert merged[1]["label"] == "unsupported" and merged[1]["conflicts"] == [ana[1]]
    assert merged[0] == ana[0]


# ----- the command -----------------------------------------------------------------------------


def test_two_annotators_stores_merge_into_their_union(desk: Path) -> None:
    ana = tag_all(desk / "ana.json", desk, "ana", "verified")
    ben = tag_all(desk / "ben.json", desk, "ben", "disputed", note="no")
    result = merge(desk, "ana.json", "ben.json", "-o", "team.json")
    assert result.returncode == 0, result.stderr
    team = stored(desk / "team.json")
    assert team == {record["id"]: record for record in [*ana, *ben]}
    assert not any("conflicts" in record for record in team.values())


def test_the_same_annotation_edited_in_two_copies_is_kept_as_a_conflict(desk: Path) -> None:
    tag_all(desk / "ana.json", desk, "ana", "verified")
    shutil.copy(desk / "ana.json", desk / "laptop.json")
    shutil.copy(journal_path(desk / "ana.json"), journal_path(desk / "laptop.json"))
    article = articles_in(desk)[0]
    span = claim_spans(article, 1)[0]
    Store.open(desk / "ana.json").tag(article, *span, "disputed", "ana", note="at the office")
    Store.open(desk / "laptop.json").tag(article, *span, "unsupported", "ana", note="on the train")
    assert merge(desk, "ana.json", "laptop.json", "-o", "both.json").returncode == 0
    [conflicted] = [record for record in stored(desk / "both.json").values() if record.get("conflicts")]
    labels = {conflicted["label"], *(version["label"] for version in conflicted["conflicts"])}
    assert labels == {"disputed", "unsupported"} and len(conflicted["conflicts"]) == 1
    assert len(stored(desk / "both.json")) == len(stored(desk / "ana.json"))
    # Both versions travel through an export and an import.
    assert run("export", "--format", "w3c", "-o", "out.json", "--store", "both.json", cwd=desk).returncode == 0
    assert run("import", "out.json", "--store", "copy.json", cwd=desk).returncode == 0
    copied = stored(desk / "copy.json")
    assert all(record.pop("unverified_path") is True for record in copied.values())  # written elsewhere
    assert copied == stored(desk / "both.json")


def test_n_stores_merge_and_merging_again_changes_nothing(desk: Path) -> None:
    names = ["ana", "ben", "cleo", "dan"]
    everyone = {}
    for name in names:
        everyone.update({record["id"]: record for record in tag_all(desk / f"{name}.json", desk, name, "verified")})
    result = merge(desk, *(f"{name}.json" for name in names), "-o", "all.json")
    assert result.returncode == 0 and f"merged {len(names)} stores" in result.stdout
    assert stored(desk / "all.json") == everyone
    snapshot = (desk / "all.json").read_bytes(), journal_path(desk / "all.json").read_bytes()
    again = merge(desk, "all.json", "ana.json", "ben.json", "-o", "all.json")
    assert again.returncode == 0 and "0 written" in again.stdout
    assert ((desk / "all.json").read_bytes(), journal_path(desk / "all.json").read_bytes()) == snapshot


def test_merging_into_an_input_keeps_what_it_held(desk: Path) -> None:
    ana = tag_all(desk / "ana.json", desk, "ana", "verified")
    ben = tag_all(desk / "ben.json", desk, "ben", "disputed")
    assert merge(desk, "ana.json", "ben.json", "-o", "ana.json").returncode == 0
    assert stored(desk / "ana.json") == {record["id"]: record for record in [*ana, *ben]}
    assert run("undo", "--store", "ana.json", cwd=desk).returncode == 0  # one merged record at a time
    assert len(stored(desk / "ana.json")) == len(ana) + len(ben) - 1


def test_an_existing_output_that_is_not_an_input_is_refused(desk: Path) -> None:
    tag_all(desk / "ana.json", desk, "ana", "verified")
    tag_all(desk / "ben.json", desk, "ben", "disputed")
    before = (desk / "ben.json").read_bytes()
    assert "already exists" in one_line_error(merge(desk, "ana.json", "-o", "ben.json"))
    assert (desk / "ben.json").read_bytes() == before


def test_a_damaged_or_missing_input_stops_the_merge_before_anything_is_written(desk: Path) -> None:
    tag_all(desk / "ana.json", desk, "ana", "verified")
    (desk / "bad.json").write_text('{"annotations": {"1": {"id": 3}}}', encoding="utf-8")
    assert "damaged" in one_line_error(merge(desk, "ana.json", "bad.json", "-o", "out.json"))
    assert "missing.json" in one_line_error(merge(desk, "ana.json", "missing.json", "-o", "out.json"))
    assert not (desk / "out.json").exists()
    assert one_line_error(merge(desk, "ana.json"), 2)


def test_put_many_writes_one_journal_entry_and_logs_each_record(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = tag_all(desk / "ana.json", desk, "ana", "verified")
    target = Store.open(desk / "new.json")
    appended = []
    original_append = Journal.append
    monkeypatch.setattr(
        Journal, "append", lambda self, ops, end: appended.append(ops) or original_append(self, ops, end)
    )
    changes = target.put_many(records, "importer", "import")
    assert [change.annotation for change in changes] == [record["id"] for record in records]
    assert len(appended) == 1 and len(appended[0]) == 2 * len(records)
    assert [change.action for change in Store.open(desk / "new.json").changes()] == ["import"] * len(records)
    assert target.put_many(records, "importer", "import") == []
    assert Store.open(desk / "new.json").annotations() == records
    target.undo()
    assert [r["id"] for r in Store.open(desk / "new.json").annotations()] == [r["id"] for r in records[:-1]]
