"""The messages between the app and its screens: facts the app announces, requests screens send up.

Attributes go down (a screen is given the desk it works on); messages go up (a screen says what it
saved or wants shown) and the app announces facts to every screen on the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.desk.session import Outcome
    from tui.desk.tagged_claims import Claim, Reading


class Save(Message):
    """Request: run a use case of the desk that changes the store, off the UI thread, one at a time.

    The app then tells every screen what changed (`TagsChanged`), and calls `then` with the outcome.
    """

    def __init__(self, use_case: Callable[[], Outcome], then: Callable[[Outcome], None] | None = None) -> None:
        super().__init__()
        self.use_case = use_case
        self.then = then


class Saved(Message):
    """Fact, for the app: a use case asked for by `Save` has run, with `outcome` (or raised `failure`)."""

    def __init__(self, request: Save, outcome: Outcome | None, failure: Exception | None = None) -> None:
        super().__init__()
        self.request = request
        self.outcome = outcome
        self.failure = failure


class TagsChanged(Message):
    """Fact: tags changed on the claims in `outcome.touched`; the screen on top says `outcome.message`."""

    def __init__(self, outcome: Outcome, on_top: bool) -> None:
        super().__init__()
        self.outcome = outcome
        self.on_top = on_top


class LinksReady(Message):
    """Fact: claims are linked across the articles and loaded phrases found (`desk.connections`)."""


class StatusNote(Message):
    """Fact: something the user should read in the status line (a problem while loading, progress)."""

    def __init__(self, text: str, error: bool = False) -> None:
        super().__init__()
        self.text = text
        self.error = error


class OpenClaim(Message):
    """Request: show this claim in the reader, leaving the screens above it."""

    def __init__(self, reading: Reading, claim: Claim | None) -> None:
        super().__init__()
        self.reading = reading
        self.claim = claim
