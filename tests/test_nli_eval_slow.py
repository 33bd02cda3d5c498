"""Slow: the shipped NLI model on a fixed-seed 500-pair sample of MNLI dev-mismatched (TaxiNLI part)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CLAIMCHECK_DATA", ROOT.parent / "shared" / "data"))
ACC_FLOOR = 0.62  # shipped model: 0.670 on this sample, 0.686 on all 3,912 pairs (issue target 0.75 not met)
MNLI_MM = DATA / "nli" / "mnli_dev_mismatched_taxinli.jsonl"


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_nli", ROOT / "scripts" / "eval_nli.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
@pytest.mark.skipif(not MNLI_MM.is_file(), reason=f"{MNLI_MM} not found (set CLAIMCHECK_DATA)")
def test_mnli_mismatched_sample_accuracy():
    from checker.nli_model import load_nli

    ev = _eval_module()
    res = ev.evaluate(load_nli(), DATA, sample=500, seed=0, sets=["mnli_dev_mismatched_taxinli"])
    m = res["mnli_dev_mismatched_taxinli"]
    assert m["n"] == 500
    assert m["acc"] >= ACC_FLOOR, m
