"""Stage 8 reporter: Report -> one self-contained HTML page that an editor can read and explore.

Input: a ``Report`` (with article texts, or ``texts=`` given). Output: a single HTML document with
inline CSS and JS and no network requests at all (no CDN, fonts, images or fetch; a
Content-Security-Policy meta tag forbids them as defence in depth). The page shows:

* the headline numbers (consistency, findings per kind, articles, claims, facts, skipped inputs);
* the articles side by side, each claim span highlighted by the kind of its most severe finding;
* the findings, most severe first, with kind/severity filters; selecting one (click or Enter)
  highlights its claims in every article and scrolls them into view;
* a "terms each source uses" table per fact, from framing findings' ``evidence["terms"]``;
* an agreement matrix: for each pair of sources, the share of facts covered by both that are told
  compatibly, drawn as a heatmap with the number in each cell.

Security: every string that comes from the report (article text, titles, sources, URLs, claims,
summaries, evidence, ids) is escaped with ``html.escape(quote=True)``; URLs become links only for
``http``/``https``; the JSON handed to the script escapes ``<``, ``>`` and ``&`` so no data can close
the ``<script>`` element. Kinds are shown with a colour, an icon and a text label, never colour alone.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from checker.schema import (
    KIND_RANK,
    SEVERITY_OF,
    SEVERITY_RANK,
    ArticleInfo,
    Claim,
    Finding,
    FindingKind,
    Report,
    Severity,
)

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

# kind -> (icon, label, one-line meaning). Icons are plain Unicode so no font or image is needed.
KIND_META: dict[FindingKind, tuple[str, str, str]] = {
    FindingKind.CONTRADICTION: ("\u2260", "Contradiction", "sources state incompatible facts"),
    FindingKind.QUANTITY: ("#", "Quantity", "numbers, dates or durations differ"),
    FindingKind.ATTRIBUTION: ("\u275d", "Attribution", "who said or pushed for it differs"),
    FindingKind.FRAMING: ("\u25d0", "Framing", "same fact, differently loaded words"),
    FindingKind.UNIQUE: ("\u25c6", "Unique", "only one source reports it"),
    FindingKind.AGREEMENT: ("\u2713", "Agreement", "sources tell it compatibly"),
}
SEVERITY_META: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("\u2716", "Error"),
    Severity.WARNING: ("\u25b2", "Warning"),
    Severity.INFO: ("\u2139", "Info"),
}
_EVIDENCE_LABELS = {
    "terms": "Terms",
    "agents": "Agents",
    "shared": "Shared by all",
    "differing": "Differing",
    "values": "Values",
}
_SAFE_SCHEMES = {"http", "https"}


def _e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _script_json(data: Any) -> str:
    """Serialise ``data`` for a ``<script type="application/json">`` block that nothing can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is a plain ``http``/``https`` URL that is safe to link, else ``None``.

    Args:
        url: a URL from an article.

    Returns:
        The URL stripped of surrounding whitespace, or ``None`` for anything else (``javascript:``,
        ``data:``, relative or malformed URLs, or ones with control characters or inner whitespace).
    """
    if not url:
        return None
    url = url.strip()
    if not url or re.search(r"[\x00-\x20\x7f]", url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def _finding_key(f: Finding) -> tuple[int, int]:
    return SEVERITY_RANK[f.severity], KIND_RANK[f.kind]


def _ordered_findings(report: Report) -> list[Finding]:
    """Findings most severe first; ties keep the report's order (sorted() is stable)."""
    return sorted(report.findings, key=_finding_key)


def _claim_kinds(findings: Iterable[Finding]) -> dict[str, FindingKind]:
    """Map claim id -> kind of the most severe finding that rests on it."""
    best: dict[str, Finding] = {}
    for f in findings:
        for cid in f.claim_ids:
            if cid not in best or _finding_key(f) < _finding_key(best[cid]):
                best[cid] = f
    return {cid: f.kind for cid, f in best.items()}


def _source_labels(articles: list[ArticleInfo]) -> dict[str, str]:
    """Article id -> display label: the source, disambiguated when two articles share one."""
    counts: dict[str, int] = {}
    for a in articles:
        counts[a.source] = counts.get(a.source, 0) + 1
    seen: dict[str, int] = {}
    labels = {}
    for a in articles:
        if counts[a.source] > 1:
            seen[a.source] = seen.get(a.source, 0) + 1
            labels[a.id] = f"{a.source} ({seen[a.source]})"
        else:
            labels[a.id] = a.source
    return labels


def _kind_badge(kind: FindingKind, count: int | None = None) -> str:
    icon, label, meaning = KIND_META[kind]
    n = f' <span class="n">{count}</span>' if count is not None else ""
    return (f'<span class="badge k-{kind.value}" title="{_e(meaning)}"><span class="ico" aria-hidden="true">'
            f"{icon}</span> {label}{n}</span>")


def _severity_badge(sev: Severity) -> str:
    icon, label = SEVERITY_META[sev]
    return (f'<span class="sev s-{sev.value}"><span class="ico" aria-hidden="true">{icon}</span> '
            f"{label}</span>")


# ---------------------------------------------------------------- article texts with claim highlights


def _valid_spans(text: str, claims: list[Claim]) -> list[tuple[int, int, Claim]]:
    """Claim spans usable in ``text``: exact offsets, else the first occurrence of the claim text.

    Spans are returned sorted; a span that crosses (not nests in) an earlier one is clipped to start
    where the earlier one ends, so the marks always nest properly.
    """
    spans = []
    for c in claims:
        start, end = c.start, c.end
        if not (0 <= start < end <= len(text)) or text[start:end] != c.text:
            found = text.find(c.text) if c.text else -1
            if found < 0:
                continue
            start, end = found, found + len(c.text)
        spans.append((start, end, c))
    spans.sort(key=lambda s: (s[0], -s[1]))
    result: list[tuple[int, int, Claim]] = []
    stack: list[tuple[int, int]] = []
    for start, end, c in spans:
        while stack and stack[-1][1] <= start:
            stack.pop()
        if stack and end > stack[-1][1]:  # crosses the enclosing span: clip it
            start = stack[-1][1]
            while stack and stack[-1][1] <= start:
                stack.pop()
            if start >= end:
                continue
        result.append((start, end, c))
        stack.append((start, end))
    return result


