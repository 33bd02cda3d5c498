"""HTML reporter: self-contained page, exact claim highlights, tables, escaping of hostile input."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.reporters import render as render_any
from checker.reporters.html_report import CSP, agreement_matrix, render, safe_url
from checker.schema import (
    KIND_RANK,
    SEVERITY_RANK,
    ArticleInfo,
    Claim,
    Finding,
    FindingKind,
    ModelInfo,
    Report,
    Severity,
    Summary,
    ToolInfo,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
VOID = {"meta", "input", "br", "img", "hr", "link", "source", "wbr", "area", "base", "col", "embed", "track"}


def load(name: str) -> Report:
    return Report.model_validate_json((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample() -> Report:
    return load("sample")


@pytest.fixture(scope="module")
def hostile() -> Report:
    return load("hostile")


@pytest.fixture(scope="module")
def sample_html(sample: Report) -> str:
    return render(sample)


@pytest.fixture(scope="module")
def hostile_html(hostile: Report) -> str:
    return render(hostile)


class Page(HTMLParser):
    """Collects what the tests need: tags/attributes, claim texts, article texts, script bodies."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.claim_text: dict[str, str] = {}
        self.claim_class: dict[str, str] = {}
        self.article_text: dict[str, str] = {}
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._claims: list[str] = []
        self._article: str | None = None
        self._in_text = 0
        self._script: dict[str, str | None] | None = None
        self._script_body: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script, self._script_body = a, []
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "article":
            self._article = a.get("data-article")
        if "article-text" in (a.get("class") or "").split():
            self._in_text = len(self.stack)
            self.article_text[self._article or ""] = ""
        if a.get("data-claim") is not None:
            cid = a["data-claim"]
            self._claims.append(cid)
            self.claim_text.setdefault(cid, "")
            self.claim_class[cid] = a.get("class") or ""
        else:
            self._claims.append("")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            raise AssertionError(f"unbalanced </{tag}>, open: {self.stack[-5:]}")
        if self._in_text == len(self.stack):
            self._in_text = 0
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_body)))
            self._script = None
        self.stack.pop()
        self._claims.pop()

    def handle_data(self, data):
        if self._script is not None:
            self._script_body.append(data)
        if self._in_text and self._article is not None:
            self.article_text[self._article] += data
        for cid in self._claims:
            if cid:
                self.claim_text[cid] += data


def claim_kind(report: Report) -> dict[str, FindingKind]:
    best: dict[str, Finding] = {}
    for f in report.findings:
        for cid in f.claim_ids:
            key = (SEVERITY_RANK[f.severity], KIND_RANK[f.kind])
            if cid not in best or key < (SEVERITY_RANK[best[cid].severity], KIND_RANK[best[cid].kind]):
                best[cid] = f
    return {cid: f.kind for cid, f in best.items()}


@pytest.mark.parametrize("name", ["sample", "hostile"])
def test_fixture_spans_are_exact(name):
    report = load(name)
    texts = {a.id: a.text for a in report.articles}
    for c in report.claims:
        assert texts[c.article_id][c.start:c.end] == c.text, c.id


def test_registry_dispatches_html(sample, sample_html):
    assert render_any(sample, "html") == sample_html


def test_output_is_deterministic(sample, sample_html):
    assert render(sample) == sample_html


