"""Stage 5: alignment is pure given embeddings; facts group claims across articles."""

from __future__ import annotations

import numpy as np

from checker.align import align_claims


def _unit(rows):
    v = np.array(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_aligns_best_match_in_other_article_above_threshold():
    vecs = _unit([[1, 0, 0], [0, 1, 0], [0.9, 0.1, 0], [0, 0, 1]])
    arts = ["a", "a", "b", "b"]
    out = align_claims(vecs, arts, threshold=0.8)
    assert [(p.a, p.b) for p in out.pairs] == [(0, 2)]
    assert out.facts == [[0, 2]]
    assert out.unmatched == [1, 3]


def test_never_aligns_within_one_article():
    vecs = _unit([[1, 0], [1, 0.01], [0, 1]])
    out = align_claims(vecs, ["a", "a", "b"], threshold=0.5)
    assert out.pairs == []
    assert out.unmatched == [0, 1, 2]


def test_threshold_is_respected():
    vecs = _unit([[1, 0], [0.6, 0.8]])  # cosine 0.6
    assert align_claims(vecs, ["a", "b"], threshold=0.61).pairs == []
    assert len(align_claims(vecs, ["a", "b"], threshold=0.59).pairs) == 1


def test_three_articles_form_one_fact():
    vecs = _unit([[1, 0, 0], [0.95, 0.05, 0], [0.97, 0, 0.03], [0, 1, 0]])
    out = align_claims(vecs, ["a", "b", "c", "c"], threshold=0.9)
    assert out.facts == [[0, 1, 2]]
    assert out.unmatched == [3]


def test_empty_input():
    out = align_claims(np.zeros((0, 4), dtype=np.float32), [], threshold=0.5)
    assert out.pairs == [] and out.facts == [] and out.unmatched == []


def test_hashing_embedder_aligns_shared_wording(fake_embedder):
    texts = ["Amazon banned police use of its software for a year.", "The weather was mild.",
             "Amazon banned police use of the software for one year.", "Stocks fell sharply."]
    vecs = fake_embedder.encode(texts)
    out = align_claims(vecs, ["a", "a", "b", "b"], threshold=0.5)
    assert [(p.a, p.b) for p in out.pairs] == [(0, 2)]
