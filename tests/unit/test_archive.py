"""Stage 4, the archive: round trip, duplicates, atomic generations, locking, embedder stamp, index switch.

Articles and claims are made by hand here (no spaCy) and embedded with the hashing embedder, so these
tests are fast; the subprocess tests start plain Python writers that are killed or raced.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from checker.archive import (
    CURRENT,
    FLAT,
    IVF_SQ8,
    PAUSE_ENV,
    Archive,
    is_archive,
    ivf_params,
)
from checker.embed import HashingEmbedder
from checker.errors import ArchiveError
from checker.schema import Article, Claim
from tests.conftest import ROOT

TOPICS = ["police", "rekognition", "congress", "ibm", "protest", "privacy", "earthquake", "election"]


def make_articles(start: int, count: int, per_article: int = 4, source: str = "wire"):
    """``count`` synthetic articles (ids from ``start``) with ``per_article`` one-sentence claims each."""
    articles, claims = [], []
    for i in range(start, start + count):
        sentences = [f"Report {i} sentence {j} says {TOPICS[(i + j) % len(TOPICS)]} number {i * 7 + j} moved."
                     for j in range(per_article)]
        text = "\n".join(sentences) + "\n"
        art = Article(source=f"{source}{i}", text=text, path=f"{source}{i}.txt", text_offset=0)
        pos = 0
        for j, s in enumerate(sentences):
            claims.append(Claim(id=f"{art.id}-c{j + 1:03d}", article_id=art.id, text=s, start=pos,
                                end=pos + len(s)))
            pos += len(s) + 1
        articles.append(art)
    return articles, claims


def vectors(claims, embedder):
    return embedder.encode([c.text for c in claims])


@pytest.fixture
def emb():
    return HashingEmbedder(dim=64)


@pytest.fixture
def filled(tmp_path, emb):
    arts, claims = make_articles(0, 6)
    arc = Archive.create(tmp_path / "arc", emb)
    arc.add_articles(arts, claims, vectors(claims, emb))
    return arc, arts, claims


def test_round_trip_add_info_search_remove(tmp_path, emb, filled):
    arc, arts, claims = filled
    info = arc.info()
    assert (info.articles, info.claims, info.embedder, info.dim, info.index_type) == (6, 24, "hashing-bow", 64, FLAT)
    assert info.size_bytes > 0 and info.claimcheck_version

    target = claims[9]
    hits = arc.search(emb.encode([target.text]), k=3)[0]
    assert hits[0].claim == target and hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert hits[0].article.id == target.article_id and hits[0].article.text[target.start:target.end] == target.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    reopened = Archive.open(tmp_path / "arc", emb)
    assert reopened.info().claims == 24 and reopened.generation == arc.generation
    assert reopened.search(emb.encode([target.text]), k=1)[0][0].claim.id == target.id

    assert arc.remove(target.article_id) == 4
    assert (arc.info().articles, arc.info().claims) == (5, 20)
    assert all(h.claim.article_id != target.article_id for h in arc.search(emb.encode([target.text]), k=20)[0])
    assert Archive.open(tmp_path / "arc", emb).info().claims == 20
    with pytest.raises(ArchiveError, match="no article 'nope'"):
        arc.remove("nope")
    assert arc.info().claims == 20


def test_re_adding_the_same_article_is_a_no_op(filled, emb):
    arc, arts, claims = filled
    gen = arc.generation
    result = arc.add_articles(arts[:2], claims[:8], vectors(claims[:8], emb))
    assert result.added == [] and result.skipped_duplicates == [arts[0].id, arts[1].id]
    assert arc.info().claims == 24 and arc.generation == gen  # nothing changed: no new generation
    # same text under another source name: same content hash, still a duplicate
    copy = Article(source="another outlet", text=arts[0].text)
    assert arc.add_articles([copy], [], np.zeros((0, 64), np.float32)).skipped_duplicates == [copy.id]


def test_old_generations_are_collected_and_readers_keep_their_generation(tmp_path, emb, filled):
    arc, _, _ = filled
    old_reader = Archive.open(tmp_path / "arc", emb)
    for start in (10, 20, 30):
        arts, claims = make_articles(start, 1)
        arc.add_articles(arts, claims, vectors(claims, emb))
    gens = sorted(p.name for p in (tmp_path / "arc").glob("gen-*"))
    assert len(gens) == 2 and (tmp_path / "arc" / CURRENT).read_text().strip() == gens[-1]
    # an archive opened before the writes still answers from the generation it opened
    assert old_reader.info().claims == 24 and len(old_reader.search(emb.encode(["police"]), k=5)[0]) == 5
    assert Archive.open(tmp_path / "arc", emb).info().claims == 36


def test_mismatched_embedder_is_refused_naming_both(tmp_path, filled):
    with pytest.raises(ArchiveError) as err:
        Archive.open(tmp_path / "arc", HashingEmbedder(dim=32))
    assert "'hashing-bow' (dim 64)" in str(err.value) and "(dim 32)" in str(err.value)
    with pytest.raises(ArchiveError, match="'other-model' \\(dim 64\\)"):
        Archive.open(tmp_path / "arc", HashingEmbedder(dim=64, name="other-model"))
    arc, _, _ = filled
    with pytest.raises(ArchiveError, match="dimension 32"):
        arc.search(HashingEmbedder(dim=32).encode(["x"]), k=1)


def test_missing_existing_and_corrupt_archives_say_what_to_do(tmp_path, emb, filled):
    with pytest.raises(ArchiveError, match="no claim archive here .*claimcheck index build"):
        Archive.open(tmp_path / "nowhere", emb)
    with pytest.raises(ArchiveError, match="already exists"):
        Archive.create(tmp_path / "arc", emb)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / CURRENT).write_text("../../etc\n")
    with pytest.raises(ArchiveError, match="corrupt pointer"):
        Archive.open(tmp_path / "bad", emb)


def test_build_replaces_an_archive_in_one_generation(tmp_path, emb, filled):
    arts, claims = make_articles(50, 3)
    other = HashingEmbedder(dim=32, name="other")
    arc, result = Archive.build(tmp_path / "arc", other, arts + arts[:1], claims, vectors(claims, other))
    assert result.added == [a.id for a in arts] and result.skipped_duplicates == [arts[0].id]
    assert (arc.info().articles, arc.info().claims, arc.info().embedder) == (3, 12, "other")


def test_search_leaves_out_excluded_articles(filled, emb):
    arc, arts, claims = filled
    q = emb.encode([claims[0].text])
    hits = arc.search(q, k=5, exclude_sha256=[arts[0].sha256])[0]
    assert len(hits) == 5 and all(h.article.id != arts[0].id for h in hits)


def test_memory_archive_and_empty_search(emb):
    arc = Archive.memory(emb)
    assert arc.search(emb.encode(["anything"]), k=3) == [[]]
    arts, claims = make_articles(0, 2)
    assert arc.add_articles(arts, claims, vectors(claims, emb)).claims_added == 8
    assert arc.search(emb.encode([claims[3].text]), k=1)[0][0].claim.id == claims[3].id
    assert arc.info().path == ":memory:"


def test_switches_to_ivf_sq8_past_the_threshold_and_keeps_recall(tmp_path, emb):
    arts, claims = make_articles(0, 300, per_article=4)  # 1200 claims
    vecs = vectors(claims, emb)
    arc, _ = Archive.build(tmp_path / "arc", emb, arts, claims, vecs, approx_threshold=1000)
    info = arc.info()
    assert info.index_type == IVF_SQ8 and (info.nlist, info.nprobe) == ivf_params(1200)
    manifest = json.loads((tmp_path / "arc" / f"gen-{info.generation:06d}" / "manifest.json").read_text())
    assert manifest["index"]["type"] == IVF_SQ8 and manifest["counts"] == {"articles": 300, "claims": 1200}

    flat = Archive.memory(emb, approx_threshold=10**9)
    flat.add_articles(arts, claims, vecs)
    queries = vecs[::12]
    got = arc.search(queries, k=10)
    want = flat.search(queries, k=10)
    recall = np.mean([len({h.claim.id for h in g} & {h.claim.id for h in w}) / 10
                      for g, w in zip(got, want, strict=True)])
    assert recall >= 0.9
    assert all(g[0].claim.id == claims[i * 12].id for i, g in enumerate(got[:20]))

    # removal works on the IVF index; shrinking below half the threshold goes back to exact search
    assert arc.remove([a.id for a in arts[:10]]) == 40 and arc.info().claims == 1160
    assert arc.info().index_type == IVF_SQ8
    arc.remove([a.id for a in arts[10:180]])
    assert arc.info().index_type == FLAT and arc.info().claims == 480
    assert arc.search(emb.encode([claims[-1].text]), k=1)[0][0].claim.id == claims[-1].id


# ---------------------------------------------------------------------------------------------------
# Crash safety and concurrency: real processes


WRITER = textwrap.dedent("""
    import sys
    from checker.archive import Archive
    from checker.embed import HashingEmbedder
    from tests.unit.test_archive import make_articles, vectors
    path, start, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    emb = HashingEmbedder(dim=64)
    arts, claims = make_articles(start, count)
    arc = Archive.open(path, emb, lock_timeout=float(sys.argv[4]) if len(sys.argv) > 4 else 60)
    print("opened", flush=True)
    res = arc.add_articles(arts, claims, vectors(claims, emb))
    print("added", len(res.added), flush=True)
