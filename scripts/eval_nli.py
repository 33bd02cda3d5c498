"""Evaluate the shipped NLI cross-encoder: accuracy and per-class F1 on held-out NLI sets, pairs/s.

Prints one table and writes it to ``models/nli/eval.json``. None of these sets was trained on
(MNLI dev-*matched* was, so it is not reported). Nothing is downloaded.

Usage::

    .venv/bin/python scripts/eval_nli.py                 # full sets (~33k pairs)
    .venv/bin/python scripts/eval_nli.py --sample 500    # fixed-seed 500 pairs per set
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (table name, file relative to the data dir)
SETS = [
    ("mnli_dev_mismatched_taxinli", "nli/mnli_dev_mismatched_taxinli.jsonl"),
    ("snli_test", "nli/snli_test.jsonl"),
    ("sick_test", "sick_test.jsonl"),
    ("xnli_en_test", "nli/xnli_en_test.jsonl"),
    ("breaking_nli", "nli/breaking_nli.jsonl"),
    ("glue_diagnostic", "nli/glue_diagnostic.jsonl"),
]
ANCHOR = ("cross-encoder/nli-MiniLM2-L6-H768: 86.89 MNLI-mismatched "
          "(trained on all SNLI+MNLI, ~10x our data)")
CLASSES = ["entailment", "neutral", "contradiction"]


def default_data_dir() -> Path:
    """Return the shared data folder (env CLAIMCHECK_DATA, else ../shared/data from the repo)."""
    return Path(os.environ.get("CLAIMCHECK_DATA", ROOT.parent / "shared" / "data"))


def load_set(path: Path, sample: int, seed: int) -> list[dict]:
    """Read a JSONL set; with ``sample`` > 0 keep a fixed-seed random sample of that many pairs."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    if 0 < sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    return rows


def metrics(gold: list[str], pred: list[str]) -> dict:
    """Accuracy, per-class F1 and macro F1 for 3-way labels."""
    gp = list(zip(gold, pred, strict=True))
    out: dict = {"n": len(gold), "acc": sum(g == p for g, p in gp) / max(1, len(gold))}
    f1s = []
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in gp)
        fp = sum(g != c and p == c for g, p in gp)
        fn = sum(g == c and p != c for g, p in gp)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        out[f"f1_{c}"] = f1
        f1s.append(f1)
    out["macro_f1"] = sum(f1s) / 3
    return out


def evaluate(model, data_dir: Path, sample: int = 0, seed: int = 0, batch_size: int = 32,
             sets: list[str] | None = None) -> dict:
    """Run ``model`` on each evaluation set.

    Args:
        model: A :class:`checker.nli_model.NLIModel`.
        data_dir: Folder that holds ``nli/`` and ``sick_test.jsonl``.
        sample: Pairs per set (fixed seed); 0 for the full set.
        seed: Sampling seed.
        batch_size: Pairs per forward pass.
        sets: Names from ``SETS`` to run (default all).

    Returns:
        ``{set name: metrics dict with n, acc, f1_*, macro_f1, secs, pairs_per_s}``.
    """
    results = {}
    for name, rel in SETS:
        if sets and name not in sets:
            continue
        path = data_dir / rel
        if not path.is_file():
            print(f"skip {name}: {path} not found", file=sys.stderr)
            continue
        rows = load_set(path, sample, seed)
        t0 = time.perf_counter()
        probs = model.predict([(r["premise"], r["hypothesis"]) for r in rows], batch_size=batch_size)
        secs = time.perf_counter() - t0
        pred = [model.labels[i] for i in probs.argmax(1)]
        m = metrics([r["label"] for r in rows], pred)
        m.update(secs=round(secs, 2), pairs_per_s=round(len(rows) / secs, 1))
        results[name] = m
    return results


def table(results: dict) -> str:
    """Format results as one Markdown table."""
    lines = ["| set | n | acc | F1 ent | F1 neu | F1 con | macro F1 | pairs/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, m in results.items():
        lines.append(f"| {name} | {m['n']} | {m['acc']:.4f} | {m['f1_entailment']:.4f} | "
                     f"{m['f1_neutral']:.4f} | {m['f1_contradiction']:.4f} | {m['macro_f1']:.4f} | "
                     f"{m['pairs_per_s']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse options, evaluate, print the table, write eval.json."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(default_data_dir()))
    ap.add_argument("--model", default=None,
                    help="model folder (default: models/nli or $CLAIMCHECK_NLI_MODEL)")
    ap.add_argument("--sample", type=int, default=0, help="fixed-seed pairs per set (0 = full)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sets", default="", help="comma list of set names (default all)")
    ap.add_argument("--out", default=None, help="JSON output (default <model>/eval.json; '-' for none)")
    args = ap.parse_args(argv)

    import torch

    from checker.errors import ClaimcheckError
    from checker.nli_model import load_nli

    torch.set_num_threads(args.threads)
    try:
        model = load_nli(args.model)
    except ClaimcheckError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    t0 = time.time()
    results = evaluate(model, Path(args.data), args.sample, args.seed, args.batch_size,
                       [s for s in args.sets.split(",") if s] or None)
    total_n = sum(m["n"] for m in results.values())
    total_s = sum(m["secs"] for m in results.values())
    print(f"NLI model: {model.path}  labels: {model.labels}  "
          f"sample: {args.sample or 'full'} (seed {args.seed})  batch {args.batch_size}, "
          f"{args.threads} threads")
    print(table(results))
    print(f"overall: {total_n} pairs in {total_s:.1f}s = {total_n / max(total_s, 1e-9):.1f} pairs/s "
          f"(batch {args.batch_size}, {args.threads} CPU threads)")
    print(f"anchor: {ANCHOR}")
    out = args.out or str(model.path / "eval.json")
    if out != "-":
        Path(out).write_text(json.dumps({
            "model": str(model.path.resolve().relative_to(ROOT)) if model.path.resolve().is_relative_to(ROOT)
            else str(model.path),
            "labels": model.labels, "sample": args.sample, "seed": args.seed,
            "batch_size": args.batch_size, "threads": args.threads,
            "wall_secs": round(time.time() - t0, 1),
            "pairs_per_s": round(total_n / max(total_s, 1e-9), 1),
            "anchor": ANCHOR, "results": results}, indent=2) + "\n")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
