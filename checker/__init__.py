"""claimcheck: claim-consistency checking for news coverage.

The public API is small: ``compare`` runs the whole pipeline on articles or paths and returns a
``Report``; ``read_article`` reads one file into an ``Article``.
"""

from checker.schema import Article, Claim, Fact, Finding, FindingKind, Report, Severity

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "Fact",
    "Finding",
    "FindingKind",
    "Report",
    "Severity",
    "__version__",
    "compare",
    "read_article",
]


def __getattr__(name: str):  # lazy: importing checker must not load torch or spaCy
    if name == "compare":
        from checker.pipeline import compare

        return compare
    if name == "read_article":
        from checker.readers import read_article

        return read_article
    raise AttributeError(name)
