"""Fit the near-copy agreement threshold on MRPC's dev half and record it in models/thresholds/near_copy.json.

Why: the NLI model misses entailment on long sentences that two outlets print almost verbatim (on 400
held-out MNLI premises paired with *themselves*, P(entailment) averages 0.61 for sentences over 45
words; scripts/nli_identity.py), so such pairs were reported as related, not agreeing. A pair whose
similarity reaches this threshold agrees even without NLI entailment (still never when a direction
reaches the contradiction threshold, or when a judge flags the pair).

Split: MRPC test file, ids whose sha256 is even (the half scripts/fit_alignment.py fits on; the odd half
is scored by ``make eval``). Rule, fixed before measuring, the same as for the alignment channels: take
the lowest threshold (grid 0.80-0.99, step 0.01) at which the pairs it *adds* to the agreement rule
(similarity >= threshold, not already agreeing, no contradiction) are at least as precise as the
agreement rule's own agreements on the split, with at least 10 added pairs.

Usage: python scripts/fit_near_copy.py [--data ../shared/data]
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

from fit_alignment import cosine, mrpc_dev  # noqa: E402
from train_nli import default_data_dir  # noqa: E402

MIN_ADDED = 10


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(default_data_dir()))
    args = ap.parse_args(argv)

    from checker.config import Threshold, load_settings
    from checker.embed import SentenceTransformerEmbedder
    from checker.judges.nli import score_pairs
    from checker.nli_model import load_nli
    from checker.pipeline import agreement_rule

    t0 = time.time()
    settings = load_settings()
    rows = mrpc_dev(Path(args.data) / "mrpc_test.jsonl")
    gold = np.array([r["label"] == "paraphrase" for r in rows])
    cos = cosine(SentenceTransformerEmbedder(), [r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    scored = score_pairs([(r["premise"], r["hypothesis"]) for r in rows], load_nli(settings.nli_path))

    def rules(near_copy: Threshold | None) -> list[str | None]:
        """The shipped agreement rule on every pair, with this near-copy threshold (or none)."""
        at = settings.model_copy(update={"near_copy_threshold": near_copy})
        return [agreement_rule(float(c), s, at) for c, s in zip(cos, scored, strict=True)]

    agreed = np.array([r is not None for r in rules(None)])
    rule_p = float(gold[agreed].mean())
    grid = []
    for t in np.round(np.arange(0.80, 0.995, 0.01), 2):
        trial = Threshold(name="agreement.near_copy", value=float(t), metric="", split="", script="")
        added = np.array([r == "agreement.near_copy" for r in rules(trial)])
        grid.append({"threshold": float(t), "added": int(added.sum()),
                     "precision": round(float(gold[added].mean()), 4) if added.any() else None})
    ok = [g for g in grid if g["added"] >= MIN_ADDED and g["precision"] is not None and g["precision"] >= rule_p]
    if not ok:
        print("no threshold meets the rule; near-copy agreement stays off")
        return 1
    best = ok[0]
    out = {
        "name": "agreement.near_copy",
        "value": best["threshold"],
        "metric": "precision of the paraphrase pairs the near-copy rule adds to the agreement rule",
        "split": "MRPC test file, ids whose sha256 is even (the other half is kept for evaluation)",
        "rule": ("lowest threshold whose added pairs (similarity >= threshold, not already agreeing, no "
                 f"contradiction) are at least as precise as the agreement rule's agreements, >= {MIN_ADDED} pairs"),
        "dev_scores": {"agreement_rule_precision": round(rule_p, 4), "agreement_rule_agreements": int(agreed.sum()),
                       "added": best["added"], "added_precision": best["precision"]},
        "grid": grid,
        "embedder": settings.embedder,
        "model": "models/nli",
        "used_for": "agreement.near_copy: a pair this similar agrees without NLI entailment",
        "script": "scripts/fit_near_copy.py",
        "seconds": round(time.time() - t0, 1),
    }
    path = ROOT / "models" / "thresholds" / "near_copy.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"near_copy: {best['threshold']} (adds {best['added']} pairs at precision {best['precision']}; "
          f"rule precision {rule_p:.4f}) -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