def _claim_open(c: Claim, kind: FindingKind | None, finding_ids: list[str]) -> str:
    if kind is None:
        return f'<span class="claim k-none" data-claim="{_e(c.id)}">'
    label = KIND_META[kind][1]
    more = f" and {len(finding_ids) - 1} more" if len(finding_ids) > 1 else ""
    title = f"{label}{more}: click to show the finding"
    return (f'<mark class="claim k-{kind.value}" data-claim="{_e(c.id)}" tabindex="0" role="button" '
            f'title="{_e(title)}">')


def _highlighted_text(text: str, claims: list[Claim], kinds: Mapping[str, FindingKind],
                      findings_of: Mapping[str, list[str]]) -> str:
    """HTML of ``text`` with each claim span wrapped in a mark; text outside claims is plain."""
    out: list[str] = []
    events: list[tuple[int, int, str]] = []  # (offset, order, html): closes before opens at one offset
    for start, end, c in _valid_spans(text, claims):
        kind = kinds.get(c.id)
        events.append((start, 1, _claim_open(c, kind, findings_of.get(c.id, []))))
        events.append((end, 0, "</span>" if kind is None else "</mark>"))
    # Closing tags at the same offset must come innermost-first: marks are pushed on a stack.
    events.sort(key=lambda ev: (ev[0], ev[1]))
    pos = 0
    stack: list[str] = []
    for offset, order, tag in events:
        if offset > pos:
            out.append(_e(text[pos:offset]))
            pos = offset
        if order == 1:
            stack.append("</span>" if tag.startswith("<span") else "</mark>")
            out.append(tag)
        else:
            out.append(stack.pop())
    out.append(_e(text[pos:]))
    return "".join(out)


def _whole(c: Claim) -> Claim:
    """The claim with its span moved onto its own text (for articles whose text is not in the report)."""
    return c.model_copy(update={"start": 0, "end": len(c.text)})


def _article_html(index: int, a: ArticleInfo, text: str | None, claims: list[Claim],
                  kinds: Mapping[str, FindingKind], findings_of: Mapping[str, list[str]],
                  label: str) -> str:
    url = safe_url(a.url)
    title = _e(a.title or a.source)
    if url:
        title = f'<a href="{_e(url)}" rel="noopener noreferrer" target="_blank">{title}</a>'
    meta = []
    if a.published:
        meta.append(f'<time datetime="{a.published.isoformat()}">{a.published.isoformat()}</time>')
    meta.append(f"{a.n_claims} claim{'s' if a.n_claims != 1 else ''}")
    to_check = sum(1 for c in claims if c.id in kinds and SEVERITY_OF[kinds[c.id]] != Severity.INFO)
    if to_check:
        meta.append(f"{to_check} to check")
    lines = [f'<article class="article" data-article="{_e(a.id)}" aria-labelledby="art-{index}-title">',
             '<header class="article-head">',
             f'<p class="source">{_e(label)}</p>',
             f'<h3 id="art-{index}-title">{title}</h3>',
             f'<p class="meta">{" · ".join(meta)}</p>']
    if a.url and not url:
        lines.append(f'<p class="meta url-text">URL (not linked): <code>{_e(a.url)}</code></p>')
    if a.path:
        lines.append(f'<p class="meta path"><code>{_e(a.path)}</code></p>')
    lines.append("</header>")
    if text is not None:
        body = _highlighted_text(text, claims, kinds, findings_of)
        lines.append(f'<div class="article-text" tabindex="0" aria-label="Text of {_e(label)}">{body}</div>')
    else:
        items = "".join(f"<p>{_highlighted_text(c.text, [_whole(c)], kinds, findings_of)}</p>"
                        for c in claims)
        lines.append(f'<div class="article-text no-text" tabindex="0" aria-label="Claims of {_e(label)}">'
                     '<p class="note">The report does not carry this article\'s text; its claims:</p>'
                     f"{items}</div>")
    lines.append("</article>")
    return "\n".join(lines)


# ---------------------------------------------------------------- evidence, generically


def _scalar(value: Any, refs: Mapping[str, str] | None = None) -> str:
    if isinstance(value, str):
        if refs and value in refs:  # a claim id: say whose claim it is
            return f'{_e(refs[value])} <code>{_e(value)}</code>'
        return _e(value)
    if isinstance(value, float):
        return _e(f"{value:.3g}")
    return _e(json.dumps(value, ensure_ascii=False))


def _value_html(value: Any, labels: Mapping[str, str], refs: Mapping[str, str], depth: int = 0) -> str:
    """Render an evidence value: article-keyed dicts as per-source lists, anything else as key/value.

    Dict keys that are article ids show the article's source; string values that are claim ids show
    the claim's source next to the id (``refs``).
    """
    if isinstance(value, Mapping):
        if not value:
            return '<span class="none">none</span>'
        if depth > 4:
            return f"<code>{_e(json.dumps(value, ensure_ascii=False, sort_keys=True))}</code>"
        rows = []
        for key, item in value.items():
            shown = labels.get(str(key), str(key))
            rows.append(f"<dt>{_e(shown)}</dt><dd>{_value_html(item, labels, refs, depth + 1)}</dd>")
        return f'<dl class="kv">{"".join(rows)}</dl>'
    if isinstance(value, list | tuple):
        if not value:
            return '<span class="none">none</span>'
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            return " ".join(f'<span class="term">{_scalar(v, refs)}</span>' for v in value)
        return '<ol class="ev-list">' + "".join(
            f"<li>{_value_html(v, labels, refs, depth + 1)}</li>" for v in value) + "</ol>"
    return _scalar(value, refs)


