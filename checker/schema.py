"""Shared vocabulary of every stage: pydantic models for articles, claims, facts, findings and the report.

Stage: none (imported by all). Input: nothing. Output: the types the stages pass to each other, and the
JSON report contract (``Report.model_dump(mode="json")``, ``schema_version`` "1").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"


class FindingKind(str, Enum):
    """The public vocabulary of findings; values are used in JSON, CLI options and rule ids."""

    AGREEMENT = "agreement"
    CONTRADICTION = "contradiction"
    FRAMING = "framing"
    ATTRIBUTION = "attribution"
    QUANTITY = "quantity"
    UNIQUE = "unique"


class Severity(str, Enum):
    """How much a finding matters to an editor."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# The one table mapping finding kinds to severities (reporters and exit codes read it, never redefine it).
SEVERITY_OF: dict[FindingKind, Severity] = {
    FindingKind.CONTRADICTION: Severity.ERROR,
    FindingKind.QUANTITY: Severity.WARNING,
    FindingKind.ATTRIBUTION: Severity.WARNING,
    FindingKind.FRAMING: Severity.WARNING,
    FindingKind.UNIQUE: Severity.INFO,
    FindingKind.AGREEMENT: Severity.INFO,
}

SEVERITY_RANK: dict[Severity, int] = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
KIND_RANK: dict[FindingKind, int] = {k: i for i, k in enumerate(SEVERITY_OF)}


def slugify(value: str, max_len: int = 24) -> str:
    """Return a lowercase ASCII slug of ``value`` (``"Fortune Magazine"`` -> ``"fortune-magazine"``)."""
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_value.lower()).strip("-")
    return (slug[:max_len].rstrip("-")) or "article"


def content_hash(text: str) -> str:
    """Return the hex SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(BaseModel):
    """One news article as read from a file, stdin or given by a caller.

    ``text`` is what claims point into: claim spans are offsets into it. ``text_offset`` is the
    character offset of ``text`` inside the decoded source file when ``text`` is a verbatim slice of it
    (plain text, Markdown body), else ``None`` (HTML, JSON); reporters use it to give file line/column.
    """

    model_config = ConfigDict(extra="forbid")

    source: str
    text: str
    title: str | None = None
    path: str | None = None
    published: date | None = None
    url: str | None = None
    text_offset: int | None = None
    id: str = ""

    @model_validator(mode="after")
    def _default_id(self) -> Article:
        if not self.id:
            self.id = f"{slugify(self.source)}-{content_hash(self.text)[:8]}"
        return self

    @property
    def sha256(self) -> str:
        """Content hash of the article text."""
        return content_hash(self.text)


class Quantity(BaseModel):
    """A number, duration, date, money amount or percentage found in a claim, normalised.

    ``kind`` is one of number, percent, money, duration, date, year, ordinal. ``value`` is the numeric
    value in ``unit`` (durations in days, money in the currency's units, dates as ISO strings in
    ``normalized``). ``start``/``end`` are offsets into the article text.
    """

    kind: str
    text: str
    start: int
    end: int
    value: float | None = None
    unit: str | None = None
    normalized: str


class Entity(BaseModel):
    """A named entity mentioned in a claim (spaCy label), with offsets into the article text."""

    text: str
    label: str
    start: int
    end: int


class Claim(BaseModel):
    """One checkable statement of an article: a sentence with exact offsets into ``Article.text``.

    ``speaker``/``cue`` describe quotes and reported speech (``"Clare Garvie"``, ``"say"``); ``agents``
    are who pushed, urged or asked for something (``["civil rights groups", "Amazon's own employees"]``)
    and ``agent_cue`` the verb that made them agents.
    """

    id: str
    article_id: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    cue: str | None = None
    agents: list[str] = Field(default_factory=list)
    agent_cue: str | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    is_quote: bool = False
    # In-memory linguistic analysis (frames, lemmas) for the judges; never serialised.
    analysis: Any = Field(default=None, exclude=True, repr=False)


class Fact(BaseModel):
    """A group of aligned claims that tell the same fact, across two or more articles."""

    id: str
    claim_ids: list[str]
    article_ids: list[str]


class Finding(BaseModel):
    """One judgement on a fact or claim: the kind, how severe, the claims it rests on and the evidence.

    ``rule`` is the stable dotted name of the judge that made it (``framing.lexical``); SARIF and
    ``--select`` use it.
    """

    id: str
    kind: FindingKind
    severity: Severity
    rule: str
    claim_ids: list[str]
    fact_id: str | None = None
    summary: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    scores: dict[str, float] = Field(default_factory=dict)


class ArticleInfo(BaseModel):
    """An article as listed in a report.

    ``text`` is the article text the claim spans point into, kept so that a saved report can be
    rendered (HTML highlights, export) and checked without the original files.
    """

    id: str
    source: str
    title: str | None = None
    path: str | None = None
    published: date | None = None
    url: str | None = None
    n_claims: int
    text: str | None = None


class Skipped(BaseModel):
    """An input that could not be used, and why; the rest of the run went on without it."""

    path: str
    reason: str


class ToolInfo(BaseModel):
    """Name and version of the program that wrote the report."""

    name: str = "claimcheck"
    version: str


class ModelInfo(BaseModel):
    """Which models produced the report (``nli`` is null when no NLI model was used)."""

    embedder: str
    nli: str | None = None


class Summary(BaseModel):
    """Headline numbers: the share of cross-article facts told consistently, and counts per kind."""

    consistency: float
    counts: dict[str, int]


class Report(BaseModel):
    """The consistency report: the JSON contract of ``--format json`` (schema_version "1")."""

    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    models: ModelInfo
    articles: list[ArticleInfo]
    claims: list[Claim]
    facts: list[Fact]
    findings: list[Finding]
    summary: Summary
    skipped: list[Skipped] = Field(default_factory=list)

    def claim(self, claim_id: str) -> Claim:
        """Return the claim with ``claim_id`` (raises ``KeyError`` if absent)."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def article(self, article_id: str) -> ArticleInfo:
        """Return the article with ``article_id`` (raises ``KeyError`` if absent)."""
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
