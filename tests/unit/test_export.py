"""Export: load a saved JSON report (clear one-line errors), re-render it, no model imported; snapshots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.export import export_report, load_report
from checker.reporters import render

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from snapshot_utils import SNAPSHOTS, assert_snapshot, normalise  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "reports"
SAMPLE = FIXTURES / "sample.json"
SEED = "amazon-rekognition-2020"


def test_load_report_round_trips():
    report = load_report(SAMPLE)
    assert report.schema_version == "1"
    assert json.loads(render(report, "json")) == json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert load_report(str(SAMPLE)) == report


@pytest.mark.parametrize("fmt", ["html", "csv", "json"])
def test_export_report_renders_like_the_reporter(fmt):
    assert export_report(SAMPLE, fmt) == render(load_report(SAMPLE), fmt)


def test_export_passes_options():
    assert export_report(SAMPLE, "csv", bom=True).startswith("\ufeff")


def _error(tmp_path: Path, content: bytes | str | None, name: str = "report.json") -> InputError:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_report(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path) + ": ")
    assert info.value.path == str(path) and info.value.fix
    return info.value


def test_missing_file(tmp_path):
    err = _error(tmp_path, None)
    assert err.problem == "no such report file"
    assert "--format json" in err.fix


def test_directory(tmp_path):
    (tmp_path / "dir.json").mkdir()
    assert "is a directory" in _error(tmp_path, None, "dir.json").problem


def test_malformed_json(tmp_path):
    err = _error(tmp_path, '{"schema_version": "1",\n  "tool": }')
    assert err.problem.startswith("is not valid JSON: Expecting value at line 2 column")


def test_not_utf8(tmp_path):
    assert "is not UTF-8" in _error(tmp_path, b'{"a": "\xff\xfe"}').problem


def test_not_an_object(tmp_path):
    assert "top level is a list" in _error(tmp_path, "[1, 2]").problem


def test_missing_schema_version(tmp_path):
    assert "has no schema_version" in _error(tmp_path, '{"findings": []}').problem


def test_wrong_schema_version(tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["schema_version"] = "2"
    err = _error(tmp_path, json.dumps(data))
    assert err.problem == "has schema_version '2'; this claimcheck reads '1'"


def test_validation_error_names_the_field(tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["findings"][1]["kind"] = "bogus"
    del data["summary"]
    err = _error(tmp_path, json.dumps(data))
    assert err.problem.startswith("is not a valid report: ")
    assert "findings.1.kind" in err.problem or "summary" in err.problem
    assert "(and 1 more problem)" in err.problem


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert load_report(path) == load_report(SAMPLE)


def test_export_imports_no_model():
    """Exporting must not import torch, spaCy, sentence-transformers or faiss (checked in a fresh process)."""
    code = (
        "import sys\n"
        "from checker.export import export_report\n"
        f"for fmt in ('html', 'csv', 'json'):\n    export_report({str(SAMPLE)!r}, fmt)\n"
        "try:\n    export_report(" + repr(str(SAMPLE)) + ", 'markdown')\nexcept ImportError:\n    pass\n"
        "heavy = sorted(m for m in ('torch', 'spacy', 'sentence_transformers', 'faiss', 'transformers')"
        " if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"export imported {result.stdout.strip()}"


# ---------------------------------------------------------------- golden snapshots of the seed corpus


def _seed_report() -> Path:
    path = SNAPSHOTS / SEED / "report.json"
    if not path.exists():
        pytest.skip(f"{path} is missing: run `make snapshots` to generate the seed snapshots")
    return path


@pytest.mark.parametrize(("ext", "fmt"), [("md", "markdown"), ("csv", "csv"), ("html", "html")])
def test_seed_snapshot(ext, fmt):
    report_json = _seed_report()
    try:
        rendered = export_report(report_json, fmt)
    except ImportError as exc:
        pytest.skip(f"no {fmt} reporter yet: {exc}")
    assert_snapshot(rendered, SNAPSHOTS / SEED / f"report.{ext}")


def test_seed_json_snapshot_round_trips():
    report_json = _seed_report()
    saved = report_json.read_bytes().decode("utf-8")
    assert normalise(export_report(report_json, "json")) == normalise(saved)


def test_normalise_hides_version_and_absolute_paths():
    text = ('<meta name="generator" content="claimcheck 0.1.0"> "name": "claimcheck",\n "version": "1.2.3"'
            f" {REPO}/corpora/x/ap.txt /home/someone/news/ap.txt https://example.com/a/b/ and/or")
    assert normalise(text) == (
        '<meta name="generator" content="claimcheck <VERSION>"> "name": "claimcheck",\n'
        ' "version": "<VERSION>" <REPO>/corpora/x/ap.txt <ABS>/ap.txt https://example.com/a/b/ and/or')
