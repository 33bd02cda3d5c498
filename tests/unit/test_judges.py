"""Stage 6: table-driven judge cases from tests/cases/judges.yml (pairs that must and must not trigger).

Every case runs through ``judge_pair`` as ``compare`` runs it: with the real embedder's similarity and
the shipped NLI model's probabilities in both directions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import yaml

from checker.claims import extract_claims
from checker.config import load_settings
from checker.judges.nli import PairNLI, quoted, score_pairs
from checker.lexicon import wordnet
from checker.pipeline import agreement_rule, default_embedder, default_nli, judge_pair
from checker.schema import Article, FindingKind

CASES = yaml.safe_load((Path(__file__).parent.parent / "cases" / "judges.yml").read_text())
PUBLISHED = date(2020, 6, 10)


def _claim(text: str, source: str):
    art = Article(source=source, text=text, published=PUBLISHED)
    (claim,) = extract_claims(art)
    return art, claim


def _judge(text_a: str, text_b: str):
    art_a, a = _claim(text_a, "A")
    art_b, b = _claim(text_b, "B")
    va, vb = default_embedder().encode([a.text, b.text])
    nli = score_pairs([(a.text, b.text)], default_nli())[0]
    qa, qb = quoted(a.text), quoted(b.text)
    quote_nli = score_pairs([(qa, qb)], default_nli())[0] if qa and qb and a.speaker and b.speaker else None
    sources = {art_a.id: "A", art_b.id: "B"}
    published = {art_a.id: PUBLISHED, art_b.id: PUBLISHED}
    return (art_a, art_b), judge_pair(a, b, sources, published, float(np.dot(va, vb)), nli, quote_nli=quote_nli)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_judge_case(case):
    if wordnet() is None and ("framing" in case["name"] or "antonym" in case["name"]):
        pytest.skip("WordNet (Debian wordnet-base) not installed: run 'make install'")
    _, verdicts = _judge(case["a"], case["b"])
    rules = {v.rule for v in verdicts}
    for rule in case.get("fires", []):
        assert rule in rules, f"{rule} should fire; got {sorted(rules)}"
    for rule in case.get("not", []):
        assert rule not in rules, f"{rule} should not fire; got {sorted(rules)}"
    if "agree" in case:
        agreed = any(v.kind == FindingKind.AGREEMENT for v in verdicts)
        assert agreed == case["agree"], f"agreement should be {case['agree']}; got {sorted(rules)}"


def test_framing_evidence_lists_terms_per_article():
    (art_a, art_b), verdicts = _judge("Amazon banned police use of its technology for a year.",
                                      "Amazon paused police use of its technology for a year.")
    (v,) = [v for v in verdicts if v.rule == "framing.lexical"]
    assert v.evidence["terms"] == {art_a.id: ["ban"], art_b.id: ["pause"]}


def test_framing_needs_the_same_occasion():
    _, verdicts = _judge("Amazon attracted attention in 2016.", "Amazon matched the photos in 2018.")
    assert "framing.lexical" not in {v.rule for v in verdicts}


def test_attribution_evidence_shared_and_differing():
    (art_a, art_b), verdicts = _judge(
        "Civil rights groups and Amazon's own employees have pushed the company to stop selling it.",
        "Civil rights organizations and Amazon's investors have urged the company to stop selling it.")
    (v,) = [v for v in verdicts if v.rule == "attribution.agents"]
    assert v.evidence["differing"] == {art_a.id: ["Amazon's own employees"], art_b.id: ["Amazon's investors"]}
    assert v.evidence["shared"] == [["Civil rights groups", "Civil rights organizations"]]


def test_contradiction_evidence_has_both_directions_and_signal():
    (art_a, art_b), verdicts = _judge("Amazon banned police use of the software.",
                                      "Amazon did not ban police use of the software.")
    (v,) = [v for v in verdicts if v.rule == "nli.contradiction"]
    assert v.kind == FindingKind.CONTRADICTION
    assert v.evidence["signal"] in ("nli", "negation")
    assert set(v.evidence["direction"]) == {"ab", "ba"}
    assert 0.0 <= v.scores["contradiction_ab"] <= 1.0 and 0.0 <= v.scores["contradiction_ba"] <= 1.0


def test_agreement_without_nli_falls_back_to_paraphrase_similarity():
    art_a, a = _claim("The company halted sales of the software to police.", "A")
    art_b, b = _claim("The company stopped sales of the software to police.", "B")
    sources = {art_a.id: "A", art_b.id: "B"}
    (v,) = judge_pair(a, b, sources, {}, similarity=0.97)
    assert v.rule == "agreement.paraphrase"
    assert judge_pair(a, b, sources, {}, similarity=0.3) == []  # only related: no verdict


@pytest.mark.parametrize(("similarity", "nli", "expected"), [
    (0.70, PairNLI(0.80, 0.70, 0.05, 0.05), "agreement.entailment"),
    (0.70, PairNLI(0.80, 0.10, 0.05, 0.05), "agreement.paraphrase"),
    (0.50, PairNLI(0.80, 0.10, 0.05, 0.05), None),  # one-way entailment needs a near-paraphrase
    (0.99, PairNLI(0.20, 0.20, 0.30, 0.30), "agreement.near_copy"),  # the model misses a long near copy
    (0.99, PairNLI(0.20, 0.20, 0.90, 0.10), None),  # a contradiction in either direction blocks all three
    (0.80, PairNLI(0.20, 0.20, 0.30, 0.30), None),  # related, below every threshold
])
def test_agreement_rule_table(similarity, nli, expected):
    settings = load_settings()
    assert settings.near_copy_threshold is not None
    assert settings.paraphrase_threshold.value <= 0.70 < settings.near_copy_threshold.value <= 0.99
    assert agreement_rule(similarity, nli, settings) == expected


def test_near_copy_threshold_is_fitted_on_the_mrpc_dev_half_and_can_be_absent():
    settings = load_settings()
    nc = settings.near_copy_threshold
    assert "sha256 is even" in nc.split and nc.script == "scripts/fit_near_copy.py"
    off = settings.model_copy(update={"near_copy_threshold": None})
    assert agreement_rule(0.99, PairNLI(0.2, 0.2, 0.3, 0.3), off) is None


def test_speaker_judge_needs_the_quoted_words_to_be_one_statement():
    # the seed pair's Garvie and Ozer quotes: MiniLM puts the claims at 0.68, above the paraphrase gate
    art_a, a = _claim("\u201cAmazon\u2019s decision is an important symbolic step, but this doesn\u2019t really "
                      "change the face recognition landscape in the United States,\u201d said Clare Garvie.", "A")
    art_b, b = _claim("\u201cThis surveillance technology\u2019s threat to our civil rights and civil liberties "
                      "will not disappear in a year,\u201d said Nicole Ozer.", "B")
    sources = {art_a.id: "A", art_b.id: "B"}
    quote_nli = score_pairs([(quoted(a.text), quoted(b.text))], default_nli())[0]
    fired = {v.rule for v in judge_pair(a, b, sources, {}, similarity=0.68)}
    gated = {v.rule for v in judge_pair(a, b, sources, {}, similarity=0.68, quote_nli=quote_nli)}
    assert "attribution.speaker" in fired  # without the quote check the paraphrase gate lets it through
    assert "attribution.speaker" not in gated

