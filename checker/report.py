"""Stage 7: alignment and verdicts -> Report (counts, findings, skipped inputs). Pure, no formatting.

Aligned pairs with no verdict become ``agreement`` (merged per fact); framing verdicts of one fact are
merged into one finding whose evidence lists the terms each source uses; claims aligned with nothing are
``unique``. ``summary.consistency`` is the share of aligned units (facts, and aligned pairs that lie
outside one fact) whose findings are all ``agreement``; 1.0 when nothing is aligned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from checker.align import Alignment
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


def _merge_framing(verdicts: list[Verdict], claims_by_id: dict[str, Claim]) -> Verdict:
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
        + "; ".join(f"{{{a}}} {', '.join(sorted(t))}" for a, t in sorted(terms.items()))
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
    agree_by_group: dict[str, list[tuple[int, int, float]]] = {}
    for pair in alignment.pairs:
        vs = verdicts.get((pair.a, pair.b), [])
        fa, fb = fact_of.get(pair.a), fact_of.get(pair.b)
        fact_id = facts[fa].id if fa is not None and fa == fb else None
        group = fact_id or f"pair-{pair.a}-{pair.b}"  # a pair outside one fact is reported on its own
        for v in vs:
            v.scores.setdefault("similarity", round(pair.similarity, 4))
            if v.kind == FindingKind.FRAMING:
                framing_by_group.setdefault(group, []).append(v)
            else:
                raw.append((v, fact_id))
        if not vs:
            agree_by_group.setdefault(group, []).append((pair.a, pair.b, pair.similarity))
    for group, vs in framing_by_group.items():
        raw.append((_merge_framing(vs, claims_by_id), None if group.startswith("pair-") else group))
    for group, pairs in agree_by_group.items():
        ids: list[str] = []
        for a, b, _ in pairs:
            ids.extend(x for x in (claims[a].id, claims[b].id) if x not in ids)
        ids.sort(key=order.__getitem__)
        sims = [s for _, _, s in pairs]
        names = sorted({sources[claims_by_id[i].article_id] for i in ids})
        summary = f"{' and '.join(names)} agree: \u201c{_short(claims_by_id[ids[0]].text)}\u201d"
        raw.append((Verdict("agreement.aligned", FindingKind.AGREEMENT, ids, summary,
                            {"pairs": [[claims[a].id, claims[b].id] for a, b, _ in pairs]},
                            {"similarity": round(min(sims), 4), "similarity_max": round(max(sims), 4)}),
                    None if group.startswith("pair-") else group))
    for i in alignment.unmatched:
        c = claims[i]
        raw.append((Verdict("unique.unmatched", FindingKind.UNIQUE, [c.id],
                            f"Only {sources[c.article_id]} reports: \u201c{_short(c.text)}\u201d",
                            {"article_id": c.article_id}), None))

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
    # units told across articles: each fact, and each aligned pair that lies outside one fact
    units = {fd.fact_id or fd.id: fd.kind for fd in findings if fd.kind == FindingKind.AGREEMENT}
    for fd in findings:
        if fd.kind not in (FindingKind.AGREEMENT, FindingKind.UNIQUE):
            units[fd.fact_id or fd.id] = fd.kind
    troubled = sum(1 for k in units.values() if k != FindingKind.AGREEMENT)
    consistency = 1.0 if not units else round(1 - troubled / len(units), 4)
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


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"
