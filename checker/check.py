"""Stage chaining for ``claimcheck check`` and ``claimcheck index``: drafts against prior coverage.

A sibling of ``pipeline.py`` (which chains ``compare``): read -> claims -> embed -> archive (stage 4)
-> retrieve and align -> judge -> report. ``build_index`` and ``add_to_index`` fill an archive from
article files; ``check`` reads drafts, retrieves each draft claim's nearest archived claims, keeps
those at or above the fitted alignment threshold (at most ``per_article`` per archived article) and
those the structured channels align (same actor and a shared anchor; same actor beyond the cap), as
``compare`` does, runs the judges on each (draft claim, archived claim) pair with the same
paraphrase gate as ``compare``, and builds the report. Findings point at the draft's claims (they are
first in ``report.claims``); draft claims with no archived counterpart are ``unique``.

File positions: every finding's ``evidence["locations"]`` maps each of its claims whose file
position is known to ``{"path", "start_line", "start_column", "end_line", "end_column"}`` (1-based;
the end column is that of the character after the claim, as in SARIF). Reporters use them for
GitHub annotations, SARIF regions and JUnit.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from checker import __version__
from checker.align import Alignment, ClaimPair, same_main_actor, structured_match
from checker.archive import (
    DEFAULT_APPROX_THRESHOLD,
    DEFAULT_LOCK_TIMEOUT,
    Archive,
    ArchiveInfo,
    Hit,
    is_archive,
)
from checker.config import load_settings
from checker.embed import Embedder, EmbeddingCache, default_cache_dir, embed_texts
from checker.errors import InputError
from checker.pipeline import default_embedder, default_nli, extract_all, judge_pairs, nli_name
from checker.schema import Article, Claim, ModelInfo, Report, Skipped

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``: stage is "reading", "claims", "embedding" or "writing"."""

_EMBED_BATCH = 256
_IGNORED_PREFIXES = ("README", "LICENSE", "LICENCE", "CREDITS", "NOTICE")


@dataclass
class IndexResult:
    """What ``build_index``/``add_to_index`` did, and the archive afterwards."""

    info: ArchiveInfo
    added: list[str] = field(default_factory=list)
    skipped_duplicates: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    claims_added: int = 0


# ---------------------------------------------------------------------------------------------------
# Reading and preparing articles


def _has_articles(folder: Path) -> bool:
    from checker.readers.sniff import format_for_path

    if (folder / "manifest.toml").is_file():
        return True
    try:
        return any(p.is_file() and not p.name.startswith(".")
                   and not p.name.upper().startswith(_IGNORED_PREFIXES)
                   and format_for_path(p) is not None for p in folder.iterdir())
    except OSError:
        return False


def expand_inputs(paths: Sequence[str | Path]) -> list[str]:
    """Expand directories recursively into the folders that hold articles (``corpora/`` -> each set).

    Files, missing paths and ``-`` pass through. Hidden folders (an archive such as ``.claimcheck``) are skipped; a
    folder is kept when it has a ``manifest.toml`` or article files.

    Raises:
        InputError: a directory holds no articles at any depth.
    """
    out: list[str] = []
    for item in paths:
        p = Path(item)
        if str(item) == "-" or not p.is_dir():
            out.append(str(item))  # a missing file is reported (skipped, or fatal if strict) by the reader
            continue
        found = []
        for folder, dirs, _files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not is_archive(Path(folder) / d))
            if _has_articles(Path(folder)):
                found.append(folder)
        if not found:
            raise InputError(str(item), "has no articles at any depth",
                             "put .txt, .md, .html or .json files in it")
        out.extend(found)
    return out


def _open_cache(cache_dir: Path | str | None | bool) -> EmbeddingCache | None:
    if cache_dir is False:
        return None
    try:
        return EmbeddingCache(cache_dir or default_cache_dir())
    except OSError as exc:  # an unwritable cache must not stop a run
        print(f"warning: embedding cache disabled: {exc}", file=sys.stderr)
        return None


