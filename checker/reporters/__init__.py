"""Stage 8: Report -> str, one module per format.

A reporter is a pure function ``render(report: Report, **options) -> str``: it never prints, exits or
decides pass/fail. ``ReportFormat`` values are the ``--format`` choices; ``render`` dispatches on them.
Reporter modules are imported lazily so that exporting a saved report needs no model.
"""

from __future__ import annotations

import importlib
from enum import Enum
from typing import Any

from checker.schema import Report


class ReportFormat(str, Enum):
    """Output formats of compare, check and export."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


# format -> "module:function"
_RENDERERS: dict[ReportFormat, str] = {
    ReportFormat.TEXT: "checker.reporters.terminal:render",
    ReportFormat.JSON: "checker.reporters.json_report:render",
    ReportFormat.MARKDOWN: "checker.reporters.markdown:render",
    ReportFormat.HTML: "checker.reporters.html_report:render",
    ReportFormat.CSV: "checker.reporters.csv_report:render",
    ReportFormat.GITHUB: "checker.reporters.github:render",
    ReportFormat.SARIF: "checker.reporters.sarif:render",
    ReportFormat.JUNIT: "checker.reporters.junit:render",
}

# Formats read by machines: only the payload goes to stdout.
MACHINE_FORMATS = {ReportFormat.JSON, ReportFormat.CSV, ReportFormat.GITHUB, ReportFormat.SARIF,
                   ReportFormat.JUNIT}


def render(report: Report, fmt: ReportFormat | str, **options: Any) -> str:
    """Render ``report`` in format ``fmt``.

    Args:
        report: the report to render.
        fmt: a ``ReportFormat`` or its value.
        **options: passed to the format's renderer (e.g. ``color`` for text, ``texts`` for html).

    Returns:
        The rendered payload.
    """
    fmt = ReportFormat(fmt)
    module_name, func_name = _RENDERERS[fmt].split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    return func(report, **options)
