"""JUnit XML reporter: one testsuite per checked article, one testcase per claim.

Stage 8. Input: a ``Report``. Output: JUnit XML that CI test-report readers (Jenkins, GitLab,
junitparser, pytest-style dashboards) accept. The checked articles are those findings are reported at
(the drafts, for ``check``). A claim's testcase fails (``<failure type=RULE>``) for each warning or
error finding it is part of; ``unique`` and ``agreement`` findings go to the testcase's
``<system-out>`` and do not fail it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.reporters.sarif import claim_location, primary_claim
from checker.schema import Finding, Report, Severity

_FAILING = {Severity.ERROR, Severity.WARNING}
# characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab/newline/CR, surrogates, FFFE/FFFF)
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _details(report: Report, finding: Finding) -> str:
    lines = [finding.summary, f"rule: {finding.rule}  finding: {finding.id}"]
    for cid in finding.claim_ids:
        c = report.claim(cid)
        loc = claim_location(report, finding, cid)
        at = f" {loc.path}:{loc.start_line}" if loc and loc.start_line else (f" {loc.path}" if loc else "")
        lines.append(f"- {report.article(c.article_id).source}{at}: {' '.join(c.text.split())}")
    return "\n".join(lines)


def render(report: Report, **_: object) -> str:
    """Render ``report`` as a JUnit XML document."""
    checked: list[str] = []
    for f in report.findings:
        aid = report.claim(primary_claim(f)).article_id
        if aid not in checked:
            checked.append(aid)
    order = {a.id: i for i, a in enumerate(report.articles)}
    checked.sort(key=order.__getitem__)
    findings_of: dict[str, list[Finding]] = {}
    for f in report.findings:
        for cid in f.claim_ids:
            findings_of.setdefault(cid, []).append(f)

    root = ET.Element("testsuites", name="claimcheck")
    total_tests = total_failures = 0
    for aid in checked:
        article = report.article(aid)
        claims = [c for c in report.claims if c.article_id == aid]
        suite = ET.SubElement(root, "testsuite", name=article.path or article.source, id=aid)
        props = ET.SubElement(suite, "properties")
        for key, value in (("source", article.source), ("article_id", aid), ("title", article.title),
                           ("path", article.path)):
            if value:
                ET.SubElement(props, "property", name=key, value=value)
        failures = 0
        for n, claim in enumerate(claims, start=1):
            case = ET.SubElement(suite, "testcase", classname=f"claimcheck.{article.source}",
                                 name=f"claim {n:03d}: {_short(claim.text)}", time="0")
            related = findings_of.get(claim.id, [])
            first = related[0] if related else None
            loc = claim_location(report, first, claim.id) if first else None
            if loc is not None:
                case.set("file", loc.path)
                if loc.start_line:
                    case.set("line", str(loc.start_line))
            bad = [f for f in related if f.severity in _FAILING]
            for f in bad:
                failure = ET.SubElement(case, "failure", type=f.rule, message=f"{f.kind.value}: {f.summary}")
                failure.text = _details(report, f)
            info = [f for f in related if f.severity not in _FAILING]
            if info:
                ET.SubElement(case, "system-out").text = "\n\n".join(_details(report, f) for f in info)
            failures += bool(bad)
        suite.set("tests", str(len(claims)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        total_tests += len(claims)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("skipped", "0")
    root.set("time", "0")
    ET.indent(root)
    body = _xml_safe(ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
