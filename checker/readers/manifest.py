"""``manifest.toml``: the list of articles in a directory, with metadata that overrides the files'.

Stage: 1 (readers). Input: a directory's ``manifest.toml``. Output: a list of ``ManifestEntry`` and
``apply_entry`` to stamp an entry's metadata on the articles read from its file.

The format, one table per article (only ``file`` is required)::

    [[article]]
    file = "ap.txt"            # relative to the directory
    source = "AP"
    title = "Amazon bans police use of its face recognition for a year"
    published = 2020-06-10     # a TOML date; "date" is accepted too, and ISO strings
    url = "https://apnews.com/..."

Files of the directory that the manifest does not list are not read. Unknown keys in an
``[[article]]`` table are an error (a misspelt ``titel`` would otherwise be silently ignored); other
top-level tables are left alone for human notes.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from checker.errors import InputError
from checker.readers._common import clean_str, parse_date
from checker.schema import Article

MANIFEST_NAME = "manifest.toml"
"""The file name that turns a directory's listing into an explicit article list."""

_KEYS = ("file", "source", "title", "published", "date", "url")
_FIX = 'each article is an [[article]] table: file = "name.txt", optional source, title, published, url'


class ManifestEntry(BaseModel):
    """One ``[[article]]`` table: a file of the directory and the metadata to give its article(s)."""

    file: str
    source: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None


def read_manifest(path: str | Path) -> list[ManifestEntry]:
    """Parse a ``manifest.toml``.

    Args:
        path: The manifest file (as given, used in errors).

    Returns:
        Its entries, in file order.

    Raises:
        InputError: the manifest cannot be read, is not valid TOML, lists no ``[[article]]``, or an
            entry has no ``file``, a non-string value or an unknown key.
    """
    label = str(path)
    try:
        with open(path, "rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(label, f"is not valid TOML: {exc}", _FIX) from None
    except UnicodeDecodeError:
        raise InputError(label, "is not valid UTF-8", "re-save the manifest as UTF-8") from None
    except OSError as exc:
        raise InputError(label, f"cannot be read: {exc.strerror}", "check the file's permissions") from None
    tables = data.get("article")
    if not isinstance(tables, list) or not tables:
        raise InputError(label, "lists no articles", _FIX)
    entries: list[ManifestEntry] = []
    for n, table in enumerate(tables, start=1):
        where = f"[[article]] number {n}"
        if not isinstance(table, dict):
            raise InputError(label, f"{where} is not a table", _FIX)
        unknown = sorted(set(table) - set(_KEYS))
        if unknown:
            raise InputError(label, f"{where} has unknown key {unknown[0]!r}", f"use only {', '.join(_KEYS)}")
        file = table.get("file")
        if not isinstance(file, str) or not file.strip():
            raise InputError(label, f'{where} has no file = "..."', _FIX)
        for key in ("source", "title", "url"):
            if key in table and not isinstance(table[key], str):
                raise InputError(label, f"{where}: {key} must be a string", f'write {key} = "..."')
        entries.append(
            ManifestEntry(
                file=file.strip(),
                source=clean_str(table.get("source")),
                title=clean_str(table.get("title")),
                published=parse_date(table.get("published", table.get("date"))),
                url=clean_str(table.get("url")),
            )
        )
    return entries


def apply_entry(article: Article, entry: ManifestEntry) -> Article:
    """Return ``article`` with the metadata ``entry`` gives, which wins over what the file said.

    The article is rebuilt rather than copied so that its id, which is derived from the source, is
    recomputed.

    Args:
        article: An article read from ``entry.file``.
        entry: Its manifest entry.

    Returns:
        A new ``Article``.
    """
    overrides = {
        key: value
        for key, value in (
            ("source", entry.source),
            ("title", entry.title),
            ("published", entry.published),
            ("url", entry.url),
        )
        if value is not None
    }
    return Article(**{**article.model_dump(exclude={"id"}), **overrides})
