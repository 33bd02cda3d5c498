"""Which reader handles an input: by file extension, else by sniffing its first bytes.

Stage: 1 (readers). Input: a path or the first bytes of an input. Output: a ``Format``.
Like sqlite-utils' ``rows_from_file``, the format is detected from content when the name does not say.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import PurePath

from checker.readers._common import strip_bom


class Format(StrEnum):
    """The input formats the readers understand; the values are the canonical file extensions."""

    TEXT = "txt"
    MARKDOWN = "md"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"


EXTENSIONS: dict[str, Format] = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
}
"""Known extensions (lower case) and their format; directories read only files with these."""

_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta")
_PROBE = 4096


def format_for_path(path: str | PurePath) -> Format | None:
    """Return the format a file name announces, or ``None`` for an unknown extension.

    Args:
        path: A file path; only its suffix is looked at (case-insensitively).

    Returns:
        The ``Format`` for ``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``, ``.json``,
        ``.jsonl``/``.ndjson``; ``None`` otherwise.
    """
    return EXTENSIONS.get(PurePath(path).suffix.lower())


def sniff_format(data: bytes) -> Format:
    """Guess the format of an input from its first bytes.

    ``{`` or ``[`` means JSON (JSON Lines when the first line is a complete object and more lines
    follow), ``<!doctype html``/``<html`` (or another document-level tag) means HTML, a first line of
    ``---`` means Markdown with front matter, and anything else is plain text. A UTF-8 BOM and, except
    for the front-matter check, leading whitespace are ignored.

    Args:
        data: The raw bytes (the first few KB are enough).

    Returns:
        The detected ``Format``; never fails.

    Example:
        >>> sniff_format(b'{"text": "x"}')
        <Format.JSON: 'json'>
    """
    data = strip_bom(data)
    if data.startswith((b"---\n", b"---\r\n")):
        return Format.MARKDOWN
    head = data[:_PROBE].lstrip()
    if head.startswith(b"["):
        return Format.JSON
    if head.startswith(b"{"):
        return Format.JSONL if _looks_like_jsonl(data.lstrip()) else Format.JSON
    if head.lower().startswith(_HTML_STARTS):
        return Format.HTML
    return Format.TEXT


def _looks_like_jsonl(data: bytes) -> bool:
    """Return whether ``data`` opens with a one-line JSON object followed by more non-blank lines."""
    first, _, rest = data.partition(b"\n")
    if not rest.strip():
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, UnicodeDecodeError):
        return False
