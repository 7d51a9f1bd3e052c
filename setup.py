"""The one compiled part of claimdesk; everything else is in pyproject.toml.

Optional: where no C compiler is found, claimdesk installs without it and numbers an article's pieces in
Python (`tui.text.token_batch`), with the same result and slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("tui.text._pieces", ["tui/text/_pieces.c"], optional=True)])
