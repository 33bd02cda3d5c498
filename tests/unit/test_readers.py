"""Stage 1 (readers): path, stdin or bytes -> Article."""

from __future__ import annotations

import hashlib
import io
import sys
from datetime import date
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.readers import (
    Format,
    ReadResult,
    read_article,
    read_articles,
    read_bytes,
    read_directory,
    read_inputs,
    sniff_format,
)
from checker.readers._common import parse_date
from checker.readers.html_reader import parse_html
from checker.readers.text import guess_title
from checker.schema import Article, content_hash

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO / "corpora"
SEED = CORPORA / "amazon-rekognition-2020"

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Quake hits island | Example News</title>
<meta property="og:title" content="Quake hits island &amp; damages homes">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2008-11-27T17:06:00+03:30">
<meta property="og:url" content="https://news.example/quake">
<style>p { color: red }</style>
<script>var sponsor = "SCRIPT TEXT";</script>
</head><body>
<nav class="menu"><ul><li>Home NAV</li><li>World NAV</li></ul></nav>
<header><p>Site header HEADER</p></header>
<div class="ad-slot"><p>Cheap watches AD</p></div>
<article class="story drop-shadow">
  <h1>Quake   hits   island</h1>
  <div class="byline">By Jane Roe BYLINE</div>
  <div class="article-shadow header-image">
    <p>A 5.6 <a href="/m">magnitude</a> quake&nbsp;hit Qeshm on Sunday.</p>
    <p>Five people
       were hurt, officials &quot;said&quot;.<br>More soon.</p>
  </div>
  <div class="socialShare"><p>Share on Twitter SHARE</p></div>
  <div id="newsletter-signup"><p>Sign up NEWSLETTER</p></div>
  <blockquote><p>Walls collapsed.</p><p>Nobody died.</p></blockquote>
  <ul><li>Aftershocks followed.</li></ul>
  <aside><p>Related story ASIDE</p></aside>
  <section class="related-links"><p>Also read RELATED</p></section>
  <div class="comments"><p>First! COMMENT</p></div>
  <noscript><p>Enable JavaScript NOSCRIPT</p></noscript>
  <form><p>Search FORM</p></form>
  <iframe src="x"></iframe>
  <svg><text>SVG TEXT</text></svg>
</article>
<div class="cookie-banner"><p>We use cookies COOKIE</p></div>
<footer><p>Copyright FOOTER</p></footer>
</body></html>
"""

HTML_TEXT = (
    "Quake hits island\n\n"
    "A 5.6 magnitude quake hit Qeshm on Sunday.\n\n"
    'Five people were hurt, officials "said". More soon.\n\n'
    "Walls collapsed.\n\n"
    "Nobody died.\n\n"
    "Aftershocks followed."
)


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class FakeStdin:
    """Stands in for sys.stdin: only ``.buffer`` is used by the readers."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


# ---------------------------------------------------------------------------------------------- formats

