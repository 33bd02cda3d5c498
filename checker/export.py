"""Re-render a saved JSON report in another format, without inputs and without any model.

Input: the path of a report written by ``claimcheck compare --format json`` (schema_version "1").
Output: a validated ``Report`` (``load_report``) or its rendering (``export_report``). This path imports
only ``checker.schema``, ``checker.errors`` and the chosen reporter, so exporting never loads torch,
spaCy or sentence-transformers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.errors import InputError
from checker.reporters import ReportFormat, render
from checker.schema import SCHEMA_VERSION, Report

_SAVE_HINT = "save one with: claimcheck compare ARTICLES --format json --output report.json"


def _validation_problem(exc: ValidationError) -> str:
    """One line naming the first invalid field, and how many more there are."""
    errors = exc.errors()
    if not errors:
        return "is not a valid report"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "(top level)"
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return f"is not a valid report: {where}: {first.get('msg', 'invalid value')}{more}"


def load_report(path: str | Path) -> Report:
    """Read and validate a saved JSON report.

    Args:
        path: the report file.

    Returns:
        The report.

    Raises:
        InputError: the file is missing or unreadable, is not UTF-8 JSON, has another
            ``schema_version`` or does not match the report schema; the message is one line.
    """
    label = str(path)
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(label, "no such report file", _SAVE_HINT) from None
    except IsADirectoryError:
        raise InputError(label, "is a directory, not a report file", "give the JSON report file") from None
    except PermissionError:
        raise InputError(label, "permission denied", "check the file's permissions") from None
    except OSError as exc:
        raise InputError(label, f"cannot be read: {exc.strerror or exc}", "check the path") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"is not UTF-8 text (byte {exc.start})",
                         "give a JSON report written by claimcheck") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(label, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                         "give a JSON report written by claimcheck --format json") from None
    if not isinstance(data, dict):
        raise InputError(label, f"is JSON but not a report (top level is a {type(data).__name__})",
                         "give a JSON report written by claimcheck --format json")
    version = data.get("schema_version")
    if version is None:
        raise InputError(label, "has no schema_version, so it is not a claimcheck report", _SAVE_HINT)
    if str(version) != SCHEMA_VERSION:
        raise InputError(label, f"has schema_version {version!r}; this claimcheck reads {SCHEMA_VERSION!r}",
                         "re-run claimcheck compare with this version to regenerate it")
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        raise InputError(label, _validation_problem(exc), _SAVE_HINT) from None


def export_report(path: str | Path, fmt: ReportFormat | str, **options: Any) -> str:
    """Load a saved JSON report and render it in ``fmt``.

    Args:
        path: the saved JSON report.
        fmt: the output format (a ``ReportFormat`` or its value, e.g. ``"html"``).
        **options: passed to the reporter.

    Returns:
        The rendered report.

    Raises:
        InputError: the report cannot be loaded (see ``load_report``).
        ValueError: ``fmt`` is not a known format.
    """
    return render(load_report(path), fmt, **options)
