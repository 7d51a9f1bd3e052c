"""The `export` and `import` commands: annotations out to formats fact-checkers publish, and back."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
