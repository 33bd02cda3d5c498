"""The pure helpers of scripts/eval.py (``make eval``) on tiny hand-made inputs."""

from __future__ import annotations

import hashlib
import json

import pytest

from checker.schema import (
    ArticleInfo,
    Claim,
    Finding,
    FindingKind,
    ModelInfo,
    Report,
    Severity,
    Summary,
    ToolInfo,
)
from tests.script_utils import load_script

ev = load_script("eval")


def test_heldout_half_is_the_complement_of_fit_alignment_dev_half(tmp_path):
    ids = [f"mrpc-{i}-{i + 7}" for i in range(40)]
    path = tmp_path / "mrpc.jsonl"
    path.write_text("".join(json.dumps({"id": i}) + "\n" for i in ids))
    dev = {r["id"] for r in load_script("fit_alignment").mrpc_dev(path)}
    held = {i for i in ids if ev.is_heldout(i)}
    assert dev and held
    assert dev | held == set(ids) and not dev & held
    for i in held:
        assert int(hashlib.sha256(i.encode()).hexdigest(), 16) % 2 == 1


def test_binary_metrics_hand_computed():
    m = ev.binary_metrics([True, True, True, False], [True, True, False, False])
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (2, 0, 1, 1)
    assert m["accuracy"] == pytest.approx(0.75)
    assert m["precision"] == pytest.approx(1.0)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(0.8)
    assert m["balanced_accuracy"] == pytest.approx((2 / 3 + 1) / 2)


