"""Fit the NLI judge's decision thresholds on the NLI dev split and record them in models/thresholds/.

Split: the fixed-seed dev split of scripts/train_nli.py (the default training mix, deduplicated, pairs
equal to any evaluation-set pair dropped, shuffled with random.Random(42), first 2,000 pairs). It was held
out of training and used only to pick the checkpoint, so it has not been fitted on by the weights.

Two thresholds, each maximising a one-vs-rest F-score of its class on the dev split:
- ``nli.contradiction``: P(contradiction) at or above it counts as a contradiction. F0.5, because a
  contradiction is an error-level finding and a false one costs an editor's trust more than a miss. The
  judge asks for it in *both* directions of an aligned pair, stricter than the one-direction fit.
- ``nli.entailment``: P(entailment) at or above it counts as entailment (F1); ``agreement`` needs it in
  both directions (mutual entailment) unless the pair is a near-paraphrase.

Usage: python scripts/fit_nli_thresholds.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_nli import DEFAULT_MIX, LABELS, build_data, default_data_dir  # noqa: E402

from checker.nli_model import load_nli  # noqa: E402


def best_threshold(scores: np.ndarray, positive: np.ndarray, beta: float = 1.0) -> tuple[float, dict]:
    """Return the threshold on ``scores`` maximising F-beta of ``positive``, and the scores there."""
    best = (0.0, 0.5, {})
    for t in np.round(np.arange(0.05, 0.96, 0.01), 2):
        pred = scores >= t
        tp = int((pred & positive).sum())
        fp = int((pred & ~positive).sum())
        fn = int((~pred & positive).sum())
        p = tp / max(tp + fp, 1)
        r = tp / max(tp + fn, 1)
        fb = (1 + beta**2) * p * r / max(beta**2 * p + r, 1e-9)
        if fb > best[0]:
            f1 = 2 * p * r / max(p + r, 1e-9)
            best = (fb, float(t), {f"f{beta:g}": round(fb, 4), "f1": round(f1, 4), "precision": round(p, 4),
                                   "recall": round(r, 4)})
    return best[1], best[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(default_data_dir()))
    args = ap.parse_args()
    t0 = time.time()
    ns = argparse.Namespace(data=args.data, mix=DEFAULT_MIX, seed=42, dev_size=2000)
    _train, dev, stats = build_data(ns)
    model = load_nli()
    if model.labels != LABELS:
        raise SystemExit(f"label order {model.labels} != {LABELS}")
    probs = model.predict([(r["premise"], r["hypothesis"]) for r in dev])
    gold = np.array([r["label"] for r in dev])
    split = f"NLI dev split of scripts/train_nli.py: {stats['dev_definition']} ({len(dev)} pairs)"
    for name, col, beta, use in (
        ("nli_contradiction", LABELS.index("contradiction"), 0.5,
         "nli.contradiction fires when P(contradiction) >= value in both directions of an aligned pair"),
        ("nli_entailment", LABELS.index("entailment"), 1.0,
         "agreement when P(entailment) >= value in both directions (mutual entailment) or near-paraphrase"),
    ):
        value, scores = best_threshold(probs[:, col], gold == col, beta)
        record = {"name": name.replace("_", "."), "value": value,
                  "metric": f"one-vs-rest F{beta:g} of {LABELS[col]} on P({LABELS[col]}), one direction",
                  "split": split, "dev_scores": scores, "used_for": use,
                  "model": "models/nli", "script": "scripts/fit_nli_thresholds.py"}
        path = ROOT / "models" / "thresholds" / f"{name}.json"
        path.write_text(json.dumps(record, indent=2) + "\n")
        print(f"{name}: {value} {scores} -> {path}")
    print(f"{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