def embed_claims(claims: Sequence[Claim], embedder: Embedder, cache_dir: Path | str | None | bool = None,
                 progress: Progress | None = None) -> np.ndarray:
    """Embed the claims' texts in batches (through the embedding cache unless ``cache_dir`` is False)."""
    texts = [c.text for c in claims]
    cache = _open_cache(cache_dir)
    parts = []
    try:
        for start in range(0, len(texts), _EMBED_BATCH):
            parts.append(embed_texts(texts[start:start + _EMBED_BATCH], embedder, cache))
            if progress:
                progress("embedding", min(start + _EMBED_BATCH, len(texts)), len(texts))
    finally:
        if cache is not None:
            cache.close()
    if not parts:
        return np.zeros((0, int(embedder.dim)), dtype=np.float32)
    return np.vstack(parts)


def _read(paths: Sequence[str | Path | Article], encoding: str, strict: bool,
          progress: Progress | None) -> tuple[list[Article], list[Skipped]]:
    from checker.readers import read_inputs

    items: list[str | Path | Article] = []
    for p in paths:
        if isinstance(p, Article):
            items.append(p)
        else:
            items.extend(expand_inputs([p]))
    if progress:
        progress("reading", 0, 1)
    result = read_inputs(items, encoding=encoding, strict=strict)
    if progress:
        progress("reading", 1, 1)
    return list(result.articles), list(result.skipped)


def _extract(articles: Sequence[Article], skipped: list[Skipped], strict: bool,
             progress: Progress | None) -> tuple[list[Article], list[Claim]]:
    total = len(articles)
    done = 0

    def tick(_msg: str) -> None:
        nonlocal done
        if progress:
            progress("claims", done, total)
        done += 1

    kept, claims = extract_all(articles, skipped, strict=strict, progress=tick)
    if progress:
        progress("claims", total, total)
    return kept, claims


# ---------------------------------------------------------------------------------------------------
# Index building


