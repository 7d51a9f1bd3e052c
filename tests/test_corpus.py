"""Loading article files: decoding, canonical text, identity, titles, paragraphs, bad files."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.article_files import article_id, build_article, canonical_text, decode, load_articles, read_article


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café “quoted” – ok".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Café".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "utf-16"),
    ],
)
def test_decodes_unicode_with_and_without_bom(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert text.startswith("Caf") and "\ufeff" not in text


def test_falls_back_to_cp1252_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Minister’s “plan” costs €5 – café".encode("cp1252"))
    article, warning = read_article(path)
    assert article.text == "Minister’s “plan” costs €5 – café"
    assert warning is not None and "cp1252" in warning and "legacy.txt" in warning


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Bad \x81 byte and \xe9")
    article, warning = read_article(path)
    assert article.encoding == "latin-1" and "é" in article.text
    assert warning is not None and "latin-1" in warning


def test_canonical_text_unifies_newlines_and_drops_controls_only() -> None:
    raw = "Title\r\nLine two\rLine\tthree\x00\x07\x1b[31m red\x85\x9b end\u00a0nbsp “q” é\n"
    assert canonical_text(raw) == "Title\nLine two\nLine\tthree[31m red end\u00a0nbsp “q” é\n"


def test_article_id_depends_on_canonical_text_only(tmp_path: Path) -> None:
    unix = tmp_path / "a.txt"
    windows = tmp_path / "sub.txt"  # a Markdown file is rendered: its text is what it shows
    unix.write_text("Headline\nBody text here.\n", encoding="utf-8", newline="")
    windows.write_bytes(codecs.BOM_UTF8 + b"Headline\r\nBody text here.\r\n")
    first, _ = read_article(unix)
    second, _ = read_article(windows)
    assert first.id == second.id == article_id("Headline\nBody text here.\n")
    assert first.path != second.path
    unix.write_text("Headline\nBody text changed.\n", encoding="utf-8")
    assert read_article(unix)[0].id != first.id


def test_folder_loads_txt_and_md_sorted_and_not_recursive(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.TXT", "notes.json", ".hidden.txt"):
        (tmp_path / name).write_text(f"Headline of {name}\n\nSome body text.", encoding="utf-8")
    (tmp_path / "deeper").mkdir()
    (tmp_path / "deeper" / "d.txt").write_text("Nested article here", encoding="utf-8")
    report = load_articles([tmp_path])
    assert [a.path.name for a in report.articles] == ["a.txt", "b.md", "c.TXT"]
    assert not report.errors
    nested = load_articles([tmp_path], recursive=True)
    assert "d.txt" in [a.path.name for a in nested.articles]


def test_bad_files_are_reported_and_the_rest_still_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text("A good headline\n\nThe mayor said 40 homes flooded.", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "folder.md").mkdir()
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = load_articles([tmp_path, tmp_path / "absent.txt"])
    assert [a.path.name for a in report.articles] == ["good.txt"]
    messages = "\n".join(report.errors)
    assert len(report.errors) == 5
    for name, reason in [
        ("image.txt", "binary"),
        ("folder.md", "directory"),
        ("dangling.txt", "broken"),
        ("locked.txt", "Permission denied"),
        ("absent.txt", "no such file"),
    ]:
        assert any(name in line and reason in line for line in report.errors), (name, messages)
    assert all("\n" not in line for line in report.errors)


def test_a_text_file_with_a_stray_nul_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Headline\n\nThe council said\x00 it would act." * 20)
    article, _ = read_article(path)
    assert "\x00" not in article.text and "council said it would act" in article.text


def test_titles_skip_furniture_and_find_the_headline(seeds) -> None:
    assert seeds["000"].title.startswith("ISIS Terrorists Defeated In Syria")
    assert seeds["001"].title.startswith("Turkey’s offensive in Syria")
    assert seeds["002"].title == "Is US Relocating “Daesh” Terrorists to Afghanistan"
    assert seeds["003"].title.startswith("ISIS Members Flee To Libya")
    assert seeds["004"].title == "ISIS still pose threat to world four years after its defeat, SDF warns"


def test_paragraphs_have_exact_offsets(seeds) -> None:
    for article in seeds.values():
        assert article.paragraphs
        for span in article.paragraphs:
            block = article.text[span.start : span.end]
            assert block == block.strip() and block
            assert "\n\n" not in block
    first = seeds["000"].paragraphs[0]
    assert seeds["000"].text[first.start : first.end] == seeds["000"].title


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("  Title\n\nFirst line\nsecond line  \n \t\nLast", [(2, 7), (9, 31), (37, 41)]),
        ("\n\n", []),
        ("one\n\u00a0\ntwo\n\nthree \n", [(0, 3), (6, 9), (11, 16)]),
    ],
)
def test_paragraphs_are_runs_of_non_blank_lines_trimmed(text: str, spans: list[tuple[int, int]]) -> None:
    from tui.text.article import paragraph_spans

    assert [(span.start, span.end) for span in paragraph_spans(text)] == spans


def test_a_long_line_of_blanks_is_crossed_in_linear_time(tmp_path: Path) -> None:
    # 200,000 blanks on one line: a pattern retried from each of them runs for hours (the runner
    # stops a command after two minutes); crossed once, it takes milliseconds.
    from tests.cli_runner import run_in_process

    page = tmp_path / "blanks.txt"
    page.write_text(
        "Title here.\n\nThe unemployment rate rose to 7 percent in 2020, officials said.\n"
        + " " * 200_000
        + "\n\t\nx"
        + " " * 200_000
        + "\nMore.\n",
        encoding="utf-8",
    )
    result = run_in_process("claims", str(page))
    assert result.returncode == 0, result.stderr
    assert "7 percent" in result.stdout
    assert [(span.start, span.end) for span in read_article(page)[0].paragraphs][:2] == [(0, 11), (13, 77)]


def test_the_preview_of_a_long_line_never_cuts_a_character_in_two(tmp_path: Path) -> None:
    from tui.text.article_files import PREVIEW_BYTES, preview_article

    line = tmp_path / "one_line.txt"
    text = "Économie €€€ — ’’’ " * (3 * PREVIEW_BYTES // 20)  # mostly characters of two or three bytes
    line.write_text(text, encoding="utf-8")
    for shift in range(4):  # wherever the cut falls among a character's bytes
        line.write_text("y" * shift + text, encoding="utf-8")
        preview, whole = preview_article(line)
        assert not whole and preview.encoding == "utf-8"
        assert ("y" * shift + text).startswith(preview.text) and len(preview.text) > PREVIEW_BYTES // 2


_CONTROLS_AND_MORE = st.sampled_from(
    [chr(c) for c in range(0xA0)] + ["\r\n", "\u00a0", "é", "日", "😀", "\u2028", "\ud800"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=8) | _CONTROLS_AND_MORE, max_size=20).map("".join))
def test_an_article_is_its_canonical_text_and_that_text_s_id(raw: str) -> None:
    """Most texts are canonical already, which a check of their bytes tells: what it misses, or takes for
    a control, would change an article's text or its id."""
    article = build_article(Path("a.txt"), raw, "utf-8")
    assert article.text == canonical_text(raw)
    assert article.id == article_id(canonical_text(raw))


@given(st.binary(max_size=400), st.integers(min_value=0, max_value=60))
@settings(max_examples=300, deadline=None)
def test_binary_is_told_by_the_share_of_control_bytes(text: bytes, controls: int) -> None:
    from tui.text.decoding import _BINARY_BYTES, _BINARY_RATIO, looks_binary

    data = text + bytes(_BINARY_BYTES[i % len(_BINARY_BYTES)] for i in range(controls))
    counted = sum(byte in _BINARY_BYTES for byte in data)
    assert looks_binary(data) == (bool(data) and counted / len(data) > _BINARY_RATIO)
