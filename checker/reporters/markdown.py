"""Markdown reporter: summary table, findings by severity with the claims side by side, unique claims."""

from __future__ import annotations

from checker.schema import FindingKind, Report

_ICON = {
    FindingKind.CONTRADICTION: "\u26d4 contradiction",
    FindingKind.QUANTITY: "\U0001f522 quantity",
    FindingKind.ATTRIBUTION: "\U0001f5e3 attribution",
    FindingKind.FRAMING: "\U0001f3ad framing",
    FindingKind.AGREEMENT: "\u2705 agreement",
    FindingKind.UNIQUE: "\u2139 unique",
}


def _esc(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(report: Report, **_: object) -> str:
    """Render ``report`` as GitHub-flavoured Markdown."""
    sources = {a.id: a.source for a in report.articles}
    out = ["# claimcheck consistency report", ""]
    told = sum(n for k, n in report.summary.counts.items() if k != FindingKind.UNIQUE.value)
    out.append(f"**Consistency:** {report.summary.consistency:.0%} of the {told} findings across "
               f"{len(report.articles)} articles are agreements ({len(report.facts)} shared facts).")
    out.append("")
    out.append("| " + " | ".join(k.value for k in FindingKind) + " |")
    out.append("|" + "---:|" * len(FindingKind))
    out.append("| " + " | ".join(str(report.summary.counts.get(k.value, 0)) for k in FindingKind) + " |")
    out += ["", "## Articles", "", "| id | source | title | published | claims |", "|---|---|---|---|---:|"]
    for a in report.articles:
        out.append(f"| `{a.id}` | {_esc(a.source)} | {_esc(a.title or '')} | {a.published or ''} | {a.n_claims} |")
    if report.skipped:
        out += ["", "## Skipped inputs", ""]
        out += [f"- `{s.path}`: {_esc(s.reason)}" for s in report.skipped]
    claims = {c.id: c for c in report.claims}
    for title, kinds in (("Differences", {FindingKind.CONTRADICTION, FindingKind.QUANTITY,
                                          FindingKind.ATTRIBUTION, FindingKind.FRAMING}),
                         ("Agreements", {FindingKind.AGREEMENT})):
        found = [f for f in report.findings if f.kind in kinds]
        out += ["", f"## {title} ({len(found)})", ""]
        for f in found:
            out.append(f"### {_ICON[f.kind]} ({f.severity.value}) \u2014 {_esc(f.summary)}")
            out.append("")
            out.append(f"`{f.id}` \u00b7 rule `{f.rule}`" + (f" \u00b7 {f.fact_id}" if f.fact_id else "")
                       + "".join(f" \u00b7 {k} {v:.2f}" for k, v in sorted(f.scores.items())))
            out.append("")
            for cid in f.claim_ids:
                c = claims[cid]
                out.append(f"> **{_esc(sources[c.article_id])}** ({c.start}\u2013{c.end}): {_esc(c.text)}")
                out.append(">")
            if out[-1] == ">":
                out.pop()
            terms = f.evidence.get("terms") or f.evidence.get("agents") or f.evidence.get("values")
            if isinstance(terms, dict):
                out.append("")
                out.append("| source | " + ("terms" if "terms" in f.evidence else
                                            "agents" if "agents" in f.evidence else "values") + " |")
                out.append("|---|---|")
                for art, vals in terms.items():
                    out.append(f"| {_esc(sources.get(art, art))} | {_esc(', '.join(map(str, vals)))} |")
            out.append("")
    uniques = [f for f in report.findings if f.kind == FindingKind.UNIQUE]
    out += [f"## Reported by one article only ({len(uniques)})", ""]
    for a in report.articles:
        mine = [f for f in uniques if claims[f.claim_ids[0]].article_id == a.id]
        if mine:
            out.append(f"**{_esc(a.source)}**")
            out.append("")
            out += [f"- {_esc(claims[f.claim_ids[0]].text)}" for f in mine]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