def build_index(paths: Sequence[str | Path | Article], index_dir: str | Path,
                embedder: Embedder | None = None, progress: Progress | None = None, *,
                cache_dir: Path | str | None | bool = None,
                encoding: str = "utf-8", strict: bool = False,
                approx_threshold: int = DEFAULT_APPROX_THRESHOLD,
                lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> IndexResult:
    """Build (or atomically rebuild) the archive at ``index_dir`` from article files and folders.

    Folders are searched recursively (``corpora/`` indexes every set in it). Any archive already at
    ``index_dir`` is replaced in one step, whatever embedder it was built with.

    Args:
        paths: article files, folders, or ``Article`` objects.
        index_dir: the archive folder (created if needed).
        embedder: the sentence embedder (default: the configured one).
        progress: called with ``(stage, done, total)``.
        cache_dir: embedding cache folder; ``None`` for the default, ``False`` for none.
        encoding: text encoding of the files.
        strict: make an unreadable or claim-less article an error instead of a skip.
        approx_threshold: claims above which the archive uses an approximate index.
        lock_timeout: seconds to wait for another writer.

    Returns:
        What was indexed and skipped, and the archive's info.

    Raises:
        InputError: no article could be read (or ``strict`` and one failed).
        ArchiveError: the archive cannot be written or locked.
    """
    embedder = embedder or default_embedder()
    articles, skipped = _read(paths, encoding, strict, progress)
    articles, claims = _extract(articles, skipped, strict, progress)
    if not articles:
        why = f" ({skipped[0].path}: {skipped[0].reason})" if skipped else ""
        raise InputError(", ".join(map(str, paths)) or "(none)", f"no article to index{why}",
                         "give article files or folders of articles")
    vectors = embed_claims(claims, embedder, cache_dir, progress)
    if progress:
        progress("writing", 0, 1)
    archive, result = Archive.build(index_dir, embedder, articles, claims, vectors,
                                    approx_threshold=approx_threshold, lock_timeout=lock_timeout)
    if progress:
        progress("writing", 1, 1)
    with archive:
        return IndexResult(archive.info(), result.added, result.skipped_duplicates, skipped,
                           result.claims_added)


def add_to_index(paths: Sequence[str | Path | Article], index_dir: str | Path,
                 embedder: Embedder | None = None, progress: Progress | None = None, *,
                cache_dir: Path | str | None | bool = None,
                 encoding: str = "utf-8", strict: bool = False,
                 lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> IndexResult:
    """Add articles to the archive at ``index_dir``; articles already archived (same text) are skipped.

    Already-archived articles are recognised before claim extraction, so re-adding a folder is cheap.

    Raises:
        ArchiveError: no archive at ``index_dir``, another embedder built it, or the lock timed out.
        InputError: as for ``build_index``.
    """
    embedder = embedder or default_embedder()
    archive = Archive.open(index_dir, embedder, lock_timeout=lock_timeout)
    with archive:
        articles, skipped = _read(paths, encoding, strict, progress)
        known = archive.known_sha256([a.sha256 for a in articles])
        fresh = [a for a in articles if a.sha256 not in known]
        dupes = [a.id for a in articles if a.sha256 in known]
        fresh, claims = _extract(fresh, skipped, strict, progress)
        vectors = embed_claims(claims, embedder, cache_dir, progress)
        if progress:
            progress("writing", 0, 1)
        result = archive.add_articles(fresh, claims, vectors) if fresh else None
        if progress:
            progress("writing", 1, 1)
        if result is None:
            return IndexResult(archive.info(), [], dupes, skipped, 0)
        return IndexResult(archive.info(), result.added, dupes + result.skipped_duplicates, skipped,
                           result.claims_added)


def search_index(query: str, index_dir: str | Path, k: int = 10,
                 embedder: Embedder | None = None) -> list[Hit]:
    """Return the ``k`` archived claims nearest to the sentence ``query``, best first.

    Raises:
        ArchiveError: no archive at ``index_dir``, or another embedder built it.
    """
    embedder = embedder or default_embedder()
    with Archive.open(index_dir, embedder) as archive:
        return archive.search(embedder.encode([query]), k)[0]


# ---------------------------------------------------------------------------------------------------
# Checking drafts


def _analysis_from_json(data: dict[str, Any] | None):
    """Rebuild the claims stage's in-memory analysis from the JSON the archive kept (None if it changed)."""
    if not data:
        return None
    from checker.claims import ClaimAnalysis
    from checker.claims.frames import Frame

    try:
        return ClaimAnalysis(
            frames=[Frame(**f) for f in data.get("frames", [])],
            content_lemmas=[tuple(x) for x in data.get("content_lemmas", [])],
            negated=bool(data.get("negated", False)),
            agent_heads=[(h, list(m)) for h, m in data.get("agent_heads", [])],
        )
    except (TypeError, ValueError):
        return None


def _restore_analyses(claims: list[Claim], articles: dict[str, Article]) -> None:
    """Give archived claims whose stored analysis is unusable a fresh one, by re-reading their article."""
    from checker.claims import extract_claims

    missing: dict[str, list[Claim]] = {}
    for c in claims:
        if c.analysis is None:
            missing.setdefault(c.article_id, []).append(c)
    for aid, todo in missing.items():
        fresh = {(c.id, c.start, c.end): c for c in extract_claims(articles[aid])}
        for c in todo:
            again = fresh.get((c.id, c.start, c.end))
            if again is not None:
                c.analysis = again.analysis


def _open_against(against: Sequence[str | Path | Article], embedder: Embedder, cache_dir, encoding: str,
                  strict: bool, progress: Progress | None, skipped: list[Skipped]) -> Archive:
    archives = [a for a in against if not isinstance(a, Article) and is_archive(a)]
    if archives:
        if len(against) != 1:
            raise InputError(", ".join(map(str, against)), "mixes an archive folder with article paths",
                             "give --against either one archive folder or article files and folders")
        return Archive.open(archives[0], embedder)
    articles, more = _read(against, encoding, strict, progress)
    skipped.extend(more)
    articles, claims = _extract(articles, skipped, strict, progress)
    if not articles:
        raise InputError(", ".join(map(str, against)), "no prior coverage could be read",
                         "give --against an archive folder or article files")
    archive = Archive.memory(embedder)
    archive.add_articles(articles, claims, embed_claims(claims, embedder, cache_dir, progress))
    return archive


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def claim_locations(article: Article, claims: Sequence[Claim], encoding: str = "utf-8") -> dict[str, dict]:
    """File positions of ``claims`` of ``article`` (see the module docstring), or ``{}`` when unknown.

    Known when the article's text is a verbatim slice of its file (``text_offset`` is set): for plain
    text directly, otherwise the file is read again to count the lines before the text.
    """
    if article.text_offset is None or not article.path or article.path.startswith("<"):
        return {}
    offset = article.text_offset
    text = article.text
    if offset:
        from checker.readers._common import decode

        try:
            text = decode(Path(article.path).read_bytes(), article.path, encoding)
        except (OSError, InputError):
            return {}
        if text[offset:offset + len(article.text)] != article.text:
            return {}  # the file changed since it was read
    else:
        offset = 0
    starts = _line_starts(text)
    out = {}
    for c in claims:
        s = offset + c.start
        last = offset + max(c.end - 1, c.start)
        line, col = _position(starts, s)
        end_line, end_col = _position(starts, last)
        out[c.id] = {"path": article.path, "start_line": line, "start_column": col,
                     "end_line": end_line, "end_column": end_col + 1}
    return out


def check(
    drafts: Sequence[str | Path | Article],
    against: str | Path | Article | Sequence[str | Path | Article],
    *,
    embedder: Embedder | None = None,
    cache_dir: Path | str | None | bool = None,
    encoding: str = "utf-8",
    strict: bool = False,
    threshold: float | None = None,
    neighbours: int | None = None,
    nli: bool = True,
    progress: Progress | None = None,
) -> Report:
    """Check draft articles against prior coverage and return the report.

    Whether the findings should fail a build is the caller's decision (``claimcheck check --fail-on``
    reads the report); this function only reports.

    Args:
        drafts: draft files, folders, ``"-"`` for stdin, or ``Article`` objects.
        against: one archive folder, or article files and folders (read and indexed in memory).
        embedder: the sentence embedder (default: the configured one; an archive must match it).
        cache_dir: embedding cache folder; ``None`` for the default, ``False`` for none.
        encoding: text encoding of the files.
        strict: make an unreadable or claim-less input an error instead of a skip.
        threshold: alignment similarity threshold (default: the fitted value in models/thresholds).
        neighbours: archived claims retrieved per draft claim (default: twice the configured
            ``neighbours``, so the structured channels also see candidates below the threshold).
        nli: run the NLI judge (contradiction, and entailment for agreement).
        progress: called with ``(stage, done, total)``.

    Returns:
        A ``Report`` whose articles are the drafts followed by the archived articles that matched.

    Raises:
        InputError: no draft could be read, or no prior coverage (or ``strict`` and an input failed).
        ArchiveError: the archive is missing, corrupt, or was built with another embedder.
    """
    settings = load_settings()
    embedder = embedder or default_embedder()
    if isinstance(against, str | Path | Article):
        against = [against]
    if not against:
        raise InputError("--against", "no prior coverage given", "give an archive folder or article paths")
    draft_articles, skipped = _read(drafts, encoding, strict, progress)
    draft_articles, draft_claims = _extract(draft_articles, skipped, strict, progress)
    if not draft_articles:
        why = f"; skipped {skipped[0].path}: {skipped[0].reason}" if skipped else ""
        raise InputError(", ".join(str(d) for d in drafts) or "(none)", f"no draft could be read{why}",
                         "give draft article files (.md, .txt, .html, .json)")
    archive = _open_against(list(against), embedder, cache_dir, encoding, strict, progress, skipped)
    with archive:
        vectors = embed_claims(draft_claims, embedder, cache_dir, progress)
        # twice the configured neighbours by default: the structured channels look below the threshold
        k = 2 * settings.neighbours if neighbours is None else neighbours
        hits = archive.search(vectors, k, exclude_sha256=[a.sha256 for a in draft_articles])
    thr = settings.align_threshold.value if threshold is None else threshold

    claims: list[Claim] = list(draft_claims)
    index_of: dict[str, int] = {c.id: i for i, c in enumerate(claims)}
    archived_articles: dict[str, Article] = {}
    parsed: dict[str, Any] = {}  # archived claim id -> its stored analysis, parsed once

    def analysis_of(h: Hit):
        if h.claim.id not in parsed:
            parsed[h.claim.id] = _analysis_from_json(h.analysis)
        return parsed[h.claim.id]

    pairs: list[ClaimPair] = []
    for i, row in enumerate(hits):
        taken: dict[str, int] = {}
        for h in row:
            aid = h.article.id
            if not _channels_keep(draft_claims[i], h, analysis_of, thr, settings, taken.get(aid, 0)):
                continue
            taken[aid] = taken.get(aid, 0) + 1
            if h.claim.id not in index_of:
                index_of[h.claim.id] = len(claims)
                claims.append(h.claim)
                analysis_of(h)
                archived_articles.setdefault(aid, h.article)
            pairs.append(ClaimPair(i, index_of[h.claim.id], round(h.score, 6)))
    # archived claims after the drafts', grouped by article in the order they were first matched
    n_draft = len(draft_claims)
    art_rank = {aid: r for r, aid in enumerate(archived_articles)}
    tail = sorted(range(n_draft, len(claims)),
                  key=lambda j: (art_rank[claims[j].article_id], claims[j].start))
    remap = {old: n_draft + new for new, old in enumerate(tail)}
    claims = claims[:n_draft] + [claims[j] for j in tail]
    pairs = sorted((ClaimPair(p.a, remap[p.b], p.similarity) for p in pairs), key=lambda p: (p.a, p.b))
    for c in claims[n_draft:]:
        c.analysis = parsed[c.id]
    _restore_analyses(claims[n_draft:], archived_articles)

    alignment = _alignment(len(claims), n_draft, pairs)
    all_articles = list(draft_articles) + list(archived_articles.values())
    sources = {a.id: a.source for a in all_articles}
    published: dict[str, date | None] = {a.id: a.published for a in all_articles}
    nli_model = default_nli() if nli else None
    verdicts = judge_pairs(claims, pairs, sources, published, nli_model, settings)
    from checker.report import build_report

    report = build_report(all_articles, claims, alignment, verdicts, skipped,
                          ModelInfo(embedder=embedder.name, nli=nli_name(nli_model) if nli_model else None),
                          __version__, unique_limit=n_draft)
    _attach_locations(report, all_articles, claims, encoding)
    return report


def _channels_keep(draft: Claim, hit: Hit, analysis_of: Callable[[Hit], Any], threshold: float, settings,
                   taken: int) -> bool:
    """Whether an archived hit aligns with a draft claim: as ``compare`` aligns (``checker/align.py``).

    Above the threshold and within the per-article cap; beyond the cap when the main clauses share the
    actor; below the threshold when actor and a date/duration/money/percent anchor are shared (each
    channel only where models/thresholds/alignment_channels.json enables it).
    """
    if hit.score >= threshold and taken < settings.per_article:
        return True
    if not (settings.structured_channel or settings.actor_channel):
        return False
    analysis = analysis_of(hit)
    if analysis is None:
        return False
    archived = hit.claim.model_copy()
    archived.analysis = analysis
    if hit.score >= threshold:
        return settings.actor_channel and same_main_actor(draft, archived)
    return settings.structured_channel and structured_match(draft, archived)


def _alignment(n: int, n_draft: int, pairs: list[ClaimPair]) -> Alignment:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    facts = sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
    unmatched = sorted(g[0] for g in groups.values() if len(g) == 1 and g[0] < n_draft)
    return Alignment(pairs, facts, unmatched)


def _attach_locations(report: Report, articles: Sequence[Article], claims: Sequence[Claim],
                      encoding: str) -> None:
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    where: dict[str, dict] = {}
    for a in articles:
        where.update(claim_locations(a, by_article.get(a.id, []), encoding))
    for f in report.findings:
        locs = {cid: where[cid] for cid in f.claim_ids if cid in where}
        if locs:
            f.evidence["locations"] = locs


__all__ = ["IndexResult", "add_to_index", "build_index", "check", "claim_locations", "expand_inputs",
           "search_index"]
