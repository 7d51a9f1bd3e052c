"""The layers hold at run time too: everything below the app loads without Textual or click.

`lint-imports` (run by `make test`) checks the contracts in pyproject.toml statically; this checks
what a process really loads, lazy imports included.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

BELOW_THE_INTERFACE = ("text", "annotations", "store", "publish", "desk")
MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for layer in BELOW_THE_INTERFACE
    for path in (ROOT / "tui" / layer).glob("*.py")
    if path.stem != "__init__"
)


def test_the_layers_below_the_interface_load_without_textual_or_click() -> None:
    assert "tui.store.store" in MODULES and "tui.annotations.anchoring" in MODULES and "tui.desk.session" in MODULES
    code = (
        "import sys\n"
        f"for name in {MODULES!r}: __import__(name)\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'click'})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == ""
