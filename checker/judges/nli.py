"""Judge ``nli.contradiction``, and the entailment scores that decide ``agreement``.

Runs claimcheck's own NLI cross-encoder (models/nli) on aligned pairs only, in both directions. A claim
too long for the model's window together with its partner (a multi-sentence quote, a long sentence) is
split into sentences, and a sentence still too long into overlapping token windows, so nothing is
truncated silently: P(entailment) of a direction is the weakest hypothesis segment's best support over
the premise segments; P(contradiction) is the strongest over all segment pairs.

``nli.contradiction`` judges only pairs that tell the same event (near-paraphrases, or pairs the
structured channel aligned): the model, like SNLI, calls unrelated sentences contradictory, so related
claims of different events are never contradictions. It fires when
- P(contradiction) reaches the fitted threshold (models/thresholds/nli_contradiction.json) in *both*
  directions (evidence ``signal: "nli"``); or
- the main clauses have the same actor and the same (or synonymous) action with opposite polarity, and
  at least one direction reaches the threshold (``signal: "negation"``); or
- the same actor's main actions are WordNet antonyms, "raised" / "lowered" (``signal: "antonym"``),
  which the model misses.

Triggers: "Amazon banned police use of the software." / "Amazon did not ban police use of the
software."; "The company raised its prices." / "The company lowered its prices."
Does not trigger: "Amazon banned police use of the software." / "Amazon prohibited police use of the
software."; nor "Amazon banned police use of the software." / "IBM paused police use of the software."
(different events).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.claims.frames import Frame, actors_match, main_frames
from checker.judges import Verdict
from checker.lexicon import wordnet
from checker.schema import Claim, FindingKind

RULE = "nli.contradiction"
_SENTENCE_END = re.compile(r"[.!?][\u201d\"']?(?=\s+[\u201c\"'(A-Z0-9])")


@dataclass(frozen=True)
class PairNLI:
    """NLI probabilities of an aligned pair ``(a, b)`` in both directions (``ab``: a is the premise)."""

    entail_ab: float
    entail_ba: float
    contra_ab: float
    contra_ba: float

    @property
    def mutual_entailment(self) -> float:
        """The weaker direction's entailment: high only when each claim entails the other."""
        return min(self.entail_ab, self.entail_ba)

    @property
    def contradiction(self) -> float:
        """The weaker direction's contradiction: high only when both directions see a contradiction."""
        return min(self.contra_ab, self.contra_ba)

    def scores(self) -> dict[str, float]:
        """The probabilities as finding scores (``entailment``/``contradiction`` are the max over directions)."""
        return {"entailment": round(max(self.entail_ab, self.entail_ba), 4),
                "contradiction": round(max(self.contra_ab, self.contra_ba), 4),
                "entailment_ab": round(self.entail_ab, 4), "entailment_ba": round(self.entail_ba, 4),
                "contradiction_ab": round(self.contra_ab, 4), "contradiction_ba": round(self.contra_ba, 4)}


