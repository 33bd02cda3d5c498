"""Stage 1, readers: paths, stdin or bytes in; ``Article`` objects out.

Input: file paths (``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``, ``.json``, ``.jsonl``; other names
are sniffed from their first bytes), directories (with an optional ``manifest.toml``), ``"-"`` for
standard input, or ready-made ``Article`` objects. Output: ``Article`` objects, and for batches a
``ReadResult`` that also lists the inputs that were skipped and why.

Every problem with an input is an ``InputError`` whose one-line message names the input, what is wrong
and what to do. ``read_inputs`` turns those into ``Skipped`` entries and carries on (unless
``strict=True``), so that one bad file does not stop a run. Inputs are only ever read, never written.

Offsets: a UTF-8 byte-order mark is removed before anything else, so ``Article.text_offset`` and the
claim spans that point into ``Article.text`` count characters of the decoded text after the BOM.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from checker.errors import InputError
from checker.readers._common import STDIN_PATH, SUPPORTED, decode
from checker.readers.html_reader import parse_html
from checker.readers.json_reader import parse_json, parse_jsonl
from checker.readers.manifest import MANIFEST_NAME, apply_entry, read_manifest
from checker.readers.markdown import parse_markdown
from checker.readers.sniff import Format, format_for_path, sniff_format
from checker.readers.text import parse_text
from checker.schema import Article, Skipped

__all__ = [
    "Format",
    "ReadResult",
    "read_article",
    "read_articles",
    "read_bytes",
    "read_directory",
    "read_inputs",
    "sniff_format",
]

STDIN = "-"
"""The input name that means standard input."""

_IGNORED_PREFIXES = ("README", "LICENSE", "LICENCE", "CREDITS", "NOTICE")


class ReadResult(BaseModel):
    """What a batch read produced: the articles, in input order, and the inputs left out."""

    articles: list[Article] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)


def read_bytes(
    data: bytes,
    *,
    path: str = "<bytes>",
    fmt: Format | None = None,
    encoding: str = "utf-8",
    source: str | None = None,
) -> list[Article]:
    """Read articles from raw bytes.

    Args:
        data: The input's bytes, not yet decoded.
        path: The name to record on the articles and to use in errors.
        fmt: The format; sniffed from ``data`` when ``None``.
        encoding: The codec to decode with (a UTF-8 BOM is always removed).
        source: An explicit outlet name, which wins over metadata and the default (the name's stem).

    Returns:
        One article, or several for JSON lists and JSON Lines.

    Raises:
        InputError: the bytes are empty, binary, mis-encoded or not valid for the format.
    """
    text = decode(data, path, encoding)
    fmt = fmt or sniff_format(data)
    if fmt is Format.MARKDOWN:
        return [parse_markdown(text, path=path, source=source)]
    if fmt is Format.HTML:
        return [parse_html(text, path=path, source=source)]
    if fmt is Format.JSON:
        return parse_json(text, path=path, source=source)
    if fmt is Format.JSONL:
        return parse_jsonl(text, path=path, source=source)
    return [parse_text(text, path=path, source=source)]


def _read_stdin(encoding: str, source: str | None) -> list[Article]:
    """Read standard input as bytes and sniff its format."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(
            STDIN_PATH, "cannot be read as bytes", "pipe the article into the command, or give a file"
        )
    # the source defaults to "stdin" (see default_source) but metadata in the piped input wins over that
    return read_bytes(stream.read(), path=STDIN_PATH, encoding=encoding, source=source)


def read_articles(path: str | Path, *, encoding: str = "utf-8", source: str | None = None) -> list[Article]:
    """Read every article of one file (or of stdin when ``path`` is ``"-"``).

    Args:
        path: The file, as the user gave it; the string is recorded as ``Article.path``.
        encoding: The codec to decode with.
        source: An explicit outlet name for the articles.

    Returns:
        The file's articles: one, or several for a JSON list or JSON Lines.

    Raises:
        InputError: missing path, a directory, or an unreadable or invalid file.
    """
    label = str(path)
    if label == STDIN:
        return _read_stdin(encoding, source)
    target = Path(path)
    if target.is_dir():
        raise InputError(label, "is a directory, not an article file", "give one article file")
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise InputError(label, "no such file or directory", "check the path") from None
    except PermissionError:
        raise InputError(label, "permission denied", "check the file's permissions") from None
    except OSError as exc:
        raise InputError(label, f"cannot be read: {exc.strerror or exc}", "check the path") from None
    return read_bytes(data, path=label, fmt=format_for_path(target), encoding=encoding, source=source)


