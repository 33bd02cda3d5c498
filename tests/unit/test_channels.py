"""Alignment channels beyond the embedding: actor + anchor, same actor beyond the cap, claim cores."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from checker.align import align_claims, same_main_actor, structured_match, structured_pairs
from checker.claims import extract_claims
from checker.claims.core import claim_core
from checker.claims.nlp import load_nlp
from checker.schema import Article

PUBLISHED = date(2020, 6, 10)


def _claim(text: str, source: str):
    (claim,) = extract_claims(Article(source=source, text=text, published=PUBLISHED))
    return claim


def test_actor_and_shared_date_match_across_wordings():
    a = _claim("Amazon on Wednesday banned police use of its face-recognition technology for a year.", "AP")
    b = _claim("Amazon said on Wednesday that it would pause selling its Rekognition service.", "Fortune")
    assert structured_match(a, b)
    assert structured_pairs([a, b]) == [(0, 1)]


def test_other_actor_or_other_day_does_not_match():
    a = _claim("Amazon on Wednesday banned police use of its face-recognition technology.", "AP")
    b = _claim("IBM said on Wednesday that it would stop selling its software.", "Fortune")
    c = _claim("Amazon said on Monday that it would pause selling its Rekognition service.", "Reuters")
    assert not structured_match(a, b)
    assert not structured_match(a, c)
    assert structured_pairs([a, b, c]) == []


def test_same_main_actor_resolves_the_company():
    a = _claim("Amazon banned police use of its technology.", "AP")
    b = _claim("Amazon's moratorium comes days after IBM said it would stop selling its software.", "Fortune")
    assert same_main_actor(a, b)


def _unit(x):
    x = np.array(x, dtype=np.float32)
    return x / np.linalg.norm(x)


def test_extra_pairs_align_below_the_threshold():
    v = np.stack([_unit([1, 0]), _unit([0, 1])])
    assert align_claims(v, ["a", "b"], 0.5).pairs == []
    (pair,) = align_claims(v, ["a", "b"], 0.5, extra_pairs=[(0, 1)]).pairs
    assert (pair.a, pair.b) == (0, 1) and abs(pair.similarity) < 1e-6


def test_keep_beyond_cap_adds_a_pair_the_per_article_cap_left_out():
    # a0~c2 0.96, a1~c3 0.96, a1~c2 0.74: with one match per article, a1~c2 is nobody's best
    v = np.stack([_unit([1, 0, 0]), _unit([0.6, 1, 0]), _unit([1, 0.3, 0]), _unit([0.3, 1, 0.1])])
    docs = ["a", "a", "c", "c"]
    capped = {(p.a, p.b) for p in align_claims(v, docs, 0.5, per_article=1).pairs}
    lifted = {(p.a, p.b) for p in align_claims(v, docs, 0.5, per_article=1, keep_beyond_cap=lambda i, j: True).pairs}
    assert capped == {(0, 2), (1, 3)}
    assert lifted == capped | {(1, 2)}


@pytest.mark.parametrize("text, core", [
    ("Amazon said organizations, such as those that use Rekognition to help find missing children, will still "
     "have access to the technology.", "Amazon said organizations will still have access to the technology."),
    ("Although it will ban police, Amazon said it would continue to make its technology available to other groups.",
     "Amazon said it would continue to make its technology available to other groups."),
    ("Nicole Ozer, the ACLU's technology director, said in a statement that it took two years.",
     "Nicole Ozer said in a statement that it took two years."),
    ("The Orlando police department tested it.", None),
])
def test_claim_core_drops_asides_only(text, core):
    assert claim_core(load_nlp()(text)) == core
