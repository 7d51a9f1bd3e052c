"""The `merge` and `agreement` commands: several annotators' stores together."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
