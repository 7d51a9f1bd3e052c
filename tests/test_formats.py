"""Saved web pages and Markdown read as clean articles, with who, when and where."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from tests.test_cli_store import jsonl, one_line_error, run
from tui.text.article_files import read_article
from tui.text.boilerplate import BYLINE, COMMENTS, classify_line
from tui.text.claims import find_claims
from tui.text.markdown_text import CODE

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Floods hit Riverton | The Daily Planet</title>
<link rel="canonical" href="https://planet.example/news/floods-hit-riverton">
<meta property="og:site_name" content="The Daily Planet">
<meta name="author" content="Maria Rossi">
<meta property="article:published_time" content="2023-05-17T10:00:00Z">
<script>var teaser = "<p>Subscribe now for just $1</p>";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Floods hit Riverton</h1>
<p class="byline">By Maria Rossi | 17 May 2023</p>
<p>Forty homes were flooded on Monday after the river burst its banks, the council said.</p>
<p>Police said 300 people were evacuated &amp; taken to the school hall, where they spent the night.</p>
<ul><li>Roads closed on Tuesday: 12</li><li>Schools shut by the council: 3</li></ul>
<blockquote>We have never seen anything like it, said the mayor, who has lived in the town for 40 years.</blockquote>
<p>Read the full report <a href="/report">here</a>.</p></article>
<section class="comments"><h2>Comments</h2><p>The council knew about the flood risk for years and did nothing.</p></section>
<footer>Share on Facebook. Subscribe to our newsletter.</footer></body></html>
"""

MARKDOWN = """---
title: Floods hit Riverton
url: https://planet.example/news/floods-hit-riverton
author: [Maria Rossi, Tom Li]
date: 2023-05-17
site: The Daily Planet
---
# Floods hit Riverton

By Maria Rossi | 17 May 2023

Forty homes were **flooded** on Monday after the river burst its banks, [the council](https://council.example) said.

- Police said 300 people were evacuated to the school hall on Monday night.
- Roads closed: 12

> We have never seen anything like it, said the mayor, who has lived in the town for 40 years.

```
curl https://planet.example/data.csv
```

[Read the full report](https://planet.example/report)
"""


def _page(folder: Path, name: str = "floods.html", html: str = PAGE) -> Path:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path


def _claims(path: Path) -> list[str]:
    article, _ = read_article(path)
    return [scored.sentence.text for scored in find_claims(article) if scored.is_claim]


def test_a_saved_page_reads_as_its_article_with_paragraphs_and_no_markup(tmp_path: Path) -> None:
    article, warning = read_article(_page(tmp_path))
    assert warning is None
    blocks = article.text.split("\n\n")
    assert blocks[:3] == [
        "Floods hit Riverton",
        "Forty homes were flooded on Monday after the river burst its banks, the council said.",
        "Police said 300 people were evacuated & taken to the school hall, where they spent the night.",
    ]
    assert "Roads closed on Tuesday: 12" in blocks and "Schools shut by the council: 3" in blocks
    assert not any(marker in article.text for marker in ("<", "&amp;", "Subscribe now", "color: red", "Home |"))
    assert article.title == "Floods hit Riverton"


def test_a_pages_comments_and_furniture_are_never_claims(tmp_path: Path) -> None:
    article, _ = read_article(_page(tmp_path))
    [thread] = [b for b in article.boilerplate if b.kind == COMMENTS]
    assert article.text[thread.start :].startswith("Comments\n\nThe council knew about the flood risk")
    claims = _claims(tmp_path / "floods.html")
    assert "Forty homes were flooded on Monday after the river burst its banks, the council said." in claims
    assert not any("flood risk" in claim or "Read the full report" in claim or "Rossi" in claim for claim in claims)


def test_a_pages_metadata_comes_from_the_page(tmp_path: Path) -> None:
    meta = read_article(_page(tmp_path))[0].meta
    assert (meta.format, meta.url, meta.site, meta.authors, meta.published, meta.language) == (
        "html",
        "https://planet.example/news/floods-hit-riverton",
        "The Daily Planet",
        ("Maria Rossi",),
        "2023-05-17",
        "en-GB",
    )
    assert meta.byline() == "The Daily Planet · 2023-05-17 · Maria Rossi"


