"""Docs stay true: every CLI command has help text and is mentioned in the README."""

from __future__ import annotations

import typer.main

from checker.cli import app
from tests.conftest import ROOT


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        yield prefix + name, cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + name + " ")


def test_every_command_has_help_and_a_readme_mention():
    readme = (ROOT / "README.md").read_text()
    group = typer.main.get_command(app)
    for name, cmd in _commands(group):
        assert (cmd.help or "").strip(), f"claimcheck {name} has no help text"
        if name != "version":
            assert f"claimcheck {name}" in readme, f"README does not mention 'claimcheck {name}'"
