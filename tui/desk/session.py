"""The session a fact-checker works in: the open articles, the store, who is tagging, and the use cases.

Each use case changes the store and the open readings, then returns an `Outcome`: what to say,
and which claims to repaint. Nothing here knows Textual; the app shows outcomes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.desk.tagged_claims import Claim, Reading, Touched, apply_change, apply_tags, show_tag
from tui.store.errors import NothingToUndo, StoreError

if TYPE_CHECKING:
    from tui.annotations.agreement import Disagreement
    from tui.annotations.record import Annotation
    from tui.desk.corpus_links import Connections
    from tui.store.changes import Change
    from tui.store.store import Store  # opened by the loader, after the first frame

NO_STORE = "the store could not be opened"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a use case did: a one-line message (an error or not) and the claims whose display changed.

    `touched` maps `id(reading)` to the claims repainted there, or to None when claims were added or
    removed (repaint the whole reading); a reading that is not in it did not change. `touched` is
    None when nothing changed at all.
    """

    message: str
    error: bool = False
    touched: Touched | None = None
    focus: tuple[Reading, int] | None = None  # a reading and an offset in it: show the claim there


class Desk:
    """The readings open in the app, the store their tags are kept in, and the annotator tagging them."""

    def __init__(self, readings: list[Reading], store: Store | None, annotator: str) -> None:
        self.readings = readings
        self.store = store
        self.annotator = annotator
        self._connections: Connections | None = None  # none until linked: see `connections`
        # This session's own changes, one group of change numbers per action (a cluster verdict is
        # one), newest last: what undo takes back, and what redo puts back.
        self._done: list[list[int]] = []
        self._undone: list[list[int]] = []
        self._grouping: list[int] | None = None

    @property
    def connections(self) -> Connections:
        """How the claims are linked across the readings (nothing linked until `link` has run)."""
        if self._connections is None:
            self._connections = self.link([])
        return self._connections

    @connections.setter
    def connections(self, connections: Connections) -> None:
        self._connections = connections

    def link(self, readings: list[Reading] | None = None) -> Connections:
        """Link the claims across the readings (these, or the desk's) and find loaded phrases (slow: run
        it in a worker)."""
        # The linking loads here, not with the reader: its first frame has nothing linked to show.
        from tui.desk.corpus_links import connect

        return connect(self.readings if readings is None else readings)

    # ----- tagging the claim a screen has ---------------------------------------------------

    def tag(self, reading: Reading, claim: Claim, label: str) -> Outcome:
        """Give `claim` the verdict `label` (a new tag, or a change of this annotator's tag there)."""
        return self._tag(reading, claim, label, f"saved: {label}")

    def verdict(self, reading: Reading, claim: Claim, label: str) -> Outcome:
        """A verdict key pressed on `claim`: confirms a reworded tag, clears the same verdict, else tags.

        Decided when the change is made, on the claim as it then is: a key pressed twice quickly toggles.
        """
        if claim.changed:  # reworded since tagged: a verdict confirms the tag on the text now
            return self.confirm(reading, claim, label)
        if claim.label == label:
            return self.untag(reading, claim)
        return self.tag(reading, claim, label)

    def tag_all(self, claims: list[tuple[Reading, Claim]], label: str) -> Outcome:
        """One verdict for several claims (a cluster): a change each, undone together as one step."""
        changing = [(reading, claim) for reading, claim in claims if claim.label != label]
        touched: Touched = {}
        group: list[int] = []
        self._grouping = group
        try:
            outcomes = []
            for reading, claim in changing:
                outcomes.append(outcome := self.tag(reading, claim, label))
                if outcome.error:
                    break
        finally:
            self._grouping = None
            self._remember(group)
        for outcome in outcomes:
            if outcome.error:
                return Outcome(outcome.message, True, touched)
            _add_touched(touched, outcome.touched or {})
        if not changing:
            return Outcome(f"every claim is already {label}")
        return Outcome(f"saved: {len(changing)} claims {label}", touched=touched)

    def confirm(self, reading: Reading, claim: Claim, label: str) -> Outcome:
        """Confirm a tag on reworded text: anchored to the text now, with `label`; note, sources, history kept."""
        return self._tag(
            reading, claim, label, f"saved: confirmed {label} on the text as it is now (note and sources kept)"
        )

    def tagged_text(self, claim: Claim) -> str | None:
        """The text the claim's tag was made on (None if it has no tag)."""
        from tui.annotations.record import quote_of  # with the tags, after the first frame

        record = self._stored(claim)
        return None if record is None else quote_of(record)

    def untag(self, reading: Reading, claim: Claim) -> Outcome:
        """Remove this annotator's tag from `claim`."""
        annotation = claim.annotation
        if annotation is None:
            return Outcome("")
        return self._on_claim(reading, claim, lambda s: s.untag(annotation, self.annotator), "saved: tag cleared")

    def note(self, reading: Reading, claim: Claim, note: str) -> Outcome:
        """Replace the note of the tag on `claim`."""
        annotation = claim.annotation
        if annotation is None:
            return Outcome("tag the claim first (v, d or u), then add a note", True)
        return self._on_claim(reading, claim, lambda s: s.edit(annotation, self.annotator, note=note), "saved: note")

    def add_source(self, reading: Reading, claim: Claim, source: str) -> Outcome:
        """Add a source to the tag on `claim`."""
        annotation = claim.annotation
        if annotation is None:
            return Outcome("tag the claim first (v, d or u), then add a source", True)

        return self._on_claim(
            reading, claim, lambda s: s.edit(annotation, self.annotator, add_sources=[source]), "saved: source"
        )

    # ----- changes that may land anywhere ------------------------------------------------------

    def undo(self, redo: bool = False) -> Outcome:
        """Undo this session's latest change (or redo the one undone last), naming its claim and showing it.

        Only what this reader did: a change another process made is not taken back from here.
        """
        from tui.annotations.record import quote_of  # with the tags, after the first frame

        verb = "redo" if redo else "undo"
        stack, other = (self._undone, self._done) if redo else (self._done, self._undone)
        if self.store is None:
            return Outcome(f"{NO_STORE}: nothing to {verb}", True)
        if not stack:
            return Outcome(f"nothing to {verb}: you have changed no tag since claimdesk opened", True)
        touched: Touched = {}
        made = []
        for seq in stack[-1] if redo else reversed(stack[-1]):
            try:
                change = self.store.redo(self.annotator, {seq}) if redo else self.store.undo(self.annotator, {seq})
            except (NothingToUndo, StoreError, OSError) as exc:
                return Outcome(str(exc), True, touched or None)
            made.append(change)
            old, new = (change.before, change.after) if redo else (change.after, change.before)
            _add_touched(touched, self._reanchor(old, new))
        other.append(stack.pop())
        first = made[0]
        more = f" and {len(made) - 1} more" if len(made) > 1 else ""
        quote = " ".join(quote_of(first.record).split())
        quote = quote if len(quote) <= 50 else quote[:49] + "…"
        message = f"saved: {'redid' if redo else 'undid'} {first.action} of “{quote}”{more}"
        return Outcome(message, touched=touched, focus=self._place(first.record))

    def store_changed(self) -> bool:
        """Whether another process wrote to the store since this desk last read it (cheap: two stat calls)."""
        return self.store is not None and self.store.changed_on_disk()

    def reread(self) -> Outcome:
        """Read what other processes wrote to the store, and show it on every open reading."""
        if self.store is None:
            return Outcome("")
        try:
            self.store.reread()
        except StoreError as exc:
            return Outcome(str(exc), True)
        for reading in self.readings:
            apply_tags(reading, self.store, self.annotator)
        return Outcome("updated: tags changed by another claimdesk", touched={id(r): None for r in self.readings})

    def current_note(self, claim: Claim) -> str:
        """The note of the claim's tag as the store holds it now (another process may have edited it)."""
        record = self._stored(claim)
        return claim.note if record is None else record["note"]

    def disagreements(self) -> list[Disagreement] | None:
        """The claims annotators disagree on, as the store holds them now (None without a store)."""
        from tui.annotations.agreement import disagreements  # review mode's, loaded when it opens

        return None if self.store is None else disagreements(self.store.annotations())

    def settle(self, disagreement: Disagreement, label: str) -> Outcome:
        """Record the reviewer's adjudicated verdict on a disagreement."""
        from tui.annotations.record import locate  # with the tags, after the first frame

        reading = self.reading_of(disagreement.article, disagreement.path)
        if reading is None or self.store is None:
            return Outcome(f"open {disagreement.path} in claimdesk to settle this claim", True)
        found = locate(disagreement.records[0], reading.article)
        start, end = found.start, found.end
        if start is None or end is None:
            return Outcome("the claim's text is gone from the article: it cannot be settled", True)
        article, annotator = reading.article, self.annotator
        return self._save(
            lambda s: s.tag(article, start, end, label, annotator, adjudicated=True),
            f"saved: settled as {label}",
            self._reanchor,
        )

    def reading_of(self, article: str, path: str) -> Reading | None:
        """The open reading of an article, by its text id, else by its file."""
        by_id = next((r for r in self.readings if r.article.id == article), None)
        wanted = Path(path).resolve()
        return by_id or next((r for r in self.readings if r.article.path.resolve() == wanted), None)

    # ----- internals --------------------------------------------------------------------------

    def _tag(self, reading: Reading, claim: Claim, label: str, done: str) -> Outcome:
        article, annotator = reading.article, self.annotator
        return self._on_claim(reading, claim, lambda s: s.tag(article, claim.start, claim.end, label, annotator), done)

    def _on_claim(self, reading: Reading, claim: Claim, change: Callable[[Store], Change | None], done: str) -> Outcome:
        """A change to the tag on a claim the screen holds: shown on that claim, without re-anchoring."""

        def show(old: Annotation | None, new: Annotation | None) -> Touched:
            touched: Touched = {id(reading): show_tag(reading, claim, new)}
            # The same text open from another file shows the tag too.
            others = [r for r in self.readings if r is not reading and r.article.id == reading.article.id]
            _add_touched(touched, self._reanchor(old, new, others))
            return touched

        return self._save(change, done, show)

    def _save(
        self,
        change: Callable[[Store], Change | None],
        done: str,
        show: Callable[[Annotation | None, Annotation | None], Touched],
    ) -> Outcome:
        if self.store is None:
            return Outcome(f"{NO_STORE}: nothing can be saved", True)
        try:
            made = change(self.store)
        except (StoreError, KeyError, ValueError) as exc:
            return Outcome(str(exc).strip("'\""), True)
        except OSError as exc:  # a full disk, say: nothing was saved, and the reader goes on
            return Outcome(f"not saved: cannot write the store ({exc.strerror or exc})", True)
        if made is None:
            return Outcome(done)
        if self._grouping is not None:
            self._grouping.append(made.seq)
        else:
            self._remember([made.seq])
        return Outcome(done, touched=show(made.before, made.after))

    def _stored(self, claim: Claim) -> Annotation | None:
        """The claim's tag as the store holds it now (None without a tag or a store)."""
        return None if self.store is None or claim.annotation is None else self.store.get(claim.annotation)

    def _remember(self, group: list[int]) -> None:
        if group:
            self._done.append(group)
            self._undone.clear()  # a new change ends what could still be redone

    def _place(self, record: Annotation) -> tuple[Reading, int] | None:
        """Where an annotation's text lies now in an open reading (None if not open, or gone)."""
        from tui.annotations.record import locate  # with the tags, after the first frame

        path = record["path"] if self.store is None else str(self.store.article_file(record))
        reading = self.reading_of(record["article"], path)
        found = None if reading is None else locate(record, reading.article)
        return None if reading is None or found is None or found.start is None else (reading, found.start)

    def _reanchor(
        self, old: Annotation | None, new: Annotation | None, readings: Iterable[Reading] | None = None
    ) -> Touched:
        """Find the annotation again in the open readings (all by default): for changes made elsewhere
        than on a claim held."""
        store = self.store
        if store is None:
            return {}
        chosen = self.readings if readings is None else readings
        return {id(reading): apply_change(reading, store, old, new, self.annotator) for reading in chosen}


def _add_touched(touched: Touched, more: Touched) -> None:
    """Fold what one more change repainted into `touched` (None, for a reading, stays None: repaint it all)."""
    for key, claims in more.items():
        so_far = touched.get(key, [])
        touched[key] = None if claims is None or so_far is None else [*so_far, *claims]
