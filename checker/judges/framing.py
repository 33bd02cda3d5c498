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

import re

from checker.claims.frames import Frame
from checker.judges import Verdict
from checker.lexicon import load_lexicon, wordnet
from checker.schema import Claim, FindingKind

RULE = "framing.lexical"


def _light() -> set[str]:
    lex = load_lexicon("attribution")
    return set(lex["light_verbs"]["verbs"]) | set(lex["speech"]["verbs"])


def normalise_actor(actor: str | None) -> str | None:
    """Lowercase an actor phrase without determiners and possessive endings (``"The ACLU's"`` -> ``"aclu"``)."""
    if not actor:
        return None
    words = re.sub(r"[’']s\b", "", actor.lower())
    words = re.sub(r"\b(the|a|an|its|their|this|that)\b", " ", words)
    words = re.sub(r"[^\w\s.-]", " ", words)
    out = " ".join(words.split())
    return out or None


def actors_match(a: str | None, b: str | None) -> bool:
    """True when two actor phrases name the same actor (equal, or one's words contain the other's)."""
    na, nb = normalise_actor(a), normalise_actor(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    wa, wb = set(na.split()), set(nb.split())
    return wa <= wb or wb <= wa


def main_frames(claim: Claim) -> list[Frame]:
    """The claim's main-clause frames (none when the main clause names no action of an actor)."""
    frames = claim.analysis.frames if claim.analysis else []
    return [f for f in frames if f.main]


def substitutions(a: Claim, b: Claim) -> list[tuple[Frame, Frame]]:
    """Pairs of frames, one per claim, with the same actor and action words of different meaning."""
    wn = wordnet()
    light = _light()
    out = []
    for fa in main_frames(a):
        for fb in main_frames(b):
            if not actors_match(fa.actor, fb.actor):
                continue
            if fa.action == fb.action or fa.action.split("_")[0] in light or fb.action.split("_")[0] in light:
                continue
            if wn is not None and wn.similar(fa.action, fb.action, fa.pos, fb.pos):
                continue
            out.append((fa, fb))
    return out


def judge(a: Claim, b: Claim, sources: dict[str, str]) -> list[Verdict]:
    """Return a ``framing.lexical`` verdict for claims ``a`` and ``b`` when their action words differ."""
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
