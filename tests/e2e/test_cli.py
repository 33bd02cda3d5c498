"""End to end: the claimcheck CLI on corpora/ (exit codes, JSON contract, exact spans, bad input)."""

from __future__ import annotations

import hashlib
import json
import os

import jsonschema
import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.schema import Report
from tests.conftest import ROOT, SEED
from tests.snapshot_utils import assert_snapshot

SNAPSHOT = ROOT / "tests" / "snapshots" / "amazon-rekognition-2020" / "report.json"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory):
    # run from the repo root with the relative path, as `make snapshots` does, so paths match the snapshot
    out = tmp_path_factory.mktemp("out") / "report.json"
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        res = run("compare", "corpora/amazon-rekognition-2020", "--format", "json", "-o", str(out), "-q")
    finally:
        os.chdir(old)
    assert res.exit_code == 0, res.output
    return json.loads(out.read_text())


def test_json_validates_against_schema_and_spans_are_exact(seed_json):
    jsonschema.validate(seed_json, Report.model_json_schema())
    assert seed_json["schema_version"] == "1"
    texts = {a["id"]: a["text"] for a in seed_json["articles"]}
    for c in seed_json["claims"]:
        assert texts[c["article_id"]][c["start"]:c["end"]] == c["text"]
    kinds = {f["kind"] for f in seed_json["findings"]}
    assert {"agreement", "attribution", "unique"} <= kinds


def test_seed_report_matches_golden_snapshot(seed_json):
    """Regenerate with `make snapshots` and review the diff like code."""
    assert_snapshot(json.dumps(seed_json, indent=2, ensure_ascii=False) + "\n", SNAPSHOT)


def test_seed_report_surfaces_employees_vs_investors(seed_json):
    attr = [f for f in seed_json["findings"] if f["rule"] == "attribution.agents"]
    differing = [sorted(sum(f["evidence"]["differing"].values(), [])) for f in attr]
    assert ["Amazon’s investors", "Amazon’s own employees"] in differing


def test_seed_report_agrees_on_one_year_ban_and_ibm(seed_json):
    claims = {c["id"]: c["text"] for c in seed_json["claims"]}
    agreed = [" || ".join(claims[i] for i in f["claim_ids"]) for f in seed_json["findings"] if f["kind"] == "agreement"]
    assert any("banned police use" in t and "will ban police" in t for t in agreed)
    assert any("IBM said it would get out" in t and "IBM said it would" in t.split("||")[-1] for t in agreed)


def test_seed_report_agrees_on_congress_regulation(seed_json):
    claims = {c["id"]: c["text"] for c in seed_json["claims"]}
    agreed = [[claims[i] for i in f["claim_ids"]] for f in seed_json["findings"] if f["kind"] == "agreement"]
    assert any(any("hoped Congress" in t for t in ts) and any("stronger regulations" in t for t in ts[1:])
               for ts in agreed)


def test_seed_report_frames_ban_as_pause_and_moratorium(seed_json):
    framing = [f for f in seed_json["findings"] if f["kind"] == "framing"]
    terms = [{a: set(t) for a, t in f["evidence"]["terms"].items()} for f in framing]
    ap = next(a["id"] for a in seed_json["articles"] if a["source"] == "AP")
    fortune = next(a["id"] for a in seed_json["articles"] if a["source"] == "Fortune")
    assert any("ban" in t.get(ap, set()) and {"pause", "moratorium"} <= t.get(fortune, set()) for t in terms)


def test_seed_report_has_no_contradiction_and_models_are_named(seed_json):
    assert seed_json["summary"]["counts"]["contradiction"] == 0
    assert seed_json["models"]["nli"] and "nli" in seed_json["models"]["nli"]


def test_seed_report_drops_boilerplate(seed_json):
    texts = [c["text"] for c in seed_json["claims"]]
    assert not any(t.startswith(("More must-read", "Sign up", "Subscribe")) for t in texts)


def test_ids_are_deterministic(seed_json, tmp_path):
    out = tmp_path / "again.json"
    assert run("compare", str(SEED), "--format", "json", "-o", str(out), "-q").exit_code == 0
    again = json.loads(out.read_text())
    assert [f["id"] for f in again["findings"]] == [f["id"] for f in seed_json["findings"]]


def test_text_and_markdown_formats():
    res = run("compare", str(SEED), "-q")
    assert res.exit_code == 0 and "claimcheck consistency report" in res.stdout
    res = run("compare", str(SEED), "-q", "--format", "markdown")
    assert res.exit_code == 0 and res.stdout.startswith("# claimcheck consistency report")


def test_fail_on_attribution_exits_1():
    assert run("compare", str(SEED), "-q", "--fail-on", "attribution").exit_code == 1
    assert run("compare", str(SEED), "-q", "--fail-on", "contradiction").exit_code == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00" * 50, "binary"),
        ("bad.txt", b"Caf\xe9 au lait is served in the morning. It is good.", "not valid UTF-8"),
        ("bad.json", b'{"text": "unterminated', "JSON"),
        ("bad.md", b"---\ntitle: [unclosed\n---\nBody text is here. It has a verb.", "front matter"),
    ],
)
def test_bad_input_is_skipped_and_reported(tmp_path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    before = hashlib.sha256(content).hexdigest()
    out = tmp_path / "r.json"
    res = run("compare", str(bad), str(SEED), "--format", "json", "-o", str(out), "-q")
    assert res.exit_code == 0, res.output
    report = json.loads(out.read_text())
    assert len(report["articles"]) == 2
    (skipped,) = report["skipped"]
    assert skipped["path"] == str(bad) and message in skipped["reason"]
    assert f"warning: skipped {bad}" in res.stderr
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before  # inputs are never modified


def test_bad_input_with_strict_exits_2(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    res = run("compare", str(bad), str(SEED), "--strict", "-q")
    assert res.exit_code == 2
    assert res.stderr.startswith(f"Error: {bad}: file is empty")
    assert len(res.stderr.strip().splitlines()) == 1


def test_missing_path_and_single_article_exit_2(tmp_path):
    res = run("compare", str(tmp_path / "nope.txt"), str(SEED / "ap.txt"), "-q")
    assert res.exit_code == 2
    assert "at least two readable articles" in res.stderr
    assert "nope.txt" in res.stderr


def test_output_file_written_only_on_success(tmp_path):
    out = tmp_path / "r.json"
    res = run("compare", str(tmp_path / "missing.txt"), "-o", str(out), "-q")
    assert res.exit_code == 2 and not out.exists()


def test_python_api_accepts_articles_and_paths(seed_articles):
    from checker import Article, compare

    report = compare([Article(source=a.source, text=a.text, published=a.published) for a in seed_articles])
    assert len(report.articles) == 2 and report.findings


def test_no_nli_skips_the_model_and_still_reports(tmp_path):
    out = tmp_path / "report.json"
    res = run("compare", str(SEED), "--no-nli", "--format", "json", "-o", str(out), "-q")
    assert res.exit_code == 0, res.output
    report = json.loads(out.read_text())
    assert report["models"]["nli"] is None
    assert report["summary"]["counts"]["contradiction"] == 0
    assert all(f["evidence"].get("decided_by") == ["paraphrase"]
               for f in report["findings"] if f["kind"] == "agreement")
