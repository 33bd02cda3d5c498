"""The only module that chains the stages: read -> claims -> embed -> align -> judge -> report.

``compare`` is the public entry point behind ``claimcheck compare`` and ``checker.compare``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from checker import __version__
from checker.align import (
    Alignment,
    ClaimPair,
    align_claims,
    same_main_actor,
    structured_match,
    structured_pairs,
)
from checker.claims import extract_claims
from checker.claims.frames import different_parties, different_times
from checker.config import Settings, load_settings
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
from checker.judges import nli as nli_judge
from checker.judges import quantities as quantity_judge
from checker.judges.nli import PairNLI
from checker.report import build_report
from checker.schema import Article, Claim, FindingKind, ModelInfo, Report, Skipped

Progress = Callable[[str], None]

_default_embedder: SentenceTransformerEmbedder | None = None


def default_embedder() -> SentenceTransformerEmbedder:
    """The configured embedder, created once per process (the model loads on first use)."""
    global _default_embedder
    if _default_embedder is None:
        _default_embedder = SentenceTransformerEmbedder(load_settings().embedder)
    return _default_embedder


_default_nli = None


def default_nli():
    """The bundled NLI cross-encoder (models/nli), loaded once per process on first use."""
    global _default_nli
    if _default_nli is None:
        from checker.nli_model import load_nli

        _default_nli = load_nli(load_settings().nli_path)
    return _default_nli


def nli_name(model) -> str:
    """How a report names the NLI model: its folder relative to models/ when it is the bundled one."""
    path = Path(model.path)
    return f"claimcheck-nli-minilm-l6 ({path.parent.name}/{path.name})"


def judge_pair(a: Claim, b: Claim, sources: dict[str, str], published: dict[str, date | None],
               similarity: float = 1.0, nli: PairNLI | None = None,
               settings: Settings | None = None, quote_nli: PairNLI | None = None) -> list[Verdict]:
    """Run every judge on one aligned pair of claims, then decide whether the pair agrees.

    Judges that compare one statement told twice (speaker, quantities) run only when the pair's
    similarity reaches the paraphrase threshold fitted on MRPC's dev part (quantities also when the
    actor + anchor channel says the pair tells one event). When both claims quote
    someone, the speaker judge also needs the quoted words to entail each other (``quote_nli``), so two
    different quotes on one topic are not one statement credited twice. With NLI scores (``nli``), the
    ``nli.contradiction`` judge runs on pairs that tell one event.

    A pair no judge flags is an ``agreement`` when its claims entail each other (mutual entailment), or
    are near-paraphrases (the paraphrase threshold) of which one entails the other; neither direction may
    see a contradiction, and claims dated to different occasions, or naming only different people and
    organisations, never agree. Otherwise the pair is only *related* (same topic, different facts) and
    gets no verdict. Without NLI, near-paraphrase similarity alone decides agreement.
    """
    settings = settings or load_settings()
    same_statement = settings.paraphrase_threshold.value
    t_ent = settings.entailment_threshold.value
    scores = nli.scores() if nli is not None else {}
    verdicts: list[Verdict] = []
    same_event = similarity >= same_statement or structured_match(a, b)
    if nli is not None:
        verdicts += nli_judge.judge(a, b, nli, sources, settings.contradiction_threshold.value, same_event)
    verdicts += framing_judge.judge(a, b, sources)
    verdicts += attribution_judge.judge_agents(a, b, sources)
    if similarity >= same_statement and (quote_nli is None or quote_nli.mutual_entailment >= t_ent):
        verdicts += attribution_judge.judge_speaker(a, b, sources)
    if same_event:
        verdicts += quantity_judge.judge(a, b, sources, published)
    if verdicts:
        for v in verdicts:
            v.scores.update({k: x for k, x in scores.items() if k not in v.scores})
        return verdicts
    if different_times(a, b) or different_parties(a, b):
        return []
    rule = agreement_rule(similarity, nli, settings)
    if rule is None:
        return []
    return [Verdict(rule, FindingKind.AGREEMENT, [a.id, b.id], "", {}, scores)]


def agreement_rule(similarity: float, nli: PairNLI | None, settings: Settings | None = None) -> str | None:
    """The agreement rule of :func:`judge_pair` on its scores alone, or ``None`` when the pair only relates.

    ``agreement.entailment``: P(entailment) reaches the fitted threshold in both directions;
    ``agreement.paraphrase``: the similarity reaches the paraphrase threshold and one direction entails
    (without NLI: the similarity alone); ``agreement.near_copy``: the similarity reaches the near-copy
    threshold (models/thresholds/near_copy.json), for the near-verbatim long sentences the NLI model
    misses. None of them when a direction reaches the contradiction threshold.
    scripts/eval.py measures this rule on MRPC's held-out half.
    """
    settings = settings or load_settings()
    same_statement = settings.paraphrase_threshold.value
    t_ent = settings.entailment_threshold.value
    if nli is None:
        return "agreement.paraphrase" if similarity >= same_statement else None
    if max(nli.contra_ab, nli.contra_ba) >= settings.contradiction_threshold.value:
        return None
    if nli.mutual_entailment >= t_ent:
        return "agreement.entailment"
    if similarity >= same_statement and max(nli.entail_ab, nli.entail_ba) >= t_ent:
        return "agreement.paraphrase"
    if settings.near_copy_threshold is not None and similarity >= settings.near_copy_threshold.value:
        return "agreement.near_copy"
    return None


def judge_pairs(claims: Sequence[Claim], pairs: Sequence[ClaimPair], sources: dict[str, str],
                published: dict[str, date | None], nli_model=None,
                settings: Settings | None = None) -> dict[tuple[int, int], list[Verdict]]:
    """Judge every aligned pair; NLI (when ``nli_model`` is given) runs batched over all pairs at once."""
    settings = settings or load_settings()
    scored: list[PairNLI | None] = [None] * len(pairs)
    quotes: dict[int, PairNLI] = {}
    if nli_model is not None and pairs:
        scored = list(nli_judge.score_pairs([(claims[p.a].text, claims[p.b].text) for p in pairs], nli_model))
        both = [(n, nli_judge.quoted(claims[p.a].text), nli_judge.quoted(claims[p.b].text))
                for n, p in enumerate(pairs) if claims[p.a].speaker and claims[p.b].speaker]
        both = [(n, qa, qb) for n, qa, qb in both if qa and qb]
        if both:
            quotes = dict(zip((n for n, _, _ in both),
                              nli_judge.score_pairs([(qa, qb) for _, qa, qb in both], nli_model), strict=True))
    return {(p.a, p.b): judge_pair(claims[p.a], claims[p.b], sources, published, p.similarity, s, settings,
                                   quotes.get(n))
            for n, (p, s) in enumerate(zip(pairs, scored, strict=True))}


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
    nli: bool = True,
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
        nli: run the NLI judge (contradiction, and entailment for agreement); ``False`` decides
            agreement by paraphrase similarity alone.
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
    extra = structured_pairs(claims) if settings.structured_channel else []
    keep = (lambda i, j: same_main_actor(claims[i], claims[j])) if settings.actor_channel else None
    alignment: Alignment = align_claims(vectors, [c.article_id for c in claims], thr, settings.neighbours,
                                        per_article=settings.per_article, extra_pairs=extra, keep_beyond_cap=keep)
    sources = {a.id: a.source for a in articles}
    published = {a.id: a.published for a in articles}
    nli_model = default_nli() if nli else None
    if progress:
        progress(f"judging {len(alignment.pairs)} aligned pairs" + (" (with NLI)" if nli_model else ""))
    verdicts = judge_pairs(claims, alignment.pairs, sources, published, nli_model, settings)
    return build_report(articles, claims, alignment, verdicts, skipped,
                        ModelInfo(embedder=embedder.name, nli=nli_name(nli_model) if nli_model else None),
                        __version__)


__all__ = ["ClaimcheckError", "agreement_rule", "compare", "default_nli", "judge_pair", "judge_pairs"]
