"""How the store grows as one claim is edited again and again: bytes on disk per edit.

  .venv/bin/python bench/store_growth.py [EDITS]    # default 1000

Each edit changes the note of one tag (each keeps its earlier states in `revisions`, as it must).
The figure is the store plus its journal, after every 100th edit; the floor, measured in the
same run, is the same number of edits spread over different claims (one small record each), so
the ratio says how much an edit of one much-edited claim costs beside an ordinary one.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.store.journal import journal_path  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.text.article_files import read_article  # noqa: E402


def size(store: Path) -> int:
    return store.stat().st_size + journal_path(store).stat().st_size


def main() -> None:
    edits = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    article = read_article(ROOT / "seeds" / "000_d71dc3aabc790433.txt")[0]
    sentences = [i for i, char in enumerate(article.text) if char == "."]
    with tempfile.TemporaryDirectory() as scratch:
        one, spread = Path(scratch) / "one.json", Path(scratch) / "spread.json"
        store = Store.open(one)
        store.tag(article, 0, 40, "disputed", "ana")
        annotation = store.annotations()[0]["id"]
        floor = Store.open(spread)
        print(f"{'edits':>6} {'one claim, bytes/edit':>22} {'spread, bytes/edit':>19} {'ratio':>6}")
        for n in range(1, edits + 1):
            store.edit(annotation, "ana", note=f"note number {n}")
            start = n % (len(sentences) - 1)
            floor.tag(
                article, sentences[start] + 1, sentences[start + 1], "verified", f"annotator {n}", note=f"note {n}"
            )
            if n % 100 == 0 or n == edits:
                mine, theirs = size(one) / n, size(spread) / n
                print(f"{n:>6} {mine:>22,.0f} {theirs:>19,.0f} {mine / theirs:>6.2f}")


if __name__ == "__main__":
    main()
