"""Stage 6: table-driven judge cases from tests/cases/judges.yml (pairs that must and must not trigger)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from checker.claims import extract_claims
from checker.lexicon import wordnet
from checker.pipeline import judge_pair
from checker.schema import Article

CASES = yaml.safe_load((Path(__file__).parent.parent / "cases" / "judges.yml").read_text())
PUBLISHED = date(2020, 6, 10)


def _claim(text: str, source: str):
    art = Article(source=source, text=text, published=PUBLISHED)
    (claim,) = extract_claims(art)
    return art, claim


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_judge_case(case):
    if wordnet() is None and "framing" in case["name"]:
        pytest.skip("WordNet (Debian wordnet-base) not installed: run 'make install'")
    art_a, a = _claim(case["a"], "A")
    art_b, b = _claim(case["b"], "B")
    sources = {art_a.id: "A", art_b.id: "B"}
    published = {art_a.id: PUBLISHED, art_b.id: PUBLISHED}
    rules = {v.rule for v in judge_pair(a, b, sources, published)}
    for rule in case.get("fires", []):
        assert rule in rules, f"{rule} should fire; got {sorted(rules)}"
    for rule in case.get("not", []):
        assert rule not in rules, f"{rule} should not fire; got {sorted(rules)}"


def test_framing_evidence_lists_terms_per_article():
    art_a, a = _claim("Amazon banned police use of its technology for a year.", "A")
    art_b, b = _claim("Amazon paused police use of its technology for a year.", "B")
    (v,) = [v for v in judge_pair(a, b, {art_a.id: "A", art_b.id: "B"}, {}) if v.rule == "framing.lexical"]
    assert v.evidence["terms"] == {art_a.id: ["ban"], art_b.id: ["pause"]}


def test_attribution_evidence_shared_and_differing():
    text_a = "Civil rights groups and Amazon's own employees have pushed the company to stop selling it."
    art_a, a = _claim(text_a, "A")
    text_b = "Civil rights organizations and Amazon's investors have urged the company to stop selling it."
    art_b, b = _claim(text_b, "B")
    (v,) = [v for v in judge_pair(a, b, {art_a.id: "A", art_b.id: "B"}, {}) if v.rule == "attribution.agents"]
    assert v.evidence["differing"] == {art_a.id: ["Amazon's own employees"], art_b.id: ["Amazon's investors"]}
    assert v.evidence["shared"] == [["Civil rights groups", "Civil rights organizations"]]
