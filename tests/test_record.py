"""The annotation record: its selectors are read by type wherever a record travels, in either order."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli_store import first_article, jsonl, run
from tui.annotations.record import anchor_of, quote_of
from tui.store.store import Store


def _swap_selectors(store_path: Path) -> None:
    """Rewrite the store file by hand with every record's position selector listed before its quote."""
    Store.open(store_path).fold()  # nothing pending in the journal: a hand-edited file is read as it is
    data = json.loads(store_path.read_text(encoding="utf-8"))
    for record in data["annotations"].values():
        record["target"]["selector"].reverse()
        for revision in record.get("revisions", []):
            revision["target"]["selector"].reverse()
    store_path.write_text(json.dumps(data, sort_keys=True, indent=1), encoding="utf-8")


def test_a_store_with_selectors_in_the_other_order_is_tagged_untagged_and_undone(desk: Path) -> None:
    path, store = first_article(desk), desk / "store.json"
    assert run("tag", path, "--claim", "0", "--label", "disputed", "--store", str(store), cwd=desk).returncode == 0
    assert run("tag", path, "--claim", "0", "--label", "verified", "--store", str(store), cwd=desk).returncode == 0
    [before] = jsonl(run("annotations", "--store", str(store), cwd=desk))
    _swap_selectors(store)
    [record] = Store.open(store).annotations()
    assert record["target"]["selector"][0]["type"] == "TextPositionSelector"
    assert quote_of(record) == before["exact"]

    untag = run("untag", path, "--claim", "0", "--store", str(store), cwd=desk)
    assert untag.returncode == 0 and untag.stderr == "", untag.stderr
    assert f'untag verified "{before["exact"][:20]}' in untag.stdout
    assert jsonl(run("annotations", "--store", str(store), cwd=desk)) == []

    undo = run("undo", "--store", str(store), cwd=desk)
    assert undo.returncode == 0 and undo.stderr == "", undo.stderr
    assert "now verified" in undo.stdout
    [back] = jsonl(run("annotations", "--store", str(store), cwd=desk))
    assert (back["label"], back["status"], back["start"], back["end"]) == (
        "verified",
        "anchored",
        before["start"],
        before["end"],
    )


def test_anchor_of_reads_selectors_by_type() -> None:
    quote = {"type": "TextQuoteSelector", "exact": "forty homes", "prefix": "said ", "suffix": " flooded"}
    position = {"type": "TextPositionSelector", "start": 9, "end": 20}
    for order in ([quote, position], [position, quote]):
        anchor = anchor_of({"target": {"source": "a.txt", "selector": order}})
        assert (anchor.exact, anchor.prefix, anchor.suffix, anchor.start, anchor.end) == (
            "forty homes",
            "said ",
            " flooded",
            9,
            20,
        )
