"""The only module that chains the stages: read -> claims -> embed -> align -> judge -> report.

``compare`` is the public entry point behind ``claimcheck compare`` and ``checker.compare``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from checker import __version__
from checker.align import Alignment, align_claims
from checker.claims import extract_claims
from checker.config import load_settings
from checker.embed import (
    Embedder,
    EmbeddingCache,
    SentenceTransformerEmbedder,
    default_cache_dir,
    embed_texts,
)
from checker.errors import ClaimcheckError, InputError
from checker.judges import Verdict
from checker.judges import attribution as attribution_judge
from checker.judges import framing as framing_judge
from checker.judges import quantities as quantity_judge
from checker.report import build_report
from checker.schema import Article, Claim, ModelInfo, Report, Skipped

Progress = Callable[[str], None]

_default_embedder: SentenceTransformerEmbedder | None = None


def default_embedder() -> SentenceTransformerEmbedder:
    """The configured embedder, created once per process (the model loads on first use)."""
    global _default_embedder
    if _default_embedder is None:
        _default_embedder = SentenceTransformerEmbedder(load_settings().embedder)
    return _default_embedder


def judge_pair(a: Claim, b: Claim, sources: dict[str, str], published: dict[str, date | None],
               similarity: float = 1.0, same_statement: float = 0.0) -> list[Verdict]:
    """Run every judge on one aligned pair of claims.

    Judges that compare one statement told twice (speaker, quantities) run only when the pair's
    similarity reaches ``same_statement`` (the paraphrase threshold fitted on MRPC's dev part).
    """
    verdicts: list[Verdict] = []
    verdicts += framing_judge.judge(a, b, sources)
    verdicts += attribution_judge.judge_agents(a, b, sources)
    if similarity >= same_statement:
        verdicts += attribution_judge.judge_speaker(a, b, sources)
        verdicts += quantity_judge.judge(a, b, sources, published)
    return verdicts


def extract_all(articles: Sequence[Article], skipped: list[Skipped], strict: bool = False,
                progress: Progress | None = None) -> tuple[list[Article], list[Claim]]:
    """Extract claims of every article; an article that yields none is skipped (or fatal if ``strict``)."""
    kept: list[Article] = []
    claims: list[Claim] = []
    for art in articles:
        if progress:
            progress(f"claims: {art.source}")
        found = extract_claims(art)
        if not found:
            err = InputError(art.path or art.source, "no claims found (the text has no full sentences)",
                             "give an article body, not a headline or a list of links")
            if strict:
                raise err
            skipped.append(Skipped(path=art.path or art.source, reason=str(err)))
            continue
        kept.append(art)
        claims.extend(found)
    return kept, claims


def compare(
    inputs: Sequence[str | Path | Article],
    *,
    embedder: Embedder | None = None,
    cache_dir: Path | str | None | bool = None,
    encoding: str = "utf-8",
    strict: bool = False,
    threshold: float | None = None,
    progress: Progress | None = None,
) -> Report:
    """Compare the claims of several articles about one event and return the consistency report.

    Args:
        inputs: file or directory paths, ``"-"`` for stdin, or ``Article`` objects.
        embedder: the sentence embedder (default: the bundled all-MiniLM-L6-v2).
        cache_dir: embedding cache folder; ``None`` for the default, ``False`` for no cache.
        encoding: text encoding of the input files.
        strict: make a skipped input an error instead of a warning.
        threshold: alignment similarity threshold (default: the fitted value in models/thresholds).
        progress: called with a short message at each stage (the CLI prints them on stderr).

    Returns:
        The ``Report``; unreadable inputs are listed in ``report.skipped``.

    Raises:
        InputError: no input could be read, fewer than two articles remain, or ``strict`` and one failed.

    Example:
        >>> report = compare(["corpora/amazon-rekognition-2020"])  # doctest: +SKIP
        >>> report.summary.counts["framing"]  # doctest: +SKIP
    """
    from checker.readers import read_inputs

    settings = load_settings()
    result = read_inputs(list(inputs), encoding=encoding, strict=strict)
    skipped = list(result.skipped)
    articles, claims = extract_all(result.articles, skipped, strict=strict, progress=progress)
    if len(articles) < 2:
        names = ", ".join(str(i) if not isinstance(i, Article) else i.source for i in inputs) or "(none)"
        why = f"; skipped {skipped[0].reason}" if skipped else ""
        raise InputError(names, f"compare needs at least two readable articles, found {len(articles)}{why}",
                         "give two or more article files or a directory of articles")
    embedder = embedder or default_embedder()
    cache = None
    if cache_dir is not False:
        try:
            cache = EmbeddingCache(cache_dir or default_cache_dir())
        except OSError as exc:  # an unwritable cache must not stop a run
            print(f"warning: embedding cache disabled: {exc}", file=sys.stderr)
    if progress:
        progress(f"embedding {len(claims)} claims")
    try:
        vectors = embed_texts([c.text for c in claims], embedder, cache)
    finally:
        if cache is not None:
            cache.close()
    if progress:
        progress("aligning claims")
    thr = settings.align_threshold.value if threshold is None else threshold
    alignment: Alignment = align_claims(vectors, [c.article_id for c in claims], thr, settings.neighbours,
                                        per_article=settings.per_article)
    sources = {a.id: a.source for a in articles}
    published = {a.id: a.published for a in articles}
    same = settings.paraphrase_threshold.value
    verdicts = {(p.a, p.b): judge_pair(claims[p.a], claims[p.b], sources, published, p.similarity, same)
                for p in alignment.pairs}
    return build_report(articles, claims, alignment, verdicts, skipped,
                        ModelInfo(embedder=embedder.name, nli=None), __version__)


__all__ = ["ClaimcheckError", "compare", "judge_pair"]
