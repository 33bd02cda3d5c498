"""The ``claimcheck`` command: a thin Typer layer over the pipeline, the archive and the reporters.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input error. The payload goes to
stdout (or ``--output``, written only after rendering succeeds); progress and warnings go to stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

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


class FailOn(StrEnum):
    """Which findings make ``compare`` or ``check`` exit 1."""

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


# Options shared by several commands, declared once.
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here, not stdout.")]
EncodingOpt = Annotated[str, typer.Option("--encoding", help="Text encoding of the input files.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Make a skipped input an error.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")]
NoNliOpt = Annotated[bool, typer.Option("--no-nli", help="Skip the NLI judge: no contradiction findings, and "
                                        "agreement by paraphrase similarity alone (faster).")]
ColorOpt = Annotated[bool | None, typer.Option("--color/--no-color",
                                               help="Colour terminal output (default: if a tty).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages on stderr.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")]


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
    inputs: Annotated[list[str], typer.Argument(help="Article files, directories, or - for stdin.")],
    fmt: FormatOpt = ReportFormat.TEXT,
    output: OutputOpt = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when findings of this kind exist.")]
    = FailOn.NONE,
    encoding: EncodingOpt = "utf-8",
    strict: StrictOpt = False,
    no_cache: NoCacheOpt = False,
    no_nli: NoNliOpt = False,
    color: ColorOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Compare the claims of several articles and report agreement, framing, attribution and quantities."""
    from checker.pipeline import compare as run_compare

    progress = None if quiet else (lambda m: _stderr(f"claimcheck: {m}"))
    try:
        report = run_compare(inputs, encoding=encoding, strict=strict, nli=not no_nli,
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
    report_path: Annotated[Path, typer.Argument(help="A JSON report saved by compare --format json.")],
    fmt: FormatOpt = ReportFormat.HTML,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")] = None,
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


# ---------------------------------------------------------------------------------------------------
# check and index: drafts against an archive of prior coverage

DEFAULT_INDEX = Path(".claimcheck")

index_app = typer.Typer(
    name="index",
    help="Build and query the archive of prior coverage that 'claimcheck check' compares drafts against.",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")

IndexOpt = Annotated[Path, typer.Option("--index", "-i", help="The archive folder.")]
PathsArg = Annotated[list[str], typer.Argument(help="Article files or folders (searched recursively).")]
LockOpt = Annotated[float, typer.Option("--lock-timeout", help="Seconds to wait for another writer.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]

_FAIL_ON_HELP = (
    "Exit 1 when findings of this kind exist. The default, contradiction, fails only on errors (what a draft "
    "must not ship with); framing, attribution and quantity differences are warnings, often legitimate "
    "editorial choices, so they annotate without failing unless named here or with 'any'."
)
_AGAINST_HELP = (
    "Prior coverage: an archive folder made by 'claimcheck index build', or article files and folders "
    "(read and indexed in memory). Repeat for several paths."
)


@contextlib.contextmanager
def _errors(debug: bool) -> Iterator[None]:
    """Turn library errors into ``Error: ...`` and exit 2; unexpected ones too, unless ``--debug``."""
    try:
        yield
    except ClaimcheckError as exc:
        _fail(exc)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception:
        if debug:
            raise
        _stderr("Error: unexpected failure (run again with --debug for the traceback)")
        raise typer.Exit(EXIT_ERROR) from None


@contextlib.contextmanager
def _progress_bar(quiet: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr, one line per stage; ``None`` when quiet."""
    if quiet:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("claimcheck: {task.description:<9}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=console.is_terminal) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _warn_skipped(skipped) -> None:
    for s in skipped:
        _stderr(f"warning: skipped {s.path}: {s.reason}")


@app.command()
def check(
    drafts: Annotated[list[str], typer.Argument(help="Draft article files or folders, or - for stdin.")],
    against: Annotated[list[str], typer.Option("--against", "-a", help=_AGAINST_HELP)],
    fmt: FormatOpt = ReportFormat.TEXT,
    output: OutputOpt = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help=_FAIL_ON_HELP)] = FailOn.CONTRADICTION,
    encoding: EncodingOpt = "utf-8",
    strict: StrictOpt = False,
    no_cache: NoCacheOpt = False,
    no_nli: NoNliOpt = False,
    color: ColorOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check draft articles against prior coverage; findings point at the drafts' lines."""
    from checker.check import check as run_check

    with _errors(debug):
        with _progress_bar(quiet) as progress:
            report = run_check(drafts, against, encoding=encoding, strict=strict, nli=not no_nli,
                               cache_dir=False if no_cache else None, progress=progress)
        _warn_skipped(report.skipped)
        use_color = sys.stdout.isatty() if color is None else color
        payload = render(report, fmt, color=use_color and output is None and fmt not in MACHINE_FORMATS)
        _write(payload, output)
    raise typer.Exit(exit_code(report, fail_on))


def _index_summary(verb: str, result, index: Path) -> None:
    info = result.info
    dupes = f", {len(result.skipped_duplicates)} already archived" if result.skipped_duplicates else ""
    print(f"{verb} {len(result.added)} articles ({result.claims_added} claims){dupes}; {index} holds "
          f"{info.articles} articles, {info.claims} claims "
          f"({info.index_type} index, generation {info.generation})")


@index_app.command("build")
def index_build(
    paths: PathsArg,
    index: IndexOpt = DEFAULT_INDEX,
    encoding: EncodingOpt = "utf-8",
    strict: StrictOpt = False,
    no_cache: NoCacheOpt = False,
    approx_threshold: Annotated[int | None, typer.Option(
        "--approx-threshold", min=1,
        help="Claims above which the archive uses an approximate (IVF-SQ8) index instead of an exact one.",
    )] = None,
    lock_timeout: LockOpt = 120.0,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Build the archive from articles, replacing any archive at --index in one atomic step."""
    from checker.archive import DEFAULT_APPROX_THRESHOLD
    from checker.check import build_index

    with _errors(debug):
        with _progress_bar(quiet) as progress:
            result = build_index(paths, index, progress=progress, cache_dir=False if no_cache else None,
                                 encoding=encoding, strict=strict,
                                 approx_threshold=approx_threshold or DEFAULT_APPROX_THRESHOLD,
                                 lock_timeout=lock_timeout)
        _warn_skipped(result.skipped)
        _index_summary("indexed", result, index)


@index_app.command("add")
def index_add(
    paths: PathsArg,
    index: IndexOpt = DEFAULT_INDEX,
    encoding: EncodingOpt = "utf-8",
    strict: StrictOpt = False,
    no_cache: NoCacheOpt = False,
    lock_timeout: LockOpt = 120.0,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Add articles to the archive; articles already in it (same text) are skipped."""
    from checker.check import add_to_index

    with _errors(debug):
        with _progress_bar(quiet) as progress:
            result = add_to_index(paths, index, progress=progress, cache_dir=False if no_cache else None,
                                  encoding=encoding, strict=strict, lock_timeout=lock_timeout)
        _warn_skipped(result.skipped)
        _index_summary("added", result, index)


@index_app.command("info")
def index_info(
    index: IndexOpt = DEFAULT_INDEX,
    as_json: JsonOpt = False,
    articles: Annotated[bool, typer.Option("--articles", help="Also list the archived articles.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Show what the archive holds: articles, claims, embedder, index type, size on disk."""
    from checker.archive import Archive

    with _errors(debug):
        with Archive.open(index) as archive:
            info = archive.info().as_dict()
            listed = archive.articles() if articles else None
        if as_json:
            if listed is not None:
                info["article_list"] = listed
            print(json.dumps(info, indent=2, ensure_ascii=False))
            return
        for key in ("path", "articles", "claims", "embedder", "dim", "index_type", "nlist", "nprobe",
                    "approx_threshold", "generation", "claimcheck_version", "created", "updated"):
            if info[key] is not None:
                print(f"{key:<19}{info[key]}")
        print(f"{'size_on_disk':<19}{info['size_bytes'] / 1e6:.2f} MB")
        for a in listed or []:
            print(f"{a['id']}\t{a['source']}\t{a['claims']} claims\t{a['path'] or ''}")


@index_app.command("search")
def index_search(
    query: Annotated[str, typer.Argument(help="A sentence to look for.")],
    index: IndexOpt = DEFAULT_INDEX,
    k: Annotated[int, typer.Option("-k", min=1, help="How many claims to show.")] = 5,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Show the archived claims nearest in meaning to QUERY."""
    from checker.check import search_index

    with _errors(debug):
        hits = search_index(query, index, k)
        if as_json:
            rows = [{"score": round(h.score, 4), "claim": h.claim.model_dump(mode="json"),
                     "article": h.article.model_dump(mode="json", exclude={"text"})} for h in hits]
            print(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        for h in hits:
            when = f" {h.article.published}" if h.article.published else ""
            text = " ".join(h.claim.text.split())
            print(f"{h.score:.3f}  {h.article.source}{when} [{h.article.id}]  {text}")


@index_app.command("remove")
def index_remove(
    article_ids: Annotated[list[str], typer.Argument(help="Ids of archived articles (see index info).")],
    index: IndexOpt = DEFAULT_INDEX,
    lock_timeout: LockOpt = 120.0,
    debug: DebugOpt = False,
) -> None:
    """Remove articles and their claims from the archive."""
    from checker.archive import Archive

    with _errors(debug):
        with Archive.open(index, lock_timeout=lock_timeout) as archive:
            n = archive.remove(article_ids)
            info = archive.info()
        print(f"removed {len(article_ids)} articles ({n} claims); {index} holds {info.articles} articles, "
              f"{info.claims} claims")


def main() -> None:  # pragma: no cover - console entry point
    """Run the app."""
    app()
