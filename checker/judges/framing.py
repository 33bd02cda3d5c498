"""Judge ``framing.lexical``: the same fact told with different key words for the action or actor.

For two aligned claims, the main action frames (who did what) are compared. When the same actor is
given a different action word, and the two words are neither the same lemma, synonyms, derivational
forms nor one a direct hypernym of the other in WordNet, the words are substitutes with different
meaning or strength: a framing difference. Nothing here is a word list for one event.

Triggers: "Amazon banned police use of its technology" / "Amazon would pause selling its service"
(ban vs pause). Does not trigger: "Amazon banned police use" / "Amazon prohibited police use" (ban is a
kind of prohibit), or "Amazon banned ..." / "Amazon will ban ..." (same lemma).
"""

from __future__ import annotations

import functools

from checker.claims.frames import Frame, actors_match, different_times, main_frames
from checker.judges import Verdict
from checker.lexicon import load_lexicon, wordnet
from checker.schema import Claim, FindingKind

RULE = "framing.lexical"


@functools.cache
def _light() -> frozenset[str]:
    lex = load_lexicon("attribution")
    return frozenset(lex["light_verbs"]["verbs"]) | frozenset(lex["speech"]["verbs"])


@functools.cache
def _shell() -> frozenset[str]:
    return frozenset(load_lexicon("framing")["shell_nouns"]["nouns"])


def substitutions(a: Claim, b: Claim) -> list[tuple[Frame, Frame]]:
    """Pairs of frames, one per claim, with the same actor and action words of different meaning."""
    wn = wordnet()
    light = _light()
    shell = _shell()
    out = []
    for fa in main_frames(a):
        for fb in main_frames(b):
            if not actors_match(fa.actor, fb.actor):
                continue
            if fa.action == fb.action or fa.action.split("_")[0] in light or fb.action.split("_")[0] in light:
                continue
            if (fa.pos == "n" and fa.action in shell) or (fb.pos == "n" and fb.action in shell):
                continue  # "Amazon's decision" only points at the act; it frames nothing
            if wn is not None and wn.similar(fa.action, fb.action, fa.pos, fb.pos):
                continue
            if wn is not None and fa.pos == fb.pos and wn.antonyms(fa.action, fb.action, fa.pos):
                continue  # opposites are a contradiction (nli.contradiction), not a framing choice
            out.append((fa, fb))
    return out


def judge(a: Claim, b: Claim, sources: dict[str, str]) -> list[Verdict]:
    """Return a ``framing.lexical`` verdict for claims ``a`` and ``b`` when their action words differ.

    Claims dated to different times ("in 2016" / "in 2018") tell different events, not one event framed
    two ways, so they never trigger.
    """
    if different_times(a, b):
        return []
    subs = substitutions(a, b)
    if not subs:
        return []
    fa, fb = subs[0]
    terms = {a.article_id: sorted({x.action.replace("_", " ") for x, _ in subs}),
             b.article_id: sorted({y.action.replace("_", " ") for _, y in subs})}
    summary = (f"{sources[a.article_id]} says \u201c{fa.text}\u201d ({fa.action.replace('_', ' ')}) where "
               f"{sources[b.article_id]} says \u201c{fb.text}\u201d ({fb.action.replace('_', ' ')}) "
               f"for what {fa.actor} did")
    evidence = {
        "terms": terms,
        "actor": fa.actor,
        "substitutions": [{"a": x.action, "b": y.action, "pos": [x.pos, y.pos]} for x, y in subs],
        "lexical_resource": "WordNet 3.0" if wordnet() is not None else "none (lemma comparison only)",
    }
    return [Verdict(RULE, FindingKind.FRAMING, [a.id, b.id], summary, evidence)]
