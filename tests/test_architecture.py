"""The domain knows nothing of Textual: it must import and run without it."""

from __future__ import annotations

import subprocess
import sys

DOMAIN = ["tui.model", "tui.corpus", "tui.boilerplate", "tui.sentences", "tui.claims", "tui.records", "tui.cli"]


def test_domain_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {DOMAIN!r}: __import__(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