def _evidence_html(evidence: Mapping[str, Any], labels: Mapping[str, str], refs: Mapping[str, str]) -> str:
    if not evidence:
        return ""
    rows = []
    for key, value in evidence.items():
        name = _EVIDENCE_LABELS.get(key, key.replace("_", " "))
        rows.append(f"<dt>{_e(name)}</dt><dd>{_value_html(value, labels, refs)}</dd>")
    return f'<div class="evidence"><h4>Evidence</h4><dl class="kv">{"".join(rows)}</dl></div>'


def _scores_html(scores: Mapping[str, float]) -> str:
    if not scores:
        return ""
    items = "".join(f'<li><span class="score-name">{_e(k.replace("_", " "))}</span> '
                    f'<span class="score-val">{_scalar(v)}</span></li>' for k, v in scores.items())
    return f'<div class="scores"><h4>Scores</h4><ul class="score-list">{items}</ul></div>'


def _finding_html(index: int, f: Finding, claims: Mapping[str, Claim], labels: Mapping[str, str],
                  refs: Mapping[str, str]) -> str:
    quotes = []
    sources = []
    for cid in f.claim_ids:
        c = claims.get(cid)
        if c is None:
            quotes.append(f'<li><span class="src">unknown claim</span> <code>{_e(cid)}</code></li>')
            continue
        src = labels.get(c.article_id, c.article_id)
        if src not in sources:
            sources.append(src)
        quotes.append(f'<li><span class="src">{_e(src)}</span><q>{_e(c.text)}</q></li>')
    meta = [f"<code>{_e(f.rule)}</code>"]
    if f.fact_id:
        meta.append(f"fact <code>{_e(f.fact_id)}</code>")
    if sources:
        meta.append(_e(", ".join(sources)))
    return "\n".join([
        f'<li class="finding k-{f.kind.value} s-{f.severity.value}" id="finding-{index}" '
        f'data-finding="{_e(f.id)}" data-kind="{f.kind.value}" data-severity="{f.severity.value}">',
        f'<button type="button" class="finding-head" aria-expanded="false" '
        f'aria-controls="finding-{index}-body">',
        f'<span class="badges">{_kind_badge(f.kind)} {_severity_badge(f.severity)}</span>',
        f'<span class="finding-summary">{_e(f.summary)}</span>',
        f'<span class="finding-meta">{" · ".join(meta)}</span>',
        "</button>",
        f'<div class="finding-body" id="finding-{index}-body">',
        f'<ul class="quotes">{"".join(quotes)}</ul>',
        _evidence_html(f.evidence, labels, refs),
        _scores_html(f.scores),
        "</div>",
        "</li>",
    ])


# ---------------------------------------------------------------- terms table and agreement matrix


def _terms_table(report: Report, labels: Mapping[str, str], claims: Mapping[str, Claim]) -> str:
    """Per fact, the words each source uses, from framing findings' ``evidence["terms"]``."""
    rows: dict[str, dict[str, list[str]]] = {}
    row_claims: dict[str, list[str]] = {}
    row_articles: dict[str, set[str]] = {}
    facts = {fact.id: fact for fact in report.facts}
    for f in report.findings:
        terms = f.evidence.get("terms")
        if f.kind != FindingKind.FRAMING or not isinstance(terms, Mapping):
            continue
        key = f.fact_id or f.id
        row = rows.setdefault(key, {})
        for aid, words in terms.items():
            words = words if isinstance(words, list) else [words]
            bucket = row.setdefault(str(aid), [])
            bucket.extend(str(w) for w in words if str(w) not in bucket)
        row_claims.setdefault(key, list(f.claim_ids))
        fact = facts.get(f.fact_id or "")
        arts = set(fact.article_ids) if fact else {claims[c].article_id for c in f.claim_ids if c in claims}
        row_articles.setdefault(key, set()).update(arts)
    if not rows:
        return ('<p class="empty-note">No framing differences were found, so there are no terms to '
                "compare.</p>")
    order = [a.id for a in report.articles]
    used = {aid for row in rows.values() for aid in row} | {a for s in row_articles.values() for a in s}
    columns = [aid for aid in order if aid in used] + sorted(used - set(order))
    head = "".join(f'<th scope="col">{_e(labels.get(aid, aid))}</th>' for aid in columns)
    body = []
    for key, row in rows.items():
        first = next((claims[c] for c in row_claims[key] if c in claims), None)
        excerpt = first.text if first else ""
        if len(excerpt) > 110:
            excerpt = excerpt[:107].rstrip() + "\u2026"
        cells = []
        for aid in columns:
            if row.get(aid):
                chips = " ".join(f'<span class="term">{_e(t)}</span>' for t in row[aid])
                cells.append(f"<td>{chips}</td>")
            elif aid in row_articles[key]:
                cells.append('<td class="muted">\u2014</td>')
            else:
                cells.append('<td class="muted absent">not covered</td>')
        body.append(f'<tr><th scope="row"><span class="fact-excerpt">{_e(excerpt)}</span> '
                    f'<code class="fact-id">{_e(key)}</code></th>{"".join(cells)}</tr>')
    return (f'<div class="table-wrap"><table class="terms"><thead><tr><th scope="col">Fact</th>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>')


