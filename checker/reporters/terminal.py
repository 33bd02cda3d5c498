"""Terminal reporter: rich output grouped by fact, sources side by side, findings by severity."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.schema import FindingKind, Report, Severity

_STYLE = {
    FindingKind.CONTRADICTION: ("\u2716 CONTRADICTION", "bold red"),
    FindingKind.QUANTITY: ("# QUANTITY", "bold yellow"),
    FindingKind.ATTRIBUTION: ("@ ATTRIBUTION", "bold magenta"),
    FindingKind.FRAMING: ("~ FRAMING", "bold cyan"),
    FindingKind.AGREEMENT: ("\u2714 AGREEMENT", "green"),
    FindingKind.UNIQUE: ("\u2022 UNIQUE", "dim"),
}


def render(report: Report, color: bool = False, width: int = 120, show_unique: bool = True, **_: object) -> str:
    """Render ``report`` for a terminal (ANSI colours when ``color``)."""
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    sources = {a.id: a.source for a in report.articles}
    order = [a.id for a in report.articles]
    claims = {c.id: c for c in report.claims}
    console.rule("[bold]claimcheck consistency report")
    console.print(
        f"{len(report.articles)} articles \u00b7 {len(report.claims)} claims \u00b7 {len(report.facts)} shared facts"
        f" \u00b7 consistency [bold]{report.summary.consistency:.0%}[/]"
    )
    console.print("  ".join(f"{k}: {v}" for k, v in report.summary.counts.items()))
    for s in report.skipped:
        console.print(f"[yellow]skipped[/] {s.path}: {s.reason}")
    for f in report.findings:
        if f.kind == FindingKind.UNIQUE:
            continue
        label, style = _STYLE[f.kind]
        console.print()
        head = Text(f"{label} ", style=style)
        head.append(f"[{f.severity.value}] ", style="red" if f.severity == Severity.ERROR else "")
        head.append(f.summary)
        console.print(head)
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
        by_article: dict[str, list[str]] = {}
        for cid in f.claim_ids:
            by_article.setdefault(claims[cid].article_id, []).append(claims[cid].text)
        cols = [a for a in order if a in by_article]
        for a in cols:
            table.add_column(sources[a], ratio=1)
        table.add_row(*["\n\n".join(" ".join(t.split()) for t in by_article[a]) for a in cols])
        console.print(table)
        terms = f.evidence.get("terms") or f.evidence.get("agents") or f.evidence.get("values")
        if isinstance(terms, dict):
            console.print("  " + "   ".join(f"{sources.get(a, a)}: {', '.join(map(str, v))}" for a, v in terms.items()),
                          style="dim")
    uniques = [f for f in report.findings if f.kind == FindingKind.UNIQUE]
    if show_unique and uniques:
        console.print()
        console.rule(f"reported by one article only ({len(uniques)})")
        for a in order:
            mine = [claims[f.claim_ids[0]] for f in uniques if claims[f.claim_ids[0]].article_id == a]
            if mine:
                console.print(f"[bold]{sources[a]}[/]")
                for c in mine:
                    console.print(f"  \u2022 {' '.join(c.text.split())}")
    return buf.getvalue()