FORMAT_CASES = [
    pytest.param(
        "story.txt",
        "Headline here\n\nFirst paragraph. Second sentence.\n",
        {
            "source": "story",
            "title": "Headline here",
            "text": "Headline here\n\nFirst paragraph. Second sentence.\n",
            "text_offset": 0,
        },
        id="txt-with-title",
    ),
    pytest.param(
        "story.txt",
        "This first line is a sentence.\n\nAnother one.\n",
        {"title": None, "text_offset": 0},
        id="txt-sentence-first-line-is-no-title",
    ),
    pytest.param(
        "story.txt",
        "Headline without blank line\nBody sentence.\n",
        {"title": None},
        id="txt-no-blank-line-no-title",
    ),
    pytest.param(
        "story.txt",
        ("word " * 60).strip() + "\n\nBody.\n",
        {"title": None},
        id="txt-long-first-line-no-title",
    ),
    pytest.param(
        "piece.md",
        "---\ntitle: Amazon pauses Rekognition\nsource: Fortune\ndate: 2020-06-10\n"
        "url: https://fortune.example/a\nauthor: Jane Roe\n---\n# Heading\n\nBody *text* [link](x).\n",
        {
            "source": "Fortune",
            "title": "Amazon pauses Rekognition",
            "published": date(2020, 6, 10),
            "url": "https://fortune.example/a",
            "text": "# Heading\n\nBody *text* [link](x).\n",
            "text_offset": 122,
        },
        id="md-front-matter",
    ),
    pytest.param(
        "piece.markdown",
        "---\npublished: 2020-06-10T09:30:00Z\nauthor: Jane Roe\n---\nBody.\n",
        {"source": "Jane Roe", "published": date(2020, 6, 10), "title": None, "text": "Body.\n"},
        id="md-published-datetime-author-as-source",
    ),
    pytest.param(
        "notes.md",
        "# Quake hits island\n\nBody.\n",
        {
            "source": "notes",
            "title": "Quake hits island",
            "text_offset": 0,
            "text": "# Quake hits island\n\nBody.\n",
        },
        id="md-no-front-matter-heading-title",
    ),
    pytest.param(
        "piece.md",
        "---\ndate: next tuesday\n---\nBody.\n",
        {"published": None},
        id="md-unparseable-date-ignored",
    ),
    pytest.param(
        "page.html",
        HTML_PAGE,
        {
            "source": "Example News",
            "title": "Quake hits island & damages homes",
            "published": date(2008, 11, 27),
            "url": "https://news.example/quake",
            "text": HTML_TEXT,
            "text_offset": None,
        },
        id="html",
    ),
    pytest.param(
        "page.htm",
        "<html><head><title>T1</title><meta name=author content='Jane Roe'>"
        "<link rel='canonical' href='https://c.example/x'><meta name=date content='2020-01-02'></head>"
        "<body><main><p>Main text.</p></main></body></html>",
        {"source": "Jane Roe", "title": "T1", "url": "https://c.example/x", "published": date(2020, 1, 2)},
        id="htm-fallback-metadata",
    ),
    pytest.param(
        "timed.html",
        "<html><head><meta name=date content='1999-01-01'></head><body><article>"
        "<time datetime='2013-09-26T10:00:00+05:00'>26 Sep</time><p>Timed text.</p></article></body></html>",
        {"published": date(2013, 9, 26), "source": "timed", "title": None, "text": "Timed text."},
        id="html-time-datetime-before-meta-date",
    ),
    pytest.param(
        "item.json",
        '{"title": "T", "source": "AP", "published": "2020-06-10", "url": "https://ap.example", '
        '"text": "Body text.", "extra": 1}',
        {
            "source": "AP",
            "title": "T",
            "published": date(2020, 6, 10),
            "url": "https://ap.example",
            "text": "Body text.",
            "text_offset": None,
        },
        id="json-object",
    ),
    pytest.param(
        "item.json",
        '{"date": "2020-06-10T08:00:00", "text": "Body."}',
        {"source": "item", "published": date(2020, 6, 10), "title": None},
        id="json-date-field-default-source",
    ),
    pytest.param(
        "noext",
        '{"text": "Sniffed JSON."}',
        {"text": "Sniffed JSON.", "source": "noext"},
        id="sniff-json",
    ),
    pytest.param(
        "page.data",
        "<!doctype html><html><body><p>Sniffed HTML.</p></body></html>",
        {"text": "Sniffed HTML.", "text_offset": None},
        id="sniff-html",
    ),
    pytest.param(
        "post.data",
        "---\ntitle: Sniffed\n---\nBody.\n",
        {"title": "Sniffed", "text": "Body.\n", "text_offset": 23},
        id="sniff-markdown",
    ),
    pytest.param(
        "plain.data",
        "Just words here.\n",
        {"text": "Just words here.\n", "text_offset": 0},
        id="sniff-text",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), FORMAT_CASES)