def test_binary_metrics_no_positive_prediction_and_length_mismatch():
    m = ev.binary_metrics([True, False], [False, False])
    assert m["precision"] == 0.0 and m["recall"] == 0.0 and m["f1"] == 0.0
    assert m["balanced_accuracy"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        ev.binary_metrics([True], [True, False])


def test_majority_baseline():
    m = ev.majority_baseline([True, True, False])
    assert m["accuracy"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(0.8)
    assert m["balanced_accuracy"] == pytest.approx(0.5)
    assert ev.majority_baseline([False, False, True])["f1"] == 0.0


def test_fit_threshold_separable_and_constant():
    thr, bacc = ev.fit_threshold([0.1, 0.2, 0.8, 0.9], [False, False, True, True])
    assert bacc == pytest.approx(1.0)
    assert 0.2 < thr <= 0.8
    # inverted scores: the best a ">= thr" rule can do is a constant prediction
    _, bacc = ev.fit_threshold([0.9, 0.8, 0.2, 0.1], [False, False, True, True])
    assert bacc == pytest.approx(0.5)


def test_fit_threshold_maximises_balanced_not_plain_accuracy():
    # 1 positive among 5: plain accuracy prefers "all negative" (0.8), balanced accuracy prefers thr 0.5
    scores = [0.6, 0.4, 0.55, 0.3, 0.2]
    labels = [True, False, False, False, False]
    thr, bacc = ev.fit_threshold(scores, labels)
    assert 0.55 < thr <= 0.6
    assert bacc == pytest.approx(1.0)


def test_roc_auc():
    assert ev.roc_auc([0.9, 0.1], [True, False]) == pytest.approx(1.0)
    assert ev.roc_auc([0.1, 0.9], [True, False]) == pytest.approx(0.0)
    assert ev.roc_auc([0.5, 0.5, 0.7], [True, False, False]) == pytest.approx(0.25)


def test_sample_is_fixed_seed_and_ordered():
    rows = list(range(100))
    a = ev.sample(rows, 10)
    assert a == ev.sample(rows, 10) and len(a) == 10 and a == sorted(a)
    assert ev.sample(rows, 10, seed=1) != a
    assert ev.sample(rows, None) == rows and ev.sample(rows, 500) == rows


def test_line_spans():
    text = "Head line\nFirst sentence.\n\nLast."
    spans = ev.line_spans(text)
    assert [text[s:e] for s, e in spans] == ["Head line", "First sentence.", "", "Last."]


def test_sentence_predictions_maps_claims_by_overlap():
    text = "Headline here\nA said x.\nB did y. C did z.\nD."
    # sentence numbers start at 1 (an ECB+ "ecbplus" document); line k is sentence 1 + k
    s1 = text.index("A said")
    s2 = text.index("B did")
    s3 = text.index("C did")
    claims = [(s1, s1 + 9, True), (s2, s2 + 8, True), (s3, s3 + 8, False)]
    out = ev.sentence_predictions(text, 1, [1, 2, 3, 9], claims)
    assert out[1] == (0, False)  # the headline has no claim: not predicted unique
    assert out[2] == (1, True)
    assert out[3] == (2, False)  # one of its two claims is aligned elsewhere
    assert out[9] == (0, False)  # not in the text


def test_gold_unique_uses_cross_document_chains_only():
    cluster = {
        "documents": [{"id": "d1", "annotated_sentences": [0, 1, 2]}, {"id": "d2", "annotated_sentences": [0]}],
        "event_chains": [
            {"doc_ids": ["d1", "d2"], "mentions": [{"doc_id": "d1", "sentence": 0}, {"doc_id": "d2", "sentence": 0}]},
            {"doc_ids": ["d1"], "mentions": [{"doc_id": "d1", "sentence": 1}, {"doc_id": "d1", "sentence": 2}]},
        ],
    }
    assert ev.gold_unique(cluster) == {("d1", 0): False, ("d1", 1): True, ("d1", 2): True, ("d2", 0): False}


def _report(findings: list[Finding], n_draft: int = 2) -> Report:
    claims = [Claim(id=f"s-c{i}", article_id="s", text=f"claim {i}", start=0, end=1) for i in range(n_draft)]
    claims += [Claim(id="a-c0", article_id="a", text="article claim", start=0, end=1)]
    return Report(tool=ToolInfo(version="t"), models=ModelInfo(embedder="e"),
                  articles=[ArticleInfo(id="s", source="summary", n_claims=n_draft),
                            ArticleInfo(id="a", source="article", n_claims=1)],
                  claims=claims, facts=[], findings=findings, summary=Summary(consistency=1.0, counts={}))


def _finding(kind: str, ids: list[str], **scores: float) -> Finding:
    return Finding(id=f"{kind}-{'-'.join(ids)}", kind=FindingKind(kind), severity=Severity.INFO, rule=f"{kind}.x",
                   claim_ids=ids, summary="s", scores=scores)


def test_summary_score_min_over_claims_of_best_similarity():
    rep = _report([_finding("agreement", ["s-c0", "a-c0"], similarity=0.9),
                   _finding("agreement", ["s-c0", "a-c0"], similarity=0.6),
                   _finding("framing", ["s-c1", "a-c0"], similarity=0.7)])
    assert ev.summary_score(rep) == pytest.approx(0.7)


def test_summary_score_unique_claim_has_no_support():
    rep = _report([_finding("agreement", ["s-c0", "a-c0"], similarity=0.9), _finding("unique", ["s-c1"])])
    assert ev.summary_score(rep) == pytest.approx(0.0)


def test_summary_score_prefers_nli_scores_and_conflicts_lower_support():
    rep = _report([_finding("agreement", ["s-c0", "a-c0"], similarity=0.9, entailment=0.8, contradiction=0.1),
                   _finding("agreement", ["s-c1", "a-c0"], similarity=0.95, entailment=0.9, contradiction=0.0)])
    assert ev.summary_score(rep) == pytest.approx(0.7)
    rep = _report([_finding("agreement", ["s-c0", "a-c0"], similarity=0.9),
                   _finding("quantity", ["s-c0", "a-c0"], similarity=0.9),
                   _finding("agreement", ["s-c1", "a-c0"], similarity=0.8)])
    contradicted = ev.summary_score(rep)
    assert contradicted == pytest.approx(0.9 - ev.CONFLICT_PENALTY)
    assert contradicted < 0.0  # below an unsupported (unique) claim


def test_summary_score_ignores_the_articles_claims_and_handles_no_draft_claim():
    rep = _report([_finding("unique", ["a-c0"]), _finding("agreement", ["s-c0", "a-c0"], similarity=0.8)],
                  n_draft=1)
    assert ev.summary_score(rep) == pytest.approx(0.8)
    assert ev.summary_score(_report([], n_draft=0)) == 0.0


def test_format_table_has_one_line_per_result():
    lines = [{"set": "S", "metric": "acc", "ours": 0.5, "anchor": "a", "n": 3, "notes": "x"},
             {"set": "T", "metric": "f1", "ours": 0.25, "anchor": "b", "n": "4 docs", "notes": ""}]
    out = ev.format_table(lines).splitlines()
    assert len(out) == 4
    assert out[0].startswith("| set") and "0.500" in out[2] and "4 docs" in out[3]


def test_summary_score_variants_mean_and_entailment_only():
    rep = _report([_finding("agreement", ["s-c0", "a-c0"], similarity=0.9, entailment=0.8, contradiction=0.3),
                   _finding("quantity", ["s-c1", "a-c0"], similarity=0.9, entailment=0.4, contradiction=0.1)])
    assert ev.summary_score(rep, "mean", "e-c", 0.0) == pytest.approx((0.5 + 0.3) / 2)
    assert ev.summary_score(rep, "mean", "entailment", 0.0) == pytest.approx((0.8 + 0.4) / 2)
    assert ev.summary_score(rep, "min", "e-c", 1.0) == pytest.approx(0.3 - 1.0)
    assert set(ev.FRANK_VARIANTS) >= {"min/e-c/penalty", "mean/entailment"}