def test_page_is_self_contained(sample_html):
    page = Page(sample_html)
    assert sample_html.startswith("<!DOCTYPE html>")
    metas = [a for t, a in page.tags if t == "meta"]
    assert metas[0] == {"charset": "utf-8"}
    assert metas[1]["http-equiv"] == "Content-Security-Policy"
    assert metas[1]["content"].startswith(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:")
    for tag, attrs in page.tags:
        assert tag not in {"link", "img", "iframe", "object", "embed", "base", "audio", "video"}, tag
        assert "src" not in attrs, (tag, attrs)
        if tag == "a":
            assert attrs["href"].startswith(("https://", "http://", "#")), attrs
    lowered = sample_html.lower()
    for needle in ("@import", "url(", "fetch(", "xmlhttprequest", "websocket", "eventsource", "sendbeacon",
                   "@font-face", "//cdn", "<link"):
        assert needle not in lowered, needle


def test_every_claim_is_highlighted_by_its_most_severe_finding(sample, sample_html):
    page = Page(sample_html)
    kinds = claim_kind(sample)
    for c in sample.claims:
        assert page.claim_text[c.id] == c.text
        expected = kinds.get(c.id)
        assert f"k-{expected.value if expected else 'none'}" in page.claim_class[c.id].split()


def test_article_text_is_rendered_verbatim(sample, sample_html):
    page = Page(sample_html)
    for a in sample.articles:
        # the highlight icons are CSS ::before content, so the DOM text is exactly the article text
        assert page.article_text[a.id] == a.text


def test_findings_are_ordered_by_severity(sample, sample_html):
    order = [a["data-finding"] for t, a in Page(sample_html).tags if t == "li" and "data-finding" in a]
    assert sorted(order) == sorted(f.id for f in sample.findings)
    by_id = {f.id: f for f in sample.findings}
    ranks = [(SEVERITY_RANK[by_id[i].severity], KIND_RANK[by_id[i].kind]) for i in order]
    assert ranks == sorted(ranks)
    assert by_id[order[0]].severity == Severity.ERROR


def test_kinds_have_icon_and_text_label(sample_html):
    for kind in FindingKind:
        badge = re.search(rf'<span class="badge k-{kind.value}"[^>]*><span class="ico" aria-hidden="true">'
                          rf'(.)</span> ([A-Z][a-z]+)', sample_html)
        assert badge, kind
        assert badge.group(2).lower() == kind.value


def test_summary_numbers(sample, sample_html):
    assert '<span class="num">20%</span>' in sample_html
    assert '<span class="num">3</span> articles' in sample_html
    assert "skipped input" in sample_html and "articles/paywalled.html" in sample_html
    for kind, n in sample.summary.counts.items():
        assert re.search(rf'class="badge k-{kind}"[^>]*>.*?<span class="n">{n}</span>', sample_html), kind


def test_filters_for_every_kind_and_severity(sample_html):
    boxes = [(a["name"], a["value"]) for t, a in Page(sample_html).tags if t == "input"]
    assert {v for n, v in boxes if n == "kind"} == {k.value for k in FindingKind}
    assert {v for n, v in boxes if n == "severity"} == {s.value for s in Severity}


def test_terms_table_from_framing_evidence(sample_html):
    table = sample_html[sample_html.index('<table class="terms">'):]
    table = table[:table.index("</table>")]
    assert "fact-01" in table
    for term in ("banned", "paused", "suspend"):
        assert f'<span class="term">{term}</span>' in table
    assert [h for h in re.findall(r'<th scope="col">([^<]*)</th>', table)] == [
        "Fact", "Daily Ledger", "Tech Wire", "Metro Post"]


def test_agreement_matrix_counts_pairwise_compatible_facts(sample):
    ids = [a.id for a in sample.articles]
    ledger, wire, metro = ids
    m = agreement_matrix(sample)
    # fact-02 only agrees; fact-03's attribution finding involves Ledger and Tech Wire only, so
    # Metro Post tells fact-03 compatibly with both; fact-05's contradiction is Ledger vs Metro.
    assert m[(ledger, wire)] == (1, 4)
    assert m[(ledger, metro)] == (2, 4)
    assert m[(wire, metro)] == (2, 3)
    assert m[(metro, wire)] == m[(wire, metro)]


def test_agreement_matrix_is_drawn_with_numbers(sample_html):
    matrix = sample_html[sample_html.index('<table class="matrix">'):]
    matrix = matrix[:matrix.index("</table>")]
    assert matrix.count('class="heat"') == 6
    assert '<span class="pct">25%</span><span class="frac">1 of 4 facts</span>' in matrix
    assert '<span class="pct">67%</span><span class="frac">2 of 3 facts</span>' in matrix
    assert matrix.count('class="diag"') == 3


def test_print_stylesheet(sample_html):
    css = sample_html[sample_html.index("@media print"):]
    for rule in (".filters", ".finding-body{display:block!important}", ".article-text{max-height:none",
                 ".findings-panel{position:static;max-height:none"):
        assert rule in css, rule


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/a?b=1", "https://example.com/a?b=1"),
    ("  http://example.com/ ", "http://example.com/"),
    ("javascript:window.__pwned=1", None),
    (" JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("//example.com/x", None),
    ("/relative/path", None),
    ("https://exa mple.com", None),
    ("https:///nohost", None),
    ("", None),
    (None, None),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_hostile_report_renders_as_inert_text(hostile, hostile_html):
    page = Page(hostile_html)
    scripts = [a for t, a in page.tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "cc-data"}, {}]
    assert not [t for t, _ in page.tags if t in {"img", "iframe", "object", "embed", "svg", "math"}]
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or "").lower() or tag != "a", (tag, attrs)
        if tag == "a":
            assert attrs["href"].startswith(("http://", "https://", "#")), attrs
    # the injected markup is shown as text, verbatim
    for a in hostile.articles:
        assert page.article_text[a.id] == a.text
    for c in hostile.claims:
        assert page.claim_text[c.id] == c.text
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;Evil Times" in hostile_html
    assert "javascript:window.__pwned=1</code>" in hostile_html  # URL shown as text, not linked