def test_read_article_formats(tmp_path: Path, name: str, content: str, expected: dict) -> None:
    path = write(tmp_path, name, content)
    article = read_article(path)
    for field, value in expected.items():
        assert getattr(article, field) == value, field
    assert article.path == str(path)
    if article.text_offset is not None:
        assert content[article.text_offset :] == article.text


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b'{"text": "x"}', Format.JSON),
        (b'  [{"text": "x"}]', Format.JSON),
        (b'{"text": "a"}\n{"text": "b"}\n', Format.JSONL),
        (b"\xef\xbb\xbf<!DOCTYPE html><p>x</p>", Format.HTML),
        (b"\n  <HTML><body>x</body></HTML>", Format.HTML),
        (b"---\ntitle: x\n---\nbody", Format.MARKDOWN),
        (b"---\r\ntitle: x\r\n---\r\nbody", Format.MARKDOWN),
        (b"--- not front matter", Format.TEXT),
        (b"Plain text <html> later", Format.TEXT),
    ],
)
def test_sniff_format(data: bytes, fmt: Format) -> None:
    assert sniff_format(data) is fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-10", date(2020, 6, 10)),
        ("2020-06-10T23:30:00Z", date(2020, 6, 10)),
        ("2020-06-10T23:30:00-07:00", date(2020, 6, 10)),
        ("2020-06-10 garbage after", date(2020, 6, 10)),
        (date(2020, 6, 10), date(2020, 6, 10)),
        ("June 10, 2020", None),
        ("2020-13-45", None),
        ("", None),
        (None, None),
        (20200610, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Title\n\nBody.", "Title"),
        ("\n\n  Title  \n\nBody.", "Title"),
        ("Title?\n\nBody.", None),
        ('He said "no."\n\nBody.', None),
        ("Title\r\n\r\nBody.", "Title"),
        ("Only a line", None),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text) == title


# ------------------------------------------------------------------------------------------------- html


def test_html_drops_furniture_and_keeps_paragraphs(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "page.html", HTML_PAGE))
    for junk in (
        "NAV", "HEADER", "AD", "SCRIPT", "SHARE", "NEWSLETTER", "ASIDE", "RELATED", "COMMENT",
        "NOSCRIPT", "FORM", "SVG", "COOKIE", "FOOTER", "BYLINE",
    ):  # fmt: skip
        assert junk not in article.text, junk
    # "shadow" and "header-image" classes are not furniture: their paragraphs stay
    assert "A 5.6 magnitude quake hit Qeshm on Sunday." in article.text.split("\n\n")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "<div><p>Teaser outside.</p></div><article><p>In article.</p></article>",
            "In article.",
            id="article-preferred",
        ),
        pytest.param(
            "<article><p>Short.</p></article><article><p>The longer article text wins here.</p></article>",
            "The longer article text wins here.",
            id="longest-article",
        ),
        pytest.param(
            "<div><p>Teaser.</p></div><div itemprop='articleBody'><p>Body one.</p><p>Body two.</p></div>",
            "Body one.\n\nBody two.",
            id="itemprop-articleBody",
        ),
        pytest.param(
            "<div><p>Teaser.</p></div><main><h2>Sub</h2><p>Main body.</p></main>",
            "Sub\n\nMain body.",
            id="main",
        ),
        pytest.param(
            "<div><p>Short teaser.</p></div><div><p>Paragraph one of the story.</p>"
            "<p>Paragraph two of the story.</p></div>",
            "Paragraph one of the story.\n\nParagraph two of the story.",
            id="densest-p-parent",
        ),
        pytest.param(
            "<div class='ad'><p>Ad.</p></div><div class='ads-wrapper'><p>Ads.</p></div>"
            "<div class='advertisement'><p>Advert.</p></div><div class='promoBox'><p>Promo.</p></div>"
            "<div class='gradient download'><p>Kept one.</p><p>Kept two.</p></div>",
            "Kept one.\n\nKept two.",
            id="class-words-not-substrings",
        ),
        pytest.param(
            "<article><h3>Ti&shy;tle &amp; more</h3><p>x &lt; y&nbsp;&nbsp;z</p></article>",
            "Ti\u00adtle & more\n\nx < y z",
            id="entities-decoded-whitespace-collapsed",
        ),
    ],
)
def test_html_container_choice(body: str, expected: str) -> None:
    article = parse_html(f"<html><body>{body}</body></html>", path="p.html")
    assert article.text == expected


# ------------------------------------------------------------------------------------------ json / jsonl


