"""Alignment quality on ECB+: precision/recall of cross-document same-event sentence pairs.

Each ECB+ cluster (one event, 3-22 documents) is treated as an article set: its annotated sentences are
the claims, its documents the articles. A predicted pair is a pair claimcheck aligns; a gold pair shares a
cross-document event chain. Variants of the aligner (ranking by cosine or CSLS, matches kept per other
article) are compared on the dev topics 1-35; the chosen variant is then reported once on test topics
36-45. Micro-averaged over pairs.

Usage: python scripts/eval_alignment.py [--data ../shared/data] [--split dev|test|both]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ecbplus import cross_doc_chains  # noqa: E402

import checker.align as align  # noqa: E402
from checker.config import load_settings  # noqa: E402
from checker.embed import SentenceTransformerEmbedder  # noqa: E402


def clusters(path: Path, topics: range):
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        if rec["topic"] not in topics:
            continue
        sents, docs = [], []
        for doc in rec["documents"]:
            for k, s in enumerate(doc["text"].split("\n")):
                idx = doc["first_sentence_index"] + k
                if idx in doc["annotated_sentences"]:
                    sents.append((doc["id"], idx, s))
                    docs.append(doc["id"])
        chains = cross_doc_chains(rec)
        gold = set()
        for i, j in itertools.combinations(range(len(sents)), 2):
            a, b = sents[i], sents[j]
            if a[0] != b[0] and chains.get((a[0], a[1]), set()) & chains.get((b[0], b[1]), set()):
                gold.add((i, j))
        if len(set(docs)) >= 2:
            yield rec["cluster_id"], [s for _, _, s in sents], docs, gold


def evaluate(data, emb, thr, use_csls: bool, per_article: int, cache: dict) -> dict:
    tp = fp = fn = 0
    saved = align.HUB_K
    for cid, texts, docs, gold in data:
        if cid not in cache:
            cache[cid] = emb.encode(texts)
        align.HUB_K = saved if use_csls else 0
        out = align.align_claims(cache[cid], docs, thr, neighbours=10, per_article=per_article)
        pred = {(p.a, p.b) for p in out.pairs}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    align.HUB_K = saved
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4),
            "pairs": tp + fp, "gold": tp + fn}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    t0 = time.time()
    emb = SentenceTransformerEmbedder()
    thr = load_settings().align_threshold.value
    path = Path(args.data) / "ecbplus_clusters.jsonl"
    dev = list(clusters(path, range(1, 36)))
    test = list(clusters(path, range(36, 46)))
    cache: dict = {}
    results = []
    for use_csls, k in itertools.product((False, True), (1, 2, 3)):
        res = evaluate(dev, emb, thr, use_csls, k, cache)
        results.append(((use_csls, k), res))
        print(f"dev  ranking={'csls' if use_csls else 'cosine':6} per_article={k}: {res}")
    (best_csls, best_k), _ = max(results, key=lambda x: x[1]["f1"])
    res = evaluate(test, emb, thr, best_csls, best_k, cache)
    print(f"chosen on dev: ranking={'csls' if best_csls else 'cosine'} per_article={best_k}")
    print(f"test (topics 36-45, not used for any choice): {res}")
    print(f"threshold {thr}, {time.time() - t0:.0f} s")
    record = {
        "name": "alignment.variant",
        "chosen": {"ranking": "csls" if best_csls else "cosine", "per_article": best_k},
        "metric": "micro F1 of cross-document same-event sentence pairs",
        "split": "ECB+ topics 1-35 (dev); test topics 36-45 reported once with the chosen variant",
        "dev": {f"{'csls' if c else 'cosine'}/{k}": r for (c, k), r in results},
        "test": res,
        "threshold": thr,
        "script": "scripts/eval_alignment.py",
    }
    (ROOT / "models" / "thresholds" / "alignment_variant.json").write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
