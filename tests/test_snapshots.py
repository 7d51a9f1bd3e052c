"""SVG snapshots of each screen at a fixed size, on the seeds (reviewed by eye before committing).

Update with `make test PYTEST_ARGS="tests/test_snapshots.py --snapshot-update"` only after
looking at the report.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.conftest import ROOT
from tests.snapshot_app import SEEDS, review_app, snapshot_app
from tests.test_app import Patient, quiet, settled

SIZE = (140, 36)


@pytest.fixture(autouse=True)
def at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


async def loaded(pilot: Pilot) -> None:
    """Once loading and linking are done and shown. Keys are then pressed with `Patient(pilot.app)`, each
    once the last is handled, so that a screen is the same on a busy machine (no status line replaced
    by a message that came late)."""
    await settled(pilot.app)
    await quiet(pilot)


async def tagged(pilot: Pilot) -> None:
    """One claim of each verdict in the first pane, and one in the second."""
    await loaded(pilot)
    await Patient(pilot.app).press("v", "j", "d", "j", "u", "j", "tab", "j", "d")
    await pilot.pause()


def test_reader_with_two_seeds_side_by_side(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=loaded)


def test_reader_with_a_tagged_claim_of_each_verdict(snap_compare) -> None:
    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=tagged)


def test_note_editor(snap_compare) -> None:
    async def note(pilot: Pilot) -> None:
        await loaded(pilot)
        await Patient(pilot.app).press("d", "n", *"Two sources disagree on the number.")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=note)


def test_help(snap_compare) -> None:
    async def help_screen(pilot: Pilot) -> None:
        await loaded(pilot)
        await Patient(pilot.app).press("question_mark")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=help_screen)


def test_overview(snap_compare) -> None:
    async def overview(pilot: Pilot) -> None:
        await tagged(pilot)
        await Patient(pilot.app).press("o", "escape")  # escape: from the filter to the table
        await pilot.pause()

    assert snap_compare(snapshot_app(sorted(SEEDS.glob("*.txt"))), terminal_size=SIZE, run_before=overview)


def test_overview_verdict_for_a_cluster(snap_compare) -> None:
    async def cluster(pilot: Pilot) -> None:
        await loaded(pilot)
        await Patient(pilot.app).press("o", "escape", "c", "d")  # the first row is 000's headline, told by four outlets
        await pilot.pause()

    assert snap_compare(snapshot_app(sorted(SEEDS.glob("*.txt"))), terminal_size=SIZE, run_before=cluster)


def test_review_of_a_disagreement(snap_compare) -> None:
    async def review(pilot: Pilot) -> None:
        await loaded(pilot)
        await Patient(pilot.app).press("R")
        await pilot.pause()

    assert snap_compare(review_app(), terminal_size=SIZE, run_before=review)
