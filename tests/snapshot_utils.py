"""Golden-file helpers: compare rendered reports with tests/snapshots/<corpus>/report.<ext>.

Volatile fields (the tool version, absolute paths) are normalised on both sides before comparing,
so a snapshot survives a version bump or a checkout in another folder. Set ``UPDATE_SNAPSHOTS=1`` to
rewrite a snapshot that differs (or is missing) instead of failing; review the diff like code.
``make snapshots`` (scripts/make_snapshots.py) regenerates every snapshot from the seed corpus.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
REPO = Path(__file__).resolve().parents[1]

_VERSION = re.compile(
    r"(claimcheck[\s\"':=,]*(?:version[\s\"':=]*)?)v?\d+\.\d+\.\d+(?:[.+-][0-9A-Za-z.+-]*)?")
# An absolute POSIX path: a "/" not preceded by a word character, ":" or "/" (so not URLs or "and/or"),
# followed by at least one directory component.
_ABS_PATH = re.compile(r"(?<![\w:/.~-])/(?:[^\s\"'<>/\\|]+/)+")


def update_requested() -> bool:
    """True when ``UPDATE_SNAPSHOTS=1`` asks to rewrite snapshots instead of comparing."""
    return os.environ.get("UPDATE_SNAPSHOTS", "") == "1"


def normalise(text: str) -> str:
    """Replace volatile fields: the claimcheck version and absolute paths (repo root first).

    Args:
        text: a rendered report (any text format).

    Returns:
        The text with ``<VERSION>``, ``<REPO>/`` and ``<ABS>/`` placeholders; line ends unchanged.
    """
    root = str(REPO) + "/"

    def _path(m: re.Match[str]) -> str:
        return "<REPO>/" + m.group(0)[len(root):] if m.group(0).startswith(root) else "<ABS>/"

    text = _VERSION.sub(lambda m: m.group(1) + "<VERSION>", text)
    return _ABS_PATH.sub(_path, text)


def assert_snapshot(actual: str, path: Path, *, normaliser: Callable[[str], str] | None = normalise,
                    context: int = 3, max_lines: int = 60) -> None:
    """Assert that ``actual`` equals the snapshot at ``path`` after normalising both.

    Files are read and written as bytes of UTF-8, so CRLF line ends (CSV) are compared exactly.

    Args:
        actual: the freshly rendered text.
        path: the snapshot file.
        normaliser: applied to both sides before comparing (``None`` compares verbatim).
        context: lines of context in the diff shown on failure.
        max_lines: the diff is cut after this many lines.

    Raises:
        AssertionError: the snapshot is missing or differs (and ``UPDATE_SNAPSHOTS`` is not ``1``).
    """
    norm = normaliser or (lambda s: s)
    if update_requested():
        if not path.exists() or norm(path.read_bytes().decode("utf-8")) != norm(actual):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        raise AssertionError(f"snapshot {path} is missing: run `make snapshots` or UPDATE_SNAPSHOTS=1 pytest")
    expected = norm(path.read_bytes().decode("utf-8"))
    got = norm(actual)
    if expected == got:
        return
    diff = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "snapshot", "rendered",
                                     n=context, lineterm=""))
    shown = "\n".join(line[:200] for line in diff[:max_lines])
    more = f"\n... {len(diff) - max_lines} more diff lines" if len(diff) > max_lines else ""
    raise AssertionError(f"{path} differs from the rendered output (UPDATE_SNAPSHOTS=1 rewrites it):\n"
                         f"{shown}{more}")