def test_json_list_and_jsonl_give_several_articles(tmp_path: Path) -> None:
    c_text = "C.\u2028still C."
    listing = write(
        tmp_path,
        "two.json",
        '[{"source": "AP", "text": "One."}, {"source": "Reuters", "title": "T2", "text": "Two."}]',
    )
    lines = write(
        tmp_path,
        "three.jsonl",
        '{"source": "AP", "text": "A."}\n\n{"text": "B.", "url": "https://b.example"}\n'
        '{"author": "Jane", "text": "C.\\u2028still C."}\n',
    )
    first, second = read_articles(listing)
    assert (first.source, first.text, second.source, second.title) == ("AP", "One.", "Reuters", "T2")
    assert [x.text for x in read_inputs([listing, lines]).articles] == ["One.", "Two.", "A.", "B.", c_text]
    a, b, c = read_articles(lines)
    assert (a.source, b.source, b.url, c.source) == ("AP", "three", "https://b.example", "Jane")
    assert c.text == "C.\u2028still C."
    assert all(x.path == str(lines) for x in (a, b, c))


def test_read_article_refuses_a_file_with_several_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "two.jsonl", '{"text": "A."}\n{"text": "B."}\n')
    with pytest.raises(InputError, match=r"two\.jsonl: holds 2 articles, not one"):
        read_article(path)


# --------------------------------------------------------------------------------------- bad inputs

BAD_INPUTS = [
    pytest.param("empty.txt", b"", "file is empty (give an article with text)", id="empty"),
    pytest.param("blank.txt", b" \n\t\r\n  ", "file is empty (give an article with text)", id="whitespace"),
    pytest.param("blank.md", "\u00a0\u2003\n".encode(), "file is empty", id="unicode-whitespace"),
    pytest.param(
        "image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "looks like a binary file, not an article (give .txt, .md, .html, .json or .jsonl)",
        id="binary",
    ),
    pytest.param(
        "latin.txt",
        "Caf\u00e9 news".encode("latin-1"),
        "is not valid UTF-8 at byte 3 (re-save it as UTF-8 or pass --encoding latin-1)",
        id="invalid-utf8",
    ),
    pytest.param(
        "bom-latin.txt",
        b"\xef\xbb\xbfCaf\xe9",
        "is not valid UTF-8 at byte 6 (",
        id="invalid-utf8-after-bom-counts-file-bytes",
    ),
    pytest.param(
        "bad.md",
        b"---\ntitle: ok\nsource: [unclosed\n---\nBody.\n",
        "front matter is not valid YAML at line",
        id="front-matter-yaml-error",
    ),
    pytest.param(
        "list.md",
        b"---\n- a\n- b\n---\nBody.\n",
        "front matter is a YAML list, not a mapping (write it as key: value lines",
        id="front-matter-not-mapping",
    ),
    pytest.param(
        "open.md",
        b"---\ntitle: x\nBody without closing.\n",
        "front matter opened with --- on line 1 is never closed (add a line with ---",
        id="front-matter-unterminated",
    ),
    pytest.param(
        "only-meta.md",
        b"---\ntitle: x\n---\n\n",
        "has front matter but no article text (add the article after the closing ---)",
        id="front-matter-no-body",
    ),
    pytest.param(
        "broken.json",
        b'{"title": "x",\n "text": "y",,}',
        "is not valid JSON at line 2, column 14: Expecting property name enclosed in double quotes (",
        id="json-syntax",
    ),
    pytest.param(
        "notext.json",
        b'{"title": "x"}',
        'the object has no "text" field (give each article',
        id="json-no-text",
    ),
    pytest.param(
        "emptytext.json", b'{"text": "  "}', 'the object: field "text" is empty (', id="json-empty-text"
    ),
    pytest.param(
        "numtext.json", b'{"text": 5}', 'field "text" is a int, not a string (', id="json-text-not-str"
    ),
    pytest.param(
        "number.json", b"42", "holds a JSON int, not an object or a list of objects (", id="json-scalar"
    ),
    pytest.param("emptylist.json", b"[]", "holds an empty list (", id="json-empty-list"),
    pytest.param(
        "items.json", b'[{"text": "ok"}, "no"]', "item 2 is a JSON str, not an object (", id="json-item"
    ),
    pytest.param(
        "lines.jsonl",
        b'{"text": "ok"}\n{"text": oops}\n',
        "is not valid JSON at line 2, column 10",
        id="jsonl-syntax",
    ),
    pytest.param(
        "lines2.jsonl", b'{"text": "ok"}\n{"title": "t"}\n', 'line 2 has no "text" field', id="jsonl-no-text"
    ),
    pytest.param(
        "nothing.html",
        b"<html><body><nav><p>Menu</p></nav><div>No paragraphs</div></body></html>",
        "has no article text (no paragraphs found in the HTML) (give the article body in <p>",
        id="html-no-paragraphs",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUTS)
def test_bad_input_raises_clear_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(InputError) as info:
        read_article(path)
    text = str(info.value)
    assert text.startswith(f"{path}: "), text
    assert message in text, text
    assert text.endswith(")"), "every message ends with the fix in parentheses"
    assert "\n" not in text


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUTS)
def test_read_inputs_skips_bad_file_and_keeps_good_ones(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    good1 = write(tmp_path, "good1.txt", "First good article.\n")
    bad = write(tmp_path, name, data)
    good2 = write(tmp_path, "good2.txt", "Second good article.\n")
    result = read_inputs([good1, bad, good2])
    assert [a.path for a in result.articles] == [str(good1), str(good2)]
    assert len(result.skipped) == 1
    assert result.skipped[0].path == str(bad)
    assert message in result.skipped[0].reason
    with pytest.raises(InputError, match=message[:20].replace("(", r"\(").replace(".", r"\.")):
        read_inputs([good1, bad, good2], strict=True)


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError) as info:
        read_article(missing)
    assert str(info.value) == f"{missing}: no such file or directory (check the path)"
    result = read_inputs([missing, write(tmp_path, "ok.txt", "Fine.")])
    assert [s.path for s in result.skipped] == [str(missing)]
    assert len(result.articles) == 1