def test_script_json_cannot_break_out(hostile, hostile_html):
    page = Page(hostile_html)
    (attrs, body), (_, code) = page.scripts
    assert attrs["type"] == "application/json"
    assert "<" not in body and ">" not in body and "&" not in body
    data = json.loads(body)
    assert {f["id"] for f in data["findings"]} == {f.id for f in hostile.findings}
    assert any("</script>" in f["summary"] for f in data["findings"])
    # the page's own script is the one we wrote: report data never reaches it
    assert "pwned" not in code


def test_hostile_ids_are_escaped_in_attributes(hostile, hostile_html):
    page = Page(hostile_html)
    claim_attrs = {a["data-claim"] for t, a in page.tags if a.get("data-claim")}
    assert claim_attrs == {c.id for c in hostile.claims}
    finding_attrs = {a["data-finding"] for t, a in page.tags if a.get("data-finding")}
    assert finding_attrs == {f.id for f in hostile.findings}


def test_csp_constant_allows_nothing_external():
    assert "default-src 'none'" in CSP and "http" not in CSP


def _mini_report(text: str, spans: list[tuple[int, int]], store_text: bool = True,
                 bad_offsets: bool = False) -> Report:
    art = ArticleInfo(id="a", source="Src", n_claims=len(spans), text=text if store_text else None)
    other = ArticleInfo(id="b", source="Other", n_claims=0, text="Nothing here.")
    claims = []
    for i, (s, e) in enumerate(spans):
        start, end = (s + 1, e + 1) if bad_offsets else (s, e)
        claims.append(Claim(id=f"a-c{i}", article_id="a", text=text[s:e], start=start, end=end))
    findings = [Finding(id=f"F{i}", kind=FindingKind.FRAMING, severity=Severity.WARNING,
                        rule="framing.lexical", claim_ids=[c.id], summary="s") for i, c in enumerate(claims)]
    return Report(tool=ToolInfo(version="0"), models=ModelInfo(embedder="e"), articles=[art, other],
                  claims=claims, facts=[], findings=findings, summary=Summary(consistency=1.0, counts={}))


def test_nested_and_crossing_claims_produce_well_formed_html():
    text = "Alpha beta gamma. Delta epsilon zeta."
    report = _mini_report(text, [(0, 17), (6, 10), (11, 25), (18, 37)])
    page = Page(render(report))  # raises on unbalanced tags
    assert page.article_text["a"] == text
    assert page.claim_text["a-c0"] == "Alpha beta gamma."
    assert page.claim_text["a-c1"] == "beta"
    # a span crossing the end of an earlier one is clipped to start where that one ends
    assert page.claim_text["a-c2"] == " Delta e"
    assert page.claim_text["a-c3"] == "psilon zeta."


def test_claims_with_stale_offsets_are_found_by_text():
    text = "One claim here. Another claim there."
    report = _mini_report(text, [(0, 15), (16, 36)], bad_offsets=True)
    page = Page(render(report))
    assert page.claim_text["a-c0"] == "One claim here."
    assert page.claim_text["a-c1"] == "Another claim there."


def test_article_text_from_option_or_claims_only():
    text = "One claim here. Another claim there."
    report = _mini_report(text, [(0, 15), (16, 36)], store_text=False)
    with_texts = Page(render(report, texts={"a": text}))
    assert with_texts.article_text["a"] == text
    html = render(report)
    assert "does not carry this article" in html
    assert Page(html).claim_text["a-c1"] == "Another claim there."


def test_unknown_evidence_keys_render_as_key_value_list(sample_html):
    assert "<dt>lexicon</dt><dd>restriction</dd>" in sample_html
    assert "<dt>Terms</dt>" in sample_html
    # claim ids in evidence name the claim's source
    assert re.search(r"<dt>premise</dt><dd>Daily Ledger <code>daily-ledger-[0-9a-f]{8}-c05</code></dd>",
                     sample_html)