""")


def _writer(path: Path, start: int, count: int, pause: float | None = None, lock_timeout: float | None = None):
    env = dict(os.environ)
    env.pop(PAUSE_ENV, None)
    if pause is not None:
        env[PAUSE_ENV] = str(pause)
    args = [sys.executable, "-c", WRITER, str(path), str(start), str(count)]
    if lock_timeout is not None:
        args.append(str(lock_timeout))
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(pred, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.02)


def test_kill_9_during_add_leaves_the_previous_archive_intact(tmp_path, emb, filled):
    arc, _, _ = filled
    root = tmp_path / "arc"
    before = (arc.info().articles, arc.info().claims, arc.generation)
    proc = _writer(root, 100, 3, pause=60)
    # the hook sleeps once the new generation is fully written in its temporary folder, before the switch
    _wait_for(lambda: any((p / "manifest.json").exists() for p in root.glob(".tmp-*")))
    assert Archive.open(root, emb).info().claims == before[1]  # readers meanwhile see the old generation
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    after = Archive.open(root, emb)
    assert (after.info().articles, after.info().claims, after.generation) == before
    assert after.search(emb.encode(["Report 2 sentence 1"]), k=1)[0][0].claim.article_id
    # the next writer cleans up the dead one's leftovers and lands
    arts, claims = make_articles(100, 3)
    assert arc.add_articles(arts, claims, vectors(claims, emb)).claims_added == 12
    assert not list(root.glob(".tmp-*")) and Archive.open(root, emb).info().claims == before[1] + 12


def test_two_concurrent_writers_both_land(tmp_path, filled):
    root = tmp_path / "arc"
    # the pause keeps the first writer inside its lock long enough that the second must wait for it
    first = _writer(root, 200, 3, pause=1.0)
    _wait_for(lambda: any(root.glob(".tmp-*")))
    second = _writer(root, 300, 2)
    for p in (first, second):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "added" in out
    final = Archive.open(root).info()
    assert (final.articles, final.claims) == (6 + 3 + 2, 24 + 12 + 8)


def test_writer_gives_up_with_a_clear_message_when_the_lock_is_held(tmp_path, emb, filled):
    arc, _, _ = filled
    root = tmp_path / "arc"
    fd = os.open(root / "lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        arc.lock_timeout = 0.3
        arts, claims = make_articles(400, 1)
        with pytest.raises(ArchiveError, match="another claimcheck process is writing this archive"):
            arc.add_articles(arts, claims, vectors(claims, emb))
    finally:
        os.close(fd)
    assert arc.add_articles(arts, claims, vectors(claims, emb)).claims_added == 4
    assert is_archive(root)