def test_relative_path_stays_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "sub/a.txt", "Text.")
    monkeypatch.chdir(tmp_path)
    assert read_article("sub/a.txt").path == "sub/a.txt"
    assert read_inputs(["sub"]).articles[0].path == "sub/a.txt"


def test_directory_is_not_an_article(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory, not an article file"):
        read_article(tmp_path)


def test_empty_directory(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# About\n\nNot an article.\n")
    write(tmp_path, "notes.csv", "a,b\n")
    with pytest.raises(InputError) as info:
        read_directory(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}: has no articles (put .txt")
    result = read_inputs([tmp_path])
    assert result.articles == [] and result.skipped[0].path == str(tmp_path)
    with pytest.raises(InputError):
        read_inputs([tmp_path], strict=True)


def test_unknown_encoding(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon' \\(pass a Python codec name"):
        read_article(write(tmp_path, "a.txt", "x"), encoding="klingon")


def test_encoding_option_reads_latin1(tmp_path: Path) -> None:
    article = read_article(
        write(tmp_path, "latin.txt", "Caf\u00e9 news".encode("latin-1")), encoding="latin-1"
    )
    assert article.text == "Caf\u00e9 news"


# ----------------------------------------------------------------------------------------------- BOM


def test_utf8_bom_is_removed_and_offsets_count_after_it(tmp_path: Path) -> None:
    txt = read_article(write(tmp_path, "bom.txt", b"\xef\xbb\xbfTitle\n\nBody."))
    assert txt.text == "Title\n\nBody." and txt.title == "Title" and txt.text_offset == 0
    md_source = "---\ntitle: T\n---\nBody \u2014 dash.\n"
    md = read_article(write(tmp_path, "bom.md", b"\xef\xbb\xbf" + md_source.encode()))
    assert md.text == "Body \u2014 dash.\n"
    assert md.text_offset == len("---\ntitle: T\n---\n")
    assert md_source[md.text_offset :] == md.text
    js = read_article(write(tmp_path, "bom.json", b'\xef\xbb\xbf{"text": "x"}'))
    assert js.text == "x"


# --------------------------------------------------------------------------------------------- stdin


def test_stdin_is_read_as_bytes_and_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"\xef\xbb\xbf---\ntitle: Piped\n---\nBody from a pipe.\n"))
    article = read_article("-")
    assert (article.path, article.source, article.title) == ("<stdin>", "stdin", "Piped")
    assert article.text == "Body from a pipe.\n"


def test_stdin_json_with_source_in_read_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b'{"source": "AP", "text": "Piped JSON."}'))
    result = read_inputs(["-"])
    assert [(a.source, a.path, a.text) for a in result.articles] == [("AP", "<stdin>", "Piped JSON.")]