def read_article(path: str | Path, *, encoding: str = "utf-8", source: str | None = None) -> Article:
    """Read one article from a file, or from stdin when ``path`` is ``"-"``.

    The format comes from the extension, else from the first bytes (``{``/``[`` JSON, ``<!doctype``/
    ``<html`` HTML, ``---`` Markdown with front matter, anything else plain text).

    Args:
        path: The file, as given (relative paths stay relative in ``Article.path``); ``"-"`` reads
            ``sys.stdin.buffer`` and records the path ``"<stdin>"`` and, by default, the source ``"stdin"``.
        encoding: The codec to decode with; a UTF-8 BOM is removed.
        source: An explicit outlet name; wins over metadata and the file name stem.

    Returns:
        The article.

    Raises:
        InputError: the path is missing or a directory; the file is empty, binary, not valid in
            ``encoding`` or in its format; or it holds more than one article.

    Example:
        >>> read_article("corpora/amazon-rekognition-2020/fortune.txt").source
        'fortune'
    """
    articles = read_articles(path, encoding=encoding, source=source)
    if len(articles) != 1:
        raise InputError(
            articles[0].path or str(path),
            f"holds {len(articles)} articles, not one",
            "give a file with a single article, or pass it as one of several inputs",
        )
    return articles[0]


def _is_candidate(path: Path) -> bool:
    """Return whether a directory entry is an article file to read when there is no manifest."""
    name = path.name
    if name.startswith(".") or name.upper().startswith(_IGNORED_PREFIXES) or name == MANIFEST_NAME:
        return False
    return path.is_file() and format_for_path(path) is not None


def read_directory(directory: str | Path, *, encoding: str = "utf-8", strict: bool = False) -> ReadResult:
    """Read the articles of a directory (not its subdirectories).

    With a ``manifest.toml``, exactly the files it lists are read, in its order, and its metadata wins
    over the files'; a listed file that is missing is skipped. Without one, every file with a supported
    extension is read in name order, except hidden files and ``README*``, ``LICENSE*``, ``CREDITS*`` and
    ``NOTICE*``.

    Args:
        directory: The directory, as given; article paths are built under it.
        encoding: The codec to decode files with.
        strict: Raise the first ``InputError`` instead of skipping the file.

    Returns:
        The articles and the skipped files.

    Raises:
        InputError: the directory has no article files, its manifest is invalid, or (with ``strict``) a
            file cannot be read.
    """
    label = str(directory)
    root = Path(directory)
    result = ReadResult()
    manifest = root / MANIFEST_NAME
    if manifest.is_file():
        for entry in read_manifest(manifest):
            file = root / entry.file
            try:
                if not file.is_file():
                    raise InputError(
                        str(file),
                        f"is listed in {manifest} but does not exist",
                        "fix the file name in the manifest, or add the file",
                    )
                articles = read_articles(file, encoding=encoding)
            except InputError as exc:
                if strict:
                    raise
                result.skipped.append(Skipped(path=str(file), reason=str(exc)))
                continue
            result.articles.extend(apply_entry(article, entry) for article in articles)
        return result
    try:
        files = sorted((p for p in root.iterdir() if _is_candidate(p)), key=lambda p: p.name)
    except OSError as exc:
        raise InputError(label, f"cannot be listed: {exc.strerror or exc}", "check its permissions") from None
    if not files:
        raise InputError(
            label, "has no articles", f"put {SUPPORTED} files in it, or list them in {MANIFEST_NAME}"
        )
    for file in files:
        try:
            result.articles.extend(read_articles(file, encoding=encoding))
        except InputError as exc:
            if strict:
                raise
            result.skipped.append(Skipped(path=str(file), reason=str(exc)))
    return result


def read_inputs(
    inputs: Sequence[str | Path | Article], *, encoding: str = "utf-8", strict: bool = False
) -> ReadResult:
    """Read a batch of inputs: files, directories, ``"-"`` (stdin) and ``Article`` objects.

    Articles given as objects pass through unchanged. Directories expand as in ``read_directory``. An
    input that cannot be read is listed in ``skipped`` with its error message and the rest carry on.
    An article whose id was already read (same source and text) is kept once; the repeat is listed in
    ``skipped`` with the reason ``"duplicate of <path>"`` (also with ``strict``: a repeat is not an error).

    Args:
        inputs: What to read, in order.
        encoding: The codec to decode files and stdin with.
        strict: Raise the first ``InputError`` instead of skipping the input.

    Returns:
        The articles, in input order, and the skipped inputs.

    Raises:
        InputError: only with ``strict=True``: the first input that cannot be read.
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    result = ReadResult()
    seen: dict[str, str] = {}

    def keep(article: Article) -> None:
        where = article.path or article.id
        if article.id in seen:
            result.skipped.append(Skipped(path=where, reason=f"duplicate of {seen[article.id]}"))
            return
        seen[article.id] = where
        result.articles.append(article)

    for item in inputs:
        if isinstance(item, Article):
            keep(item)
            continue
        try:
            if str(item) != STDIN and Path(item).is_dir():
                batch = read_directory(item, encoding=encoding, strict=strict)
                result.skipped.extend(batch.skipped)
                articles = batch.articles
            else:
                articles = read_articles(item, encoding=encoding)
        except InputError as exc:
            if strict:
                raise
            result.skipped.append(
                Skipped(path=str(item) if str(item) != STDIN else STDIN_PATH, reason=str(exc))
            )
            continue
        for article in articles:
            keep(article)
    return result
