"""Typed errors of claimcheck. Every message names the file or thing at fault and what to do next.

The library raises these and never prints or exits; ``cli.py`` turns them into one ``Error: ...``
line on stderr and exit code 2.
"""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base class of every error claimcheck reports to a user."""


class InputError(ClaimcheckError):
    """An input article cannot be read or parsed (bad path, encoding, format, empty)."""

    def __init__(self, path: str, problem: str, fix: str = "") -> None:
        """Build ``"<path>: <problem> (<fix>)"``."""
        self.path = path
        self.problem = problem
        self.fix = fix
        msg = f"{path}: {problem}"
        if fix:
            msg += f" ({fix})"
        super().__init__(msg)


class ArchiveError(ClaimcheckError):
    """A claim archive is missing, locked, corrupt or was built with another embedder."""


class ModelError(ClaimcheckError):
    """A bundled model cannot be found or loaded."""


class ConfigError(ClaimcheckError):
    """models/*.toml is missing a value or holds an invalid one."""
