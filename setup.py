"""The compiled parts of claimdesk: two loops over a whole article that Python makes slow. Everything else
is in pyproject.toml.

Optional: where no C compiler is found, claimdesk installs without them and does the same in Python
(`tui.text.token_batch`, `tui.text.boilerplate`), with the same results, slower.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("tui.text._tokens", ["tui/text/_tokens.c"], optional=True),
        Extension("tui.text._needles", ["tui/text/_needles.c"], optional=True),
    ]
)
