"""JSON and JSON Lines readers: articles given as objects with a ``text`` field.

Stage: 1 (readers). Input: decoded ``.json`` (one object or a list of objects) or ``.jsonl`` (one object per
line; blank lines are skipped). Output: a list of ``Article`` (``text_offset=None``).

Each object needs ``text`` (a non-empty string) and may give ``title``, ``source`` (else ``author``, else
the file name stem), ``date`` or ``published`` (ISO 8601) and ``url``; other fields are ignored. One bad
object makes the whole file an ``InputError`` that says which object or line.
"""

from __future__ import annotations

import json
from typing import Any

from checker.errors import InputError
from checker.readers._common import clean_str, default_source, parse_date
from checker.schema import Article

_TEXT_FIX = 'give each article a "text" field holding its body as a string'


def article_from_record(record: Any, *, path: str, where: str, source: str | None = None) -> Article:
    """Build one ``Article`` from a decoded JSON object.

    Args:
        record: The decoded JSON value (must be an object).
        path: The file's path as given, recorded on the article and named in errors.
        where: Which object this is, for errors (``"line 3"``, ``"item 2"``, ``"the object"``).
        source: An explicit outlet name; wins over the object's ``source``/``author``.

    Returns:
        The article.

    Raises:
        InputError: ``record`` is not an object, or its ``text`` is missing, not a string or empty.
    """
    if not isinstance(record, dict):
        raise InputError(
            path,
            f"{where} is a JSON {type(record).__name__}, not an object",
            'give one object per article, e.g. {"title": "...", "source": "AP", "text": "..."}',
        )
    if "text" not in record:
        raise InputError(path, f'{where} has no "text" field', _TEXT_FIX)
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(path, f'{where}: field "text" is a {type(text).__name__}, not a string', _TEXT_FIX)
    if not text.strip():
        raise InputError(path, f'{where}: field "text" is empty', _TEXT_FIX)
    published = record.get("date") or record.get("published")
    return Article(
        source=clean_str(source)
        or clean_str(record.get("source"))
        or clean_str(record.get("author"))
        or default_source(path),
        text=text,
        title=clean_str(record.get("title")),
        path=path,
        published=parse_date(published),
        url=clean_str(record.get("url")),
        text_offset=None,
    )


def parse_json(text: str, *, path: str, source: str | None = None) -> list[Article]:
    """Read a ``.json`` document holding one article object or a list of them.

    Args:
        text: The decoded file.
        path: The path as given.
        source: An explicit outlet name for every article.

    Returns:
        The articles, in file order.

    Raises:
        InputError: invalid JSON (with line and column), not an object or list of objects, an empty
            list, or an object without usable ``text``.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            path,
            f"is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            "fix the JSON there; for one object per line name the file .jsonl",
        ) from None
    if isinstance(data, dict):
        return [article_from_record(data, path=path, where="the object", source=source)]
    if isinstance(data, list):
        if not data:
            raise InputError(path, "holds an empty list", "add at least one article object with a text field")
        return [
            article_from_record(item, path=path, where=f"item {i}", source=source)
            for i, item in enumerate(data, start=1)
        ]
    raise InputError(
        path,
        f"holds a JSON {type(data).__name__}, not an object or a list of objects",
        'give {"text": "..."} or a list of such objects',
    )


def parse_jsonl(text: str, *, path: str, source: str | None = None) -> list[Article]:
    """Read a ``.jsonl`` document: one article object per line.

    Args:
        text: The decoded file.
        path: The path as given.
        source: An explicit outlet name for every article.

    Returns:
        The articles, in line order (blank lines skipped).

    Raises:
        InputError: a line is not valid JSON (with line and column) or not a usable article object.
    """
    articles: list[Article] = []
    # split on "\n" only: JSON strings may hold raw U+2028, which str.splitlines() would break on.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                path,
                f"is not valid JSON at line {lineno}, column {exc.colno}: {exc.msg}",
                "fix that line; a .jsonl file holds exactly one JSON object per line",
            ) from None
        articles.append(article_from_record(record, path=path, where=f"line {lineno}", source=source))
    if not articles:
        raise InputError(path, "file is empty", "give an article with text")
    return articles
