"""The core of a claim: its main clause without the asides a reader can drop.

Input: a parsed sentence. Output: the sentence text with subordinate adverbial clauses ("Although it will
ban police, ..."), appositions ("Clare Garvie, a researcher at ..."), relative and participial clauses
("..., which could be used by ..."), "such as" examples and parentheses removed, or ``None`` when nothing
was removed. Two articles often tell one fact in a shared core and differ in the asides, which pull
their embeddings apart. Aligning on cores is measured by scripts/fit_alignment_channels.py and is off: on
ECB+ dev its added pairs were less precise than the embedding's (models/thresholds/alignment_channels.json).

Example: "Amazon said organizations, such as those that use Rekognition to help find missing children,
will still have access to the technology." -> "Amazon said organizations will still have access to the
technology."
"""

from __future__ import annotations

import re

_DROP_DEPS = {"advcl", "appos", "relcl", "parataxis"}


def _droppable(tok) -> bool:
    if tok.dep_ == "acl":
        return tok.tag_ in ("VBG", "VBN")  # "service, used by police"; not "announcement that it took"
    if tok.dep_ in _DROP_DEPS:
        return True
    if tok.dep_ == "prep" and tok.lower_ == "as" and any(
            t.lower_ == "such" for t in (tok.nbor(-1) if tok.i > tok.doc[0].i else tok, *tok.children)):
        return True  # "organizations, such as those that ..."
    return False


def _tidy_commas(doc, drop: set[int]) -> None:
    """Drop the punctuation that bracketed a removed span ("X, such as Y, will" -> "X will")."""
    first, last = doc[0].i, doc[-1].i
    i = first
    while i <= last:
        if i not in drop:
            i += 1
            continue
        j = i
        while j + 1 <= last and j + 1 in drop:
            j += 1
        before, after = i - 1, j + 1
        comma = (",", ";", "\u2014", "-", "\u2013")
        if after <= last and doc[after - first].text in comma and before >= first and doc[before - first].text in comma:
            drop.update((before, after))  # a parenthetical: "X, such as Y, will" -> "X will"
        elif after <= last and doc[after - first].text in comma and before < first:
            drop.add(after)
        elif before >= first and doc[before - first].text in comma and (
                after > last or doc[after - first].text in (".", "!", "?", "\u201d", '"', ",")):
            drop.add(before)
        i = j + 1


def claim_core(doc) -> str | None:
    """Return the core of parsed sentence ``doc`` (see module docstring), or ``None`` if it is all core."""
    drop: set[int] = set()
    for tok in doc:
        if tok.i in drop or not _droppable(tok):
            continue
        if tok.dep_ == "advcl" and tok.head.dep_ != "ROOT" and tok.head.head.lemma_.lower() == tok.head.lemma_.lower():
            continue
        drop.update(t.i for t in tok.subtree)
        if tok.dep_ == "prep":  # "such" before "as"
            drop.update(t.i for t in tok.children if t.lower_ == "such")
            if tok.i > doc[0].i and tok.nbor(-1).lower_ == "such":
                drop.add(tok.nbor(-1).i)
    # parentheses and the commas/dashes left around removed spans
    depth = 0
    for tok in doc:
        if tok.text == "(":
            depth += 1
        if depth:
            drop.add(tok.i)
        if tok.text == ")" and depth:
            depth -= 1
    _tidy_commas(doc, drop)
    kept = [t for t in doc if t.i not in drop]
    if len(kept) == len(doc) or sum(1 for t in kept if t.is_alpha) < 3:
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in kept):
        return None
    parts = []
    for n, t in enumerate(kept):
        gap = n + 1 < len(kept) and kept[n + 1].i != t.i + 1  # a removed span followed this token
        parts.append(t.text + (" " if gap and not t.whitespace_ else t.whitespace_))
    text = "".join(parts).strip()
    text = re.sub(r"\s*([,;:\u2014-])(\s*[,;:\u2014-])+", r"\1", text)  # ", ," -> ","
    text = re.sub(r"^[,;:\u2014-]\s*|\s*[,;:\u2014-]\s*(?=[.!?\u201d\"]*$)", "", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return text[0].upper() + text[1:] if text else None
