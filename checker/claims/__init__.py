"""Stage 2: Article -> list[Claim] with exact character spans.

Lines of page furniture (headline, tag runs, promotions, bylines, lead-ins) are dropped, the body is
split into sentences, each sentence is parsed once with spaCy, fragments without a verb are dropped,
and every remaining sentence becomes a ``Claim`` carrying its speaker and cue verb, the agents of
requests, normalised quantities, named entities, and (in memory) its action frames for the judges.
``claim.text == article.text[claim.start:claim.end]`` always holds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from checker.claims import attribution as attr
from checker.claims.boilerplate import (
    dateline_pattern,
    line_reason,
    looks_like_headline,
    sentence_reason,
    tag_prefix_end,
)
from checker.claims.frames import Frame, extract_frames
from checker.claims.nlp import load_nlp
from checker.claims.quantities import extract_quantities
from checker.claims.sentences import paragraphs, split_sentences
from checker.lexicon import load_lexicon
from checker.schema import Article, Claim, Entity

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"}


@dataclass
class ClaimAnalysis:
    """What the judges need of a parsed claim, kept in memory only."""

    frames: list[Frame] = field(default_factory=list)
    content_lemmas: list[tuple[str, str]] = field(default_factory=list)  # (lemma, coarse pos)
    negated: bool = False
    agent_heads: list[tuple[str, list[str]]] = field(default_factory=list)  # (head lemma, modifier lemmas)
    request_action: str | None = None  # what the agents asked for ("stop")


@dataclass
class Dropped:
    """A span of the article that was not made a claim, and why (for ``--explain`` and tests)."""

    start: int
    end: int
    reason: str


@functools.cache
def _coref_lex():
    lex = load_lexicon("attribution")["coreference"]
    return (frozenset(lex["org_nouns"]), frozenset(lex["person_pronouns"]), frozenset(lex["org_pronouns"]),
            frozenset(lex["speaker_pronouns"]))


class _Context:
    """Article-level memory of the last person and organisation named, for pronoun resolution."""

    def __init__(self) -> None:
        self.person: str | None = None
        self.org: str | None = None
        self.speaker: str | None = None  # the last person quoted by name
        self.persons: set[str] = set()  # every name tagged PERSON so far

    def see(self, doc, upto: int | None = None) -> None:
        for ent in doc.ents:
            if upto is not None and ent.start >= upto:
                break
            if ent.label_ == "PERSON":
                self.person = ent.text
                self.persons.add(ent.text)
            elif ent.label_ == "ORG":
                self.org = ent.text

    def resolver(self, doc, speaker: str | None = None):
        org_nouns, person_pron, org_pron, speaker_pron = _coref_lex()

        def resolve(token) -> str | None:
            local = _Context()
            local.person, local.org = self.person, self.org
            local.see(doc, upto=token.i)
            low = token.lower_
            if low in speaker_pron and speaker:
                return speaker
            if low in person_pron:
                return local.person or token.text
            if low in org_pron:
                return local.org or token.text
            if token.pos_ == "NOUN" and token.lemma_.lower() in org_nouns and any(
                c.lower_ in ("the", "this") for c in token.children
            ):
                return local.org or attr.phrase(token)
            for ent in doc.ents:
                if ent.start <= token.i < ent.end:
                    return ent.text
            return attr.phrase(token)

        return resolve


def _head_and_modifiers(token) -> tuple[str, list[str]]:
    """Lemma of an agent's head noun and of its content modifiers (``employees`` + ``amazon``, ``own``)."""
    mods = [t.lemma_.lower() for t in token.subtree
            if t.i != token.i and t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.is_stop]
    return token.lemma_.lower(), mods


def _strip_dateline(text: str, start: int, end: int) -> int:
    m = dateline_pattern().match(text[start:end])
    return start + m.end() if m else start


