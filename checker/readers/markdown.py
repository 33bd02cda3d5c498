"""Markdown reader: optional YAML front matter for metadata, the body verbatim as the text.

Stage: 1 (readers). Input: decoded text of a ``.md``/``.markdown`` file. Output: one ``Article`` whose
``text`` is the body after the front matter, unchanged (Markdown syntax included), and whose
``text_offset`` is the character offset of that body in the decoded file.

Front matter is a block that starts on the first line with ``---`` and ends with a line ``---`` (or
``...``). It may set ``title``, ``source``, ``date`` (or ``published``), ``url`` and ``author`` (used as
the source when there is no ``source``); other keys are ignored.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from checker.errors import InputError
from checker.readers._common import clean_str, default_source, parse_date
from checker.schema import Article

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_ATX_H1 = re.compile(r"#[ \t]+(.+?)[ \t#]*$")


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], int]:
    """Separate YAML front matter from the body.

    Args:
        text: The decoded file.
        path: The path to name in errors.

    Returns:
        The front matter as a dict (empty when there is none) and the character offset where the body
        starts (0 when there is no front matter).

    Raises:
        InputError: the front matter is not closed, is not valid YAML, or is not a mapping.
    """
    opening = _OPEN.match(text)
    if not opening:
        return {}, 0
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        raise InputError(
            path,
            "front matter opened with --- on line 1 is never closed",
            "add a line with --- after the metadata, or remove the first ---",
        )
    block = text[opening.end() : closing.start()]
    try:
        meta = yaml.safe_load(block)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = (exc.problem or exc.context or "syntax error").strip()
        raise InputError(
            path,
            f"front matter is not valid YAML{where}: {problem}",
            "fix the key: value lines between the --- lines, quoting values that contain ':'",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(
            path,
            f"front matter is not valid YAML: {exc}",
            "fix the key: value lines between the --- lines",
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(
            path,
            f"front matter is a YAML {type(meta).__name__}, not a mapping",
            "write it as key: value lines, e.g. title: ..., source: ..., date: 2020-06-10",
        )
    return meta, closing.end()


def _heading_title(body: str) -> str | None:
    """Return the text of a level-1 ATX heading that opens ``body`` (``# Title``), if any."""
    for line in body.splitlines():
        if line.strip():
            match = _ATX_H1.match(line.strip())
            return match.group(1).strip() if match else None
    return None


def parse_markdown(text: str, *, path: str, source: str | None = None) -> Article:
    """Build an ``Article`` from a Markdown file.

    Args:
        text: The decoded file (BOM already removed).
        path: The path as given, recorded on the article.
        source: An explicit outlet name; it wins over ``source``/``author`` in the front matter, which
            win over the file name stem.

    Returns:
        The article. ``title`` comes from the front matter, else from a ``# Heading`` on the body's
        first line (which stays in ``text``).

    Raises:
        InputError: bad front matter, or nothing but front matter in the file.
    """
    meta, offset = split_front_matter(text, path)
    body = text[offset:]
    if not body.strip():
        raise InputError(
            path, "has front matter but no article text", "add the article after the closing ---"
        )
    published = meta.get("date") or meta.get("published")
    return Article(
        source=clean_str(source)
        or clean_str(meta.get("source"))
        or clean_str(meta.get("author"))
        or default_source(path),
        text=body,
        title=clean_str(meta.get("title")) or _heading_title(body),
        path=path,
        published=parse_date(published),
        url=clean_str(meta.get("url")),
        text_offset=offset,
    )
