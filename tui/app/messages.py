"""The messages between the app and its screens: facts the app announces, requests screens send up.

Attributes go down (a screen is given the desk it works on); messages go up (a screen says what it
saved or wants shown) and the app announces facts to every screen on the stack.
"""

from __future__ import annotations

from textual.message import Message

from tui.desk.session import Outcome
from tui.desk.tagged_claims import Claim, Reading


class Saved(Message):
    """A screen ran a use case on the desk: the app tells every screen what changed."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


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