def test_a_pages_declared_charset_and_byte_order_mark_decode_right(tmp_path: Path) -> None:
    cyrillic = "<html><head><meta charset='windows-1251'></head><body><article><h1>Наводнение в Ривертоне</h1>"
    cyrillic += (
        "<p>Сорок домов были затоплены в понедельник после того, как река вышла из берегов.</p></article></body></html>"
    )
    (tmp_path / "ru.html").write_bytes(cyrillic.encode("cp1251"))
    article, warning = read_article(tmp_path / "ru.html")
    assert "Сорок домов были затоплены" in article.text and article.encoding == "cp1251" and warning is None
    (tmp_path / "utf16.htm").write_bytes(codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"))
    assert read_article(tmp_path / "utf16.htm")[0].text == read_article(_page(tmp_path))[0].text


def test_markdown_reads_as_the_text_a_reader_sees_with_front_matter_metadata(tmp_path: Path) -> None:
    (tmp_path / "floods.md").write_text(MARKDOWN, encoding="utf-8")
    article, _ = read_article(tmp_path / "floods.md")
    assert article.text.startswith(
        "Floods hit Riverton\n\nBy Maria Rossi | 17 May 2023\n\n"
        "Forty homes were flooded on Monday after the river burst its banks, the council said.\n\n"
        "Police said 300 people were evacuated to the school hall on Monday night.\n\nRoads closed: 12\n\n"
        "We have never seen anything like it"
    )
    assert not any(marker in article.text for marker in ("**", "](", "# ", "> ", "title:", "---"))
    meta = article.meta
    assert (meta.format, meta.title, meta.url, meta.authors, meta.published, meta.site) == (
        "md",
        "Floods hit Riverton",
        "https://planet.example/news/floods-hit-riverton",
        ("Maria Rossi", "Tom Li"),
        "2023-05-17",
        "The Daily Planet",
    )
    [code] = [b for b in article.boilerplate if b.kind == CODE]
    assert article.text[code.start : code.end] == "curl https://planet.example/data.csv"
    claims = _claims(tmp_path / "floods.md")
    assert "Police said 300 people were evacuated to the school hall on Monday night." in claims
    assert not any("Rossi" in claim or "curl" in claim or "full report" in claim for claim in claims)


@pytest.mark.parametrize(
    "line",
    [
        "By Maria Rossi | 17 May 2023",
        "By Maria Rossi and Tom Li, Reuters",
        "By Jane Smith, Staff Writer",
        "The Guardian | 17 May 2023",
    ],
)
def test_bylines_in_any_format_are_furniture(line: str) -> None:
    assert classify_line(line) == BYLINE


@pytest.mark.parametrize(
    "sentence",
    ["By Monday, 40 homes were flooded.", "By 2030, emissions will fall by half", "By Tuesday the river had risen"],
)
def test_sentences_that_open_with_by_are_not_bylines(sentence: str) -> None:
    assert classify_line(sentence) is None


def test_the_articles_command_prints_one_record_per_article(tmp_path: Path) -> None:
    _page(tmp_path)
    (tmp_path / "floods.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Plain title\n\nForty homes were flooded on Monday.\n", encoding="utf-8")
    records = {record["format"]: record for record in jsonl(run("articles", str(tmp_path), cwd=tmp_path))}
    assert set(records) == {"html", "md", "txt"}
    keys = {"article", "path", "format", "title", "url", "site", "authors", "published", "language", "chars"}
    assert all(set(record) == keys for record in records.values())
    assert records["html"]["url"] == "https://planet.example/news/floods-hit-riverton"
    assert records["txt"] == {
        **records["txt"],
        "title": "Plain title",
        "url": None,
        "site": None,
        "authors": [],
        "published": None,
        "language": None,
    }
    table = run("articles", "--format", "table", str(tmp_path), cwd=tmp_path)
    assert table.returncode == 0 and "Floods hit" in table.stdout and "html" in table.stdout


def test_a_folder_lists_the_files_it_skipped_once(tmp_path: Path) -> None:
    _page(tmp_path)
    for name in ("photo.jpg", "notes.pdf", "more.pdf"):
        (tmp_path / name).write_bytes(b"\x00\x01")
    result = run("claims", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0
    [line] = result.stderr.strip().splitlines()
    assert "skipped 3 files" in line and ".jpg" in line and ".pdf" in line
    assert {record["path"] for record in jsonl(result)} == {str(tmp_path / "floods.html")}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (random.Random(7).randbytes(4000), "binary"),
        (b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
        (b"<html><body><article><h1>Big</h1>" + b"<p>Forty homes were flooded on Monday.</p>" * 250_000, "MB"),
    ],
    ids=["binary", "no article", "20 MB"],
)
def test_bad_pages_get_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.html").write_bytes(content)
    assert reason in one_line_error(run("claims", "bad.html", cwd=tmp_path))


def test_a_truncated_page_still_reads_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "cut.html").write_text(PAGE[: PAGE.index("who has lived")], encoding="utf-8")
    texts = [record["text"] for record in jsonl(run("claims", "cut.html", cwd=tmp_path))]
    assert "Forty homes were flooded on Monday after the river burst its banks, the council said." in texts
    assert any(text.startswith("Police said 300 people") for text in texts)


