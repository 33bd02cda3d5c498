"""Synthetic NLI pairs that teach the cross-encoder what news comparison needs and NLI corpora lack.

The first model (trained on SNLI/MNLI-style pairs, models/nli/README.md) calls long sentences paired
with *themselves* neutral or contradictory: on 400 held-out MNLI-mismatched premises, P(entailment)
of (s, s) averaged 0.62 for sentences over 45 words, 0.91 under 10 (``scripts/nli_identity.py``).
Two outlets often print one sentence nearly verbatim, so the agreement judge missed them.

Transformations, in the spirit of FactCC's (Kryscinski et al., 2020, "Evaluating the Factual
Consistency of Abstractive Text Summarization"), applied to *training* premises only:

- ``identity``: (s, s) -> entailment.
- ``core``: s with its asides removed (:func:`checker.claims.core.claim_core`: appositions, "such as"
  lists, parentheses, relative/participial and adverbial clauses): (s, core) -> entailment, and
  (core, s) -> neutral (the aside is new information).
- ``number``: one number of s replaced by a different one: (s, s') -> contradiction, so that near
  identity does not become a shortcut to entailment.

Every pair is built from a premise of the training part of the mix (never the dev split, never an
evaluation set), deterministically from ``seed``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,]\d)")
KINDS = ("identity", "core", "number")


def swap_number(text: str, rng: random.Random) -> str | None:
    """Replace one whole number of ``text`` by a different one; ``None`` when it has none.

    Years (1900-2099) are left alone: changing them often only moves a date, not the fact.
    """
    spots = [m for m in _NUMBER.finditer(text) if not (len(m.group(1)) == 4 and m.group(1)[:2] in ("19", "20"))]
    if not spots:
        return None
    m = rng.choice(spots)
    value = int(m.group(1).replace(",", ""))
    choices = [v for v in (value + 1, value + 2, value * 2, value + 10, max(value - 1, 0)) if v != value]
    new = rng.choice(choices)
    shown = f"{new:,}" if "," in m.group(1) else str(new)
    return text[: m.start(1)] + shown + text[m.end(1):]


def augment(premises: Iterable[str], n_per_kind: int, seed: int, nlp=None,
            kinds: Iterable[str] = KINDS) -> list[dict]:
    """Build synthetic pairs ``{"premise", "hypothesis", "label", "src"}`` from ``premises``.

    Args:
        premises: training premises (deduplicated here; those under 8 words are skipped).
        n_per_kind: pairs per transformation (``core`` gives up to this many of each direction).
        seed: sampling seed.
        nlp: a spaCy pipeline with a parser, needed for ``core``.
        kinds: which transformations to run.
    """
    kinds = set(kinds)
    unknown = kinds - set(KINDS)
    if unknown:
        raise ValueError(f"unknown augmentation {sorted(unknown)}; choose from {KINDS}")
    pool = sorted({" ".join(p.split()) for p in premises if len(p.split()) >= 8})
    rng = random.Random(seed)
    rng.shuffle(pool)
    out: list[dict] = []
    if "identity" in kinds:
        out += [{"premise": s, "hypothesis": s, "label": "entailment", "src": "aug_identity"}
                for s in pool[:n_per_kind]]
    if "number" in kinds:
        made = 0
        for s in pool:
            if made >= n_per_kind:
                break
            if (t := swap_number(s, rng)) is not None:
                out.append({"premise": s, "hypothesis": t, "label": "contradiction", "src": "aug_number"})
                made += 1
    if "core" in kinds:
        if nlp is None:
            raise ValueError("the core augmentation needs a spaCy pipeline (nlp=)")
        from checker.claims.core import claim_core

        made = 0
        for start in range(0, len(pool), 512):
            if made >= n_per_kind:
                break
            for s, doc in zip(pool[start:start + 512], nlp.pipe(pool[start:start + 512]), strict=True):
                core = claim_core(doc)
                if core is None or len(core.split()) < 4 or made >= n_per_kind:
                    continue
                out.append({"premise": s, "hypothesis": core, "label": "entailment", "src": "aug_core"})
                out.append({"premise": core, "hypothesis": s, "label": "neutral", "src": "aug_core"})
                made += 1
    return out