def segment_article(article: Article) -> tuple[list[Claim], list[Dropped]]:
    """Split ``article`` into claims and the spans dropped as boilerplate, each with a reason."""
    text = article.text
    paras = paragraphs(text)
    title = article.title
    dropped: list[Dropped] = []
    candidates: list[tuple[int, int, int]] = []  # (start, end, paragraph index)
    body_started = False
    for pi, (ps, pe) in enumerate(paras):
        cut = tag_prefix_end(text[ps:pe])
        if cut is not None:  # "Share this withEmail...Copy this linkThe regulator said ...": keep the body
            dropped.append(Dropped(ps, ps + cut, "tag run"))
            ps += cut
        line = text[ps:pe]
        reason = line_reason(line, title)
        if reason is None and not body_started and title is None and looks_like_headline(line, pi + 1 < len(paras)):
            reason, title = "headline", line
        if reason is not None:
            dropped.append(Dropped(ps, pe, reason))
            continue
        if not body_started:
            ps = _strip_dateline(text, ps, pe)
            body_started = True
        for s, e in split_sentences(text, ps, pe):
            candidates.append((s, e, pi))

    nlp = load_nlp()
    docs = list(nlp.pipe([text[s:e] for s, e, _ in candidates], batch_size=64))
    claims: list[Claim] = []
    ctx = _Context()
    quote_open = False
    last_para = -1
    para_speaker: tuple[str | None, str | None] = (None, None)
    for (s, e, pi), doc in zip(candidates, docs, strict=True):
        if pi != last_para:
            quote_open, para_speaker, last_para = False, (None, None), pi
        reason = sentence_reason(doc)
        in_quote, quote_open_after = attr.quote_state(doc.text, quote_open)
        resolve = ctx.resolver(doc)
        speaker, cue, sp_i = attr.speaker(doc)
        if speaker is not None and sp_i is not None:
            if doc[sp_i].lower_ in _coref_lex()[1] and ctx.speaker:
                # "..., she said": the person last quoted, not the last name the tagger called a person
                # (spaCy tags product names such as "Rekognition" PERSON)
                speaker = ctx.speaker
            else:
                speaker = resolve(doc[sp_i])
            names = ctx.persons | {e.text for e in doc.ents if e.label_ == "PERSON"}
            if speaker in names or speaker in {n.split()[-1] for n in names}:
                ctx.speaker = speaker
        if speaker is None and (in_quote or quote_open) and para_speaker[0]:
            speaker, cue = para_speaker
        if in_quote and speaker is not None:
            para_speaker = (speaker, cue)
        quote_open = quote_open_after
        if reason is not None:
            dropped.append(Dropped(s, e, reason))
            ctx.see(doc)
            continue
        resolve = ctx.resolver(doc, speaker)
        agents, agent_cue, agent_idx = attr.agents(doc)
        agents = [resolve(doc[i]) if doc[i].pos_ == "PRON" else a for a, i in zip(agents, agent_idx, strict=True)]
        frames = extract_frames(doc, resolve)
        lemmas = [(t.lemma_.lower(), t.pos_) for t in doc
                  if t.pos_ in ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "NUM") and not t.is_stop]
        claim = Claim(
            id=f"{article.id}-c{len(claims) + 1:03d}",
            article_id=article.id,
            text=text[s:e],
            start=s,
            end=e,
            speaker=speaker,
            cue=cue,
            agents=[a for a in agents if a],
            agent_cue=agent_cue,
            quantities=extract_quantities(doc, s, article.published),
            entities=[Entity(text=ent.text, label=ent.label_, start=s + ent.start_char, end=s + ent.end_char)
                      for ent in doc.ents if ent.label_ in _ENTITY_LABELS],
            is_quote=bool(in_quote),
            analysis=ClaimAnalysis(
                frames=frames, content_lemmas=lemmas, negated=any(t.dep_ == "neg" for t in doc),
                agent_heads=[_head_and_modifiers(doc[i]) for i in agent_idx],
                request_action=attr.requested_action(doc) if agents else None,
            ),
        )
        claims.append(claim)
        ctx.see(doc)
    return claims, dropped


def extract_claims(article: Article) -> list[Claim]:
    """Return the claims of ``article`` in reading order (see module docstring)."""
    return segment_article(article)[0]
