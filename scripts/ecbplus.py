"""Shared readers of ../shared/data/ecbplus_clusters.jsonl for the alignment and evaluation scripts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def records(path: Path, topics: range) -> Iterator[dict]:
    """Yield the cluster records of the given ECB+ topics (1-35 are the dev split, 36-45 the test split)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["topic"] in topics:
                yield rec


def cross_doc_chains(rec: dict) -> dict[tuple[str, int], set[str]]:
    """Map (document id, sentence index) to the ids of the cross-document event chains it mentions."""
    chains: dict[tuple[str, int], set[str]] = {}
    for ch in rec["event_chains"]:
        if len(ch["doc_ids"]) < 2:
            continue
        for m in ch["mentions"]:
            chains.setdefault((m["doc_id"], m["sentence"]), set()).add(ch["chain_id"])
    return chains


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the document's sentences (one per line, as the corpus stores them)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
