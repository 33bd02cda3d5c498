"""Judges ``attribution.agents`` and ``attribution.speaker``: who asked for it, and who said it.

``attribution.agents`` compares the agents of requests and pressure. Two agents are the same when their
head nouns are the same lemma, WordNet synonyms, or within two hypernym steps (``groups`` /
``organizations``), and their modifiers do not conflict. Agents found on both sides without a
counterpart make a finding, with the shared and differing agents as evidence.
Triggers: "Civil rights groups and Amazon's own employees have pushed the company to stop" / "civil
rights organizations and some of Amazon's investors have urged the giant to stop" (employees vs
investors; civil-rights groups shared). Does not trigger: "groups urged" / "organizations pushed", nor
two different demands ("pushed Amazon to stop selling" / "must press Congress to act").

``attribution.speaker`` fires when aligned claims are credited to different speakers ("said Clare
Garvie" / "said Nicole Ozer"); a surname matches the full name.
"""

from __future__ import annotations

import re

from checker.claims.frames import normalise_actor
from checker.judges import Verdict
from checker.lexicon import wordnet
from checker.schema import Claim, FindingKind


def _same_head(a: str, b: str) -> bool:
    if a == b:
        return True
    wn = wordnet()
    if wn is None:
        return False
    if wn.similar(a, b, "n", "n"):
        return True
    d = wn.hypernym_distance(a, b, "n", max_depth=2)
    return d is not None


def _agents(claim: Claim) -> list[tuple[str, str, list[str]]]:
    heads = claim.analysis.agent_heads if claim.analysis else []
    return [(text, h, mods) for text, (h, mods) in zip(claim.agents, heads, strict=False)]


def match_agents(a: Claim, b: Claim):
    """Return ``(shared pairs, agents only in a, agents only in b)`` as phrases."""
    aa, bb = _agents(a), _agents(b)
    used: set[int] = set()
    shared, only_a = [], []
    for text_a, head_a, mods_a in aa:
        hit = None
        for j, (_text_b, head_b, mods_b) in enumerate(bb):
            if j in used or not _same_head(head_a, head_b):
                continue
            # modifiers that are proper names must agree ("Amazon's employees" vs "Google's employees")
            if mods_a and mods_b and not (set(mods_a) & set(mods_b)):
                continue
            hit = j
            break
        if hit is None:
            only_a.append(text_a)
        else:
            used.add(hit)
            shared.append((text_a, bb[hit][0]))
    only_b = [t for j, (t, _, _) in enumerate(bb) if j not in used]
    return shared, only_a, only_b


def judge_agents(a: Claim, b: Claim, sources: dict[str, str]) -> list[Verdict]:
    """``attribution.agents``: the request is credited to different agents."""
    if not a.agents or not b.agents:
        return []
    ra = a.analysis.request_action if a.analysis else None
    rb = b.analysis.request_action if b.analysis else None
    wn = wordnet()
    if ra and rb and ra != rb and not (wn is not None and wn.similar(ra, rb, "v", "v")):
        return []  # different demands ("stop selling" vs "do the same"): not one request told twice
    shared, only_a, only_b = match_agents(a, b)
    if not only_a or not only_b:
        return []
    sa, sb = sources[a.article_id], sources[b.article_id]
    summary = (f"{sa} credits {', '.join(only_a)} where {sb} credits {', '.join(only_b)}"
               + (f" (both name {', '.join(x for x, _ in shared)})" if shared else ""))
    evidence = {
        "agents": {a.article_id: a.agents, b.article_id: b.agents},
        "shared": [list(p) for p in shared],
        "differing": {a.article_id: only_a, b.article_id: only_b},
        "cues": {a.article_id: a.agent_cue, b.article_id: b.agent_cue},
    }
    return [Verdict("attribution.agents", FindingKind.ATTRIBUTION, [a.id, b.id], summary, evidence)]


def _person_key(name: str) -> str:
    words = [w for w in re.findall(r"[\w’'-]+", normalise_actor(name) or "") if w]
    return words[-1] if words else ""


def judge_speaker(a: Claim, b: Claim, sources: dict[str, str]) -> list[Verdict]:
    """``attribution.speaker``: aligned claims credited to different speakers."""
    if not a.speaker or not b.speaker:
        return []
    ka, kb = _person_key(a.speaker), _person_key(b.speaker)
    if not ka or not kb or ka == kb:
        return []
    na, nb = normalise_actor(a.speaker) or "", normalise_actor(b.speaker) or ""
    if na in nb or nb in na:
        return []
    summary = (f"{sources[a.article_id]} attributes this to {a.speaker}; "
               f"{sources[b.article_id]} to {b.speaker}")
    evidence = {"speakers": {a.article_id: a.speaker, b.article_id: b.speaker},
                "cues": {a.article_id: a.cue, b.article_id: b.cue}}
    return [Verdict("attribution.speaker", FindingKind.ATTRIBUTION, [a.id, b.id], summary, evidence)]
