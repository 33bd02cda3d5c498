"""Who said it and who asked for it: speakers of quotes and reported speech, agents of requests.

Input: one parsed sentence (spaCy ``Doc``). Output: the speaker phrase and cue verb; the agent phrases
and request verb. Verb lists come from models/lexicons/attribution.toml. Pronouns are returned as they
are; ``checker.claims`` resolves them against the article.
"""

from __future__ import annotations

import functools

from checker.lexicon import load_lexicon

QUOTE_CHARS = "\"“”«»"
_SUBJ = ("nsubj", "nsubjpass")
_TRIM_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "prep", "advmod", "det", "preconj"}


@functools.cache
def _lex():
    lex = load_lexicon("attribution")
    return (
        frozenset(lex["speech"]["verbs"]),
        frozenset(lex["request"]["verbs"]),
        frozenset(lex["request"]["call_particles"]),
        frozenset(lex["quantifier_heads"]["words"]),
    )


def phrase(token, keep_prep: bool = False) -> str:
    """Text of the noun phrase headed by ``token``, without appositions, clauses and conjuncts.

    ``"Clare Garvie, a researcher at ..."`` -> ``"Clare Garvie"``; ``"Amazon's own employees"`` stays.
    """
    keep = {token.i}
    stack = [token]
    while stack:
        t = stack.pop()
        for child in t.children:
            if child.dep_ in _TRIM_DEPS and not (keep_prep and child.dep_ == "prep"):
                continue
            keep.add(child.i)
            stack.append(child)
    toks = [t for t in token.doc if t.i in keep]
    return "".join(t.text_with_ws for t in toks).strip()


def _subject_heads(verb) -> list:
    heads = [c for c in verb.children if c.dep_ in _SUBJ]
    if not heads and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        heads = [c for c in verb.head.children if c.dep_ in _SUBJ]
    out = []
    for h in heads:
        out.append(h)
        out.extend(c for c in h.conjuncts if c.i > h.i)
    return out


def _unquantify(token):
    """``"a number of X"`` / ``"some of X"`` -> the token of X."""
    _, _, _, quant = _lex()
    if token.lemma_.lower() in quant:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return token


def speaker(doc) -> tuple[str | None, str | None, int | None]:
    """Return ``(speaker phrase, cue lemma, speaker token index)`` of the sentence, or Nones.

    ``"... ," said Clare Garvie, a researcher`` -> ``("Clare Garvie", "say", i)``;
    ``According to the ACLU, ...`` -> ``("the ACLU", "according to", i)``.
    """
    speech, _, _, _ = _lex()
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return phrase(objs[0]), "according to", objs[0].i
    # prefer the root's cue verb, then any cue verb
    cues = [t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in speech]
    cues.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for cue in cues:
        if any(c.dep_ == "neg" for c in cue.children):
            continue  # "hasn't said it wouldn't sell": nobody is quoted
        if cue.lemma_.lower() == "call" and not any(c.dep_ in ("dobj", "oprd") for c in cue.children):
            continue  # "called on X to" is a request, not speech
        subjects = _subject_heads(cue)
        if subjects:
            return phrase(subjects[0]), cue.lemma_.lower(), subjects[0].i
    return None, None, None


def agents(doc) -> tuple[list[str], str | None, list[int]]:
    """Return ``(agent phrases, request lemma, agent token indices)`` of who pushed/urged/asked.

    ``"Civil rights groups and Amazon's own employees have pushed the company to stop"`` ->
    ``(["Civil rights groups", "Amazon's own employees"], "push", [...])``.
    """
    _, request, call_particles, _ = _lex()
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in request:
            continue
        nxt = doc[verb.i + 1].lower_ if verb.i + 1 < len(doc) else ""
        if lemma == "call" and nxt not in call_particles:
            continue  # "called on Amazon to stop", not "called it ... on Wednesday"
        # a request has a content: "to stop ...", "that ...", "for regulation"
        has_content = any(
            c.dep_ in ("xcomp", "advcl", "ccomp") and any(g.lower_ in ("to", "that") for g in c.children)
            for c in verb.children
        ) or any(  # "pushed for regulation", "pressed Congress for action" (not "... for several minutes")
            c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on", "upon") and c.i - verb.i <= 3
            for c in verb.children
        )
        if not has_content:
            continue
        heads = [_unquantify(h) for h in _subject_heads(verb)]
        heads = [h for h in heads if h.pos_ not in ("PRON",) or h.lower_ in ("they", "he", "she", "it")]
        if heads:
            return [phrase(h) for h in heads], lemma, [h.i for h in heads]
    return [], None, []


def requested_action(doc) -> str | None:
    """Lemma of what the agents asked for: ``"pushed the company to stop selling"`` -> ``"stop"``."""
    _, request, _, _ = _lex()
    for verb in doc:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in request:
            for c in verb.children:
                if c.dep_ in ("xcomp", "advcl", "ccomp") and c.pos_ in ("VERB", "AUX"):
                    return c.lemma_.lower()
    return None


def quote_state(text: str, open_before: bool) -> tuple[bool, bool]:
    """Return ``(inside a quote at any point, quote still open at the end)`` for a sentence.

    Straight quotes toggle; curly quotes open/close. ``open_before`` carries the state across
    sentences of a paragraph, so a multi-sentence quote keeps its speaker.
    """
    state = open_before
    touched = open_before
    for ch in text:
        if ch == "“" or ch == "«":
            state, touched = True, True
        elif ch == "”" or ch == "»":
            state, touched = False, True
        elif ch == '"':
            state, touched = not state, True
    return touched, state
