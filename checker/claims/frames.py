"""Action frames of a sentence: who did what, as lemmas (``Amazon`` -> ``ban``).

Input: a parsed sentence and a resolver for pronouns and definite descriptions. Output: ``Frame``s,
one per verb with a subject and one per action noun with a possessor (``Amazon's moratorium``). The
frame of the main clause (the root, or the clause a reporting verb introduces) is marked ``main``;
the framing judge compares main frames of aligned claims.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from checker.lexicon import load_lexicon, wordnet
from checker.schema import Claim

_SUBJ = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Frame:
    """One action of a sentence: ``actor`` (resolved phrase), ``action`` (lemma), its part of speech."""

    actor: str | None
    action: str
    pos: str  # "v" or "n"
    text: str
    main: bool
    negated: bool


@functools.cache
def _light() -> frozenset[str]:
    return frozenset(load_lexicon("attribution")["light_verbs"]["verbs"])


@functools.cache
def _speech() -> frozenset[str]:
    return frozenset(load_lexicon("attribution")["speech"]["verbs"])


def verb_lemma(tok) -> str:
    """Lemma of a verb with its particle: ``get out`` -> ``get_out``."""
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return tok.lemma_.lower() + ("_" + "_".join(prt) if prt else "")


def _negated(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def main_predicate(doc):
    """The token of the main action: the root, or the clause a reporting verb introduces."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    tok = roots[0]
    for _ in range(4):
        # reporting and stance verbs ("said that", "hoped that", "advocated that") introduce the action
        comps = [c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
        if not comps and tok.lemma_.lower() in _speech() | _light():
            comps = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if comps:
            tok = comps[0]
            continue
        break
    return tok


def extract_frames(doc, resolve: Callable[[object], str | None]) -> list[Frame]:
    """Return the action frames of a parsed sentence (see module docstring)."""
    wn = wordnet()
    main = main_predicate(doc)
    frames: list[Frame] = []
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in _speech():
            subjects = [c for c in tok.children if c.dep_ in _SUBJ]
            if not subjects and tok.dep_ in ("xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
                subjects = [c for c in tok.head.children if c.dep_ in _SUBJ]
            actor = resolve(subjects[0]) if subjects else None
            if tok.dep_ == "xcomp" or any(c.dep_ == "agent" for c in tok.children):
                # "pause selling": the controlling verb is the action; passives name the actor with "by"
                agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                if agent:
                    actor = resolve(agent[0])
                elif tok.dep_ == "xcomp":
                    continue
            lemma = verb_lemma(tok)
            is_main = main is not None and tok.i == main.i
            if lemma.split("_")[0] in _light():
                # "took action", "made a decision": the object names the act; not "made it available"
                causative = any(c.dep_ in ("oprd", "acomp", "ccomp", "xcomp") for c in tok.children)
                objs = [] if causative else [c for c in tok.children if c.dep_ in ("dobj", "attr")]
                if objs and wn is not None and wn.is_event_noun(objs[0].lemma_.lower(), strict=True):
                    frames.append(Frame(actor, objs[0].lemma_.lower(), "n", objs[0].text, is_main, _negated(tok)))
                continue
            frames.append(Frame(actor, lemma, "v", tok.text, is_main, _negated(tok)))
        elif tok.pos_ == "NOUN" and wn is not None:
            if not wn.is_event_noun(tok.lemma_.lower()):
                continue
            poss = [c for c in tok.children if c.dep_ == "poss"]
            deictic = [c for c in tok.children if c.dep_ == "det" and c.lower_ in ("this", "that", "the")]
            core = tok.dep_ in _SUBJ + ("dobj", "attr")
            if poss:
                actor = resolve(poss[0])
            elif deictic and core:
                actor = resolve(deictic[0])  # "this moratorium": the action under discussion
            else:
                continue
            head_is_main = main is not None and (tok.head.i == main.i or tok.head.dep_ == "ROOT")
            frames.append(Frame(actor, tok.lemma_.lower(), "n", tok.text, head_is_main and core, False))
    return frames


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


def quantity_keys(claim: Claim, kinds: tuple[str, ...]) -> set[str]:
    """The claim's normalised quantities of ``kinds``, hedges dropped (``{"date:2020-06-10"}``)."""
    return {q.normalized.rstrip("~") for q in claim.quantities if q.kind in kinds}


def time_anchors(claim: Claim) -> set[str]:
    """The claim's normalised dates and years (``{"date:2020-06-10", "year:2016"}``)."""
    return quantity_keys(claim, ("date", "year"))


def different_times(a: Claim, b: Claim) -> bool:
    """True when both claims are dated and share no date: they tell different occasions."""
    ta, tb = time_anchors(a), time_anchors(b)
    return bool(ta and tb and not ta & tb)


def different_parties(a: Claim, b: Claim) -> bool:
    """True when both claims name people or organisations and none of one's appear in the other.

    "Microsoft has been vocal about the need to regulate ..." and "Amazon said it hoped Congress ..."
    are about different parties; "IBM said ..." and "Amazon's moratorium comes days after IBM said ..."
    share IBM. Names match by containment ("Amazon" / "Amazon.com").
    """
    ea = {e.text.lower() for e in a.entities if e.label in ("PERSON", "ORG")}
    eb = {e.text.lower() for e in b.entities if e.label in ("PERSON", "ORG")}
    if not ea or not eb:
        return False
    return not any(x in y or y in x for x in ea for y in eb)
