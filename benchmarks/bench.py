"""Pipeline benchmark: claims/s of `compare` vs raw SentenceTransformer.encode, and wall times.

`compare` runs the NLI judge on every aligned pair (both directions); the "no NLI" column is the same
run with `nli=False`, so the difference is what the judge costs.

Run with `make bench`. One process, no embedding cache (every claim is embedded), models loaded once
before timing (the first, cold run is reported separately). Prints one table.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.claims import extract_claims  # noqa: E402
from checker.pipeline import compare, default_embedder  # noqa: E402
from checker.readers import read_inputs  # noqa: E402


def timed(fn, repeat: int = 3):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    import torch

    corpora = sorted(p for p in (ROOT / "corpora").iterdir() if p.is_dir())
    seed = ROOT / "corpora" / "amazon-rekognition-2020"
    sizes = {p: sum(len(extract_claims(a)) for a in read_inputs([p]).articles) for p in corpora}
    largest = max(sizes, key=sizes.get)

    t0 = time.perf_counter()
    compare([seed], cache_dir=False)
    cold = time.perf_counter() - t0

    model = default_embedder()._load()
    rows = []
    for name, path in (("seed pair", seed), (f"largest set ({largest.name})", largest)):
        n = sizes[path]
        wall, report = timed(lambda path=path: compare([path], cache_dir=False))
        wall_plain, _ = timed(lambda path=path: compare([path], cache_dir=False, nli=False))
        texts = [c.text for a in read_inputs([path]).articles for c in extract_claims(a)]
        enc, _ = timed(lambda texts=texts: model.encode(texts, batch_size=64, show_progress_bar=False))
        rows.append((name, n, wall, wall_plain, n / wall, n / enc))
    # raw encode throughput on all corpora sentences together (larger batch, steadier figure)
    all_texts = [c.text for p in corpora for a in read_inputs([p]).articles for c in extract_claims(a)]
    enc_all, _ = timed(lambda: model.encode(all_texts, batch_size=64, show_progress_bar=False), repeat=2)
    t_all, _ = timed(lambda: [compare([p], cache_dir=False) for p in corpora], repeat=1)

    print(f"claimcheck bench: {os.cpu_count()} CPUs, torch threads {torch.get_num_threads()}, "
          f"embedder {default_embedder().name}")
    print(f"cold compare of the seed pair (models load included): {cold:.2f} s")
    print()
    print(f"{'set':40} {'claims':>7} {'wall s':>8} {'no NLI s':>9} {'pipeline claims/s':>18} {'encode claims/s':>16}")
    for name, n, wall, wall_plain, cps, eps in rows:
        print(f"{name:40} {n:7d} {wall:8.2f} {wall_plain:9.2f} {cps:18.1f} {eps:16.1f}")
    print(f"{'all corpora (' + str(len(corpora)) + ' sets)':40} {len(all_texts):7d} {t_all:8.2f} {'':>9} "
          f"{len(all_texts) / t_all:18.1f} {len(all_texts) / enc_all:16.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