def test_empty_stdin_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b""))
    result = read_inputs(["-"])
    assert result.skipped[0].path == "<stdin>"
    assert result.skipped[0].reason == "<stdin>: file is empty (give an article with text)"


def test_explicit_source_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\nsource: Fortune\n---\nBody.\n")
    assert read_article(path, source="AP").source == "AP"


# ---------------------------------------------------------------------------------------- directories


def test_directory_without_manifest(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Article B.")
    write(tmp_path, "a.md", "---\nsource: Outlet A\n---\nArticle A.")
    write(tmp_path, "c.json", '{"text": "Article C."}')
    write(tmp_path, "README.md", "# This set\n\nDescribes the set.\n")
    write(tmp_path, "readme.txt", "Lower-case readme.")
    write(tmp_path, "LICENSE.txt", "Licence text.")
    write(tmp_path, "CREDITS.md", "Credits.")
    write(tmp_path, "NOTICE", "Notice.")
    write(tmp_path, ".hidden.txt", "Hidden.")
    write(tmp_path, "data.csv", "x,y\n")
    write(tmp_path, "nested/d.txt", "Not read: subdirectories are not entered.")
    result = read_inputs([tmp_path])
    assert [a.text for a in result.articles] == ["Article A.", "Article B.", "Article C."]
    assert [a.source for a in result.articles] == ["Outlet A", "b", "c"]
    assert result.skipped == []


def test_directory_with_manifest(tmp_path: Path) -> None:
    write(tmp_path, "one.txt", "Headline\n\nText of one.")
    write(
        tmp_path, "two.md", "---\nsource: From File\ntitle: File title\ndate: 2001-01-01\n---\nText of two."
    )
    write(tmp_path, "unlisted.txt", "Not in the manifest.")
    write(
        tmp_path,
        "manifest.toml",
        '[[article]]\nfile = "two.md"\nsource = "AP"\npublished = 2020-06-10\n\n'
        '[[article]]\nfile = "one.txt"\ntitle = "Manifest title"\nurl = "https://one.example"\n\n'
        '[[article]]\nfile = "gone.txt"\nsource = "Nobody"\n',
    )
    result = read_inputs([tmp_path])
    two, one = result.articles
    assert (two.source, two.title, two.published) == ("AP", "File title", date(2020, 6, 10))
    assert two.id.startswith("ap-"), "the id is recomputed from the manifest's source"
    assert (one.source, one.title, one.url) == ("one", "Manifest title", "https://one.example")
    assert [s.path for s in result.skipped] == [str(tmp_path / "gone.txt")]
    assert "is listed in" in result.skipped[0].reason and "fix the file name" in result.skipped[0].reason
    with pytest.raises(InputError, match="gone.txt: is listed in"):
        read_inputs([tmp_path], strict=True)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('[[article]]\nfile = "a.txt"\nsource = \n', "manifest.toml: is not valid TOML"),
        ('title = "no articles"\n', "manifest.toml: lists no articles"),
        ('[[article]]\nsource = "AP"\n', '[[article]] number 1 has no file = "..."'),
        ('[[article]]\nfile = "a.txt"\ntitel = "x"\n', "[[article]] number 1 has unknown key 'titel'"),
        ('[[article]]\nfile = "a.txt"\nsource = 3\n', "source must be a string"),
    ],
)
def test_bad_manifest(tmp_path: Path, manifest: str, message: str) -> None:
    write(tmp_path, "a.txt", "Text.")
    write(tmp_path, "manifest.toml", manifest)
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("(", r"\(").replace(".", r"\.")):
        read_directory(tmp_path)
    result = read_inputs([tmp_path, write(tmp_path.parent, "other.txt", "Other.")])
    assert len(result.articles) == 1 and message in result.skipped[0].reason


# ------------------------------------------------------------------------------------ batches and ids


def test_duplicates_are_kept_once(tmp_path: Path) -> None:
    first = write(tmp_path, "a/story.txt", "Same text.")
    again = write(tmp_path, "b/story.txt", "Same text.")
    other = write(tmp_path, "c/story.txt", "Other text.")
    result = read_inputs([first, again, other, first])
    assert [a.path for a in result.articles] == [str(first), str(other)]
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(again), f"duplicate of {first}"),
        (str(first), f"duplicate of {first}"),
    ]


