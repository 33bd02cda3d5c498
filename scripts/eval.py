"""claimcheck's quality on real data nobody here wrote: one table, one JSON (``make eval``).

Rows (each beside an anchor, with its sample size; every sample uses a fixed seed):

1. ``mrpc``: MRPC news paraphrase pairs, the held-out half (ids whose sha256 is odd; the even half
   fitted the thresholds in scripts/fit_alignment.py). Cosine of the bundled embedder at the alignment
   and at the paraphrase threshold: accuracy and F1; and the agreement rule of the pipeline
   (similarity + NLI both ways, ``checker.pipeline.agreement_rule``), paraphrase read as agreement:
   balanced accuracy. Anchor: majority-class baseline. All 836 pairs.
2. ``align``: ECB+ test topics 36-45, cross-document same-event sentence pairs, with the variant chosen
   on dev (models/thresholds/alignment_variant.json); reuses scripts/eval_alignment.py. Embedding channel
   only: the structured channels need parsed claims and are measured in alignment_channels.json.
3. ``unique``: ECB+ test topics 36-45 through ``checker.compare``: is an annotated sentence "unique to
   one article" (none of its events is in a cross-document event chain)? Precision/recall of the
   unique class, on a fixed-seed sample of UNIQUE_TOPICS topics (both clusters of each).
4. ``frank``: FRANK document/summary consistency through the check path (``checker.check.check``),
   scored by ``summary_score``. The scoring variant (FRANK_VARIANTS: min or mean over the summary's
   claims, entailment - contradiction or entailment, with or without a penalty per conflicting finding)
   and its threshold are both chosen on the valid split (dev); balanced accuracy is reported on test, on
   fixed-seed samples of summaries. A summary whose article yields no claim (check raises "no prior
   coverage") gets no judgement and is left out (counted); one that yields no claim itself scores 0.
5. ``nli``: the shipped NLI model (models/nli) on MNLI dev-mismatched (TaxiNLI part) and SICK test;
   reuses scripts/eval_nli.py.

Usage::

    .venv/bin/python scripts/eval.py                       # all rows: ~5 min on 2 idle cores, ~20 shared
    .venv/bin/python scripts/eval.py --only frank,nli      # some rows; the others stay in eval.json
    .venv/bin/python scripts/eval.py --sample-scale 0.1    # smaller fixed-seed samples (a quick look)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ecbplus import sentence_spans  # noqa: E402

SEED = 0
ROWS = ("mrpc", "align", "unique", "frank", "nli")
ECB_TEST_TOPICS = range(36, 46)
# default sample sizes at --sample-scale 1 (None = the whole set)
FRANK_N = {"valid": 150, "test": 350}  # ~1 s a summary on 2 shared cores (check + NLI judge)
NLI_N = 1000
UNIQUE_TOPICS = 4  # of the 10 ECB+ test topics (both clusters of each): compare with NLI on all ~3,600 lines
                   # of the 20 clusters takes ~15 min on 2 cores
# FRANK anchors, read from the authors' own notebook outputs (the numbers were checked there; the papers'
# PDF tables were not opened offline). Short form for the table, source for eval.json.
SUMMAC_ANCHOR = "SummaC-ZS 0.790, SummaC-Conv 0.816 (FRANK test, n=1575)"
SUMMAC_SOURCE = ("Laban et al. 2022 (TACL), SummaC benchmark FRANK test; tingofurro/summac "
                 "'SummaC - Main Results.ipynb' @a6110e7 (SummaC-Conv is listed there as SummaC-Histo-VITC-L; "
                 "its overall 0.744 is the paper's headline 74.4)")
AGGREFACT_ANCHOR = "SummaC-ZS 0.692/0.631/0.570, SummaC-Conv 0.727/0.634/0.601 (OLD/XFORMER/SOTA)"
AGGREFACT_SOURCE = ("Tang et al. 2023 (ACL), AggreFact Table 8, FRANK CNN/DM stratified by summarizer era, "
                    "test n=523/175/175; Liyan06/AggreFact final_result.ipynb @870a4b8")
# Finding kinds that say an aligned pair disagrees; each lowers the claim's support by this much, so a
# contradicted claim ranks below an unsupported one (as e - c < 0 does in SummaC-ZS).
CONFLICT_KINDS = ("contradiction", "quantity", "attribution")
CONFLICT_PENALTY = 1.0


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------------------------------------------
# Pure helpers (tests/unit/test_eval_metrics.py)


def is_heldout(pair_id: str) -> bool:
    """MRPC evaluation half: sha256 of the id is odd (scripts/fit_alignment.py fits on the even half)."""
    return int(hashlib.sha256(pair_id.encode()).hexdigest(), 16) % 2 == 1


def sample(rows: Sequence, n: int | None, seed: int = SEED) -> list:
    """A fixed-seed random sample of ``n`` rows in their original order (all rows if ``n`` is None or too big)."""
    if n is None or n >= len(rows):
        return list(rows)
    keep = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in keep]


def _rounded(metrics: dict) -> dict:
    """``metrics`` with its floats rounded to 4 places, for the JSON details of a row."""
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in metrics.items()}


def binary_metrics(gold: Sequence[bool], pred: Sequence[bool]) -> dict:
    """Accuracy, balanced accuracy, and precision/recall/F1 of the positive (True) class."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    tn = len(gold) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    recalls = [r for r, n in ((recall, tp + fn), (tn / (tn + fp) if tn + fp else 0.0, tn + fp)) if n]
    return {"n": len(gold), "accuracy": (tp + tn) / len(gold) if gold else 0.0,
            "balanced_accuracy": sum(recalls) / len(recalls) if recalls else 0.0,
            "precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def majority_baseline(gold: Sequence[bool]) -> dict:
    """Metrics of always predicting the more frequent class (F1 is of the True class)."""
    majority = sum(gold) * 2 >= len(gold)
    return binary_metrics(gold, [majority] * len(gold))


def fit_threshold(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, float]:
    """The threshold (predict True when score >= it) that maximises balanced accuracy; returns (thr, bacc).

    Candidates lie midway between consecutive distinct scores, plus one below and one above all of them;
    ties keep the lowest threshold.
    """
    values = sorted(set(scores))
    if not values:
        raise ValueError("no scores")
    cands = [values[0] - 1.0] + [(a + b) / 2 for a, b in itertools.pairwise(values)] + [values[-1] + 1.0]
    best = (-1.0, cands[0])
    for t in cands:
        bacc = binary_metrics(labels, [s >= t for s in scores])["balanced_accuracy"]
        if bacc > best[0]:
            best = (bacc, t)
    return best[1], best[0]


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve (probability a True item outscores a False one; ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


line_spans = sentence_spans  # ECB+ stores one sentence a line (scripts/ecbplus.py)


def sentence_predictions(text: str, first_index: int, sentences: Sequence[int],
                         claims: Sequence[tuple[int, int, bool]]) -> dict[int, tuple[int, bool]]:
    """Map ECB+ sentences of one document to claims and say whether each is predicted unique.

    Line ``k`` of ``text`` is sentence ``first_index + k``. A claim ``(start, end, is_unique)`` belongs to
    a sentence when their character spans overlap. A sentence is predicted unique when it has at least
    one claim and all of its claims are unique (aligned with nothing in another article).

    Returns:
        ``{sentence number: (number of claims overlapping it, predicted unique)}`` for ``sentences``.
    """
    spans = line_spans(text)
    out = {}
    for idx in sentences:
        k = idx - first_index
        if not 0 <= k < len(spans):
            out[idx] = (0, False)
            continue
        s, e = spans[k]
        mine = [u for cs, ce, u in claims if cs < e and ce > s]
        out[idx] = (len(mine), bool(mine) and all(mine))
    return out


def gold_unique(cluster: dict) -> dict[tuple[str, int], bool]:
    """Gold "unique to one article" of each annotated sentence of an ECB+ cluster record.

    A sentence is unique when none of its event mentions belongs to a cross-document event chain
    (a chain whose ``doc_ids`` has two or more documents); singleton mentions only, or none, is unique.
    """
    shared: set[tuple[str, int]] = set()
    for ch in cluster["event_chains"]:
        if len(ch["doc_ids"]) >= 2:
            shared.update((m["doc_id"], m["sentence"]) for m in ch["mentions"])
    return {(doc["id"], idx): (doc["id"], idx) not in shared
            for doc in cluster["documents"] for idx in doc["annotated_sentences"]}


def _support(scores: dict, support: str = "e-c") -> float:
    """How strongly one aligned finding supports its claims.

    ``support="e-c"``: entailment - contradiction; ``"entailment"``: entailment alone; either falls back to
    the similarity when the finding carries no NLI scores.
    """
    if "entailment" in scores:
        if support == "entailment":
            return float(scores["entailment"])
        return float(scores["entailment"]) - float(scores.get("contradiction", 0.0))
    return float(scores.get("similarity", 0.0))


# Ways to turn claim supports into a summary score; one is chosen on the FRANK valid split (dev) only.
FRANK_VARIANTS = {
    "min/e-c/penalty": ("min", "e-c", CONFLICT_PENALTY),
    "min/e-c": ("min", "e-c", 0.0),
    "mean/e-c": ("mean", "e-c", 0.0),
    "mean/entailment": ("mean", "entailment", 0.0),
}


def summary_score(report, aggregate: str = "min", support: str = "e-c",
                  penalty: float = CONFLICT_PENALTY) -> float:
    """Consistency score of a draft (a summary) checked against its article; higher = more consistent.

    SummaC-ZS in claimcheck's terms. Each claim of the draft (``report.articles[0]``, as ``check`` puts
    drafts first) gets the best support over the findings that name it: ``entailment - contradiction``
    where the finding carries NLI scores (both maxed over the two directions by the judge), else its
    ``similarity``. A claim with no aligned finding (only ``unique``) has support 0. Each finding of kind
    contradiction, quantity or attribution on the claim lowers its support by ``penalty``. The
    summary's score is its weakest claim (``aggregate="min"``) or the mean of its claims (``"mean"``, as
    SummaC-ZS averages sentences); a report with no draft claim scores 0.
    """
    if not report.articles:
        return 0.0
    draft = report.articles[0].id
    claim_ids = [c.id for c in report.claims if c.article_id == draft]
    if not claim_ids:
        return 0.0
    best: dict[str, float] = {}
    conflicts: dict[str, int] = {}
    for f in report.findings:
        kind = getattr(f.kind, "value", f.kind)
        if kind == "unique":
            continue
        value = _support(f.scores, support)
        for cid in f.claim_ids:
            best[cid] = max(best.get(cid, -math.inf), value)
            if kind in CONFLICT_KINDS:
                conflicts[cid] = conflicts.get(cid, 0) + 1
    values = [best.get(cid, 0.0) - penalty * conflicts.get(cid, 0) for cid in claim_ids]
    return min(values) if aggregate == "min" else sum(values) / len(values)


def format_table(lines: Sequence[dict]) -> str:
    """The result lines as one plain pipe table: set | metric | ours | anchor | n | notes."""
    head = ("set", "metric", "ours", "anchor", "n", "notes")
    rows = [head] + [(r["set"], r["metric"], f"{r['ours']:.3f}" if isinstance(r["ours"], float) else str(r["ours"]),
                      r["anchor"], str(r["n"]), r["notes"]) for r in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    out = []
    for k, row in enumerate(rows):
        out.append("| " + " | ".join([c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)] + [row[-1]]) + " |")
        if k == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|---|")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------
# Rows


class MemoEmbedder:
    """Wraps an embedder and remembers each text's vector, so an article checked against several drafts
    is embedded once (the check path itself runs with ``cache_dir=False``, no disk cache)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self._memo: dict = {}

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts):
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if todo:
            self._memo.update(zip(todo, self.inner.encode(todo), strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])

    def clear(self) -> None:
        self._memo.clear()


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def row_mrpc(ctx: dict) -> list[dict]:
    from checker.config import load_settings

    rows = [r for r in _jsonl(ctx["data"] / "mrpc_test.jsonl") if is_heldout(r["id"])]
    emb = ctx["embedder"]
    texts = sorted({r["premise"] for r in rows} | {r["hypothesis"] for r in rows})
    vecs = emb.encode(texts)
    at = {t: i for i, t in enumerate(texts)}
    cos = [float(vecs[at[r["premise"]]] @ vecs[at[r["hypothesis"]]]) for r in rows]
    gold = [r["label"] == "paraphrase" for r in rows]
    base = majority_baseline(gold)
    settings = load_settings()
    out = []
    for name, thr in (("alignment", settings.align_threshold.value),
                      ("paraphrase", settings.paraphrase_threshold.value)):
        m = binary_metrics(gold, [c >= thr for c in cos])
        for metric in ("accuracy", "f1"):
            out.append({"set": "MRPC test, held-out half (sha256 odd)",
                        "metric": f"{metric} @ {name} thr {thr}", "ours": m[metric],
                        "anchor": f"majority baseline {base[metric]:.3f}", "n": len(rows),
                        "notes": "cosine >= thr; other half fitted the thresholds",
                        "details": _rounded(m)})
    # the agreement rule of checker.pipeline on the same pairs: similarity + NLI in both directions
    from checker.judges.nli import score_pairs
    from checker.pipeline import agreement_rule, default_nli

    scored = score_pairs([(r["premise"], r["hypothesis"]) for r in rows], default_nli())
    m = binary_metrics(gold, [agreement_rule(c, s, settings) is not None for c, s in zip(cos, scored, strict=True)])
    out.append({"set": "MRPC test, held-out half (sha256 odd)", "metric": "balanced accuracy of agreement rule",
                "ours": m["balanced_accuracy"], "anchor": "majority baseline 0.500", "n": len(rows),
                "notes": f"paraphrase = agreement; P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}",
                "details": _rounded(m)})
    return out


def row_align(ctx: dict) -> list[dict]:
    from checker.config import load_settings

    ev = _load_script("eval_alignment")
    variant = json.loads((ROOT / "models" / "thresholds" / "alignment_variant.json").read_text())
    chosen = variant["chosen"]
    data = list(ev.clusters(ctx["data"] / "ecbplus_clusters.jsonl", ECB_TEST_TOPICS))
    thr = load_settings().align_threshold.value
    res = ev.evaluate(data, ctx["embedder"], thr, chosen["ranking"] == "csls", chosen["per_article"], {})
    # accept-all baseline: every cross-document pair of annotated sentences predicted "same event"
    n_pairs = sum(sum(1 for a, b in itertools.combinations(docs, 2) if a != b) for _, _, docs, _ in data)
    n_gold = sum(len(gold) for *_, gold in data)
    bp = n_gold / max(n_pairs, 1)
    bf = 2 * bp / (bp + 1)
    recorded = variant.get("test", {})
    notes = (f"variant {chosen['ranking']}/{chosen['per_article']} per article, thr {thr}, chosen on dev "
             f"topics 1-35; recorded when chosen: F1 {recorded.get('f1')}")
    n = f"{len(data)} clusters, {n_gold} gold / {n_pairs} cross-doc pairs"
    return [
        {"set": "ECB+ test topics 36-45: same-event pairs", "metric": metric, "ours": res[metric],
         "anchor": anchor, "n": n, "notes": notes,
         "details": dict(res, accept_all_precision=round(bp, 4), accept_all_f1=round(bf, 4))}
        for metric, anchor in (("precision", f"accept-all {bp:.3f}"), ("recall", "accept-all 1.000"),
                               ("f1", f"accept-all {bf:.3f}"))
    ]


def row_unique(ctx: dict) -> list[dict]:
    from checker import compare
    from checker.errors import InputError
    from checker.schema import Article

    topics = sample(list(ECB_TEST_TOPICS), max(1, round(UNIQUE_TOPICS * ctx["scale"])))
    recs = [r for r in _jsonl(ctx["data"] / "ecbplus_clusters.jsonl") if r["topic"] in topics]
    gold_all: list[bool] = []
    pred_all: list[bool] = []
    no_claim = multi_claim = skipped = 0
    for rec in recs:
        gold = gold_unique(rec)
        docs = [d for d in rec["documents"] if d["text"].strip()]
        try:
            report = compare([Article(source=d["id"], text=d["text"]) for d in docs], cache_dir=False,
                             embedder=ctx["embedder"])
        except InputError:
            report = None
            skipped += 1
        unique_ids = set()
        by_doc: dict[str, list] = {}
        if report is not None:
            unique_ids = {cid for f in report.findings if f.kind.value == "unique" for cid in f.claim_ids}
            source_of = {a.id: a.source for a in report.articles}
            for c in report.claims:
                by_doc.setdefault(source_of[c.article_id], []).append((c.start, c.end, c.id in unique_ids))
        for d in rec["documents"]:
            preds = sentence_predictions(d["text"], d["first_sentence_index"], d["annotated_sentences"],
                                         by_doc.get(d["id"], []))
            for idx, (n_claims, is_unique) in preds.items():
                gold_all.append(gold[(d["id"], idx)])
                pred_all.append(is_unique)
                no_claim += n_claims == 0
                multi_claim += n_claims > 1
    m = binary_metrics(gold_all, pred_all)
    base = sum(gold_all) / max(len(gold_all), 1)
    n = f"{len(gold_all)} sentences ({sum(gold_all)} gold unique), topics {','.join(map(str, topics))}"
    notes = (f"gold base rate {base:.3f}; tp/fp/fn {m['tp']}/{m['fp']}/{m['fn']}; {no_claim} sentences had no "
             f"claim (not unique), {multi_claim} several (unique only if all are)")
    details = _rounded(m)
    details.update(gold_base_rate=round(base, 4), predicted_unique_rate=round(sum(pred_all) / max(len(pred_all), 1), 4),
                   sentences_without_claim=no_claim, sentences_with_several_claims=multi_claim,
                   topics=topics, clusters=len(recs), clusters_skipped=skipped)
    return [
        {"set": "ECB+ test topics 36-45: unique to one article", "metric": f"{metric} (unique class)",
         "ours": m[metric], "anchor": anchor, "n": n, "notes": notes, "details": details}
        for metric, anchor in (("precision", f"all-unique {base:.3f}"), ("recall", "all-unique 1.000"))
    ]


def row_frank(ctx: dict) -> list[dict]:
    from checker.check import check
    from checker.errors import InputError
    from checker.schema import Article

    records = _jsonl(ctx["data"] / "frank_doc_summary.jsonl")
    emb = MemoEmbedder(ctx["embedder"])
    scored: dict[str, list[tuple[float, bool, str]]] = {}
    no_claims, excluded, drawn = {}, {}, {}
    for split in ("valid", "test"):
        items = [(rec, s) for rec in records if rec["split"] == split for s in rec["summaries"]]
        n = FRANK_N[split]
        items = sample(items, None if n is None else max(20, round(n * ctx["scale"])), seed=SEED)
        drawn[split] = len(items)
        out, empty, failed, last_doc = [], 0, 0, None
        for rec, s in items:  # items stay in file order, so one article's summaries come together
            if rec["id"] != last_doc:
                emb.clear()
                last_doc = rec["id"]
            try:
                report = check(drafts=[Article(source="summary", text=s["summary"])],
                               against=[Article(source="article", text=rec["document"])],
                               cache_dir=False, embedder=emb)
                score = {name: summary_score(report, *v) for name, v in FRANK_VARIANTS.items()}
            except InputError as exc:
                if "prior coverage" in exc.problem:  # the article yielded no claim: no judgement to score
                    failed += 1
                    continue
                score, empty = dict.fromkeys(FRANK_VARIANTS, 0.0), empty + 1  # no claim: nothing is supported
            out.append((score, s["label"] == "consistent", rec["dataset"]))
        scored[split] = out
        no_claims[split] = empty
        excluded[split] = failed
    # choose the aggregation on the valid split (dev) alone, then report it once on test
    fits = {name: fit_threshold([s[name] for s, _, _ in scored["valid"]], [y for _, y, _ in scored["valid"]])
            for name in FRANK_VARIANTS}
    variant = max(fits, key=lambda name: fits[name][1])
    thr, val_bacc = fits[variant]
    val = [(s[variant], y, d) for s, y, d in scored["valid"]]
    test = [(s[variant], y, d) for s, y, d in scored["test"]]
    gold = [y for _, y, _ in test]
    m = binary_metrics(gold, [s >= thr for s, _, _ in test])
    details = {"threshold": round(thr, 4), "valid_balanced_accuracy": round(val_bacc, 4),
               "test": _rounded(m),
               "test_roc_auc": round(roc_auc([s for s, _, _ in test], gold), 4),
               "summaries_without_claims_scored_0": no_claims,
               "excluded_article_without_claims": excluded, "drawn": drawn,
               "n": {"valid": len(val), "test": len(test)},
               "variant": variant, "variant_params": FRANK_VARIANTS[variant],
               "valid_balanced_accuracy_per_variant": {k: round(v[1], 4) for k, v in fits.items()}}
    for ds in ("cnndm", "xsum"):
        part = [(s, y) for s, y, d in test if d == ds]
        if part:
            pm = binary_metrics([y for _, y in part], [s >= thr for s, _ in part])
            details[f"test_{ds}"] = {"n": len(part), "balanced_accuracy": round(pm["balanced_accuracy"], 4),
                                     "roc_auc": round(roc_auc([s for s, _ in part], [y for _, y in part]), 4)}
    full = sum(len(r["summaries"]) for r in records if r["split"] == "test")
    n = f"test {len(test)} of {drawn['test']} drawn/{full} (valid {len(val)} for thr)"
    notes = (f"check path; summary_score variant {variant} and thr {thr:.3f} chosen on valid "
             f"(dev, bacc {val_bacc:.3f}); test AUC {details['test_roc_auc']:.3f}; constant predictor 0.500; "
             f"excluded {excluded['test']} test/{excluded['valid']} valid whose article gave no claim")
    cnn = details.get("test_cnndm", {})
    return [
        {"set": "FRANK test (doc vs summary)", "metric": "balanced accuracy", "ours": m["balanced_accuracy"],
         "anchor": SUMMAC_ANCHOR, "n": n, "notes": notes, "details": details, "anchor_source": SUMMAC_SOURCE},
        {"set": "FRANK test, CNN/DM part", "metric": "balanced accuracy (same thr)",
         "ours": cnn.get("balanced_accuracy", float("nan")), "anchor": AGGREFACT_ANCHOR, "n": cnn.get("n", 0),
         "notes": f"AUC {cnn.get('roc_auc', float('nan')):.3f}; anchor thresholds were fitted per era",
         "details": cnn, "anchor_source": AGGREFACT_SOURCE},
    ]


def row_nli(ctx: dict) -> list[dict]:
    from checker.pipeline import default_nli  # the instance the mrpc and frank rows use

    ev = _load_script("eval_nli")
    n = max(50, round(NLI_N * ctx["scale"]))
    res = ev.evaluate(default_nli(), ctx["data"], sample=n, seed=SEED,
                      sets=["mnli_dev_mismatched_taxinli", "sick_test"])
    recorded = {}
    rec_path = ROOT / "models" / "nli" / "eval.json"
    if rec_path.is_file():
        recorded = json.loads(rec_path.read_text()).get("results", {})
    out = []
    for name, label, anchor in (
        ("mnli_dev_mismatched_taxinli", "MNLI dev-mismatched (TaxiNLI part)",
         "target >= 0.75; cross-encoder/nli-MiniLM2-L6-H768 0.869"),
        ("sick_test", "SICK test", "target >= 0.70"),
    ):
        if name not in res:
            continue
        m = res[name]
        full = recorded.get(name, {})
        notes = f"{n}-pair sample, seed {SEED}; models/nli"
        if full:
            notes += f"; full set {full['acc']:.3f} (n={full['n']}, models/nli/eval.json)"
        out.append({"set": label, "metric": "3-way accuracy", "ours": m["acc"], "anchor": anchor,
                    "n": m["n"], "notes": notes,
                    "details": _rounded(m)})
    return out


ROW_FUNCS: dict[str, Callable[[dict], list[dict]]] = {
    "mrpc": row_mrpc, "align": row_align, "unique": row_unique, "frank": row_frank, "nli": row_nli,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("CLAIMCHECK_DATA", str(ROOT.parent / "shared" / "data")))
    ap.add_argument("--only", default="", help=f"comma list of rows to run, from {','.join(ROWS)} (default all)")
    ap.add_argument("--sample-scale", type=float, default=1.0,
                    help="multiply the sample sizes of the frank, nli and unique rows (mrpc, align: full sets)")
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    ap.add_argument("--out", default=str(ROOT / "models" / "eval.json"), help="JSON output ('-' for none)")
    args = ap.parse_args(argv)
    only = [r.strip() for r in args.only.split(",") if r.strip()] or list(ROWS)
    unknown = [r for r in only if r not in ROWS]
    if unknown:
        ap.error(f"unknown row(s) {', '.join(unknown)}; choose from {', '.join(ROWS)}")
    if args.sample_scale <= 0:
        ap.error("--sample-scale must be > 0")

    import torch

    from checker.embed import SentenceTransformerEmbedder

    torch.set_num_threads(args.threads)
    ctx = {"data": Path(args.data), "scale": args.sample_scale, "embedder": SentenceTransformerEmbedder()}
    t_all = time.time()
    results: dict[str, dict] = {}
    for row in ROWS:
        if row not in only:
            continue
        t0 = time.time()
        lines = ROW_FUNCS[row](ctx)
        secs = round(time.time() - t0, 1)
        results[row] = {"seconds": secs, "lines": lines}
        print(f"[{row}] {secs:.1f} s", file=sys.stderr, flush=True)
    print(f"claimcheck eval (seed {SEED}, sample scale {args.sample_scale}, {args.threads} torch threads)")
    print(format_table([ln for r in results.values() for ln in r["lines"]]))
    print("row wall time: " + ", ".join(f"{k} {v['seconds']:.0f} s" for k, v in results.items())
          + f"; total {time.time() - t_all:.0f} s")
    if args.out != "-":
        out = Path(args.out)
        record = {"rows": {}}
        if out.is_file() and set(only) != set(ROWS):
            try:
                record = json.loads(out.read_text())
            except json.JSONDecodeError:
                record = {"rows": {}}
        for row, res in results.items():
            record["rows"][row] = {"seconds": res["seconds"], "sample_scale": args.sample_scale, "seed": SEED,
                                   "threads": args.threads, "lines": res["lines"]}
        record["rows"] = {r: record["rows"][r] for r in ROWS if r in record["rows"]}
        record["script"] = "scripts/eval.py"
        record["data"] = "../shared/data (see SOURCES.md there)"
        out.write_text(json.dumps(record, indent=2) + "\n")
        print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
