"""Fit the claim-alignment similarity threshold on a named dev split and record it in models/.

Split: ECB+ training topics 1-35 (test topics 36-45 stay unseen for `make eval`). A pair is two annotated
sentences from different documents of one cluster; it is positive when both mention the same
cross-document event chain (the gold "same event" relation), negative otherwise. The threshold maximises
F1 on cosine similarity of the bundled MiniLM embeddings. MRPC's first half by id hash (the "MRPC dev part")
is reported beside it as a second dev figure; its other half is left for evaluation.

Usage: python scripts/fit_alignment.py [--data ../shared/data] [--max-pairs 20000]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ecbplus import cross_doc_chains  # noqa: E402

from checker.embed import SentenceTransformerEmbedder  # noqa: E402


def ecb_pairs(path: Path, topics: range, max_pairs: int, seed: int):
    rng = random.Random(seed)
    pos, neg = [], []
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        if rec["topic"] not in topics:
            continue
        sents = {}
        for doc in rec["documents"]:
            lines = doc["text"].split("\n")
            for k, s in enumerate(lines):
                idx = doc["first_sentence_index"] + k
                if idx in doc["annotated_sentences"]:
                    sents[(doc["id"], idx)] = s
        chains = cross_doc_chains(rec)
        for a, b in itertools.combinations(sorted(sents), 2):
            if a[0] == b[0]:
                continue
            shared = chains.get(a, set()) & chains.get(b, set())
            (pos if shared else neg).append((sents[a], sents[b]))
    rng.shuffle(pos)
    rng.shuffle(neg)
    n_pos = n_neg = min(len(pos), len(neg), max_pairs // 2)
    return pos[:n_pos], neg[:n_neg], len(pos), len(neg)


def mrpc_dev(path: Path):
    rows = [json.loads(x) for x in open(path, encoding="utf-8")]
    return [r for r in rows if int(hashlib.sha256(r["id"].encode()).hexdigest(), 16) % 2 == 0]


def cosine(emb, a, b):
    texts = sorted(set(a) | set(b))
    vecs = emb.encode(texts)
    idx = {t: i for i, t in enumerate(texts)}
    return np.array([float(vecs[idx[x]] @ vecs[idx[y]]) for x, y in zip(a, b, strict=True)])


def best_threshold(scores: np.ndarray, labels: np.ndarray, metric: str = "f1"):
    """Return (best metric value, threshold, precision, recall) over a grid of thresholds."""
    best = (-1.0, 0.5, 0.0, 0.0)
    for t in np.arange(0.10, 0.95, 0.005):
        pred = scores >= t
        tp = float((pred & labels).sum())
        p = tp / max(pred.sum(), 1)
        r = tp / max(labels.sum(), 1)
        tnr = float((~pred & ~labels).sum()) / max((~labels).sum(), 1)
        value = 2 * p * r / max(p + r, 1e-9) if metric == "f1" else (r + tnr) / 2
        if value > best[0]:
            best = (value, float(round(t, 3)), p, r)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--max-pairs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default=str(ROOT / "models" / "thresholds" / "alignment.json"))
    args = ap.parse_args()
    data = Path(args.data)
    t0 = time.time()
    emb = SentenceTransformerEmbedder()
    pos, neg, total_pos, total_neg = ecb_pairs(data / "ecbplus_clusters.jsonl", range(1, 36), args.max_pairs, args.seed)
    scores = cosine(emb, [a for a, _ in pos + neg], [b for _, b in pos + neg])
    labels = np.array([True] * len(pos) + [False] * len(neg))
    bacc, thr, p, r = best_threshold(scores, labels, metric="balanced_accuracy")
    pred_dev = scores >= thr
    f1 = 2 * p * r / max(p + r, 1e-9)
    mrpc = mrpc_dev(data / "mrpc_test.jsonl")
    ms = cosine(emb, [x["premise"] for x in mrpc], [x["hypothesis"] for x in mrpc])
    ml = np.array([x["label"] == "paraphrase" for x in mrpc])
    mf1, mthr, _, _ = best_threshold(ms, ml)
    pred = ms >= thr
    mtp = float((pred & ml).sum())
    mp, mr = mtp / max(pred.sum(), 1), mtp / max(ml.sum(), 1)
    record = {
        "name": "alignment.similarity",
        "value": thr,
        "metric": "balanced accuracy of same-event sentence pairs (cosine >= value), balanced sample",
        "split": "ECB+ topics 1-35 (training topics), annotated sentences, cross-document pairs in a cluster",
        "embedder": emb.name,
        "n_pairs": {"positive": len(pos), "negative": len(neg), "population_positive": total_pos,
                    "population_negative": total_neg, "seed": args.seed},
        "dev_scores": {"balanced_accuracy": round(bacc, 4), "accuracy": round(float((pred_dev == labels).mean()), 4),
                       "f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4)},
        "mrpc_dev": {
            "split": "MRPC test file, ids whose sha256 is even (the other half is kept for evaluation)",
            "n": len(mrpc),
            "at_value": {"accuracy": round(float((pred == ml).mean()), 4),
                         "f1": round(2 * mp * mr / max(mp + mr, 1e-9), 4)},
            "own_best_threshold": mthr, "own_best_f1": round(mf1, 4),
        },
        "script": "scripts/fit_alignment.py",
        "seconds": round(time.time() - t0, 1),
    }
    Path(args.out).write_text(json.dumps(record, indent=2) + "\n")
    paraphrase = {
        "name": "paraphrase.similarity",
        "value": mthr,
        "metric": "F1 of MRPC paraphrase pairs (cosine >= value)",
        "split": record["mrpc_dev"]["split"],
        "embedder": emb.name,
        "dev_scores": {"f1": round(mf1, 4)},
        "used_for": "judges that compare one statement told twice (attribution.speaker, quantity.*)",
        "script": "scripts/fit_alignment.py",
    }
    (Path(args.out).parent / "paraphrase.json").write_text(json.dumps(paraphrase, indent=2) + "\n")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