def agreement_matrix(report: Report) -> dict[tuple[str, str], tuple[int, int]]:
    """For each ordered pair of distinct articles, (compatible facts, facts covering both).

    A fact covering both articles is compatible for the pair unless a non-agreement finding of that
    fact involves both of them (its claims lie in both articles). A finding whose claims lie in fewer
    than two articles cannot be placed on one pair, so it counts against every pair of the fact that
    includes its article. Facts without findings count as compatible: nothing was flagged.

    Args:
        report: the report.

    Returns:
        ``{(a, b): (compatible, shared)}`` for every pair of article ids ``a != b``.
    """
    article_of = {c.id: c.article_id for c in report.claims}
    by_fact: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.fact_id:
            by_fact.setdefault(f.fact_id, []).append(f)
    ids = [a.id for a in report.articles]
    result: dict[tuple[str, str], tuple[int, int]] = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            ok = shared = 0
            for fact in report.facts:
                arts = set(fact.article_ids) | {article_of[c] for c in fact.claim_ids if c in article_of}
                if a not in arts or b not in arts:
                    continue
                shared += 1
                clash = False
                for f in by_fact.get(fact.id, []):
                    if f.kind == FindingKind.AGREEMENT:
                        continue
                    involved = {article_of[c] for c in f.claim_ids if c in article_of}
                    if len(involved) >= 2:
                        clash = clash or (a in involved and b in involved)
                    else:
                        clash = clash or not involved or bool(involved & {a, b})
                ok += not clash
            result[(a, b)] = result[(b, a)] = (ok, shared)
    return result


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _heat(share: float) -> tuple[str, str]:
    """Background and text colour for an agreement share: one hue, darker = more agreement.

    A single-hue lightness ramp reads the same for colour-blind readers and in grey print; the text
    colour is whichever of near-black/white has the higher WCAG contrast on that background.
    """
    lo, hi = (241, 245, 251), (22, 78, 140)
    rgb = tuple(round(lo[i] + (hi[i] - lo[i]) * share) for i in range(3))
    bg = "#{:02x}{:02x}{:02x}".format(*rgb)
    lum = _luminance(rgb)  # type: ignore[arg-type]
    dark, light = (lum + 0.05) / (_luminance((17, 17, 17)) + 0.05), 1.05 / (lum + 0.05)
    return bg, ("#111111" if dark >= light else "#ffffff")


