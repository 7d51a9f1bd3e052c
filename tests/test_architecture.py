"""The domain knows nothing of Textual, and only the storage module knows TinyDB."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

# The user interface: the only modules allowed to import Textual.
INTERFACE = {"tui.app"}
MODULES = sorted(
    f"tui.{path.stem}" for path in (ROOT / "tui").glob("*.py") if path.stem not in ("__init__", "__main__")
)
DOMAIN = [name for name in MODULES if name not in INTERFACE]


def test_domain_modules_do_not_import_textual() -> None:
    assert "tui.store" in DOMAIN and "tui.anchoring" in DOMAIN
    code = (
        "import sys\n"
        f"for name in {DOMAIN!r}: __import__(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == ""


def imported(module: str) -> set[str]:
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_storage_module_imports_tinydb() -> None:
    assert [name for name in MODULES if "tinydb" in imported(name)] == ["tui.storage"]
