"""The ``claimcheck`` command: a thin Typer layer over ``checker.pipeline`` and ``checker.reporters``.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input error. The payload goes to
stdout (or ``--output``, written only after rendering succeeds); progress and warnings go to stderr.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer

from checker.errors import ClaimcheckError
from checker.reporters import MACHINE_FORMATS, ReportFormat, render
from checker.schema import FindingKind, Report

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

app = typer.Typer(
    name="claimcheck",
    help="Check claim consistency across news articles about one event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class FailOn(str, Enum):
    """Which findings make ``compare`` exit 1."""

    CONTRADICTION = "contradiction"
    FRAMING = "framing"
    ATTRIBUTION = "attribution"
    QUANTITY = "quantity"
    ANY = "any"
    NONE = "none"


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _fail(exc: Exception) -> None:
    _stderr(f"Error: {exc}")
    raise typer.Exit(EXIT_ERROR)


def exit_code(report: Report, fail_on: FailOn) -> int:
    """Exit code for ``report`` under ``--fail-on`` (0 clean, 1 findings)."""
    if fail_on == FailOn.NONE:
        return EXIT_OK
    kinds = {FindingKind.CONTRADICTION, FindingKind.FRAMING, FindingKind.ATTRIBUTION, FindingKind.QUANTITY}
    wanted = kinds if fail_on == FailOn.ANY else {FindingKind(fail_on.value)}
    return EXIT_FINDINGS if any(f.kind in wanted for f in report.findings) else EXIT_OK


def _write(payload: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(payload)
        sys.stdout.flush()
        return
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    tmp.write_text(payload, encoding="utf-8")
    os.replace(tmp, output)


@app.command()
def compare(
    inputs: list[str] = typer.Argument(..., help="Article files, directories, or - for stdin."),
    fmt: ReportFormat = typer.Option(ReportFormat.TEXT, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here, not stdout."),
    fail_on: FailOn = typer.Option(FailOn.NONE, "--fail-on", help="Exit 1 when findings of this kind exist."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the input files."),
    strict: bool = typer.Option(False, "--strict", help="Make a skipped input an error."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the embedding cache."),
    color: bool = typer.Option(None, "--color/--no-color", help="Colour terminal output (default: if a tty)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress messages on stderr."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of unexpected errors."),
) -> None:
    """Compare the claims of several articles and report agreement, framing, attribution and quantities."""
    from checker.pipeline import compare as run_compare

    progress = None if quiet else (lambda m: _stderr(f"claimcheck: {m}"))
    try:
        report = run_compare(inputs, encoding=encoding, strict=strict,
                             cache_dir=False if no_cache else None, progress=progress)
        for s in report.skipped:
            _stderr(f"warning: skipped {s.path}: {s.reason}")
        use_color = sys.stdout.isatty() if color is None else color
        payload = render(report, fmt, color=use_color and output is None and fmt not in MACHINE_FORMATS)
        _write(payload, output)
    except ClaimcheckError as exc:
        _fail(exc)
    except Exception:
        if debug:
            raise
        _stderr("Error: unexpected failure (run again with --debug for the traceback)")
        raise typer.Exit(EXIT_ERROR) from None
    raise typer.Exit(exit_code(report, fail_on))


@app.command()
def export(
    report_path: Path = typer.Argument(..., help="A JSON report saved by compare --format json."),
    fmt: ReportFormat = typer.Option(ReportFormat.HTML, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
) -> None:
    """Render a saved JSON report as HTML, Markdown, CSV or another format (no model needed)."""
    from checker.export import export_report

    try:
        payload = export_report(report_path, fmt)
        _write(payload, output)
    except ClaimcheckError as exc:
        _fail(exc)


@app.command()
def version() -> None:
    """Print claimcheck's version."""
    from checker import __version__

    print(__version__)


def main() -> None:  # pragma: no cover - console entry point
    """Run the app."""
    app()
