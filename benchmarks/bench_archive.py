"""Archive benchmark: build throughput on corpora/, then flat vs approximate search at 100k and 1M claims.

Part 1 (real claims): claims of every set in corpora/ are extracted once, then timed separately:
raw embedding (the embedder alone, no cache), writing the archive (``Archive.build`` with those vectors),
end-to-end ``build_index`` (read + claims + embed + write, no cache), and ``Archive.search`` per claim.

Part 2 (synthetic): unit-norm 384-d vectors with a fixed seed, drawn around topic centres (50 claims per
topic on average, cosine ~0.8 to their centre, like paraphrases of one fact; queries are fresh draws
around existing centres). Each index is built in its own (spawned) child process so that its resident-memory
delta is its own: flat (``IndexFlatIP``), IVF-SQ8 with the archive's own parameters
(``checker.archive.ivf_params``) and, at 100k only, HNSW32 (its build at 1M is extrapolated, not run).
Query latency is per claim for a batch of 1000 queries, k=10, with 1 and 2 threads. Recall@10 is
measured against the flat index's exact results.

Run: ``python benchmarks/bench_archive.py`` (``make bench``); ``--sizes 100000`` for a quick run.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DIM = 384
K = 10
N_QUERIES = 1000
SEED = 20201
PER_TOPIC = 50
NOISE = 0.75  # |noise| / |centre|: cosine to the centre ~ 1/sqrt(1 + NOISE^2) = 0.8
CHUNK = 100_000


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _unit(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def centres(n: int) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    return _unit(rng.standard_normal((max(1, n // PER_TOPIC), DIM), dtype=np.float32))


def chunk(n: int, i: int, cent: np.ndarray) -> np.ndarray:
    """The i-th block of CHUNK database vectors (deterministic, so children regenerate, not copy, them)."""
    rng = np.random.default_rng((SEED, n, i))
    m = min(CHUNK, n - i * CHUNK)
    topic = rng.integers(0, len(cent), m)
    noise = rng.standard_normal((m, DIM), dtype=np.float32) * np.float32(NOISE / np.sqrt(DIM))
    return _unit(cent[topic] + noise)


def queries(n: int, cent: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng((SEED, n, 10**6))
    topic = rng.integers(0, len(cent), N_QUERIES)
    noise = rng.standard_normal((N_QUERIES, DIM), dtype=np.float32) * np.float32(NOISE / np.sqrt(DIM))
    return _unit(cent[topic] + noise)


def _index_bytes(index) -> int:
    import faiss

    with tempfile.NamedTemporaryFile(suffix=".faiss") as fh:
        faiss.write_index(index, fh.name)
        return os.path.getsize(fh.name)


def _child(kind: str, n: int, out: mp.Queue) -> None:
    import faiss

    from checker.archive import ivf_params, new_flat_index, new_ivf_index

    faiss.omp_set_num_threads(2)
    cent = centres(n)
    q = queries(n, cent)
    gc.collect()
    base = rss_bytes()
    t0 = time.perf_counter()
    n_chunks = (n + CHUNK - 1) // CHUNK
    params = ""
    if kind == "flat":
        index = new_flat_index(DIM)
        for i in range(n_chunks):
            x = chunk(n, i, cent)
            index.add_with_ids(x, np.arange(i * CHUNK, i * CHUNK + len(x), dtype=np.int64))
    elif kind == "ivf-sq8":
        nlist, nprobe = ivf_params(n)
        first = chunk(n, 0, cent)  # training sample: the archive trains on <= max(64*nlist, 10k) vectors
        index = new_ivf_index(first, np.arange(len(first), dtype=np.int64), nlist)
        for i in range(1, n_chunks):
            x = chunk(n, i, cent)
            index.add_with_ids(x, np.arange(i * CHUNK, i * CHUNK + len(x), dtype=np.int64))
        del first
        index.nprobe = nprobe
        params = f"nlist={nlist} nprobe={nprobe}"
    else:  # hnsw
        index = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 64
        for i in range(n_chunks):
            index.add(chunk(n, i, cent))
        params = "M=32 efC=40 efS=64"
    build_s = time.perf_counter() - t0
    x = None  # noqa: F841 - drop the last generated block before measuring memory
    gc.collect()
    rss = rss_bytes() - base
    lat = {}
    ids = None
    for threads in (1, 2):
        faiss.omp_set_num_threads(threads)
        index.search(q[:10], K)  # warm up
        t0 = time.perf_counter()
        _, ids = index.search(q, K)
        lat[threads] = (time.perf_counter() - t0) / N_QUERIES * 1000
    out.put({"kind": kind, "n": n, "build_s": build_s, "rss": rss, "size": _index_bytes(index),
             "lat1": lat[1], "lat2": lat[2], "ids": ids, "params": params})


def run_child(kind: str, n: int) -> dict:
    ctx = mp.get_context("spawn")  # fork after torch started OpenMP threads can deadlock the child
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(kind, n, q))
    p.start()
    res = q.get()
    p.join()
    return res


def recall(ids: np.ndarray, truth: np.ndarray) -> float:
    hits = sum(len(set(a[a >= 0]) & set(b)) for a, b in zip(ids, truth, strict=True))
    return hits / truth.size


def part_real() -> list[str]:
    from checker.archive import Archive
    from checker.check import _extract, _read, build_index
    from checker.embed import SentenceTransformerEmbedder
    from checker.pipeline import default_embedder

    corpora = ROOT / "corpora"
    t0 = time.perf_counter()
    articles, skipped = _read([corpora], "utf-8", False, None)
    articles, claims = _extract(articles, skipped, False, None)
    t_claims = time.perf_counter() - t0
    texts = [c.text for c in claims]
    emb: SentenceTransformerEmbedder = default_embedder()
    emb.encode(texts[:8])  # load the model outside the timing
    t0 = time.perf_counter()
    vectors = emb.encode(texts)
    t_embed = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        archive, _ = Archive.build(Path(tmp) / "a", emb, articles, claims, vectors)
        t_write = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(5):
            archive.search(vectors, K)
        t_search = (time.perf_counter() - t0) / 5 / len(claims) * 1000
        size = archive.info().size_bytes
        archive.close()
        t0 = time.perf_counter()
        build_index([corpora], Path(tmp) / "b", emb, cache_dir=False)
        t_build = time.perf_counter() - t0
    n = len(claims)
    return [
        f"corpora/: {len(articles)} articles, {n} claims (embedder {emb.name}, {os.cpu_count()} CPUs)",
        f"  claim extraction (spaCy)        {n / t_claims:8.0f} claims/s",
        f"  raw embedding                   {n / t_embed:8.0f} claims/s",
        f"  archive write (Archive.build)   {n / t_write:8.0f} claims/s   ({size / 1e6:.2f} MB on disk)",
        f"  index build end to end          {n / t_build:8.0f} claims/s   (read + claims + embed + write)",
        f"  Archive.search, k=10, incl. SQLite fetch   {t_search:.3f} ms/claim",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated synthetic archive sizes")
    ap.add_argument("--skip-real", action="store_true", help="skip the corpora/ part")
    args = ap.parse_args()
    lines = []
    if not args.skip_real:
        print("part 1: corpora/ ...", file=sys.stderr, flush=True)
        lines += part_real()
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        kinds = ["flat", "ivf-sq8"] + (["hnsw"] if n <= 100_000 else [])
        results = {}
        for kind in kinds:
            print(f"part 2: {kind} at {n} ...", file=sys.stderr, flush=True)
            results[kind] = run_child(kind, n)
        truth = results["flat"]["ids"]
        for kind in kinds:
            r = results[kind]
            rows.append((f"{n:,}", kind, r["params"], r["build_s"], r["lat1"], r["lat2"], r["rss"] / 2**20,
                         r["size"] / 2**20, recall(r["ids"], truth)))
    lines += ["", f"synthetic: dim {DIM}, unit norm, seed {SEED}, {PER_TOPIC} claims/topic; "
              f"batch of {N_QUERIES} queries, k={K}"]
    head = (f"{'claims':>10} {'index':<8} {'params':<22} {'build s':>8} {'ms/q 1t':>8} {'ms/q 2t':>8} "
            f"{'RSS MiB':>8} {'file MiB':>8} {'R@10':>6}")
    lines += [head, "-" * len(head)]
    for n, kind, params, b, l1, l2, rss, size, rec in rows:
        lines.append(f"{n:>10} {kind:<8} {params:<22} {b:8.1f} {l1:8.3f} {l2:8.3f} {rss:8.0f} {size:8.0f} "
                     f"{rec:6.3f}")
    hnsw = [r for r in rows if r[1] == "hnsw"]
    if hnsw:
        n = int(hnsw[0][0].replace(",", ""))
        lines.append(f"HNSW build at 1M extrapolated from {n:,}: ~{hnsw[0][3] * 1_000_000 / n * 1.3:.0f} s "
                     "(n log n), vs IVF-SQ8 measured above")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
