"""Helpers shared by the readers: decoding bytes, parsing dates, default source names.

Stage: 1 (readers). Input: raw bytes, metadata values and paths. Output: decoded text, ``date`` objects
and source names, or an ``InputError`` that names the file and says what to do.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime
from pathlib import PurePath

from checker.errors import InputError

STDIN_PATH = "<stdin>"
"""The ``path`` recorded for an article read from standard input."""

SUPPORTED = ".txt, .md, .html, .json or .jsonl"
"""The formats named in error messages, in the words a user needs."""

_BINARY_PROBE = 8192
_UTF8_BOM = codecs.BOM_UTF8
_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def _is_utf8(encoding: str) -> bool:
    """Return whether ``encoding`` names UTF-8 (any spelling, with or without ``-sig``)."""
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def _is_wide(encoding: str) -> bool:
    """Return whether ``encoding`` is UTF-16/UTF-32, whose text legitimately holds NUL bytes."""
    try:
        return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def strip_bom(data: bytes) -> bytes:
    """Return ``data`` without a leading UTF-8 byte-order mark.

    Args:
        data: Raw bytes of an input.

    Returns:
        The bytes after the BOM, or ``data`` unchanged when it has none.
    """
    return data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data


def decode(data: bytes, path: str, encoding: str = "utf-8") -> str:
    """Decode the bytes of one input, refusing empty, binary and mis-encoded files.

    A UTF-8 byte-order mark is removed before decoding (and a U+FEFF left by other codecs after it),
    so every character offset a reader reports (``Article.text_offset``, claim spans) counts characters
    of the decoded text *after* the BOM.

    Args:
        data: The raw bytes.
        path: The path to name in errors (as the user gave it, or ``"<stdin>"``).
        encoding: A Python codec name; ``"utf-8"`` unless the user passed ``--encoding``.

    Returns:
        The decoded text, BOM removed, otherwise untouched (line endings included).

    Raises:
        InputError: the input is empty or only whitespace, looks binary (a NUL byte in the first 8 KB),
            cannot be decoded with ``encoding``, or ``encoding`` is not a known codec.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            path, f"unknown encoding {encoding!r}", "pass a Python codec name such as utf-8 or latin-1"
        ) from None
    if not data.strip():
        raise InputError(path, "file is empty", "give an article with text")
    if not _is_wide(encoding) and b"\x00" in data[:_BINARY_PROBE]:
        raise InputError(path, "looks like a binary file, not an article", f"give {SUPPORTED}")
    bom = 0
    if _is_utf8(encoding):
        body = strip_bom(data)
        bom = len(data) - len(body)
        encoding = "utf-8"
    else:
        body = data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        at = exc.start + bom
        if encoding == "utf-8":
            raise InputError(
                path,
                f"is not valid UTF-8 at byte {at}",
                "re-save it as UTF-8 or pass --encoding latin-1",
            ) from None
        raise InputError(
            path,
            f"is not valid {encoding} at byte {at}",
            "re-save it as UTF-8 or pass the encoding it was saved in with --encoding",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(path, "file is empty", "give an article with text")
    return text


def parse_date(value: object) -> date | None:
    """Turn a metadata date into a ``date``, or ``None`` when it cannot be read.

    Accepts ``date``/``datetime`` objects (YAML and TOML give these) and ISO 8601 strings, with or
    without a time and zone (``"2020-06-10"``, ``"2020-06-10T14:03:00Z"``). Anything else is ignored
    rather than failing the article: a bad date should not cost the reader its text.

    Args:
        value: The value found in front matter, JSON, HTML meta tags or a manifest.

    Returns:
        The calendar date (a datetime's own date, not converted to UTC), or ``None``.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = _ISO_DATE_PREFIX.match(text)
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            return None
    return None


def default_source(path: str) -> str:
    """Return the source name to use when an input says nothing about its outlet.

    Args:
        path: The input's path as given, or ``"<stdin>"``.

    Returns:
        ``"stdin"`` for standard input, else the file name without its extension (``"fortune"`` for
        ``corpora/x/fortune.txt``).
    """
    if path == STDIN_PATH:
        return "stdin"
    return PurePath(path).stem or PurePath(path).name or "article"


def clean_str(value: object) -> str | None:
    """Return ``value`` as a stripped string, or ``None`` when it is missing or blank.

    Args:
        value: A metadata value (a string, a number, ``None`` ...).

    Returns:
        The stripped text, or ``None``.
    """
    if value is None:
        return None
    text = str(value).strip()
    return text or None
