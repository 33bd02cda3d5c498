"""Run the claimcheck CLI with ``python -m checker``."""

from checker.cli import app

app()
