"""JSON reporter: the canonical serialisation, ``Report.model_dump(mode="json")`` (schema_version "1")."""

from __future__ import annotations

import json

from checker.schema import Report


def report_dict(report: Report) -> dict:
    """Return the report as plain JSON-ready data (the contract every machine format derives from)."""
    return report.model_dump(mode="json")


def render(report: Report, **_: object) -> str:
    """Render ``report`` as indented JSON with a trailing newline."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
