"""Judges ``quantity.number``, ``quantity.date`` and ``quantity.entity``: facts that disagree in values.

Quantities are compared only when both claims state one of the same kind and unit (durations with
durations, counts of members with counts of members). Ages are turned into years against the article's
date, so "nearly 4-year-old" in 2020 agrees with "introduced in 2016"; hedged values ("nearly",
"about") allow one unit of slack. Entities are compared when the two claims share their main action
and each names a person, organisation or place of the same type that the other does not.

Triggers: "banned for a year" / "banned for two years"; "said on Tuesday" / "said on Monday";
"IBM said it would stop selling" / "Microsoft said it would stop selling".
Does not trigger: "for a year" / "a one-year moratorium" / "for 12 months".
"""

from __future__ import annotations

from datetime import date

from checker.claims.frames import main_frames
from checker.judges import Verdict
from checker.schema import Claim, FindingKind, Quantity

_ENTITY_TYPES = ("PERSON", "ORG", "GPE")


def _key_values(q: Quantity, published: date | None) -> tuple[str, float | str, bool]:
    hedged = q.normalized.endswith("~")
    if q.kind == "age" and published is not None and q.value is not None:
        return "year", float(round(published.year - q.value)), hedged
    if q.kind in ("date",):
        return "date", q.normalized.rstrip("~").split(":", 1)[1], hedged
    if q.kind == "number":
        return f"number:{q.unit or ''}", float(q.value or 0), hedged
    if q.kind in ("duration", "percent", "money", "year"):
        return f"{q.kind}:{q.unit or ''}" if q.kind != "year" else "year", float(q.value or 0), hedged
    return q.kind, q.normalized, hedged


def _agree(x: tuple[float | str, bool], y: tuple[float | str, bool], key: str) -> bool:
    (vx, hx), (vy, hy) = x, y
    if isinstance(vx, str) or isinstance(vy, str):
        return vx == vy
    if vx == vy:
        return True
    slack = 0.0
    if hx or hy:
        slack = 1.0 if key == "year" else max(abs(vx), abs(vy)) * 0.15
    if key.startswith("duration"):
        slack = max(slack, 0.05 * max(vx, vy))  # "12 months" (365.25 d) = "a year" (365.25 d); rounding
    return abs(vx - vy) <= slack


def judge(a: Claim, b: Claim, sources: dict[str, str], published: dict[str, date | None]) -> list[Verdict]:
    """Return quantity verdicts for two aligned claims that state their values of the same action."""
    if not _same_action(a, b):
        return []
    va: dict[str, list] = {}
    vb: dict[str, list] = {}
    for q in a.quantities:
        k, v, h = _key_values(q, published.get(a.article_id))
        va.setdefault(k, []).append((v, h, q.text))
    for q in b.quantities:
        k, v, h = _key_values(q, published.get(b.article_id))
        vb.setdefault(k, []).append((v, h, q.text))
    verdicts = []
    for key in sorted(set(va) & set(vb)):
        if any(_agree((x[0], x[1]), (y[0], y[1]), key) for x in va[key] for y in vb[key]):
            continue
        rule = "quantity.date" if key in ("date", "year") else "quantity.number"
        ta = ", ".join(x[2] for x in va[key])
        tb = ", ".join(y[2] for y in vb[key])
        summary = f"{sources[a.article_id]} says {ta}; {sources[b.article_id]} says {tb}"
        evidence = {"values": {a.article_id: [x[2] for x in va[key]], b.article_id: [y[2] for y in vb[key]]},
                    "normalized": {a.article_id: [str(x[0]) for x in va[key]],
                                   b.article_id: [str(y[0]) for y in vb[key]]},
                    "quantity": key}
        verdicts.append(Verdict(rule, FindingKind.QUANTITY, [a.id, b.id], summary, evidence))
    verdicts.extend(_entities(a, b, sources))
    return verdicts


def _same_action(a: Claim, b: Claim) -> bool:
    """True when the claims' main actions are the same lemma or WordNet-similar (or either has none)."""
    from checker.lexicon import wordnet

    fa, fb = main_frames(a), main_frames(b)
    if not fa or not fb:
        return True
    wn = wordnet()
    return any(x.action == y.action or (wn is not None and wn.similar(x.action, y.action, x.pos, y.pos))
               for x in fa for y in fb)


def _entities(a: Claim, b: Claim, sources: dict[str, str]) -> list[Verdict]:
    actions_a = {f.action for f in main_frames(a)}
    actions_b = {f.action for f in main_frames(b)}
    if not actions_a & actions_b:
        return []
    out = []
    for label in _ENTITY_TYPES:
        ea = {e.text.lower(): e.text for e in a.entities if e.label == label}
        eb = {e.text.lower(): e.text for e in b.entities if e.label == label}
        if not ea or not eb:
            continue
        only_a = [v for k, v in ea.items() if not any(k in x or x in k for x in eb)]
        only_b = [v for k, v in eb.items() if not any(k in x or x in k for x in ea)]
        if only_a and only_b and len(only_a) == len(ea) and len(only_b) == len(eb):
            summary = (f"{sources[a.article_id]} names {', '.join(only_a)}; "
                       f"{sources[b.article_id]} names {', '.join(only_b)}")
            out.append(Verdict("quantity.entity", FindingKind.QUANTITY, [a.id, b.id], summary,
                               {"values": {a.article_id: only_a, b.article_id: only_b}, "entity_type": label}))
    return out
