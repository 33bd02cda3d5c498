"""Diagnose the NLI model on sentences paired with themselves and with near copies, by length.

Held-out premises (MNLI-mismatched, never trained on), 400 distinct ones, seed 0. For each:
``identity`` (s, s) should be entailment; ``number`` (s, s with one number changed) should be
contradiction (only premises with a number); ``core`` (s, s without its asides) should be entailment.
Scored as the pipeline scores an aligned pair (``score_pairs``: long pairs are windowed, not truncated),
premise -> hypothesis; per kind and length bucket: mean probability of the right label / share at or
above the fitted threshold of models/thresholds (entailment, contradiction).
The same synthetic kinds, built from *training* premises, are what scripts/nli_augment.py adds to the
training mix, so this measures whether the model learned them for sentences it never saw.

Usage: .venv/bin/python scripts/nli_identity.py [MODEL_DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from nli_augment import swap_number  # noqa: E402
from train_nli import default_data_dir  # noqa: E402

BUCKETS = ((0, 10), (10, 20), (20, 30), (30, 45), (45, 1000))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", nargs="?", default=None, help="model folder (default: models/nli)")
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--json", default="", help="also write the figures to this file")
    args = ap.parse_args(argv)

    from checker.claims.core import claim_core
    from checker.claims.nlp import load_nlp
    from checker.config import load_settings
    from checker.judges.nli import score_pairs
    from checker.nli_model import load_nli

    model = load_nli(args.model)
    rows = [json.loads(x) for x in open(default_data_dir() / "nli" / "mnli_dev_mismatched_taxinli.jsonl")]
    premises = sorted({" ".join(r["premise"].split()) for r in rows})
    random.Random(0).shuffle(premises)
    premises = premises[: args.n]
    rng = random.Random(0)
    nlp = load_nlp()
    kinds: dict[str, list[tuple[str, str, int]]] = {"identity": [], "number": [], "core": []}
    for s, doc in zip(premises, nlp.pipe(premises), strict=True):
        words = len(s.split())
        kinds["identity"].append((s, s, words))
        if (t := swap_number(s, rng)) is not None:
            kinds["number"].append((s, t, words))
        if (core := claim_core(doc)) is not None and len(core.split()) >= 4:
            kinds["core"].append((s, core, words))
    settings = load_settings()
    t_ent, t_con = settings.entailment_threshold.value, settings.contradiction_threshold.value
    out: dict = {"model": str(model.path), "premises": len(premises), "source": "mnli_dev_mismatched_taxinli",
                 "path": "checker.judges.nli.score_pairs (the pipeline's windowing), premise -> hypothesis",
                 "thresholds": {"entailment": t_ent, "contradiction": t_con}}
    for kind, pairs in kinds.items():
        scored = score_pairs([(p, h) for p, h, _ in pairs], model)
        if kind == "number":
            right, thr = np.array([s.contra_ab for s in scored]), t_con
        else:
            right, thr = np.array([s.entail_ab for s in scored]), t_ent
        words = np.array([w for _, _, w in pairs])
        rec = {"n": len(pairs), "mean_p_right": round(float(right.mean()), 3),
               "passes_threshold": round(float((right >= thr).mean()), 3), "by_words": {}}
        for lo, hi in BUCKETS:
            m = (words >= lo) & (words < hi)
            if m.any():
                rec["by_words"][f"{lo}-{hi if hi < 1000 else ''}"] = {
                    "n": int(m.sum()), "mean_p_right": round(float(right[m].mean()), 3),
                    "passes_threshold": round(float((right[m] >= thr).mean()), 3)}
        out[kind] = rec
        print(f"{kind:8s} n={rec['n']:3d} mean P(right) {rec['mean_p_right']:.3f}  >= thr {thr} "
              f"{rec['passes_threshold']:.3f}  " + "  ".join(
                  f"{b}w:{v['mean_p_right']:.2f}/{v['passes_threshold']:.2f}" for b, v in rec["by_words"].items()))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
