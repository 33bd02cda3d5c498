"""Stage 5: claim vectors -> aligned claim pairs and facts (groups of claims across articles).

Pure given the embeddings. A FAISS inner-product index (cosine on unit vectors) holds every claim of
the set; for each claim its nearest claims are looked up, and its best matches in each *other* article
(up to ``per_article``) become edges when the similarity reaches the fitted threshold. Connected claims form a fact; a claim
with no edge is unique to its article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ClaimPair:
    """Two aligned claims (indices into the claim list) from different articles, and their cosine."""

    a: int
    b: int
    similarity: float


@dataclass
class Alignment:
    """Result of alignment: the pairs, the facts (lists of claim indices) and the unmatched claims."""

    pairs: list[ClaimPair]
    facts: list[list[int]]
    unmatched: list[int]


def nearest(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(similarities, indices)`` of each row's ``k`` nearest rows (itself included), via FAISS."""
    import faiss

    n, dim = vectors.shape
    index = faiss.IndexFlatIP(dim)
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index.search(np.ascontiguousarray(vectors, dtype=np.float32), min(k, n))


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def align_claims(
    vectors: np.ndarray, article_ids: Sequence[str], threshold: float, neighbours: int = 10,
    per_article: int = 3,
) -> Alignment:
    """Align claims across articles (see module docstring).

    Args:
        vectors: ``(n, dim)`` unit-norm claim embeddings.
        article_ids: the article of each claim.
        threshold: minimum cosine similarity of an aligned pair (fitted, see models/thresholds).
        neighbours: how many nearest claims to look at per claim.
        per_article: at most this many matches of a claim in each other article (a claim that sums up
            two sentences of another article aligns with both).

    Returns:
        The aligned pairs (each once, ``a < b``), facts sorted by first claim, unmatched claims.
    """
    n = len(article_ids)
    if n == 0:
        return Alignment([], [], [])
    n_articles = len(set(article_ids))
    sims, idx = nearest(vectors, neighbours + n_articles)
    best: dict[tuple[int, int], float] = {}
    for i in range(n):
        taken: dict[str, int] = {}
        for s, j in zip(sims[i], idx[i], strict=True):
            if j < 0 or j == i or article_ids[j] == article_ids[i] or taken.get(article_ids[j], 0) >= per_article:
                continue
            taken[article_ids[j]] = taken.get(article_ids[j], 0) + 1
            if s >= threshold:
                key = (min(i, int(j)), max(i, int(j)))
                best[key] = max(best.get(key, -1.0), float(s))
    pairs = [ClaimPair(a, b, round(s, 6)) for (a, b), s in sorted(best.items())]
    parent = list(range(n))
    for p in pairs:
        ra, rb = _find(parent, p.a), _find(parent, p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(_find(parent, i), []).append(i)
    facts = sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
    unmatched = [g[0] for g in groups.values() if len(g) == 1]
    return Alignment(pairs, facts, sorted(unmatched))
