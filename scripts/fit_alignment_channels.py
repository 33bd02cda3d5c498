"""Measure the structured alignment channels on ECB+ dev topics 1-35 and record what they are worth.

Embedding similarity misses pairs that tell one fact in different words ("Amazon banned police use" /
"the company would pause selling ... to police", MiniLM cosine 0.25). A structured channel aligns such
pairs when two claims of different articles share the *same resolved main actor* and a *shared anchor*
(a normalised date, duration, money amount or percentage) ("actor_anchor"). A second one keeps every
pair above the embedding threshold whose main clauses share the resolved actor, beyond the per-article
cap on matches ("actor_above": a claim that is close to many others, and so ranked down by CSLS, still
aligns with the claim that tells its actor's act). A third ("core") aligns the claims' cores (asides
removed, checker/claims/core.py) the same way as the full texts, and adds the pairs that only the cores
align; its precision is that of the added pairs. "core_same_source" keeps only those added pairs whose
claims have the same speaker or the same main actor. This script measures, on ECB+
training topics 1-35 (the dev split; test topics 36-45 are left for `make eval`), how often pairs picked
by each channel are gold same-event pairs (they share a cross-document event chain), beside the base rate
of all cross-document pairs and the precision of the embedding channel at the fitted threshold. A channel
is switched on (``models/thresholds/alignment_channels.json``) only if the pairs it adds (those below the
embedding threshold) are at least as precise on dev as the embedding channel's pairs.

Usage: python scripts/fit_alignment_channels.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ecbplus import cross_doc_chains, records, sentence_spans  # noqa: E402

from checker.align import align_claims, same_main_actor, structured_match  # noqa: E402
from checker.claims import extract_claims  # noqa: E402
from checker.claims.core import claim_core  # noqa: E402
from checker.claims.frames import actors_match  # noqa: E402
from checker.claims.nlp import load_nlp  # noqa: E402
from checker.config import load_settings  # noqa: E402
from checker.embed import SentenceTransformerEmbedder  # noqa: E402
from checker.schema import Article  # noqa: E402


def same_source(a, b) -> bool:
    """True when the claims have the same speaker ("Amazon said ...") or the same main actor."""
    return actors_match(a.speaker, b.speaker) or same_main_actor(a, b)


def cluster_claims(path: Path, topics: range):
    """Yield, per ECB+ cluster, its claims mapped to annotated sentences and the gold chains per sentence."""
    for rec in records(path, topics):
        chains = cross_doc_chains(rec)
        items = []  # (doc id, claim, gold chain set)
        for doc in rec["documents"]:
            text = doc["text"]
            starts = sentence_spans(text)
            art = Article(source=doc["id"], text=text)
            for c in extract_claims(art):
                k = next((k for k, (s, e) in enumerate(starts) if s <= c.start < e + 1), None)
                if k is None:
                    continue
                idx = doc["first_sentence_index"] + k
                if idx not in doc["annotated_sentences"]:
                    continue
                items.append((doc["id"], c, chains.get((doc["id"], idx), set())))
        if len({d for d, _, _ in items}) >= 2:
            yield rec["cluster_id"], items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--write", action="store_true", help="write models/thresholds/alignment_channels.json")
    args = ap.parse_args()
    t0 = time.time()
    emb = SentenceTransformerEmbedder()
    nlp = load_nlp()
    thr = load_settings().align_threshold.value
    counts = {"all": [0, 0], "embedding": [0, 0], "actor_anchor": [0, 0], "actor_anchor_below": [0, 0],
              "actor_above": [0, 0], "core": [0, 0], "core_same_source": [0, 0]}
    variant = json.loads((ROOT / "models" / "thresholds" / "alignment_variant.json").read_text())["chosen"]
    n_clusters = 0
    for _cid, items in cluster_claims(Path(args.data) / "ecbplus_clusters.jsonl", range(1, 36)):
        n_clusters += 1
        vecs = emb.encode([c.text for _, c, _ in items])
        # each claim was parsed on its own text by extract_claims, so parsing it again gives the same tree
        cores = [(k, core) for k, (_, c, _) in enumerate(items) if (core := claim_core(nlp(c.text)))]
        core_vecs = vecs.copy()
        if cores:
            core_vecs[[k for k, _ in cores]] = emb.encode([t for _, t in cores])
        docs = [d for d, _, _ in items]
        full = {(p.a, p.b) for p in align_claims(vecs, docs, thr, per_article=variant["per_article"]).pairs}
        for p in align_claims(core_vecs, docs, thr, per_article=variant["per_article"]).pairs:
            if (p.a, p.b) not in full:
                gold = bool(items[p.a][2] & items[p.b][2])
                counts["core"][0] += gold
                counts["core"][1] += 1
                if same_source(items[p.a][1], items[p.b][1]):
                    counts["core_same_source"][0] += gold
                    counts["core_same_source"][1] += 1
        for i, j in itertools.combinations(range(len(items)), 2):
            (da, ca, ga), (db, cb, gb) = items[i], items[j]
            if da == db:
                continue
            gold = bool(ga & gb)
            cos = float(np.dot(vecs[i], vecs[j]))
            keys = ["all"]
            if cos >= thr:
                keys.append("embedding")
                if same_main_actor(ca, cb):
                    keys.append("actor_above")
            if structured_match(ca, cb):
                keys.append("actor_anchor")
                if cos < thr:
                    keys.append("actor_anchor_below")
            for k in keys:
                counts[k][0] += gold
                counts[k][1] += 1
    out = {k: {"pairs": n, "same_event": tp, "precision": round(tp / n, 4) if n else None}
           for k, (tp, n) in counts.items()}
    for k, v in out.items():
        print(f"{k:20} {v}")
    emb_p = out["embedding"]["precision"] or 0.0
    # what actor_anchor adds is the pairs below the embedding threshold: those must be as precise
    ch_p = out["actor_anchor_below"]["precision"] or 0.0
    record = {
        "name": "alignment.channels",
        "split": "ECB+ topics 1-35 (dev): cross-document pairs of claims on annotated sentences, per cluster",
        "metric": "precision of same-event pairs (the pair shares a cross-document event chain)",
        "clusters": n_clusters,
        "threshold": thr,
        "channels": out,
        "enabled": {"actor_anchor": bool(ch_p >= emb_p),
                    "actor_above": bool((out["actor_above"]["precision"] or 0.0) >= emb_p),
                    "core": bool((out["core"]["precision"] or 0.0) >= emb_p),
                    "core_same_source": bool((out["core_same_source"]["precision"] or 0.0) >= emb_p)},
        "rule": ("enable the channel when the pairs it adds (cosine below the fitted threshold) are at least as "
                 "precise on dev as the embedding channel's pairs"),
        "script": "scripts/fit_alignment_channels.py",
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(record["enabled"]), f"{record['seconds']} s")
    if args.write:
        path = ROOT / "models" / "thresholds" / "alignment_channels.json"
        path.write_text(json.dumps(record, indent=2) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
