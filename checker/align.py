"""Stage 5: claim vectors -> aligned claim pairs and facts (groups of claims across articles).

Pure given the embeddings. A FAISS inner-product index (cosine on unit vectors) holds every claim of
the set; for each claim its nearest claims are looked up, and its best matches in each *other* article
(up to ``per_article``, ranked by hubness-corrected CSLS score) become candidate edges when the
similarity reaches the fitted threshold.
Every candidate edge is an aligned pair, judged later. Facts are grown from the strongest edge down by
average linkage: two groups merge only when the mean similarity of all their members (same-article pairs
included) reaches the same threshold, so a chain of weak links cannot glue unrelated claims into one
fact. A claim with no aligned pair is unique to its article.

A second, structured channel (``structured_pairs``) adds pairs that embeddings miss because the two
articles word one fact differently ("Amazon on Wednesday banned police use" / "the company said on
Wednesday that it would pause selling", cosine 0.25): two claims of different articles whose main
clauses have the same resolved actor and that share a normalised anchor (a date, duration, money amount
or percentage). Its precision on ECB+ dev topics is recorded in models/thresholds/alignment_channels.json,
and it is used only when that file enables it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from checker.claims.frames import actors_match, main_frames, quantity_keys
from checker.schema import Claim

HUB_K = 10  # neighbours in the CSLS hubness estimate (the value of Conneau et al. 2018)


@dataclass(frozen=True)
class ClaimPair:
    """Two aligned claims (indices into the claim list) from different articles, and their cosine."""

    a: int
    b: int
    similarity: float


@dataclass
class Alignment:
    """Result of alignment: the pairs, the facts (lists of claim indices) and the unmatched claims.

    Every pair is judged. Facts group claims for reading; a pair whose claims fell into different
    facts (average linkage kept the groups apart) is still an aligned pair, reported on its own.
    """

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


_ANCHOR_KINDS = ("date", "duration", "money", "percent")


def _anchors(claim: Claim) -> set[str]:
    return quantity_keys(claim, _ANCHOR_KINDS)


def same_main_actor(a: Claim, b: Claim) -> bool:
    """True when a main-clause frame of ``a`` and one of ``b`` have the same resolved actor."""
    return any(actors_match(fa.actor, fb.actor) for fa in main_frames(a) for fb in main_frames(b))


def structured_match(a: Claim, b: Claim) -> bool:
    """True when the main clauses of ``a`` and ``b`` share a resolved actor and the claims share an anchor.

    Example: "Amazon on Wednesday banned police use ..." and "The company said on Wednesday that it would
    pause selling ..." (actor Amazon, date 2020-06-10) match; "IBM said on Tuesday ..." does not.
    """
    return bool(_anchors(a) & _anchors(b)) and same_main_actor(a, b)


def structured_pairs(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of claims from different articles that ``structured_match``."""
    with_anchor = [i for i, c in enumerate(claims) if _anchors(c) and main_frames(c)]
    return [(i, j) for n, i in enumerate(with_anchor) for j in with_anchor[n + 1:]
            if claims[i].article_id != claims[j].article_id and structured_match(claims[i], claims[j])]


def align_claims(
    vectors: np.ndarray, article_ids: Sequence[str], threshold: float, neighbours: int = 10,
    per_article: int = 3, extra_pairs: Sequence[tuple[int, int]] = (),
    keep_beyond_cap: Callable[[int, int], bool] | None = None,
) -> Alignment:
    """Align claims across articles (see module docstring).

    Args:
        vectors: ``(n, dim)`` unit-norm claim embeddings.
        article_ids: the article of each claim.
        threshold: minimum cosine similarity of an aligned pair (fitted, see models/thresholds).
        neighbours: how many nearest claims to look at per claim.
        per_article: at most this many matches of a claim in each other article (a claim that sums up
            two sentences of another article aligns with both).
        extra_pairs: pairs found by another channel (``structured_pairs``), aligned whatever their cosine;
            they join facts only under the same average-linkage rule.
        keep_beyond_cap: for a candidate at or above the threshold that the per-article cap left out,
            whether to keep it anyway (``same_main_actor`` of the two claims).

    Returns:
        The aligned pairs (each once, ``a < b``), facts sorted by first claim, unmatched claims.
    """
    n = len(article_ids)
    if n == 0:
        return Alignment([], [], [])
    n_articles = len(set(article_ids))
    sims, idx = nearest(vectors, neighbours + n_articles + HUB_K)
    # hubness correction (CSLS, Conneau et al. 2018): r[i] = mean cosine of i's HUB_K nearest claims
    # in other articles; candidates are ranked by 2*cos - r[i] - r[j], so a generic claim that is close to
    # everything ("Amazon ... facial recognition ... police") stops being everyone's best match.
    r = np.zeros(n, dtype=np.float64)
    for i in range(n):
        cross = [float(s) for s, j in zip(sims[i], idx[i], strict=True)
                 if j >= 0 and article_ids[j] != article_ids[i]][:HUB_K]
        r[i] = float(np.mean(cross)) if cross and HUB_K > 0 else 0.0
    best: dict[tuple[int, int], tuple[float, float]] = {}  # (a, b) -> (cosine, csls)
    for i in range(n):
        ranked: dict[str, list[tuple[float, float, int]]] = {}
        for s, j in zip(sims[i], idx[i], strict=True):
            if j < 0 or j == i or article_ids[j] == article_ids[i]:
                continue
            ranked.setdefault(article_ids[j], []).append((2 * float(s) - r[i] - r[j], float(s), int(j)))
        for cands in ranked.values():
            for rank, (csls, cos, j) in enumerate(sorted(cands, reverse=True)):
                if cos < threshold or (rank >= per_article and not (keep_beyond_cap and keep_beyond_cap(i, j))):
                    continue
                key = (min(i, j), max(i, j))
                best[key] = max(best.get(key, (-1.0, -9.0)), (cos, csls))
    for i, j in extra_pairs:
        key = (min(i, j), max(i, j))
        if key not in best and article_ids[i] != article_ids[j]:
            cos = float(np.dot(vectors[i], vectors[j]))
            best[key] = (cos, 2 * cos - r[i] - r[j])
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    cluster = list(range(n))
    for (a, b), _score in sorted(best.items(), key=lambda kv: (-kv[1][1], kv[0])):
        ca, cb = cluster[a], cluster[b]
        if ca == cb:
            continue
        ma, mb = members[ca], members[cb]
        if float((vectors[ma] @ vectors[mb].T).mean()) < threshold:
            continue  # average linkage: the groups as a whole do not tell the same fact
        keep, drop = min(ca, cb), max(ca, cb)
        members[keep] = sorted(ma + mb)
        for i in members[drop]:
            cluster[i] = keep
        del members[drop]
    pairs = [ClaimPair(a, b, round(cos, 6)) for (a, b), (cos, _) in sorted(best.items())]
    facts = sorted((g for g in members.values() if len(g) > 1), key=lambda g: g[0])
    linked = {p.a for p in pairs} | {p.b for p in pairs}
    unmatched = [i for i in range(n) if i not in linked]
    return Alignment(pairs, facts, sorted(unmatched))
