"""Stage 7: alignment and verdicts -> Report (counts, findings, skipped inputs). Pure, no formatting.

Aligned pairs with no verdict become ``agreement`` (merged per fact); framing verdicts of one fact are
merged into one finding whose evidence lists the terms each source uses; claims aligned with nothing are
``unique``. ``summary.consistency`` is the share of facts (aligned groups across articles) whose
findings are all ``agreement``; 1.0 when there is no fact.
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
    framing_by_fact: dict[int, list[Verdict]] = {}
    agree_by_fact: dict[int, list[tuple[int, int, float]]] = {}
    for pair in alignment.pairs:
        vs = verdicts.get((pair.a, pair.b), [])
        f = fact_of[pair.a]
        for v in vs:
            v.scores.setdefault("similarity", round(pair.similarity, 4))
            if v.kind == FindingKind.FRAMING:
                framing_by_fact.setdefault(f, []).append(v)
            else:
                raw.append((v, facts[f].id))
        if not vs:
            agree_by_fact.setdefault(f, []).append((pair.a, pair.b, pair.similarity))
    for f, vs in framing_by_fact.items():
        raw.append((_merge_framing(vs, claims_by_id), facts[f].id))
    for f, pairs in agree_by_fact.items():
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
                    facts[f].id))
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
    troubled = {fd.fact_id for fd in findings if fd.fact_id and fd.kind != FindingKind.AGREEMENT}
    consistency = 1.0 if not facts else round(1 - len(troubled) / len(facts), 4)
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
