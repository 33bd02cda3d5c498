r"""GitHub Actions reporter: one workflow-command annotation per finding.

Stage 8. Input: a ``Report``. Output: lines such as
``::warning file=drafts/story.md,line=8,col=1,endLine=8,endColumn=106,title=claimcheck quantity.number::...``
that GitHub shows on the pull request's diff. Levels come from ``schema.SEVERITY_OF``: error ->
``::error``, warning -> ``::warning``, info (``unique``) -> ``::notice``. ``agreement`` findings are
left out: they are not something to look at, and GitHub shows only the first annotations of a step.
The annotation sits at the finding's first claim (the draft's, for ``check``); the message names the
other coverage's claims.

Escaping follows the runner's rules: in the message ``%``, ``\r`` and ``\n`` become ``%25``, ``%0D``
and ``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and ``%2C``.
"""

from __future__ import annotations

from checker.reporters.sarif import claim_location, primary_claim
from checker.schema import FindingKind, Report, Severity

COMMAND_OF = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _quote(text: str) -> str:
    return "\u201c" + " ".join(text.split()) + "\u201d"


def render(report: Report, **_: object) -> str:
    """Render ``report`` as GitHub workflow commands, one per line."""
    lines = []
    for f in report.findings:
        if f.kind == FindingKind.AGREEMENT:
            continue
        primary = primary_claim(f)
        props: list[tuple[str, str]] = []
        loc = claim_location(report, f, primary)
        if loc is not None:
            props.append(("file", loc.path))
            if loc.start_line is not None:
                props += [("line", str(loc.start_line)), ("col", str(loc.start_column)),
                          ("endLine", str(loc.end_line)), ("endColumn", str(loc.end_column))]
        props.append(("title", f"claimcheck {f.rule}"))
        body = [f.summary]
        for cid in f.claim_ids[1:]:
            other = report.claim(cid)
            where = claim_location(report, f, cid)
            at = ""
            if where is not None:
                at = f" ({where.path}" + (f":{where.start_line}" if where.start_line else "") + ")"
            body.append(f"{report.article(other.article_id).source}{at}: {_quote(other.text)}")
        prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        lines.append(f"::{COMMAND_OF[f.severity]} {prop_text}::{escape_data(chr(10).join(body))}")
    return "".join(line + "\n" for line in lines)
