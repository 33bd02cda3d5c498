"""Which lines and sentences of a raw scrape are page furniture rather than claims.

Rules are general (patterns in models/lexicons/boilerplate.toml, tag runs glued by a scraper,
headlines, lead-in lines ending in a colon, fragments without a verb); nothing here names an outlet.
"""

from __future__ import annotations

import functools
import re

from checker.lexicon import load_lexicon

# A scraper gluing tag links together leaves words joined lower->Upper: "AmazonNewsCrime".
_GLUE = re.compile(r"[a-z][A-Z]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_INNER_SENTENCE_END = re.compile(r"[a-z0-9][.!?][\"”’]?\s+[A-Z“\"]")
_MAX_FURNITURE = 300  # characters: page furniture is a short line, never a paragraph of reporting
_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "in", "on", "and", "for", "that", "is", "was", "with", "by"}


@functools.cache
def _patterns() -> list[re.Pattern[str]]:
    lex = load_lexicon("boilerplate")
    return [re.compile(p, re.IGNORECASE) for p in lex["line_patterns"]["patterns"]]


@functools.cache
def dateline_pattern() -> re.Pattern[str]:
    """Regex of a dateline at the start of an article body (``NEW YORK -- ``)."""
    return re.compile(load_lexicon("boilerplate")["dateline"]["pattern"])


def _furniture_sized(text: str) -> bool:
    """Short and at most one sentence: the size of page furniture, not of a paragraph of reporting."""
    return len(text) <= _MAX_FURNITURE and not _INNER_SENTENCE_END.search(text)


def _is_furniture(text: str) -> bool:
    """Furniture-sized and matching a boilerplate pattern (models/lexicons/boilerplate.toml)."""
    return _furniture_sized(text) and any(pat.search(text) for pat in _patterns())


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def looks_like_headline(line: str, next_exists: bool) -> bool:
    """True for a short first line without sentence-final punctuation that precedes the body."""
    stripped = line.strip()
    return next_exists and 0 < len(stripped) <= 200 and stripped[-1] not in ".!?\"”'’:" and (
        len(_WORD.findall(stripped)) >= 2
    )


def split_tag_run(line: str) -> tuple[str, str] | None:
    """Split a scraped tag run glued to a headline into ``(tags, headline)``, or ``None``.

    ``"Organization AmazonNewsCrime ... BusinessAmazon bans police ..."`` -> tags and
    ``"Amazon bans police ..."``: the headline starts at the last lower->Upper glue point.
    """
    glue = list(_GLUE.finditer(line))
    if len(glue) < 2:
        return None
    cut = glue[-1].start() + 1
    head = line[cut:].strip()
    if len(_WORD.findall(head)) < 3:
        return None
    return line[:cut], head


def tag_prefix_end(line: str) -> int | None:
    """Where the body starts in a long paragraph that a scraper glued to a tag/share run, or ``None``.

    ``"Share this withEmailFacebookTwitterCopy this linkThe regulator said ..."`` -> the offset of
    ``"The regulator"``. Only glue points before the first sentence end count, so a glued word later in
    the body ("iPhone") is never taken for the end of the tags.
    """
    if _furniture_sized(line.strip()):
        return None
    first_end = _INNER_SENTENCE_END.search(line)
    found = split_tag_run(line[:first_end.start() + 1 if first_end else _MAX_FURNITURE])
    if found is None:
        return None
    words = [w.lower() for w in _WORD.findall(found[0])]
    if any(w in _FUNCTION_WORDS for w in words[:-1]) and "share" not in words[:2]:
        return None  # reporting prose with a glued word, not a run of tags
    return len(found[0])


def line_reason(line: str, title: str | None) -> str | None:
    """Why a whole line (paragraph) is boilerplate, or ``None`` when it may hold claims."""
    text = line.strip()
    if not text:
        return "blank"
    if title and _norm(text) == _norm(title):
        return "headline"
    tag = split_tag_run(text)
    if tag is not None:
        words = [w.lower() for w in _WORD.findall(tag[0])]
        if not any(w in _FUNCTION_WORDS for w in words):
            return "tag line"
    # furniture lines are short; a long paragraph (a whole article scraped without line breaks) is never
    # dropped whole for a pattern: its sentences are checked one by one (sentence_reason)
    if _is_furniture(text):
        return "boilerplate line"
    words = _WORD.findall(text)
    if text.endswith(":") and len(words) <= 12:
        return "lead-in line"
    return None


def sentence_reason(doc) -> str | None:
    """Why a parsed sentence is not a claim: a boilerplate pattern, no verb at all, or fewer than four words."""
    text = doc.text.strip()
    if _is_furniture(text):
        return "boilerplate sentence"
    words = [t for t in doc if t.is_alpha]
    if len(words) < 4:
        return "fragment"
    if not any(t.pos_ in ("VERB", "AUX") for t in doc):
        return "no verb"
    return None