def test_exports_carry_the_pages_url_author_date_and_outlet(tmp_path: Path) -> None:
    _page(tmp_path)
    assert (
        run("tag", "floods.html", "--claim", "1", "--label", "disputed", "--store", "s.json", cwd=tmp_path).returncode
        == 0
    )
    w3c = json.loads(run("export", "--format", "w3c", "--store", "s.json", cwd=tmp_path).stdout)
    [item] = w3c["first"]["items"]
    assert item["target"]["source"] == "https://planet.example/news/floods-hit-riverton"
    assert item["claimdesk:file"] == (tmp_path / "floods.html").as_uri()
    [review] = json.loads(run("export", "--format", "claimreview", "--store", "s.json", cwd=tmp_path).stdout)
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://planet.example/news/floods-hit-riverton",
        "name": "Floods hit Riverton",
        "headline": "Floods hit Riverton",
        "author": {"@type": "Person", "name": "Maria Rossi"},
        "datePublished": "2023-05-17",
        "publisher": {"@type": "Organization", "name": "The Daily Planet"},
    }
    templated = run(
        "export",
        "--format",
        "claimreview",
        "--article-url",
        "https://x.example/{stem}",
        "--store",
        "s.json",
        cwd=tmp_path,
    )
    assert json.loads(templated.stdout)[0]["itemReviewed"]["appearance"]["url"] == "https://x.example/floods"
    csv = run("export", "--format", "csv", "--store", "s.json", cwd=tmp_path).stdout
    header, row = csv.lstrip("\ufeff").splitlines()[:2]
    assert header.endswith(",url,outlet,published") and row.endswith(
        ",https://planet.example/news/floods-hit-riverton,The Daily Planet,2023-05-17"
    )
    report = run("export", "--format", "markdown", "--store", "s.json", cwd=tmp_path).stdout
    assert "URL: https://planet.example/news/floods-hit-riverton · Outlet: The Daily Planet" in report


def test_tags_on_a_page_survive_saving_it_again_with_a_small_change(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert (
        run("tag", "floods.html", "--claim", "2", "--label", "verified", "--store", "s.json", cwd=tmp_path).returncode
        == 0
    )
    [before] = jsonl(run("annotations", "--store", "s.json", cwd=tmp_path))
    page.write_text(PAGE.replace("<p>Forty homes", "<p>Updated at 9am.</p><p>Forty homes"), encoding="utf-8")
    [after] = jsonl(run("annotations", "--store", "s.json", cwd=tmp_path))
    assert after["status"] == "moved" and not after["changed"] and after["quote"] == before["quote"]
    assert after["start"] > before["start"]
    assert (
        run("tag", "floods.html", "--claim", "3", "--label", "verified", "--store", "s.json", cwd=tmp_path).returncode
        == 0
    )
    assert len(jsonl(run("annotations", "--store", "s.json", cwd=tmp_path))) == 2


def test_the_canonical_link_wins_over_og_url_and_is_made_absolute(tmp_path: Path) -> None:
    head = '<meta property="og:url" content="https://m.planet.example/floods?utm=x">'
    head += '<link href="/news/floods-hit-riverton" rel="canonical">'
    article, _ = read_article(
        _page(tmp_path, html=PAGE.replace(PAGE[PAGE.index("<link") : PAGE.index("<meta property")], head))
    )
    assert article.meta.url == "https://m.planet.example/news/floods-hit-riverton"