def segments(text: str, tokenizer, budget: int) -> list[str]:
    """Split ``text`` into sentences, and sentences longer than ``budget`` tokens into overlapping windows."""
    out: list[str] = []
    cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for sent in (text[x:y].strip() for x, y in zip(cuts, cuts[1:], strict=False)):
        if not sent:
            continue
        enc = tokenizer(sent, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        offsets = enc["offset_mapping"]
        if len(offsets) <= budget:
            out.append(sent)
            continue
        step = max(1, budget // 2)
        for s in range(0, len(offsets), step):
            win = offsets[s:s + budget]
            out.append(sent[win[0][0]:win[-1][1]])
            if s + budget >= len(offsets):
                break
    return out or [text]


def score_pairs(pairs: Sequence[tuple[str, str]], model, batch_size: int = 32) -> list[PairNLI]:
    """Return ``PairNLI`` for each ``(text_a, text_b)``, windowing texts that do not fit the model.

    Args:
        pairs: claim texts of aligned pairs.
        model: a loaded ``checker.nli_model.NLIModel``.
        batch_size: pairs per forward pass.
    """
    ent, con = model.labels.index("entailment"), model.labels.index("contradiction")
    tok = model.tokenizer
    budget = (model.max_length - 3) // 2  # two segments and [CLS] [SEP] [SEP] always fit
    jobs: list[tuple[str, str]] = []
    plans = []
    for a, b in pairs:
        n = sum(len(tok(t, add_special_tokens=False, verbose=False)["input_ids"]) for t in (a, b))
        sa, sb = ([a], [b]) if n + 3 <= model.max_length else (segments(a, tok, budget), segments(b, tok, budget))
        plan = []
        for prem, hyp in ((sa, sb), (sb, sa)):
            grid = [[len(jobs) + k * len(hyp) + h for h in range(len(hyp))] for k in range(len(prem))]
            jobs.extend((p, h) for p in prem for h in hyp)
            plan.append(grid)
        plans.append(plan)
    probs = model.predict(jobs, batch_size=batch_size) if jobs else None
    out = []
    for plan in plans:
        vals = []
        for grid in plan:  # grid[premise segment][hypothesis segment] -> job index
            n_hyp = len(grid[0])
            entail = min(max(float(probs[grid[k][h], ent]) for k in range(len(grid))) for h in range(n_hyp))
            contra = max(float(probs[j, con]) for row in grid for j in row)
            vals.append((entail, contra))
        (e_ab, c_ab), (e_ba, c_ba) = vals
        out.append(PairNLI(e_ab, e_ba, c_ab, c_ba))
    return out


_QUOTED = re.compile(r"[\u201c\"]([^\u201c\u201d\"]{3,})[\u201d\"]")


def quoted(text: str) -> str | None:
    """The words a claim quotes (the text inside its quotation marks, joined), or ``None``."""
    parts = [m.group(1).strip(" ,") for m in _QUOTED.finditer(text)]
    return " ".join(p for p in parts if p) or None


def polarity_conflict(a: Claim, b: Claim) -> tuple[str, Frame, Frame] | None:
    """``("negation" | "antonym", frame of a, frame of b)`` when the same actor's main actions clash."""
    wn = wordnet()
    for fa in main_frames(a):
        for fb in main_frames(b):
            if not actors_match(fa.actor, fb.actor) or fa.pos != fb.pos:
                continue
            same = fa.action == fb.action or (wn is not None and wn.related(fa.action, fb.action, fa.pos, fb.pos))
            if same and fa.negated != fb.negated:
                return "negation", fa, fb
            if wn is not None and wn.antonyms(fa.action.split("_")[0], fb.action.split("_")[0], fa.pos):
                if fa.negated == fb.negated:
                    return "antonym", fa, fb
    return None


def judge(a: Claim, b: Claim, nli: PairNLI, sources: dict[str, str], threshold: float,
          same_event: bool = True) -> list[Verdict]:
    """Return an ``nli.contradiction`` verdict for an aligned pair (see the module docstring).

    Args:
        a: first claim.
        b: second claim.
        nli: the pair's NLI probabilities.
        sources: source name per article id.
        threshold: the fitted P(contradiction) threshold.
        same_event: whether the pair tells one event (near-paraphrase or structured match).
    """
    if not same_event:
        return []
    signal, frames = None, None
    if nli.contradiction >= threshold:
        signal = "nli"
    else:
        clash = polarity_conflict(a, b)
        if clash and (clash[0] == "antonym" or max(nli.contra_ab, nli.contra_ba) >= threshold):
            signal, frames = clash[0], clash[1:]
    if signal is None:
        return []
    sa, sb = sources[a.article_id], sources[b.article_id]
    if frames:
        fa, fb = frames
        summary = (f"{sa} says \u201c{fa.text}\u201d where {sb} says \u201c{fb.text}\u201d"
                   + (" (one of them negated)" if signal == "negation" else " (opposite meanings)"))
    else:
        summary = (f"{sa} and {sb} contradict each other "
                   f"(P(contradiction) {nli.contra_ab:.2f} / {nli.contra_ba:.2f})")
    evidence = {
        "signal": signal,
        "claims": {a.article_id: a.text, b.article_id: b.text},
        "direction": {"ab": {"premise": a.id, "hypothesis": b.id, "p_contradiction": round(nli.contra_ab, 4)},
                      "ba": {"premise": b.id, "hypothesis": a.id, "p_contradiction": round(nli.contra_ba, 4)}},
        "threshold": threshold,
    }
    if frames:
        evidence["actions"] = {a.article_id: frames[0].action, b.article_id: frames[1].action}
    return [Verdict(RULE, FindingKind.CONTRADICTION, [a.id, b.id], summary, evidence, nli.scores())]
