"""Stage 8 reporter: Report -> CSV, one row per finding, for spreadsheets and ad-hoc analysis.

Input: a ``Report``. Output: RFC 4180 CSV text (CRLF line ends, fields quoted only when needed),
UTF-8 when written. Columns: ``id, kind, severity, rule, sources, claim_ids, claims, summary, scores,
evidence``. ``sources`` are the sources of the articles of the finding's claims and ``claim_ids`` its
claim ids, both ``"; "``-joined in order of first appearance; ``claims`` are the claims' texts joined
with ``" || "``; ``scores`` and ``evidence`` are compact JSON with sorted keys. Rows follow the
report's order.

Spreadsheet safety (CSV formula injection): a cell whose text starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return would be evaluated as a formula by Excel, LibreOffice or Google Sheets, so
such a cell is written with a leading single quote (``'=1+1``), which spreadsheets show as text. The
cost is that a machine reader sees the quote too; article text is data, so the quote is the safer
default.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from checker.schema import Claim, Finding, Report

COLUMNS = ["id", "kind", "severity", "rule", "sources", "claim_ids", "claims", "summary", "scores",
           "evidence"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: str) -> str:
    """Return ``cell`` prefixed with ``'`` if a spreadsheet would read it as a formula.

    Args:
        cell: the cell text.

    Returns:
        ``cell`` unchanged, or ``"'" + cell`` when it starts with ``= + - @``, a tab or a carriage return.
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def finding_row(report: Report, finding: Finding, *, _claims: dict[str, Claim] | None = None,
                _sources: dict[str, str] | None = None) -> list[str]:
    """The CSV cells of one finding, before formula defusing.

    Args:
        report: the report the finding belongs to (to look up claims and their articles).
        finding: the finding.

    Returns:
        One string per column of ``COLUMNS``.
    """
    claims = _claims if _claims is not None else {c.id: c for c in report.claims}
    sources_of = _sources if _sources is not None else {a.id: a.source for a in report.articles}
    sources: list[str] = []
    texts: list[str] = []
    for cid in finding.claim_ids:
        claim = claims.get(cid)
        if claim is None:
            continue
        texts.append(claim.text)
        source = sources_of.get(claim.article_id, claim.article_id)
        if source not in sources:
            sources.append(source)
    return [
        finding.id,
        finding.kind.value,
        finding.severity.value,
        finding.rule,
        "; ".join(sources),
        "; ".join(finding.claim_ids),
        " || ".join(texts),
        finding.summary,
        _json(finding.scores),
        _json(finding.evidence),
    ]


def render(report: Report, *, bom: bool = False, **_options: Any) -> str:
    """Render ``report`` as CSV with a header row and one row per finding.

    Args:
        report: the report to render.
        bom: start with a UTF-8 byte order mark, which Excel needs to detect UTF-8 on double-click.
        **_options: options meant for other formats; ignored.

    Returns:
        The CSV text with CRLF line ends.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    claims = {c.id: c for c in report.claims}
    sources = {a.id: a.source for a in report.articles}
    for finding in report.findings:
        row = finding_row(report, finding, _claims=claims, _sources=sources)
        writer.writerow([defuse(cell) for cell in row])
    return ("\ufeff" if bom else "") + buf.getvalue()
