"""Sentence spans of news text: paragraph-aware, with exact character offsets.

Paragraphs are lines separated by newlines; each is split with pysbd (rule-based, keeps "U.S.",
"Dr." and quoted sentences intact) and every sentence is mapped back to exact offsets by a forward
search, so ``text[start:end]`` is always the sentence.
"""

from __future__ import annotations

import functools
import re

_PARA = re.compile(r"[^\n]+")


@functools.cache
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every non-blank line of ``text``, trimmed of surrounding spaces."""
    spans = []
    for m in _PARA.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one paragraph) into sentence spans with offsets into ``text``."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for seg in _segmenter().segment(chunk):
        piece = seg.strip()
        if not piece:
            continue
        pos = chunk.find(piece, cursor)
        if pos < 0:  # pysbd altered the text (should not happen with clean=False): fall back to the rest
            pos = cursor
            piece = chunk[cursor:].strip()
        spans.append((start + pos, start + pos + len(piece)))
        cursor = pos + len(piece)
    return _merge_dangling_quotes(text, spans)


def _merge_dangling_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a fragment made only of closing quotes/punctuation onto the sentence before it."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        frag = text[s:e]
        if out and (len(frag) <= 3 and not any(ch.isalnum() for ch in frag)):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
