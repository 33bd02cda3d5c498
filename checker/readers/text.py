"""Plain-text reader: the whole decoded file is the article text.

Stage: 1 (readers). Input: decoded text of a ``.txt`` file (or of sniffed plain text). Output: one
``Article`` with ``text_offset=0``. A short first line set off by a blank line is taken as the title,
but it stays in ``text`` so that claim offsets are offsets into the file (the claim stage skips it).
"""

from __future__ import annotations

import re

from checker.readers._common import clean_str, default_source
from checker.schema import Article

MAX_TITLE_CHARS = 200
"""A first line longer than this is a paragraph, not a headline."""

# Sentence-final (or lead-in) punctuation, optionally followed by closing quotes or brackets:
# "He said so." or 'It was "over."' are sentences; headlines do not end like that.
_SENTENCE_END = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)\]]*$")


def guess_title(text: str) -> str | None:
    r"""Return the headline of a plain-text article, if it has one.

    The first non-empty line is a title when it is at most 200 characters, does not end with
    sentence-final punctuation and is followed by a blank line.

    Args:
        text: The decoded article.

    Returns:
        The title line, stripped, or ``None``.

    Example:
        >>> guess_title("Amazon bans police use of face recognition\\n\\nNEW YORK -- Amazon ...")
        'Amazon bans police use of face recognition'
    """
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        candidate = line.strip()
        if len(candidate) > MAX_TITLE_CHARS or _SENTENCE_END.search(candidate):
            return None
        if i + 1 < len(lines) and not lines[i + 1].strip():
            return candidate
        return None
    return None


def parse_text(text: str, *, path: str, source: str | None = None) -> Article:
    """Build an ``Article`` from plain text.

    Args:
        text: The decoded file (BOM already removed), kept verbatim as ``Article.text``.
        path: The path as given, recorded on the article.
        source: The outlet name; defaults to the file name stem.

    Returns:
        The article, with ``text_offset=0`` and the guessed title.
    """
    return Article(
        source=clean_str(source) or default_source(path),
        text=text,
        title=guess_title(text),
        path=path,
        text_offset=0,
    )
