"""Stage 2: claims with exact spans, boilerplate dropped, speakers, agents and quantities."""

from __future__ import annotations

from datetime import date

import pytest

from checker.claims import extract_claims, segment_article
from checker.claims.quantities import normalise_span
from checker.readers import read_inputs
from checker.schema import Article
from tests.conftest import ROOT


def _claims(text: str, published: date | None = date(2020, 6, 10), title: str | None = None):
    return extract_claims(Article(source="t", text=text, published=published, title=title))


def test_spans_are_exact_on_every_corpus():
    arts = read_inputs(sorted(p for p in (ROOT / "corpora").iterdir() if p.is_dir())).articles
    assert len(arts) >= 10
    for art in arts:
        claims = extract_claims(art)
        assert claims, art.path
        for c in claims:
            assert art.text[c.start:c.end] == c.text
            assert c.text == c.text.strip()


def test_seed_boilerplate_is_not_a_claim(seed_articles):
    for art in seed_articles:
        claims, dropped = segment_article(art)
        texts = " ".join(c.text for c in claims)
        assert "More must-read" not in texts
        assert "AmazonNewsCrime" not in texts
        assert not any(c.text.strip() == (art.title or "").strip() for c in claims)
        assert {d.reason for d in dropped} & {"headline", "tag line", "boilerplate line", "no verb"}


def test_dateline_is_outside_the_claim(seed_articles):
    ap = next(a for a in seed_articles if a.source == "AP")
    first = extract_claims(ap)[0]
    assert first.text.startswith("Amazon on Wednesday banned")


def test_sentence_splitting_survives_abbreviations_and_quotes():
    text = ('Dr. Smith said the U.S. ban was "a mistake." He left on Friday. '
            '"We will appeal," said Jane Doe, a lawyer at the firm.')
    claims = _claims(text)
    assert [c.text for c in claims] == [
        'Dr. Smith said the U.S. ban was "a mistake."',
        "He left on Friday.",
        '"We will appeal," said Jane Doe, a lawyer at the firm.',
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“It is a symbolic step,” said Clare Garvie, a researcher at Georgetown University.", "Clare Garvie", "say"),
        ("Amazon said in a statement that it would pause sales of the software.", "Amazon", "say"),
        ("According to the ACLU, the software matched 28 members of Congress.", "ACLU", "according to"),
        ("The software matched 28 members of Congress to mugshots.", None, None),
    ],
)
def test_speaker_and_cue(text, speaker, cue):
    (claim,) = _claims(text)
    assert claim.speaker == speaker
    assert claim.cue == cue


def test_multi_sentence_quote_keeps_its_speaker():
    text = "“This is wrong,” Jane Doe wrote in a statement. “The company must stop selling it now.”"
    claims = _claims(text)
    assert len(claims) == 2
    assert [c.speaker for c in claims] == ["Jane Doe", "Jane Doe"]
    assert claims[1].is_quote


@pytest.mark.parametrize(
    ("text", "agents", "cue"),
    [
        ("Civil rights groups and Amazon’s own employees have pushed the company to stop selling its technology.",
         ["Civil rights groups", "Amazon’s own employees"], "push"),
        ("A number of civil rights organizations and even some of Amazon’s investors have urged the e-commerce "
         "giant to stop selling the services.", ["civil rights organizations", "Amazon’s investors"], "urge"),
        ("Buolamwini on Wednesday called Amazon’s announcement a welcome surprise.", [], None),
        ("A police officer pressed his knee into the man's neck for several minutes.", [], None),
    ],
)
def test_agents_of_requests(text, agents, cue):
    (claim,) = _claims(text)
    assert claim.agents == agents
    assert claim.agent_cue == cue


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for a year", "duration:365d"),
        ("one-year", "duration:365d"),
        ("12 months", "duration:365d"),
        ("two years", "duration:730d"),
        ("Tuesday", "date:2020-06-09"),
        ("Wednesday", "date:2020-06-10"),
        ("May 25", "date:2020-05-25"),
        ("last year", "year:2019"),
        ("in 2016", "year:2016"),
        ("4-year-old", "age:4y"),
        ("45%", "percent:45"),
        ("$5 million", "money:5e+06USD"),
    ],
)
def test_quantities_normalise(text, expected):
    found = [n for _, _, _, n, _, _ in normalise_span(text, "DATE", date(2020, 6, 10))]
    assert expected in found


def test_hedged_age_is_marked():
    (claim,) = _claims("The company would pause selling its nearly 4-year-old Rekognition service.")
    assert [q.normalized for q in claim.quantities] == ["age:4y~"]


def test_claim_ids_are_deterministic(seed_articles):
    a = [c.id for c in extract_claims(seed_articles[0])]
    b = [c.id for c in extract_claims(seed_articles[0])]
    assert a == b and a[0].endswith("-c001")


def test_negated_speech_names_no_speaker():
    (claim,) = _claims("Microsoft hasn’t said it wouldn’t sell the software to law enforcement.")
    assert claim.speaker is None


def test_group_of_names_its_members():
    (claim,) = _claims("A group of artificial intelligence scholars, including a winner of computer science’s top "
                       "prize, last year launched a spirited defense of her work and called on Amazon to stop "
                       "selling its facial recognition software to police.")
    assert claim.agents == ["artificial intelligence scholars"]


def test_article_without_line_breaks_is_not_dropped_for_a_credit_line():
    # FRANK-style scrape: the whole article is one paragraph, ending in a credit line
    text = ("Amazon banned police use of its face-recognition technology for a year. "
            "The company said it hoped Congress would act. "
            "The Associated Press's Jane Doe contributed to this report.")
    claims = extract_claims(Article(source="wire", text=text))
    assert [c.text for c in claims] == ["Amazon banned police use of its face-recognition technology for a year.",
                                        "The company said it hoped Congress would act."]


def test_boilerplate_sentence_inside_a_paragraph_is_dropped():
    text = ("Amazon banned police use of its technology for a year. Sign up for our newsletter to read more. "
            "The company said it hoped Congress would act.")
    texts = [c.text for c in extract_claims(Article(source="wire", text=text))]
    assert not any("newsletter" in t for t in texts) and len(texts) == 2


def test_share_run_glued_to_the_body_is_cut_and_the_body_kept():
    text = ("Share this withEmailFacebookMessengerTwitterLinkedinCopy this linkThe regulator said it wanted more "
            "progress after the service had slipped behind schedule. It gave the trusts until March to catch up. "
            "Ministers said the iPhone app would be ready by then.")
    claims, dropped = segment_article(Article(source="bbc", text=text))
    assert claims[0].text.startswith("The regulator said")
    assert any(d.reason == "tag run" and text[d.start:d.end].endswith("Copy this link") for d in dropped)
    assert claims[-1].text.startswith("Ministers said the iPhone")


def test_she_said_resolves_to_the_person_last_quoted_not_a_product_tagged_person():
    text = ("“Amazon’s decision is an important symbolic step,” said Clare Garvie, a researcher at Georgetown. "
            "Her public records research found only two U.S. agencies using or testing Rekognition. "
            "The Orlando police department tested it, but chose not to implement it, she said.")
    claims = extract_claims(Article(source="AP", text=text))
    assert claims[0].speaker == "Clare Garvie"
    assert claims[-1].speaker == "Clare Garvie"
