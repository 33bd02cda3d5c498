"""CSV reporter: RFC 4180 rows per finding, exact columns, formula-injection guard."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from checker.reporters import render as render_any
from checker.reporters.csv_report import COLUMNS, defuse, render
from checker.schema import Report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def load(name: str) -> Report:
    return Report.model_validate_json((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_and_one_row_per_finding():
    report = load("sample")
    text = render(report)
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    parsed = rows(text)
    assert [r["id"] for r in parsed] == [f.id for f in report.findings]
    assert render_any(report, "csv") == text


def test_line_ends_are_crlf_and_quoting_minimal():
    text = render(load("sample"))
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF outside quoted fields in this sample
    assert text.splitlines()[0] == ",".join(COLUMNS)  # header needs no quotes


def test_row_contents():
    report = load("sample")
    by_id = {r["id"]: r for r in rows(render(report))}
    framing = by_id["F004"]
    assert framing["kind"] == "framing" and framing["severity"] == "warning"
    assert framing["rule"] == "framing.lexical"
    assert framing["sources"] == "Daily Ledger; Tech Wire; Metro Post"
    finding = next(f for f in report.findings if f.id == "F004")
    assert framing["claim_ids"] == "; ".join(finding.claim_ids)
    claims = {c.id: c.text for c in report.claims}
    assert framing["claims"] == " || ".join(claims[c] for c in finding.claim_ids)
    assert json.loads(framing["scores"]) == finding.scores
    assert json.loads(framing["evidence"]) == finding.evidence
    assert by_id["F008"]["sources"] == "Tech Wire"


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+1", "'=1+1"),
    ("+cmd", "'+cmd"),
    ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("plain", "plain"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_defuse(cell, expected):
    assert defuse(cell) == expected


def test_hostile_cells_cannot_become_formulas():
    parsed = rows(render(load("hostile")))
    for row in parsed:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    by_id = {r["id"]: r for r in parsed}
    assert by_id["F3"]["summary"] == "'=HYPERLINK(\"http://x\")"
    assert by_id["F4"]["summary"] == "'+cmd|' /C calc'!A0"
    assert by_id["F5"]["summary"] == "'-leading minus"
    # quotes, commas and newlines survive the round trip
    assert by_id['F1" onclick="window.__pwned=1']["kind"] == "contradiction"


def test_utf8_and_bom_option():
    report = load("sample")
    report.findings[0].summary = "Zürich — “quoted”, 東京"
    text = render(report)
    assert "Zürich — “quoted”, 東京" in rows(text)[0]["summary"]
    assert text.encode("utf-8").decode("utf-8") == text
    with_bom = render(report, bom=True)
    assert with_bom.startswith("\ufeff") and with_bom[1:] == text


def test_report_without_findings_has_only_the_header():
    report = load("sample").model_copy(update={"findings": []})
    assert render(report) == ",".join(COLUMNS) + "\r\n"
