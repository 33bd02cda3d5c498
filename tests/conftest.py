"""Shared fixtures: a fast fake embedder, the seed articles, and the seed report built once per run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
if "CLAIMCHECK_CACHE" not in os.environ:  # tests never write the user's embedding cache
    import tempfile

    os.environ["CLAIMCHECK_CACHE"] = tempfile.mkdtemp(prefix="claimcheck-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "amazon-rekognition-2020"
SHARED_DATA = Path(os.environ.get("CLAIMCHECK_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture
def fake_embedder():
    from checker.embed import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture(scope="session")
def seed_articles():
    from checker.readers import read_inputs

    return read_inputs([SEED]).articles


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory):
    """The seed pair compared with the real bundled models (loaded once per test run)."""
    from checker import compare

    return compare([SEED], cache_dir=tmp_path_factory.mktemp("cache"))
