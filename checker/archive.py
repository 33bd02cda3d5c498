"""Stage 4: claims and their vectors -> a persistent, searchable archive of prior coverage.

Input: articles, their claims and one unit-norm vector per claim. Output: nearest archived claims
(``Hit``: the claim, its article and the cosine) for query vectors. A library: it never prints.

An archive is a folder (``.claimcheck/`` by convention)::

    current            one line naming the live generation, e.g. "gen-000007"
    lock               writers hold fcntl.flock on it, so writes serialise
    gen-000007/        immutable once named by `current`:
        index.faiss    the vectors, FAISS ids = claims.vid
        store.sqlite   articles (text, source, date, url, path, sha256) and claims (text, span, JSON)
        manifest.json  embedder name and dimension, claimcheck version, index type, counts, times

Every write (create, build, add, remove) makes a whole new generation in a temporary folder, fsyncs
it, renames it to ``gen-N`` and then switches ``current`` with ``os.replace``. Readers open whatever
``current`` names, so they never see a half-written archive, and a writer killed at any point leaves
the previous generation live. Writers re-read ``current`` after taking the lock, so two concurrent
``index add`` runs both land. After a switch, generations older than the previous one and temporary
folders of killed writers are deleted.

The index is exact (``IndexFlatIP`` in an ``IndexIDMap2``) up to ``approx_threshold`` claims and an
inverted-file index with 8-bit scalar quantisation (``IVF{nlist},SQ8``, inner product) above it:
at one million 384-d claims flat search holds 1.5 GB (over the 1 GiB target) at ~7 ms per claim, against
~0.5 GB and ~1-4 ms for IVF-SQ8 at recall@10 0.95 (``benchmarks/bench_archive.py``). Up to 200k claims
flat costs at most ~0.3 GB and ~1.5 ms per claim and is exact, and IVF would gain little while losing
2-5% recall and needing training data, so the switch is there. IVF is rebuilt (retrained) when the
archive grows to four times the size it was trained on, and goes back to flat below half the threshold.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
import math
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from checker.errors import ArchiveError
from checker.schema import Article, Claim

FORMAT_VERSION = 1
CURRENT = "current"
LOCK = "lock"
INDEX_FILE = "index.faiss"
STORE_FILE = "store.sqlite"
MANIFEST_FILE = "manifest.json"
_GEN_PREFIX = "gen-"
_TMP_PREFIX = ".tmp-"

DEFAULT_APPROX_THRESHOLD = 200_000
"""Claims above which the archive switches from exact to IVF-SQ8 search (see the module docstring)."""

DEFAULT_LOCK_TIMEOUT = 120.0
"""Seconds a writer waits for another writer before giving up."""

FLAT = "flat"
IVF_SQ8 = "ivf-sq8"

# Test hook: seconds to sleep after the new generation is written and before `current` is switched,
# so a test can SIGKILL a writer at the worst moment. Never set it in production.
PAUSE_ENV = "CLAIMCHECK_ARCHIVE_PAUSE_BEFORE_SWITCH"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    path TEXT,
    url TEXT,
    published TEXT,
    text_offset INTEGER,
    text TEXT NOT NULL,
    n_claims INTEGER NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_sha256 ON articles(sha256);
CREATE TABLE IF NOT EXISTS claims (
    vid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    claim_json TEXT NOT NULL,
    analysis_json TEXT
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
"""

T = TypeVar("T")


@dataclass
class Hit:
    """One archived claim found near a query vector.

    ``analysis`` is the claim's linguistic analysis as stored (plain JSON data, or ``None``); the
    claim's own ``analysis`` is left empty because only the claims stage knows its types.
    """

    claim: Claim
    article: Article
    score: float
    analysis: dict[str, Any] | None = None


@dataclass
class AddResult:
    """What a write did: ids of the articles added and of those skipped as already archived."""

    added: list[str] = field(default_factory=list)
    skipped_duplicates: list[str] = field(default_factory=list)
    claims_added: int = 0


