"""Stage 7: alignment and verdicts -> Report (counts, findings, skipped inputs). Pure, no formatting.

The judge stage decides each aligned pair: verdicts of the judges, an ``agreement`` verdict (mutual
entailment or near-paraphrase, no conflict), or nothing when the two claims are only *related* (same
topic, different facts). Agreeing pairs that share a claim are one ``agreement`` finding; framing
verdicts on one actor's act that share a claim are one finding whose evidence lists the terms each source
uses; claims with no judged counterpart
(aligned with nothing, or only with related claims) are ``unique``. ``summary.consistency`` is the
share of agreements among the findings told across articles (agreements and discrepancies; unique claims
do not count); 1.0 when there are none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from checker.align import Alignment
from checker.claims.frames import actors_match
from checker.judges import Verdict
from checker.schema import (
    KIND_RANK,
    SEVERITY_OF,
    SEVERITY_RANK,
    Article,
    ArticleInfo,
    Claim,
    Fact,
    Finding,
    FindingKind,
    ModelInfo,
    Report,
    Skipped,
    Summary,
    ToolInfo,
)

T = TypeVar("T")


def _merge_framing(verdicts: list[Verdict], sources: dict[str, str]) -> Verdict:
    terms: dict[str, set[str]] = {}
    subs: list[dict] = []
    claim_ids: list[str] = []
    for v in verdicts:
        for art, ts in v.evidence["terms"].items():
            terms.setdefault(art, set()).update(ts)
        subs.extend(v.evidence["substitutions"])
        claim_ids.extend(c for c in v.claim_ids if c not in claim_ids)
    first = verdicts[0]
    evidence = dict(first.evidence)
    evidence["terms"] = {a: sorted(t) for a, t in sorted(terms.items())}
    unique_subs: dict[str, dict] = {}
    for sub in subs:
        unique_subs.setdefault(repr(sorted(sub.items())), sub)
    evidence["substitutions"] = list(unique_subs.values())
    summary = first.summary if len(verdicts) == 1 else (
        f"{first.evidence.get('actor')}'s action is worded differently: "
        + "; ".join(f"{sources.get(a, a)} says {', '.join(sorted(t))}" for a, t in sorted(terms.items()))
    )
    return Verdict(first.rule, first.kind, claim_ids, summary, evidence, first.scores)


def build_report(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    alignment: Alignment,
    verdicts: dict[tuple[int, int], list[Verdict]],
    skipped: Sequence[Skipped],
    models: ModelInfo,
    version: str,
    unique_limit: int | None = None,
) -> Report:
    """Assemble the report (see module docstring).

    Args:
        articles: the articles read, in input order.
        claims: every claim of every article, in article then reading order.
        alignment: pairs, facts and unmatched claims (indices into ``claims``).
        verdicts: the judges' verdicts per aligned pair ``(a, b)``.
        skipped: inputs that were not used.
        models: which models made the report.
        version: claimcheck's version.
        unique_limit: only claims with an index below it can be ``unique`` (``check`` reports the
            drafts' unique claims, not the archive's); ``None`` for all.
    """
    sources = {a.id: a.source for a in articles}
    claims_by_id = {c.id: c for c in claims}
    order = {c.id: i for i, c in enumerate(claims)}
    fact_of: dict[int, int] = {}
    facts: list[Fact] = []
    for n, members in enumerate(alignment.facts):
        fid = f"fact-{n + 1:03d}"
        for i in members:
            fact_of[i] = n
        art_ids: list[str] = []
        for i in members:
            if claims[i].article_id not in art_ids:
                art_ids.append(claims[i].article_id)
        facts.append(Fact(id=fid, claim_ids=[claims[i].id for i in members], article_ids=art_ids))

    raw: list[tuple[Verdict, str | None]] = []
    framing_by_group: dict[str, list[Verdict]] = {}
    agree_by_group: dict[str, list[tuple[int, int, float, Verdict]]] = {}
    judged: set[int] = set()  # claims with a counterpart that tells the same fact (any verdict)
    related: dict[int, list[int]] = {}  # claims aligned only with claims that tell another fact
    for pair in alignment.pairs:
        vs = verdicts.get((pair.a, pair.b), [])
        if not vs:
            related.setdefault(pair.a, []).append(pair.b)
            related.setdefault(pair.b, []).append(pair.a)
            continue
        judged.update((pair.a, pair.b))
        fa, fb = fact_of.get(pair.a), fact_of.get(pair.b)
        fact_id = facts[fa].id if fa is not None and fa == fb else None
        group = fact_id or f"pair-{pair.a}-{pair.b}"  # a pair outside one fact is reported on its own
        for v in vs:
            v.scores.setdefault("similarity", round(pair.similarity, 4))
            if v.kind == FindingKind.FRAMING:
                framing_by_group.setdefault(group, []).append(v)
            elif v.kind == FindingKind.AGREEMENT:
                agree_by_group.setdefault(group, []).append((pair.a, pair.b, pair.similarity, v))
            else:
                raw.append((v, fact_id))
    # framing verdicts on one actor's act that share a claim are one finding: "ban" / "pause", "moratorium"
    framing = [v for vs in framing_by_group.values() for v in vs]
    fact_by_claim = {claims[i].id: facts[n].id for i, n in fact_of.items()}
    for vs in _connected(framing, lambda x, y: bool(set(x.claim_ids) & set(y.claim_ids))
                         and actors_match(x.evidence.get("actor"), y.evidence.get("actor"))):
        in_facts = {fact_by_claim.get(c) for v in vs for c in v.claim_ids}
        raw.append((_merge_framing(vs, sources), in_facts.pop() if len(in_facts) == 1 else None))
    # one agreement finding per connected set of agreeing pairs: a fact can hold several agreements
    for group, group_pairs in agree_by_group.items():
        for pairs in _connected(group_pairs, lambda x, y: bool({x[0], x[1]} & {y[0], y[1]})):
            raw.append((_agreement(pairs, claims, claims_by_id, order, sources),
                        None if group.startswith("pair-") else group))
    limit = len(claims) if unique_limit is None else unique_limit
    for i in sorted(set(alignment.unmatched) | set(related)):
        if i in judged or i >= limit:
            continue
        c = claims[i]
        evidence: dict = {"article_id": c.article_id}
        if i in related:
            evidence["related"] = [claims[j].id for j in sorted(set(related[i]), key=lambda j: order[claims[j].id])]
        raw.append((Verdict("unique.unmatched" if i not in related else "unique.related_only", FindingKind.UNIQUE,
                            [c.id], f"Only {sources[c.article_id]} reports: \u201c{_short(c.text)}\u201d",
                            evidence), None))

    for v, _ in raw:
        v.claim_ids.sort(key=order.__getitem__)
    raw.sort(key=lambda x: (SEVERITY_RANK[SEVERITY_OF[x[0].kind]], KIND_RANK[x[0].kind],
                            order[x[0].claim_ids[0]], x[0].rule, x[0].claim_ids))
    findings = []
    for v, fact_id in raw:
        digest = hashlib.sha1(f"{v.rule}|{'|'.join(v.claim_ids)}".encode()).hexdigest()[:8]
        findings.append(Finding(
            id=f"{v.kind.value}-{digest}", kind=v.kind, severity=SEVERITY_OF[v.kind], rule=v.rule,
            claim_ids=v.claim_ids, fact_id=fact_id, summary=v.summary, evidence=v.evidence, scores=v.scores,
        ))
    counts = {k.value: 0 for k in FindingKind}
    for fd in findings:
        counts[fd.kind.value] += 1
    # judged findings told across articles: agreements against discrepancies (unique claims do not count)
    agreed = counts[FindingKind.AGREEMENT.value]
    told = sum(n for k, n in counts.items() if k != FindingKind.UNIQUE.value)
    consistency = 1.0 if not told else round(agreed / told, 4)
    n_claims: dict[str, int] = {}
    for c in claims:
        n_claims[c.article_id] = n_claims.get(c.article_id, 0) + 1
    return Report(
        tool=ToolInfo(version=version),
        models=models,
        articles=[ArticleInfo(id=a.id, source=a.source, title=a.title, path=a.path, published=a.published,
                              url=a.url, n_claims=n_claims.get(a.id, 0), text=a.text) for a in articles],
        claims=list(claims),
        facts=facts,
        findings=findings,
        summary=Summary(consistency=consistency, counts=counts),
        skipped=list(skipped),
    )


def _connected(items: list[T], linked: Callable[[T, T], bool]) -> list[list[T]]:
    """Group ``items`` into connected components of the ``linked`` relation, each in input order."""
    parent = list(range(len(items)))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for x in range(len(items)):
        for y in range(x):
            if linked(items[x], items[y]):
                rx, ry = root(x), root(y)
                parent[max(rx, ry)] = min(rx, ry)
    groups: dict[int, list[T]] = {}
    for x, item in enumerate(items):
        groups.setdefault(root(x), []).append(item)
    return list(groups.values())


def _agreement(pairs: list[tuple[int, int, float, Verdict]], claims: Sequence[Claim],
               claims_by_id: dict[str, Claim], order: dict[str, int], sources: dict[str, str]) -> Verdict:
    ids: list[str] = []
    for a, b, _, _ in pairs:
        ids.extend(x for x in (claims[a].id, claims[b].id) if x not in ids)
    ids.sort(key=order.__getitem__)
    sims = [s for _, _, s, _ in pairs]
    names = sorted({sources[claims_by_id[i].article_id] for i in ids})
    summary = f"{' and '.join(names)} agree: \u201c{_short(claims_by_id[ids[0]].text)}\u201d"
    scores = {"similarity": round(min(sims), 4), "similarity_max": round(max(sims), 4)}
    for key in ("entailment", "contradiction"):
        vals = [v.scores[key] for _, _, _, v in pairs if key in v.scores]
        if vals:
            scores[key] = round(max(vals), 4)
    evidence = {"pairs": [[claims[a].id, claims[b].id] for a, b, _, _ in pairs],
                "decided_by": sorted({v.rule.split(".", 1)[1] for _, _, _, v in pairs})}
    return Verdict("agreement.aligned", FindingKind.AGREEMENT, ids, summary, evidence, scores)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"
