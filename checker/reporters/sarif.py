"""SARIF 2.1.0 reporter: one run, rules = the judges' stable ids, one result per finding.

Stage 8. Input: a ``Report``. Output: a SARIF log (JSON) for GitHub code scanning and other SARIF
viewers. A finding's first claim is its location (for ``check`` reports, the draft's claim); its other
claims (the archived or other articles' claims) are ``relatedLocations``. Levels come from
``schema.SEVERITY_OF`` (error, warning, and note for info). Columns count Unicode code points
(``run.columnKind``), as claim offsets do.

This module also holds ``claim_location``, the one place reporters get a claim's file position from:
``finding.evidence["locations"]`` when the check stage recorded it, else computed from the article
text for plain-text files (whose text is the whole file), else the file alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from checker.judges import RULES
from checker.schema import SEVERITY_OF, ArticleInfo, Claim, Finding, FindingKind, Report, Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"

REPORT_RULES = ("agreement.aligned", "unique.unmatched", "unique.related_only")
"""Rule ids the report stage gives to what the judges did not flag."""

LEVEL_OF: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_DESCRIPTIONS = {
    "nli.contradiction": "The claim contradicts the other coverage (NLI model, negation or antonym).",
    "framing.lexical": "The same action is worded with a differently loaded term (ban vs pause).",
    "attribution.agents": "Different people or groups are credited with pushing for the same thing.",
    "attribution.speaker": "The same statement is attributed to a different speaker.",
    "quantity.number": "The same fact is told with a different number, amount or duration.",
    "quantity.date": "The same fact is told with a different date.",
    "quantity.entity": "The same fact names a different place, organisation or person.",
    "agreement.aligned": "The claim is told compatibly by the other coverage.",
    "unique.unmatched": "No other coverage tells this claim.",
    "unique.related_only": "Other coverage is on the same topic but tells a different fact.",
}

_PLAIN_TEXT_SUFFIXES = {".txt", ".text"}


@dataclass(frozen=True)
class Location:
    """Where a claim is in its file: the path, and 1-based line/column (end column exclusive) if known."""

    path: str
    start_line: int | None = None
    start_column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def claim_location(report: Report, finding: Finding, claim_id: str) -> Location | None:
    """Return the file position of ``claim_id`` (one of ``finding``'s claims), or ``None`` if it has no file.

    Uses ``finding.evidence["locations"]`` when present; else, for a plain-text article (its text is the
    whole file), computes it from ``ArticleInfo.text``; else returns the path without a region.
    """
    try:
        claim = report.claim(claim_id)
        article = report.article(claim.article_id)
    except KeyError:
        return None
    known = (finding.evidence.get("locations") or {}).get(claim_id)
    if isinstance(known, dict) and known.get("path"):
        return Location(str(known["path"]), known.get("start_line"), known.get("start_column"),
                        known.get("end_line"), known.get("end_column"))
    if not article.path or article.path.startswith("<"):
        return None
    suffix = PurePosixPath(article.path.replace("\\", "/")).suffix.lower()
    text = article.text
    if suffix in _PLAIN_TEXT_SUFFIXES and text is not None and text[claim.start:claim.end] == claim.text:
        line, col = _line_col(text, claim.start)
        end_line, end_col = _line_col(text, max(claim.end - 1, claim.start))
        return Location(article.path, line, col, end_line, end_col + 1)
    return Location(article.path)


def primary_claim(finding: Finding) -> str:
    """The claim a finding is reported at: its first (the draft's, in ``check`` reports)."""
    return finding.claim_ids[0]


def artifact_uri(path: str) -> str:
    """A SARIF ``artifactLocation.uri``: a relative path with ``/`` and percent-escapes, or a file URI."""
    if PureWindowsPath(path).drive or path.startswith("/"):
        posix = path.replace("\\", "/")
        return "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:")
    return quote(path.replace("\\", "/"), safe="/")


def rule_ids(report: Report) -> list[str]:
    """Stable rule ids: the judges' (``checker.judges.RULES``), agreement/unique, then any other in use."""
    ids = list(RULES) + list(REPORT_RULES)
    for f in report.findings:
        if f.rule not in ids:
            ids.append(f.rule)
    return ids


def _kind_of_rule(rule: str, report: Report) -> FindingKind | None:
    for f in report.findings:
        if f.rule == rule:
            return f.kind
    try:
        return FindingKind(rule.split(".", 1)[0])
    except ValueError:
        return None


def _rule(rule: str, report: Report) -> dict:
    kind = _kind_of_rule(rule, report)
    level = LEVEL_OF[SEVERITY_OF[kind]] if kind is not None else "warning"
    name = "".join(part.capitalize() for part in rule.replace("_", ".").split("."))
    return {
        "id": rule,
        "name": name,
        "shortDescription": {"text": _DESCRIPTIONS.get(rule, f"claimcheck finding {rule}")},
        "defaultConfiguration": {"level": level},
        "properties": {"kind": kind.value if kind else None,
                       "tags": ["claimcheck", kind.value if kind else rule]},
    }


def _physical(loc: Location, claim: Claim) -> dict:
    region: dict = {"snippet": {"text": claim.text}}
    if loc.start_line is not None:
        region.update(startLine=loc.start_line, startColumn=loc.start_column,
                      endLine=loc.end_line, endColumn=loc.end_column)
    physical: dict = {"artifactLocation": {"uri": artifact_uri(loc.path)}}
    if loc.start_line is not None:
        physical["region"] = region
    return physical


def _claim_label(article: ArticleInfo, claim: Claim) -> str:
    return f"{article.source}: \u201c{' '.join(claim.text.split())}\u201d"


def sarif_log(report: Report) -> dict:
    """Return the SARIF log as JSON-ready data."""
    ids = rule_ids(report)
    results = []
    for f in report.findings:
        primary = primary_claim(f)
        claim = report.claim(primary)
        article = report.article(claim.article_id)
        result: dict = {
            "ruleId": f.rule,
            "ruleIndex": ids.index(f.rule),
            "level": LEVEL_OF[f.severity],
            "message": {"text": f"{f.summary} ({_claim_label(article, claim)})"},
            "partialFingerprints": {"claimcheckFinding/v1": f.id},
            "properties": {"findingId": f.id, "kind": f.kind.value, "severity": f.severity.value,
                           "factId": f.fact_id, "claimIds": f.claim_ids, "scores": f.scores},
        }
        loc = claim_location(report, f, primary)
        if loc is not None:
            result["locations"] = [{"physicalLocation": _physical(loc, claim),
                                    "message": {"text": _claim_label(article, claim)}}]
        related = []
        for n, cid in enumerate(f.claim_ids[1:], start=1):
            other = report.claim(cid)
            other_article = report.article(other.article_id)
            entry: dict = {"id": n, "message": {"text": _claim_label(other_article, other)}}
            other_loc = claim_location(report, f, cid)
            if other_loc is not None:
                entry["physicalLocation"] = _physical(other_loc, other)
            related.append(entry)
        if related:
            result["relatedLocations"] = related
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": [_rule(r, report) for r in ids],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "schemaVersion": report.schema_version,
                "models": report.models.model_dump(mode="json"),
                "summary": report.summary.model_dump(mode="json"),
                "skipped": [s.model_dump(mode="json") for s in report.skipped],
            },
        }],
    }


def render(report: Report, **_: object) -> str:
    """Render ``report`` as an indented SARIF 2.1.0 log with a trailing newline."""
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