@dataclass
class ArchiveInfo:
    """Summary of an archive: counts, embedder, index type and size on disk."""

    path: str
    generation: int
    articles: int
    claims: int
    embedder: str
    dim: int
    index_type: str
    approx_threshold: int
    nlist: int | None
    nprobe: int | None
    claimcheck_version: str
    created: str
    updated: str
    size_bytes: int

    def as_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return dataclasses.asdict(self)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _version() -> str:
    from checker import __version__

    return __version__


def is_archive(path: str | Path) -> bool:
    """Return whether ``path`` is an archive folder (it has a ``current`` pointer file)."""
    return (Path(path) / CURRENT).is_file()


# ---------------------------------------------------------------------------------------------------
# FAISS index helpers (pure: arrays in, index out)


def ivf_params(n: int) -> tuple[int, int]:
    """Return ``(nlist, nprobe)`` for an IVF index over ``n`` vectors.

    ``nlist`` is the power of two nearest sqrt(n) (at least 1, at most n/39 so that every list gets
    enough training points); ``nprobe`` scans 1/8 of the lists, at least 8: recall@10 against flat was
    0.975 at 100k (nprobe 32) and 0.954 at 1M (nprobe 128) in the benchmark, where 1/32 gave 0.875 at 1M.
    """
    nlist = 2 ** max(0, round(math.log2(max(1.0, math.sqrt(n)))))
    nlist = max(1, min(nlist, n // 39 or 1))
    return nlist, nprobe_for(nlist)


def nprobe_for(nlist: int) -> int:
    """How many of ``nlist`` inverted lists a query scans (see ``ivf_params``)."""
    return min(nlist, max(8, nlist // 8))


def new_flat_index(dim: int):
    """An empty exact inner-product index that keeps caller-given int64 ids."""
    import faiss

    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def new_ivf_index(vectors: np.ndarray, ids: np.ndarray, nlist: int, seed: int = 1234):
    """Train an ``IVF{nlist},SQ8`` inner-product index on (a sample of) ``vectors`` and add them."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    index = faiss.index_factory(dim, f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
    n_train = min(len(vectors), max(64 * nlist, 10_000))
    sample = vectors
    if n_train < len(vectors):
        sample = vectors[np.sort(np.random.default_rng(seed).choice(len(vectors), n_train, replace=False))]
    ivf = faiss.extract_index_ivf(index)
    ivf.cp.seed = seed
    ivf.cp.min_points_per_centroid = 1  # small archives in tests: no warning noise, same result
    index.train(sample)
    if len(vectors):
        index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
    return index


def index_type_of(index) -> str:
    """``"flat"`` or ``"ivf-sq8"`` for an index made by this module."""
    import faiss

    return IVF_SQ8 if isinstance(index, faiss.IndexIVF) else FLAT


def all_vectors(index) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(ids, vectors)`` of every vector in ``index`` (decoded from SQ8 for IVF)."""
    import faiss

    dim = index.d
    if index.ntotal == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32)
    if isinstance(index, faiss.IndexIVF):
        inv = index.invlists
        ids = np.concatenate([faiss.rev_swig_ptr(inv.get_ids(lst), inv.list_size(lst)).copy()
                              for lst in range(index.nlist) if inv.list_size(lst)])
        index.set_direct_map_type(faiss.DirectMap.Hashtable)
        vectors = index.reconstruct_batch(ids)
        index.set_direct_map_type(faiss.DirectMap.NoMap)
        return ids.astype(np.int64), vectors
    ids = faiss.vector_to_array(index.id_map).astype(np.int64)
    return ids, index.index.reconstruct_n(0, index.ntotal)


def fit_index(index, approx_threshold: int):
    """Return ``index`` or a rebuilt one of the type its size calls for (see module docstring)."""
    n = index.ntotal
    kind = index_type_of(index)
    if kind == FLAT and n > approx_threshold:
        ids, vectors = all_vectors(index)
        return new_ivf_index(vectors, ids, ivf_params(n)[0])
    if kind == IVF_SQ8:
        import faiss

        trained_for = faiss.extract_index_ivf(index).nlist
        if n < approx_threshold // 2 or ivf_params(n)[0] >= 2 * trained_for:
            ids, vectors = all_vectors(index)
            if n < approx_threshold // 2:
                flat = new_flat_index(index.d)
                if n:
                    flat.add_with_ids(vectors, ids)
                return flat
            return new_ivf_index(vectors, ids, ivf_params(n)[0])
    return index


# ---------------------------------------------------------------------------------------------------
# Files: fsync, lock, generations


def _fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _generations(root: Path) -> list[tuple[int, Path]]:
    found = []
    for p in root.glob(f"{_GEN_PREFIX}*"):
        try:
            found.append((int(p.name[len(_GEN_PREFIX):]), p))
        except ValueError:
            continue
    return sorted(found)


def _read_current(root: Path) -> Path:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ArchiveError(
            f"{root}: no claim archive here (build one with 'claimcheck index build ARTICLES --index {root}')"
        ) from None
    if not name.startswith(_GEN_PREFIX) or "/" in name:
        raise ArchiveError(f"{root}/{CURRENT}: corrupt pointer {name!r} (rebuild it with index build)")
    return root / name


@contextlib.contextmanager
def _writer_lock(root: Path, timeout: float) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise ArchiveError(
                        f"{root}: another claimcheck process is writing this archive (waited {timeout:g}s "
                        f"for {root / LOCK}); try again when it is done, or raise --lock-timeout"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _connect_ro(path: Path) -> sqlite3.Connection:
    # a generation never changes once `current` names it, so SQLite may skip locking entirely
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _init_store(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(_SCHEMA)


# ---------------------------------------------------------------------------------------------------
# Mutations, applied to an open store and index (on disk in a temporary generation, or in memory)


@dataclass
class _State:
    db: sqlite3.Connection
    index: Any
    manifest: dict[str, Any]


def _article_row(article: Article, n_claims: int, now: str) -> tuple:
    return (article.id, article.sha256, article.source, article.title, article.path, article.url,
            article.published.isoformat() if article.published else None, article.text_offset, article.text,
            n_claims, now)


def _analysis_json(claim: Claim) -> str | None:
    analysis = claim.analysis
    if analysis is None:
        return None
    try:
        data = dataclasses.asdict(analysis) if dataclasses.is_dataclass(analysis) else analysis
        return json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):  # analysis the archive cannot keep: the judges will re-derive it
        return None


def _add(state: _State, articles: Sequence[Article], claims: Sequence[Claim],
         vectors: np.ndarray) -> AddResult:
    dim = state.manifest["embedder"]["dim"]
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(claims) or (len(claims) and vectors.shape[1] != dim):
        raise ArchiveError(
            f"got {vectors.shape} vectors for {len(claims)} claims; "
            f"the archive needs one {dim}-d row per claim"
        )
    by_article: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_article.setdefault(c.article_id, []).append(i)
    known = {a.id for a in articles}
    orphans = sorted(set(by_article) - known)
    if orphans:
        raise ArchiveError(f"claims of unknown articles {orphans[:3]}: pass their articles too")
    result = AddResult()
    now = _now()
    new_rows: list[int] = []
    new_vids: list[int] = []
    with state.db:
        for art in articles:
            dup = state.db.execute("SELECT id FROM articles WHERE sha256=? OR id=?",
                                   (art.sha256, art.id)).fetchone()
            if dup is not None:
                result.skipped_duplicates.append(art.id)
                continue
            rows = by_article.get(art.id, [])
            state.db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             _article_row(art, len(rows), now))
            for i in rows:
                c = claims[i]
                cur = state.db.execute(
                    "INSERT INTO claims (id, article_id, text, span_start, span_end, claim_json, "
                    "analysis_json) VALUES (?,?,?,?,?,?,?)",
                    (c.id, c.article_id, c.text, c.start, c.end, c.model_dump_json(), _analysis_json(c)),
                )
                new_rows.append(i)
                new_vids.append(int(cur.lastrowid))
            result.added.append(art.id)
        if new_rows:
            state.index.add_with_ids(np.ascontiguousarray(vectors[new_rows]),
                                     np.asarray(new_vids, dtype=np.int64))
    result.claims_added = len(new_rows)
    return result


def _remove(state: _State, article_ids: Sequence[str]) -> int:
    removed = 0
    with state.db:
        for aid in article_ids:
            if state.db.execute("SELECT 1 FROM articles WHERE id=?", (aid,)).fetchone() is None:
                raise ArchiveError(
                    f"no article {aid!r} in the archive (see the ids with 'claimcheck index info --articles')"
                )
            vids = [r[0] for r in state.db.execute("SELECT vid FROM claims WHERE article_id=?", (aid,))]
            state.db.execute("DELETE FROM claims WHERE article_id=?", (aid,))
            state.db.execute("DELETE FROM articles WHERE id=?", (aid,))
            if vids:
                state.index.remove_ids(np.asarray(vids, dtype=np.int64))
            removed += len(vids)
    return removed


def _refresh_manifest(state: _State) -> None:
    import faiss

    state.index = fit_index(state.index, state.manifest["approx_threshold"])
    m = state.manifest
    n_articles = state.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    n_claims = state.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    if n_claims != state.index.ntotal:  # pragma: no cover - would mean a bug in the mutations above
        raise ArchiveError(f"store holds {n_claims} claims but the index {state.index.ntotal}; not saving")
    kind = index_type_of(state.index)
    nlist = faiss.extract_index_ivf(state.index).nlist if kind == IVF_SQ8 else None
    m["index"] = {"type": kind, "nlist": nlist, "nprobe": nprobe_for(nlist) if nlist else None}
    m["counts"] = {"articles": n_articles, "claims": n_claims}
    m["claimcheck_version"] = _version()
    m["updated"] = _now()


def _new_manifest(name: str, dim: int, approx_threshold: int) -> dict[str, Any]:
    now = _now()
    return {
        "format": FORMAT_VERSION,
        "claimcheck_version": _version(),
        "embedder": {"name": name, "dim": int(dim)},
        "index": {"type": FLAT, "nlist": None, "nprobe": None},
        "approx_threshold": int(approx_threshold),
        "counts": {"articles": 0, "claims": 0},
        "generation": 0,
        "created": now,
        "updated": now,
    }


def _read_manifest(gen: Path) -> dict[str, Any]:
    path = gen / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{path}: unreadable manifest ({exc}); rebuild it with index build") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise ArchiveError(
            f"{path}: archive format {manifest.get('format')!r}, "
            f"this claimcheck reads format {FORMAT_VERSION} "
            "(rebuild the archive with index build)"
        )
    return manifest


def _check_embedder(root: Path, manifest: dict[str, Any], embedder) -> None:
    if embedder is None:
        return
    want_name, want_dim = manifest["embedder"]["name"], int(manifest["embedder"]["dim"])
    name = embedder.name
    dim = int(embedder.dim)
    if name != want_name or dim != want_dim:
        raise ArchiveError(
            f"{root} was built with embedder {want_name!r} (dim {want_dim}) but this run uses {name!r} "
            f"(dim {dim}); query it with the embedder it was built with, or rebuild it with "
            f"'claimcheck index build ARTICLES --index {root}'"
        )


class Archive:
    """A claim archive: open, search, and write new generations (see the module docstring).

    Example:
        >>> from checker.embed import HashingEmbedder  # doctest: +SKIP
        >>> arc = Archive.create(".claimcheck", HashingEmbedder())  # doctest: +SKIP
        >>> arc.add_articles(articles, claims, vectors).added  # doctest: +SKIP
        >>> arc.search(query_vectors, k=5)[0][0].claim.text  # doctest: +SKIP
    """

    def __init__(self, root: Path | None, state: _State, generation: int, lock_timeout: float) -> None:
        """Wrap an opened state; use ``open``, ``create``, ``build`` or ``memory`` instead."""
        self.root = root
        self._state = state
        self.generation = generation
        self.lock_timeout = lock_timeout
        self._set_nprobe()

    # -- opening ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, embedder=None, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Archive:
        """Open the archive at ``path`` read-only at its current generation.

        Args:
            path: the archive folder.
            embedder: the embedder queries will use; refused unless its name and dimension match the
                manifest. ``None`` skips the check (info, remove).
            lock_timeout: seconds later writes wait for another writer.

        Raises:
            ArchiveError: no archive at ``path``, a corrupt one, or one built with another embedder.
        """
        root = Path(path)
        if not root.is_dir():
            raise ArchiveError(
                f"{root}: no claim archive here "
                f"(build one with 'claimcheck index build ARTICLES --index {root}')"
            )
        for attempt in range(5):
            gen = _read_current(root)
            try:
                state, number = cls._load(gen)
            except FileNotFoundError:
                # a writer switched and collected this generation between our two reads: read again
                if attempt == 4:
                    raise ArchiveError(f"{gen}: missing (the archive is being rewritten; retry)") from None
                time.sleep(0.05)
                continue
            _check_embedder(root, state.manifest, embedder)
            return cls(root, state, number, lock_timeout)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _load(gen: Path) -> tuple[_State, int]:
        import faiss

        manifest = _read_manifest(gen)
        index_path, store_path = gen / INDEX_FILE, gen / STORE_FILE
        if not index_path.is_file() or not store_path.is_file():
            raise FileNotFoundError(index_path)
        try:
            index = faiss.read_index(str(index_path))
        except RuntimeError as exc:
            raise ArchiveError(f"{index_path}: unreadable FAISS index ({exc}); rebuild the archive") from exc
        db = _connect_ro(store_path)
        return _State(db, index, manifest), int(manifest.get("generation", 0))

    @classmethod
    def memory(cls, embedder, *, approx_threshold: int = DEFAULT_APPROX_THRESHOLD) -> Archive:
        """A throwaway archive in memory (for ``check --against ARTICLES``); writes apply in place."""
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _init_store(db)
        manifest = _new_manifest(embedder.name, embedder.dim, approx_threshold)
        return cls(None, _State(db, new_flat_index(int(embedder.dim)), manifest), 0, 0.0)

    @classmethod
    def create(cls, path: str | Path, embedder, *, approx_threshold: int = DEFAULT_APPROX_THRESHOLD,
               lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Archive:
        """Create an empty archive at ``path``.

        Raises:
            ArchiveError: an archive already exists there.
        """
        root = Path(path)
        if is_archive(root):
            raise ArchiveError(
                f"{root}: an archive already exists (add to it with 'claimcheck index add', or replace it "
                "with 'claimcheck index build')"
            )
        return cls.build(root, embedder, [], [], np.zeros((0, int(embedder.dim)), dtype=np.float32),
                         approx_threshold=approx_threshold, lock_timeout=lock_timeout)[0]

    @classmethod
    def build(cls, path: str | Path, embedder, articles: Sequence[Article], claims: Sequence[Claim],
              vectors: np.ndarray, *, approx_threshold: int = DEFAULT_APPROX_THRESHOLD,
              lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> tuple[Archive, AddResult]:
        """Write an archive holding exactly ``articles`` in one generation, replacing any archive there.

        The replaced archive (whatever its embedder) stays readable until the switch.

        Returns:
            The opened archive and what was added (duplicates within ``articles`` are skipped).
        """
        root = Path(path)
        if root.exists() and not root.is_dir():
            raise ArchiveError(f"{root}: exists and is not a folder; give another --index path")
        name, dim = embedder.name, int(embedder.dim)

        archive = cls(root, _State(None, None, _new_manifest(name, dim, approx_threshold)), 0,  # type: ignore[arg-type]
                      lock_timeout)
        result = archive._commit(lambda s: _add(s, articles, claims, vectors), fresh=True)
        return archive, result

    # -- writing ------------------------------------------------------------------------------------

    def add_articles(self, articles: Sequence[Article], claims: Sequence[Claim],
                     vectors: np.ndarray) -> AddResult:
        """Add articles with their claims and one vector per claim, in one new generation.

        An article whose content hash (or id) is already archived is skipped, and so are its claims.

        Args:
            articles: the articles.
            claims: their claims, in any order; each must belong to one of ``articles``.
            vectors: ``(len(claims), dim)`` unit-norm float32 rows in the order of ``claims``.

        Returns:
            The ids of the articles added and of those skipped as duplicates.

        Raises:
            ArchiveError: wrong vector shape, the lock could not be taken in time, or a write failed.
        """
        return self._commit(lambda s: _add(s, articles, claims, vectors), changed=lambda r: bool(r.added))

    def remove(self, article_id: str | Sequence[str]) -> int:
        """Remove articles (by id) and their claims in one new generation; return how many claims went.

        Raises:
            ArchiveError: an id is not in the archive (nothing is removed then).
        """
        ids = [article_id] if isinstance(article_id, str) else list(article_id)
        return self._commit(lambda s: _remove(s, ids))

    def _commit(self, mutate: Callable[[_State], T], fresh: bool = False,
                changed: Callable[[T], bool] | None = None) -> T:
        """Apply ``mutate`` to a copy of the live generation and switch to it (see the module docstring).

        When ``changed`` says the result changed nothing, no generation is written.
        """
        if self.root is None:  # in memory: apply in place
            result = mutate(self._state)
            _refresh_manifest(self._state)
            self._set_nprobe()
            return result
        root = self.root
        with _writer_lock(root, self.lock_timeout):
            self._collect_garbage(keep_previous=True)
            live: Path | None = _read_current(root) if is_archive(root) else None
            number = max([n for n, _ in _generations(root)] + [0]) + 1
            tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-", dir=root))
            try:
                result, wrote = self._write_generation(live, tmp, number, mutate, fresh, changed)
                if not wrote:
                    shutil.rmtree(tmp, ignore_errors=True)
                    return result
                pause = os.environ.get(PAUSE_ENV)
                if pause:
                    time.sleep(float(pause))
                final = root / f"{_GEN_PREFIX}{number:06d}"
                os.rename(tmp, final)
                _fsync_path(root, directory=True)
                pointer = root / f"{CURRENT}.tmp-{os.getpid()}"
                with open(pointer, "w", encoding="utf-8") as fh:
                    fh.write(final.name + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(pointer, root / CURRENT)
                _fsync_path(root, directory=True)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            self._collect_garbage(keep_previous=True)
            old = self._state.db
            self._state, self.generation = self._load(final)
            if old is not None:
                old.close()
        self._set_nprobe()
        return result

    def _write_generation(self, live: Path | None, tmp: Path, number: int, mutate: Callable[[_State], T],
                          fresh: bool, changed: Callable[[T], bool] | None) -> tuple[T, bool]:
        import faiss

        store = tmp / STORE_FILE
        if live is not None and not fresh:
            # start from what `current` names now (another writer may have landed since we opened)
            shutil.copyfile(live / STORE_FILE, store)
            manifest = _read_manifest(live)
            try:
                index = faiss.read_index(str(live / INDEX_FILE))
            except RuntimeError as exc:
                raise ArchiveError(
                    f"{live / INDEX_FILE}: unreadable FAISS index ({exc}); rebuild the archive"
                ) from exc
            _check_embedder(self.root, manifest, _Stamp(self._state.manifest))
        else:
            manifest = dict(self._state.manifest)
            index = new_flat_index(int(manifest["embedder"]["dim"]))
        db = sqlite3.connect(store)
        try:
            _init_store(db)
            state = _State(db, index, manifest)
            result = mutate(state)
            if changed is not None and not changed(result):
                return result, False
            _refresh_manifest(state)
            state.manifest["generation"] = number
            db.commit()
        finally:
            db.close()
        faiss.write_index(state.index, str(tmp / INDEX_FILE))
        (tmp / MANIFEST_FILE).write_text(json.dumps(state.manifest, indent=2) + "\n", encoding="utf-8")
        for name in (STORE_FILE, INDEX_FILE, MANIFEST_FILE):
            _fsync_path(tmp / name)
        os.chmod(tmp, 0o755)
        _fsync_path(tmp, directory=True)
        return result, True

    def _collect_garbage(self, keep_previous: bool) -> None:
        """Delete generations other than the live one (and its predecessor) and writers' leftovers.

        Only called with the writer lock held, so no temporary folder here belongs to a live writer.
        """
        root = self.root
        if root is None:
            return
        for p in root.glob(f"{_TMP_PREFIX}*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in root.glob(f"{CURRENT}.tmp-*"):
            p.unlink(missing_ok=True)
        if not is_archive(root):
            return
        live = _read_current(root)
        gens = _generations(root)
        live_n = next((n for n, p in gens if p == live), None)
        if live_n is None:
            return
        keep = {live_n}
        if keep_previous:
            older = [n for n, _ in gens if n < live_n]
            if older:
                keep.add(older[-1])
        for n, p in gens:
            if n not in keep:
                shutil.rmtree(p, ignore_errors=True)

    # -- reading ------------------------------------------------------------------------------------

    def _set_nprobe(self) -> None:
        import faiss

        index = self._state.index
        if index is not None and isinstance(index, faiss.IndexIVF):
            index.nprobe = int(self._state.manifest["index"].get("nprobe") or nprobe_for(index.nlist))

    @property
    def manifest(self) -> dict[str, Any]:
        """The manifest of the open generation (a copy)."""
        return json.loads(json.dumps(self._state.manifest))

    @property
    def embedder_name(self) -> str:
        """Name of the embedder the archive was built with."""
        return str(self._state.manifest["embedder"]["name"])

    @property
    def dim(self) -> int:
        """Dimension of the archived vectors."""
        return int(self._state.manifest["embedder"]["dim"])

    def __len__(self) -> int:
        """Number of archived claims."""
        return int(self._state.index.ntotal)

    def search(self, vectors: np.ndarray, k: int = 10, *,
               exclude_sha256: Sequence[str] = ()) -> list[list[Hit]]:
        """Return, for each query row, its ``k`` nearest archived claims, best first.

        Args:
            vectors: ``(n, dim)`` unit-norm float32 queries.
            k: how many hits per query.
            exclude_sha256: content hashes of articles to leave out (a draft that is already archived).

        Raises:
            ArchiveError: the vectors' dimension is not the archive's.
        """
        vectors = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1))
        if len(vectors) and vectors.shape[1] != self.dim:
            raise ArchiveError(f"query vectors have dimension {vectors.shape[1]}, the archive {self.dim}")
        n = self._state.index.ntotal
        if n == 0 or len(vectors) == 0 or k <= 0:
            return [[] for _ in range(len(vectors))]
        excluded = set(exclude_sha256)
        excluded_vids: set[int] = set()
        fetch = k
        if excluded:
            q = ",".join("?" * len(excluded))
            excluded_vids = {r[0] for r in self._state.db.execute(
                f"SELECT c.vid FROM claims c JOIN articles a ON a.id=c.article_id WHERE a.sha256 IN ({q})",
                tuple(excluded))}
            fetch = k + len(excluded_vids)
        scores, ids = self._state.index.search(vectors, min(fetch, n))
        wanted = sorted({int(i) for row in ids for i in row if i >= 0 and int(i) not in excluded_vids})
        rows = self._fetch(wanted)
        out: list[list[Hit]] = []
        for srow, irow in zip(scores, ids, strict=True):
            hits = []
            for s, i in zip(srow, irow, strict=True):
                i = int(i)
                if i < 0 or i in excluded_vids or i not in rows:
                    continue
                claim, article, analysis = rows[i]
                hits.append(Hit(claim=claim, article=article, score=float(s), analysis=analysis))
                if len(hits) == k:
                    break
            out.append(hits)
        return out

    def _fetch(self, vids: Sequence[int]) -> dict[int, tuple[Claim, Article, dict | None]]:
        out: dict[int, tuple[Claim, Article, dict | None]] = {}
        articles: dict[str, Article] = {}
        db = self._state.db
        for start in range(0, len(vids), 500):
            chunk = list(vids[start:start + 500])
            q = ",".join("?" * len(chunk))
            for vid, article_id, claim_json, analysis_json in db.execute(
                f"SELECT vid, article_id, claim_json, analysis_json FROM claims WHERE vid IN ({q})", chunk
            ):
                if article_id not in articles:
                    articles[article_id] = self.article(article_id)
                analysis = json.loads(analysis_json) if analysis_json else None
                out[int(vid)] = (Claim.model_validate_json(claim_json), articles[article_id], analysis)
        return out

    def article(self, article_id: str) -> Article:
        """Return the archived article ``article_id`` (text, source, date, url, path).

        Raises:
            ArchiveError: no such article.
        """
        row = self._state.db.execute(
            "SELECT id, source, title, path, url, published, text_offset, text FROM articles WHERE id=?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise ArchiveError(f"no article {article_id!r} in the archive")
        aid, source, title, path, url, published, text_offset, text = row
        return Article(id=aid, source=source, title=title, path=path, url=url, text=text,
                       published=date.fromisoformat(published) if published else None,
                       text_offset=text_offset)

    def articles(self) -> list[dict[str, Any]]:
        """List archived articles: id, source, title, path, published, claims, sha256, added."""
        cols = ("id", "source", "title", "path", "published", "claims", "sha256", "added")
        rows = self._state.db.execute(
            "SELECT id, source, title, path, published, n_claims, sha256, added FROM articles "
            "ORDER BY added, id"
        )
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def known_sha256(self, hashes: Sequence[str]) -> set[str]:
        """Return which of the content ``hashes`` belong to archived articles."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            q = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._state.db.execute(
                f"SELECT sha256 FROM articles WHERE sha256 IN ({q})", chunk))
        return found

    def claims_of(self, article_id: str) -> list[Claim]:
        """Return the archived claims of ``article_id`` in reading order."""
        rows = self._state.db.execute(
            "SELECT claim_json FROM claims WHERE article_id=? ORDER BY span_start", (article_id,)
        )
        return [Claim.model_validate_json(r[0]) for r in rows]

    def info(self) -> ArchiveInfo:
        """Counts, embedder, index type, generation and size on disk of the open generation."""
        m = self._state.manifest
        size = 0
        if self.root is not None:
            gen = self.root / f"{_GEN_PREFIX}{self.generation:06d}"
            size = sum(p.stat().st_size for p in gen.iterdir() if p.is_file()) if gen.is_dir() else 0
        return ArchiveInfo(
            path=str(self.root) if self.root is not None else ":memory:",
            generation=self.generation,
            articles=int(m["counts"]["articles"]),
            claims=int(m["counts"]["claims"]),
            embedder=str(m["embedder"]["name"]),
            dim=int(m["embedder"]["dim"]),
            index_type=str(m["index"]["type"]),
            approx_threshold=int(m["approx_threshold"]),
            nlist=m["index"].get("nlist"),
            nprobe=m["index"].get("nprobe"),
            claimcheck_version=str(m["claimcheck_version"]),
            created=str(m["created"]),
            updated=str(m["updated"]),
            size_bytes=size,
        )

    def close(self) -> None:
        """Close the store (the archive object cannot be used afterwards)."""
        if self._state.db is not None:
            self._state.db.close()

    def __enter__(self) -> Archive:
        """Use as a context manager that closes the store."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        self.close()


@dataclass
class _Stamp:
    """The embedder stamp of an opened archive, checked again against a generation a writer builds on."""

    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.manifest["embedder"]["name"])

    @property
    def dim(self) -> int:
        return int(self.manifest["embedder"]["dim"])


__all__ = [
    "DEFAULT_APPROX_THRESHOLD",
    "AddResult",
    "Archive",
    "ArchiveInfo",
    "Hit",
    "is_archive",
]
