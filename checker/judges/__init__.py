"""Stage 6: aligned claim pairs -> verdicts, one judge module each.

Each judge is a function of two claims (and their articles' dates) that returns ``Verdict``s or nothing.
Rule names are stable dotted ids used in reports, SARIF and ``--select``: ``nli.contradiction``,
``framing.lexical``,
``attribution.agents``, ``attribution.speaker``, ``quantity.number``, ``quantity.date``,
``quantity.entity``. ``agreement`` is decided after the judges (``checker.pipeline.judge_pair``: mutual
entailment or near-paraphrase, no conflict) and ``unique`` by the report stage (no judged counterpart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.schema import FindingKind


@dataclass
class Verdict:
    """One judge's finding on a pair of claims, before it becomes a report ``Finding``."""

    rule: str
    kind: FindingKind
    claim_ids: list[str]
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)


RULES = (
    "nli.contradiction",
    "framing.lexical",
    "attribution.agents",
    "attribution.speaker",
    "quantity.number",
    "quantity.date",
    "quantity.entity",
)
