"""Saved web pages: does `claimdesk claims --all` give back the article body, and how long does it take?

Quality is the article-extraction benchmark's metric: F1 of 4-word shingles (with counts) between
the non-boilerplate sentences claimdesk reads from a page and the page's true article body.

  .venv/bin/python bench/extraction.py                 # pages built around the seed articles
  .venv/bin/python bench/extraction.py --corpus DIR    # DIR/html/<id>.html[.gz] + DIR/ground-truth.json
                                                       # ({"<id>": {"articleBody": "..."}}), as in
                                                       # scrapinghub/article-extraction-benchmark

The built pages wrap each seed's body (its text less what claimdesk flags as furniture in the .txt)
in what real pages carry: navigation, scripts and styles, a byline, related links, share bars,
a comment section and a footer. Time is the whole `claimdesk claims --all` process over every page,
beside a floor measured in the same run: the same command over the bodies as .txt files.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cold import no_claims_kept  # noqa: E402

from tui.text.article_files import read_article  # noqa: E402

CLAIMDESK = [sys.executable, "-m", "tui"]
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily Planet</title>
<link rel="canonical" href="https://planet.example/news/{stem}"><meta property="og:site_name" content="The Daily Planet">
<meta name="author" content="Maria Rossi"><meta property="article:published_time" content="2023-05-17">
<script>window.dataLayer = [{{"page": "{stem}"}}]; function track() {{ return "<p>tracking</p>"; }}</script>
<style>.nav {{ color: #333 }} p {{ margin: 0 }}</style></head><body>
<nav class="nav"><a href="/">Home</a> | <a href="/world">World</a> | <a href="/politics">Politics</a> | <a href="/sport">Sport</a></nav>
<div class="share">Share on Facebook · Share on X · Email</div>
<main><article><h1>{title}</h1><p class="byline">By Maria Rossi | 17 May 2023</p>
{body}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Minister resigns over budget row</a></li>
<li><a href="/b">Floods hit three more towns in the north</a></li><li><a href="/c">What the election means for you</a></li></ul></aside>
</main>
<section class="comments" id="comments"><h2>Comments (3)</h2>
<div class="comment"><p>Great reporting, thanks for covering this story.</p></div>
<div class="comment"><p>The government knew about this for years and did nothing at all about it.</p></div>
<div class="comment"><p>Who paid for this article? Follow the money.</p></div></section>
<footer><p>Subscribe to our newsletter</p><p>© 2023 The Daily Planet. All rights reserved.</p></footer></body></html>
"""


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return Counter(tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1)))


def f1(predicted: str, truth: str) -> tuple[float, float, float]:
    found, true = shingles(predicted), shingles(truth)
    common = sum((found & true).values())
    precision = common / sum(found.values()) if found else float(not true)
    recall = common / sum(true.values()) if true else float(not found)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def built_corpus(folder: Path) -> dict[str, str]:
    """Pages around the seeds' bodies in `folder/html`, their bodies as .txt in `folder/txt`; id -> body."""
    (folder / "html").mkdir()
    (folder / "txt").mkdir()
    truth = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        article = read_article(path)[0]
        flagged = [(b.start, b.end) for b in article.boilerplate]
        paragraphs, offset = [], 0
        for line in article.text.split("\n"):
            if line.strip() and not any(start <= offset < end for start, end in flagged):
                paragraphs.append(" ".join(line.split()))
            offset += len(line) + 1
        title, body = paragraphs[0], paragraphs[1:]
        truth[path.stem] = "\n\n".join([title, *body])
        page = PAGE.format(
            title=html.escape(title), stem=path.stem, body="\n".join(f"<p>{html.escape(p)}</p>" for p in body)
        )
        (folder / "html" / f"{path.stem}.html").write_text(page, encoding="utf-8")
        (folder / "txt" / f"{path.stem}.txt").write_text(truth[path.stem], encoding="utf-8")
    return truth


def given_corpus(corpus: Path, folder: Path) -> dict[str, str]:
    """The benchmark's pages, unpacked into `folder/html`; id -> true body."""
    (folder / "html").mkdir()
    (folder / "txt").mkdir()
    truth = {key: value["articleBody"] for key, value in json.loads((corpus / "ground-truth.json").read_text()).items()}
    for key, body in truth.items():
        packed = corpus / "html" / f"{key}.html.gz"
        data = (
            gzip.decompress(packed.read_bytes()) if packed.exists() else (corpus / "html" / f"{key}.html").read_bytes()
        )
        (folder / "html" / f"{key}.html").write_bytes(data)
        (folder / "txt" / f"{key}.txt").write_text(body, encoding="utf-8")
    return truth


def claims_all(folder: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    no_claims_kept()
    began = time.perf_counter()
    result = subprocess.run([*CLAIMDESK, "claims", "--all", str(folder)], capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - began, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="a folder laid out like the article-extraction benchmark")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        truth = given_corpus(args.corpus, folder) if args.corpus else built_corpus(folder)
        page_time, result = claims_all(folder / "html")
        floor_time, _ = claims_all(folder / "txt")
        read: dict[str, list[str]] = {key: [] for key in truth}
        for line in result.stdout.splitlines():
            record = json.loads(line)
            if not record["boilerplate"]:
                read[Path(record["path"]).stem].append(record["text"])
        scores = [f1("\n".join(read[key]), truth[key]) for key in truth]
        unread = [line for line in result.stderr.splitlines() if "error" in line]
    count = len(scores)
    mean = [sum(score[i] for score in scores) / count for i in range(3)]
    print(f"{count} pages ({'given corpus' if args.corpus else 'built around the seeds'}); {len(unread)} not read")
    print(f"4-word shingle precision {mean[0]:.3f}, recall {mean[1]:.3f}, F1 {mean[2]:.3f} (mean over pages)")
    print(f"worst F1 {min(score[2] for score in scores):.3f}")
    print(
        f"claims --all over the pages: {page_time:.2f} s; over their bodies as .txt (floor): {floor_time:.2f} s; "
        f"ratio {page_time / floor_time:.2f}"
    )


if __name__ == "__main__":
    main()