def _matrix_table(report: Report, labels: Mapping[str, str]) -> str:
    if len(report.articles) < 2:
        return '<p class="empty-note">One article only: there is nothing to compare it with.</p>'
    matrix = agreement_matrix(report)
    ids = [a.id for a in report.articles]
    head = "".join(f'<th scope="col">{_e(labels[a])}</th>' for a in ids)
    rows = []
    for a in ids:
        cells = []
        for b in ids:
            if a == b:
                cells.append('<td class="diag" aria-label="same source">\u2014</td>')
                continue
            ok, shared = matrix[(a, b)]
            if not shared:
                cells.append('<td class="na"><span class="pct">n/a</span><span class="frac">no shared facts'
                             '</span></td>')
                continue
            share = ok / shared
            bg, fg = _heat(share)
            cells.append(f'<td class="heat" style="background:{bg};color:{fg}" data-share="{share:.3f}">'
                         f'<span class="pct">{round(share * 100)}%</span>'
                         f'<span class="frac">{ok} of {shared} fact{"s" if shared != 1 else ""}</span></td>')
        rows.append(f'<tr><th scope="row">{_e(labels[a])}</th>{"".join(cells)}</tr>')
    scale = "".join(f'<span style="background:{_heat(s / 4)[0]};color:{_heat(s / 4)[1]}">{s * 25}%</span>'
                    for s in range(5))
    return (f'<div class="table-wrap"><table class="matrix"><thead><tr><td></td>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            f'<p class="scale" aria-hidden="true">{scale}</p>')


# ---------------------------------------------------------------- page


def _summary_html(report: Report) -> str:
    pct = round(report.summary.consistency * 100)
    counts = dict(report.summary.counts)
    chips = []
    for kind in sorted(FindingKind, key=lambda k: KIND_RANK[k]):
        n = counts.pop(kind.value, sum(1 for f in report.findings if f.kind == kind))
        chips.append(f'<li class="{"zero" if not n else ""}">{_kind_badge(kind, n)}'
                     f'<span class="meaning">{_e(KIND_META[kind][2])}</span></li>')
    extra = "".join(f'<li class="stat"><span class="num">{_e(v)}</span> {_e(str(k).replace("_", " "))}</li>'
                    for k, v in sorted(counts.items()))
    n_skipped = len(report.skipped)
    skipped = f'<li class="stat"><span class="num">{n_skipped}</span> skipped inputs</li>'
    if report.skipped:
        items = "".join(f"<li><code>{_e(s.path)}</code>: {_e(s.reason)}</li>" for s in report.skipped)
        skipped = (f'<li class="stat"><details class="skipped"><summary><span class="num">{n_skipped}</span> '
                   f'skipped input{"s" if n_skipped != 1 else ""}</summary><ul>{items}</ul></details></li>')
    return f"""<section class="summary" aria-label="Summary">
<div class="card consistency">
<p class="big"><span class="num">{pct}%</span></p>
<p class="caption">of the findings across sources are agreements (the rest are discrepancies)</p>
<div class="meter" role="img" aria-label="{pct}% consistent"><span style="width:{pct}%"></span></div>
</div>
<div class="card kinds">
<h2>Findings by kind</h2>
<ul class="kind-list">{"".join(chips)}</ul>
</div>
<div class="card stats">
<h2>Coverage</h2>
<ul class="stat-list">
<li class="stat"><span class="num">{len(report.articles)}</span> articles</li>
<li class="stat"><span class="num">{len(report.claims)}</span> claims</li>
<li class="stat"><span class="num">{len(report.facts)}</span> facts across sources</li>
{skipped}{extra}
</ul>
</div>
</section>"""


def _filters_html(report: Report) -> str:
    present_kinds = {f.kind for f in report.findings}
    present_sevs = {f.severity for f in report.findings}
    kinds = "".join(
        f'<label><input type="checkbox" name="kind" value="{k.value}" checked'
        f'{"" if k in present_kinds else " disabled"}> {_kind_badge(k)}</label>'
        for k in sorted(FindingKind, key=lambda k: KIND_RANK[k]))
    sevs = "".join(
        f'<label><input type="checkbox" name="severity" value="{s.value}" checked'
        f'{"" if s in present_sevs else " disabled"}> {_severity_badge(s)}</label>'
        for s in sorted(Severity, key=lambda s: SEVERITY_RANK[s]))
    return f"""<form class="filters" aria-label="Filter findings">
<fieldset><legend>Kind</legend>{kinds}</fieldset>
<fieldset><legend>Severity</legend>{sevs}</fieldset>
</form>"""


def render(report: Report, *, title: str | None = None, texts: Mapping[str, str] | None = None,
           **_options: Any) -> str:
    """Render ``report`` as one self-contained HTML page.

    Args:
        report: the report to render.
        title: page title; defaults to "Claim consistency: <sources>".
        texts: article id -> text, for reports saved without article texts.
        **_options: options meant for other formats; ignored.

    Returns:
        The HTML document (UTF-8 text, no external resources).
    """
    texts = dict(texts or {})
    labels = _source_labels(report.articles)
    claims = {c.id: c for c in report.claims}
    ordered = _ordered_findings(report)
    kinds = _claim_kinds(ordered)
    findings_of: dict[str, list[str]] = {}
    for f in ordered:
        for cid in f.claim_ids:
            findings_of.setdefault(cid, []).append(f.id)
    by_article: dict[str, list[Claim]] = {}
    for c in report.claims:
        by_article.setdefault(c.article_id, []).append(c)
    page_title = title or ("Claim consistency: " + ", ".join(labels[a.id] for a in report.articles)
                           if report.articles else "Claim consistency report")

    articles = "\n".join(
        _article_html(i, a, a.text if a.text is not None else texts.get(a.id), by_article.get(a.id, []),
                      kinds, findings_of, labels[a.id])
        for i, a in enumerate(report.articles, 1))
    refs = {c.id: labels.get(c.article_id, c.article_id) for c in report.claims}
    finding_items = "\n".join(_finding_html(i, f, claims, labels, refs) for i, f in enumerate(ordered, 1))
    legend = "".join(f"<li>{_kind_badge(k)}</li>" for k in sorted(FindingKind, key=lambda k: KIND_RANK[k]))
    data = {
        "findings": [{"id": f.id, "dom": f"finding-{i}", "kind": f.kind.value, "severity": f.severity.value,
                      "claims": f.claim_ids, "summary": f.summary} for i, f in enumerate(ordered, 1)],
        "kindLabels": {k.value: KIND_META[k][1] for k in FindingKind},
        "kindRank": {k.value: KIND_RANK[k] for k in FindingKind},
        "severityRank": {s.value: SEVERITY_RANK[s] for s in Severity},
    }
    models = _e(report.models.embedder) + (f" + NLI {_e(report.models.nli)}" if report.models.nli else "")
    n_cols = max(1, len(report.articles))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{_e(report.tool.name)} {_e(report.tool.version)}">
<title>{_e(page_title)}</title>
<style>{_CSS}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
<header class="page-head">
<p class="eyebrow">claimcheck report</p>
<h1>{_e(page_title)}</h1>
</header>
<main>
{_summary_html(report)}
<div class="workspace">
<aside class="panel findings-panel" aria-labelledby="findings-title">
<div class="panel-head">
<h2 id="findings-title">Findings <span class="count" id="finding-count">{len(ordered)}</span></h2>
<p class="hint">Select a finding to highlight its claims in every article.</p>
{_filters_html(report)}
</div>
<ol class="findings" id="findings">
{finding_items}
</ol>
<p class="empty-note" id="no-findings"{" hidden" if ordered else ""}>No findings match.</p>
</aside>
<section class="articles" aria-label="Articles side by side">
<ul class="legend" aria-label="Highlight legend">{legend}
<li><span class="claim k-none">dotted underline</span>: claim without findings</li></ul>
<div class="article-grid" style="--cols:{n_cols}">
{articles}
</div>
</section>
</div>
<div class="tables">
<section class="panel" aria-labelledby="terms-title">
<h2 id="terms-title">Terms each source uses</h2>
<p class="hint">For facts told with differently loaded words (framing findings).</p>
{_terms_table(report, labels, claims)}
</section>
<section class="panel" aria-labelledby="matrix-title">
<h2 id="matrix-title">Agreement between sources</h2>
<p class="hint">Share of the facts covered by both sources that they tell compatibly (only agreement
findings). Darker means more agreement.</p>
{_matrix_table(report, labels)}
</section>
</div>
</main>
<footer class="page-foot">
<p>Generated by {_e(report.tool.name)} {_e(report.tool.version)} · models: {models} ·
report schema {_e(report.schema_version)}</p>
</footer>
<div class="sr-only" aria-live="polite" id="announce"></div>
<script type="application/json" id="cc-data">{_script_json(data)}</script>
<script>{_JS}</script>
</body>
</html>
"""


_CSS = """
:root{--ink:#1b1b1f;--muted:#54575f;--paper:#f5f3ee;--card:#fff;--line:#dedad2;--focus:#1a56db;
--k-contradiction:#a4161a;--t-contradiction:#fde1df;--u-contradiction:#d1343a;
--k-quantity:#8a4600;--t-quantity:#ffe8c9;--u-quantity:#d9822b;
--k-attribution:#6a2c91;--t-attribution:#f0e3f8;--u-attribution:#9b59c4;
--k-framing:#0b57a4;--t-framing:#dcebfc;--u-framing:#3b82d6;
--k-unique:#3c4650;--t-unique:#e7ebef;--u-unique:#7d8a97;
--k-agreement:#1d6b36;--t-agreement:#dcf2e2;--u-agreement:#3f9d5c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif}
a{color:var(--focus)}
code{font:0.85em ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;
overflow-wrap:anywhere}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
.page-head{padding:1.1rem 1.5rem .2rem}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);
font-weight:600}
h1{margin:.1rem 0 0;font:600 1.55rem/1.25 Georgia,"Iowan Old Style","Times New Roman","DejaVu Serif",serif}
h2{font-size:1rem;margin:0 0 .5rem}
h4{margin:.6rem 0 .2rem;font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
main{padding:.8rem 1.5rem 1.5rem;display:grid;gap:1rem}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem;align-items:start}
.card,.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.1rem;
box-shadow:0 1px 2px rgba(0,0,0,.04)}
.summary{display:grid;grid-template-columns:minmax(200px,.8fr) 2.4fr 1.1fr;gap:1rem}
.consistency .big{margin:0;font:700 3rem/1 Georgia,"DejaVu Serif",serif}
.consistency .caption{margin:.35rem 0 .7rem;color:var(--muted)}
.meter{height:10px;background:#e9e6df;border-radius:5px;overflow:hidden}
.meter span{display:block;height:100%;background:#164e8c}
.kind-list,.stat-list,.legend{list-style:none;margin:0;padding:0}
.kind-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.45rem .9rem}
.kind-list li{display:flex;flex-direction:column;gap:.1rem}
.kind-list .meaning{font-size:.8rem;color:var(--muted)}
.kind-list li.zero .badge{opacity:.75}
.stat-list .stat{padding:.1rem 0}
.stat .num{font-weight:700;font-size:1.1rem;display:inline-block;min-width:2ch;text-align:right}
.skipped summary{cursor:pointer}.skipped ul{margin:.3rem 0;padding-left:1.1rem;font-size:.85rem}
.badge{display:inline-flex;align-items:center;gap:.3em;padding:.05rem .5rem;border-radius:999px;
font-size:.8rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.badge .n{font-weight:700;margin-left:.15rem}
.badge .ico,.sev .ico{font-size:.95em}
.k-contradiction.badge{color:var(--k-contradiction);background:var(--t-contradiction)}
.k-quantity.badge{color:var(--k-quantity);background:var(--t-quantity)}
.k-attribution.badge{color:var(--k-attribution);background:var(--t-attribution)}
.k-framing.badge{color:var(--k-framing);background:var(--t-framing)}
.k-unique.badge{color:var(--k-unique);background:var(--t-unique)}
.k-agreement.badge{color:var(--k-agreement);background:var(--t-agreement)}
.sev{display:inline-flex;align-items:center;gap:.25em;font-size:.78rem;font-weight:600;white-space:nowrap}
.s-error.sev{color:#a4161a}.s-warning.sev{color:#7a4a00}.s-info.sev{color:#3c4650}
.workspace{display:grid;grid-template-columns:minmax(300px,380px) minmax(0,1fr);gap:1rem;align-items:start}
.findings-panel{position:sticky;top:.5rem;max-height:calc(100vh - 1rem);display:flex;flex-direction:column;
padding:0;overflow:hidden}
.panel-head{padding:1rem 1.1rem .5rem;border-bottom:1px solid var(--line)}
.panel-head .count{display:inline-block;min-width:1.6em;text-align:center;background:#ecebe6;
border-radius:999px;
font-size:.8rem;padding:0 .4rem;margin-left:.2rem}
.hint{margin:0 0 .5rem;color:var(--muted);font-size:.85rem}
.filters{display:grid;gap:.3rem}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .55rem;
align-items:center}
.filters legend{padding:0;margin-bottom:.15rem;font-size:.72rem;text-transform:uppercase;
letter-spacing:.05em;
color:var(--muted)}
.filters label{display:inline-flex;align-items:center;gap:.2rem;cursor:pointer}
.filters input:disabled+*{opacity:.45}
.findings{list-style:none;margin:0;padding:.5rem;overflow:auto;flex:1}
.finding{border:1px solid var(--line);border-left:5px solid var(--u-unique);border-radius:8px;
margin:0 0 .5rem;
background:#fff}
.finding.k-contradiction{border-left-color:var(--u-contradiction)}
.finding.k-quantity{border-left-color:var(--u-quantity)}
.finding.k-attribution{border-left-color:var(--u-attribution)}
.finding.k-framing{border-left-color:var(--u-framing)}
.finding.k-agreement{border-left-color:var(--u-agreement)}
.finding-head{all:unset;box-sizing:border-box;display:flex;flex-direction:column;gap:.3rem;width:100%;
padding:.55rem .7rem;cursor:pointer;border-radius:7px}
.finding-head:hover{background:#faf8f3}
.finding-head:focus-visible{outline:3px solid var(--focus);outline-offset:-3px}
.badges{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.finding-summary{font-weight:500}
.finding-meta{font-size:.78rem;color:var(--muted)}
.finding-body{display:none;padding:0 .75rem .7rem;font-size:.88rem}
.finding.is-selected{box-shadow:0 0 0 2px var(--ink);border-color:var(--ink)}
.finding.is-selected .finding-body{display:block}
.quotes{list-style:none;margin:.2rem 0;padding:0;display:grid;gap:.35rem}
.quotes .src{display:block;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;
color:var(--muted)}
.quotes q{font-family:Georgia,"DejaVu Serif",serif}
dl.kv{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.15rem .6rem}
dl.kv dt{color:var(--muted);font-size:.8rem}dl.kv dd{margin:0;overflow-wrap:anywhere}
dl.kv dl.kv{grid-template-columns:max-content 1fr}
.term{display:inline-block;background:#f1efe9;border:1px solid #e0ddd4;border-radius:4px;padding:0 .35rem;
margin:0 .15rem .15rem 0;font-size:.85em}
.none,.muted{color:var(--muted)}
.score-list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .9rem}
.score-val{font-weight:700;font-variant-numeric:tabular-nums}
.articles{min-width:0}
.legend{display:flex;flex-wrap:wrap;gap:.35rem .6rem;align-items:center;margin:0 0 .6rem;font-size:.85rem}
.article-grid{display:grid;grid-template-columns:repeat(var(--cols),minmax(300px,1fr));gap:1rem;
overflow-x:auto;
padding-bottom:.3rem}
.article{background:var(--card);border:1px solid var(--line);border-radius:10px;display:flex;
flex-direction:column;
min-width:0;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.article-head{padding:.85rem 1rem .6rem;border-bottom:1px solid var(--line)}
.article-head .source{margin:0;font-size:.75rem;font-weight:700;text-transform:uppercase;
letter-spacing:.06em;
color:var(--muted)}
.article-head h3{margin:.15rem 0 .25rem;font:600 1.08rem/1.3 Georgia,"Iowan Old Style","DejaVu Serif",serif}
.article-head h3 a{color:inherit;text-decoration-color:#9aa3ad}
.article-head .meta{margin:0;font-size:.78rem;color:var(--muted)}
.article-text{padding:.8rem 1rem 1rem;max-height:68vh;overflow-x:hidden;overflow-y:auto;
white-space:pre-wrap;overflow-wrap:break-word;
font:1.02rem/1.7 Georgia,"Iowan Old Style","Times New Roman","DejaVu Serif",serif}
.article-text.no-text{white-space:normal}
.note,.empty-note{color:var(--muted);font-style:italic}
.claim{border-radius:3px;padding:.05em .1em;box-decoration-break:clone;-webkit-box-decoration-break:clone;
text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:.22em;color:inherit}
.claim.k-none{background:none;text-decoration-style:dotted;text-decoration-color:#b9b3a6;
text-decoration-thickness:1px}
mark.claim{cursor:pointer}
mark.claim::before{font:700 .72em/1 system-ui,"DejaVu Sans",sans-serif;vertical-align:.35em;
margin-right:.15em}
.claim.k-contradiction{background:var(--t-contradiction);text-decoration-style:wavy;
text-decoration-color:var(--u-contradiction)}
.claim.k-contradiction::before{content:"\\2260";color:var(--k-contradiction)}
.claim.k-quantity{background:var(--t-quantity);text-decoration-style:double;
text-decoration-color:var(--u-quantity)}
.claim.k-quantity::before{content:"#";color:var(--k-quantity)}
.claim.k-attribution{background:var(--t-attribution);text-decoration-style:dashed;
text-decoration-color:var(--u-attribution)}
.claim.k-attribution::before{content:"\\275D";color:var(--k-attribution)}
.claim.k-framing{background:var(--t-framing);text-decoration-style:dotted;
text-decoration-color:var(--u-framing);
text-decoration-thickness:3px}
.claim.k-framing::before{content:"\\25D0";color:var(--k-framing)}
.claim.k-unique{background:none;text-decoration-style:solid;text-decoration-color:var(--u-unique);
text-decoration-thickness:1px}
.claim.k-unique::before{content:"\\25C6";color:var(--k-unique)}
.claim.k-agreement{background:none;text-decoration-style:solid;text-decoration-color:var(--u-agreement);
text-decoration-thickness:1px}
.claim.k-agreement::before{content:"\\2713";color:var(--k-agreement)}
@media screen{.has-selection mark.claim:not(.cc-active){background:transparent}}
.claim.cc-active{background:#ffe36e;box-shadow:0 0 0 1.5px #5c4a00;transition:background .2s}
.article.has-active{border-color:var(--ink);box-shadow:0 0 0 1px var(--ink)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:.9rem}
table.terms{width:100%}
table.terms th,table.terms td{border-bottom:1px solid var(--line);padding:.45rem .6rem;text-align:left;
vertical-align:top}
table.terms thead th{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
table.terms tbody th{font-weight:400;max-width:28rem}
.fact-excerpt{font-family:Georgia,"DejaVu Serif",serif}
.fact-id{color:var(--muted);margin-left:.3rem}
td.absent{font-style:italic;font-size:.8rem}
table.matrix th,table.matrix td{padding:.45rem .7rem;text-align:center;border:2px solid #fff}
table.matrix thead th{font-size:.8rem;vertical-align:bottom}
table.matrix tbody th{text-align:right;font-size:.8rem}
table.matrix td{min-width:7.5rem}
table.matrix td.diag{background:#ecebe6;color:var(--muted)}
table.matrix td.na{background:repeating-linear-gradient(45deg,#f3f2ee,#f3f2ee 6px,#e8e6e0 6px,#e8e6e0 12px);
color:#3c4650}
.pct{display:block;font-weight:700;font-size:1.15rem;font-variant-numeric:tabular-nums}
.frac{display:block;font-size:.75rem}
.scale{display:flex;gap:0;margin:.6rem 0 0;font-size:.72rem}
.scale span{padding:.1rem .6rem}
.page-foot{padding:0 1.5rem 1.5rem;color:var(--muted);font-size:.8rem}
@media (max-width:1000px){.summary{grid-template-columns:1fr}.workspace{grid-template-columns:1fr}
.findings-panel{position:static;max-height:none}.findings{max-height:60vh}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;scroll-behavior:auto!important}}
@media print{
@page{margin:1.4cm}
body{background:#fff;font-size:10.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.filters,.skip,.hint,.legend{display:none!important}
main{display:block;padding:0}
.card,.panel,.article{box-shadow:none;break-inside:avoid-page;margin-bottom:.8rem}
.summary{grid-template-columns:1fr 2fr 1fr}
.workspace{display:block}
.findings-panel{position:static;max-height:none;overflow:visible;display:block}
.findings{overflow:visible;max-height:none}
.finding{break-inside:avoid}
.finding-body{display:block!important}
.finding[hidden]{display:block!important}
.article-grid{display:block;overflow:visible}
.article-text{max-height:none;overflow:visible}
.article.has-active{box-shadow:none;border-color:var(--line)}
.claim.cc-active{box-shadow:none}
a{color:inherit}
.article-head h3 a::after{content:" <" attr(href) ">";font:400 .7em system-ui,"DejaVu Sans",sans-serif;
overflow-wrap:anywhere}
}
"""

_JS = """
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cc-data').textContent);
  var byId = {}, byDom = {}, claimFindings = {}, claimEls = {};
  data.findings.forEach(function (f) {
    byId[f.id] = f; byDom[f.dom] = f;
    f.claims.forEach(function (c) { (claimFindings[c] = claimFindings[c] || []).push(f); });
  });
  document.querySelectorAll('[data-claim]').forEach(function (el) {
    (claimEls[el.getAttribute('data-claim')] = claimEls[el.getAttribute('data-claim')] || []).push(el);
  });
  var items = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var announce = document.getElementById('announce');
  var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var selected = null;

  function rank(f) { return data.severityRank[f.severity] * 10 + data.kindRank[f.kind]; }
  function visible(li) { return !li.hidden; }

  // Scroll the claim's article box so the claim sits near its top; return where it will be in the window.
  function reveal(el) {
    var box = el.closest('.article-text');
    if (!box) { return null; }
    var b = box.getBoundingClientRect(), r = el.getBoundingClientRect();
    var offset = Math.min(40, Math.max(0, (box.clientHeight - r.height) / 2));
    var top = Math.min(box.scrollTop + (r.top - b.top) - offset, box.scrollHeight - box.clientHeight);
    top = Math.max(0, top);
    box.scrollTo({top: top, behavior: reduce ? 'auto' : 'smooth'});
    var y = r.top - (top - box.scrollTop);
    return {top: y, bottom: y + Math.min(r.height, box.clientHeight)};
  }

  function clear() {
    document.querySelectorAll('.cc-active').forEach(function (el) { el.classList.remove('cc-active'); });
    document.querySelectorAll('.has-active').forEach(function (el) { el.classList.remove('has-active'); });
    document.body.classList.remove('has-selection');
    if (selected) {
      selected.classList.remove('is-selected');
      selected.querySelector('.finding-head').setAttribute('aria-expanded', 'false');
    }
    selected = null;
  }

  function select(li, fromClaim) {
    if (li === selected && !fromClaim) { clear(); announce.textContent = 'Selection cleared.'; return; }
    clear();
    var f = byDom[li.id];
    selected = li;
    li.classList.add('is-selected');
    li.querySelector('.finding-head').setAttribute('aria-expanded', 'true');
    document.body.classList.add('has-selection');
    var firstPerArticle = [], articles = [];
    f.claims.forEach(function (cid) {
      (claimEls[cid] || []).forEach(function (el) {
        el.classList.add('cc-active');
        var art = el.closest('.article');
        if (art && articles.indexOf(art) < 0) {
          articles.push(art); firstPerArticle.push(el); art.classList.add('has-active');
        }
      });
    });
    var offscreen = firstPerArticle.map(reveal).some(function (at) {
      return at && (at.top < 0 || at.bottom > window.innerHeight);
    });
    var grid = document.querySelector('.article-grid');
    if (offscreen) {  // the article boxes themselves are off screen: bring them up
      var ws = document.querySelector('.workspace').getBoundingClientRect();
      window.scrollBy({top: ws.top - 8, behavior: reduce ? 'auto' : 'smooth'});
    }
    if (articles.length && grid.scrollWidth > grid.clientWidth) {  // many articles: bring the first into view
      var gr = grid.getBoundingClientRect(), ar = articles[0].getBoundingClientRect();
      if (ar.left < gr.left || ar.right > gr.right) {
        grid.scrollTo({left: grid.scrollLeft + ar.left - gr.left, behavior: reduce ? 'auto' : 'smooth'});
      }
    }
    if (fromClaim) { li.scrollIntoView({block: 'nearest'}); }
    try { history.replaceState(null, '', '#' + li.id); } catch (e) { /* some file: URLs refuse */ }
    announce.textContent = data.kindLabels[f.kind] + ' selected: ' + f.summary + ' ' +
      f.claims.length + ' claim(s) highlighted in ' + articles.length + ' article(s).';
  }

  items.forEach(function (li) {
    li.querySelector('.finding-head').addEventListener('click', function () { select(li, false); });
  });

  function restyleClaims() {
    Object.keys(claimEls).forEach(function (cid) {
      var best = null;
      (claimFindings[cid] || []).forEach(function (f) {
        var li = document.getElementById(f.dom);
        if (visible(li) && (!best || rank(f) < rank(best))) { best = f; }
      });
      claimEls[cid].forEach(function (el) {
        if (el.tagName !== 'MARK') { return; }
        el.className = el.className.replace(/\\bk-[a-z]+/g, '').trim() + ' k-' + (best ? best.kind : 'none');
        if (best) { el.setAttribute('title', data.kindLabels[best.kind] + ': click to show the finding'); }
        else { el.setAttribute('title', 'No finding shown under the current filters'); }
      });
    });
  }

  function applyFilters() {
    var on = {};
    document.querySelectorAll('.filters input').forEach(function (box) {
      on[box.name + ':' + box.value] = box.checked;
    });
    var shown = 0;
    items.forEach(function (li) {
      var show = on['kind:' + li.getAttribute('data-kind')] &&
        on['severity:' + li.getAttribute('data-severity')];
      li.hidden = !show;
      if (show) { shown += 1; }
    });
    if (selected && selected.hidden) { clear(); }
    document.getElementById('finding-count').textContent =
      shown === items.length ? String(shown) : shown + ' of ' + items.length;
    document.getElementById('no-findings').hidden = shown > 0;
    restyleClaims();
  }
  document.querySelectorAll('.filters input').forEach(function (box) {
    box.addEventListener('change', applyFilters);
  });

  function claimActivate(el) {
    var best = null;
    (claimFindings[el.getAttribute('data-claim')] || []).forEach(function (f) {
      if (visible(document.getElementById(f.dom)) && (!best || rank(f) < rank(best))) { best = f; }
    });
    if (best) {
      var li = document.getElementById(best.dom);
      select(li, true);
      li.querySelector('.finding-head').focus({preventScroll: true});
    }
  }
  document.querySelectorAll('mark.claim').forEach(function (el) {
    el.addEventListener('click', function () { claimActivate(el); });
    el.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); claimActivate(el); }
    });
  });

  document.getElementById('findings').addEventListener('keydown', function (ev) {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') { return; }
    var shown = items.filter(visible), li = ev.target.closest('.finding');
    var i = shown.indexOf(li) + (ev.key === 'ArrowDown' ? 1 : -1);
    if (li && i >= 0 && i < shown.length) {
      ev.preventDefault();
      shown[i].querySelector('.finding-head').focus();
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' && selected) { clear(); announce.textContent = 'Selection cleared.'; }
  });

  // Printing shows everything: open collapsed details (skipped inputs) first.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });

  var initial = location.hash && document.getElementById(location.hash.slice(1));
  if (initial && initial.classList.contains('finding')) { select(initial, true); }
}());
"""