def test_articles_pass_through(tmp_path: Path) -> None:
    given = Article(source="AP", text="Given text.")
    result = read_inputs([given, write(tmp_path, "x.txt", "From a file.")])
    assert result.articles[0] is given
    assert isinstance(result, ReadResult) and len(result.articles) == 2
    assert read_inputs([given, given]).skipped[0].reason == f"duplicate of {given.id}"


def test_ids_are_deterministic(tmp_path: Path) -> None:
    path = write(tmp_path, "fortune.txt", "Amazon pauses police use.\n")
    first, second = read_article(path), read_article(path)
    assert first.id == second.id == f"fortune-{content_hash('Amazon pauses police use.' + chr(10))[:8]}"
    assert read_bytes(b"Amazon pauses police use.\n", path="elsewhere/fortune.txt")[0].id == first.id


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "a.txt", b"\xef\xbb\xbfTitle\r\n\r\nBody.\r\n"),
        write(tmp_path, "b.md", "---\ntitle: T\n---\nBody.\n"),
        write(tmp_path, "c.html", HTML_PAGE),
        write(tmp_path, "d.jsonl", '{"text": "x"}\n'),
        write(tmp_path, "manifest.toml", '[[article]]\nfile = "a.txt"\n[[article]]\nfile = "c.html"\n'),
    ]
    corpus_files = sorted(p for p in SEED.iterdir() if p.is_file())
    before = {p: (sha(p), p.stat().st_mtime_ns) for p in files + corpus_files}
    read_inputs([tmp_path, *files[:4], SEED])
    assert {p: (sha(p), p.stat().st_mtime_ns) for p in files + corpus_files} == before
    article = read_article(files[0])
    assert article.text == "Title\r\n\r\nBody.\r\n", "line endings are kept verbatim"


# --------------------------------------------------------------------------------------------- corpora


def test_seed_corpus_reads_two_articles_with_manifest_metadata() -> None:
    result = read_inputs([SEED])
    assert result.skipped == []
    ap, fortune = result.articles
    assert (ap.source, ap.published, ap.path) == ("AP", date(2020, 6, 10), str(SEED / "ap.txt"))
    assert ap.title == "Amazon bans police use of its face recognition for a year"
    assert (fortune.source, fortune.published) == ("Fortune", date(2020, 6, 10))
    assert fortune.title == "Amazon bans police from using its facial-recognition technology for a year"
    assert ap.text == (SEED / "ap.txt").read_text(encoding="utf-8") and ap.text_offset == 0
    assert ap.id.startswith("ap-") and fortune.id.startswith("fortune-")


def test_seed_files_are_the_raw_scrapes() -> None:
    # byte-for-byte copies of /work/shared/seeds/000_... and 001_...; boilerplate must stay in
    assert sha(SEED / "ap.txt") == "eafec25ccffe611d63471e2582a28dd9167c545f1966dda4b19adfd6801cac6e"
    assert sha(SEED / "fortune.txt") == "3c504b869ff2d1a40b711874af5498b2786afa056d14418e9c3b7d441c20cd03"
    assert (SEED / "ap.txt").read_bytes().endswith(b"George-floyd-deathTechnologyBusiness")
    assert (
        (SEED / "fortune.txt").read_bytes().rstrip().endswith(b"More must-read tech coverage from Fortune:")
    )


@pytest.mark.parametrize("directory", sorted(CORPORA.glob("ecbplus-*")), ids=lambda p: p.name)
def test_ecbplus_sets_read_cleanly(directory: Path) -> None:
    topic = int(directory.name.split("-")[1])
    assert 1 <= topic <= 35, "evaluation topics 36-45 must stay unseen"
    result = read_inputs([directory])
    assert result.skipped == []
    assert 3 <= len(result.articles) <= 10
    assert len({a.id for a in result.articles}) == len(result.articles)
    assert (directory / "README.md").is_file()
    assert "CC BY 3.0" in (directory / "README.md").read_text(encoding="utf-8")


def test_at_least_three_ecbplus_sets() -> None:
    assert len(list(CORPORA.glob("ecbplus-*"))) >= 3
