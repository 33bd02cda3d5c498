"""The synthetic NLI pairs of scripts/nli_augment.py: right labels, deterministic, training premises only."""

from __future__ import annotations

import random

import pytest

from tests.script_utils import load_script

aug = load_script("nli_augment")


@pytest.fixture(scope="module")
def nlp():
    from checker.claims.nlp import load_nlp

    return load_nlp()


ASIDE = ("Amazon said organizations, such as those that use Rekognition to help find missing children, "
         "will still have access to the technology.")
NUMBERS = "The quake injured 5 people in 12 villages on Sunday, officials said in 2013."


@pytest.mark.parametrize("text", [NUMBERS, "Prices rose by 1,200 dollars to 14,500 dollars last week in the city."])
def test_swap_number_changes_exactly_one_number(text):
    out = aug.swap_number(text, random.Random(3))
    assert out is not None and out != text
    changed = [(a, b) for a, b in zip(text.split(), out.split(), strict=True) if a != b]
    assert len(changed) == 1
    assert ("2013" in out) == ("2013" in text)  # years are not numbers to swap


def test_swap_number_none_without_numbers_or_only_years():
    assert aug.swap_number("Amazon paused police use of the software for a year.", random.Random(0)) is None
    assert aug.swap_number("Amazon paused police use of the software in 2020.", random.Random(0)) is None


def test_augment_labels_and_directions(nlp):
    out = aug.augment([ASIDE, NUMBERS, "Too short to use."], 5, seed=0, nlp=nlp)
    by = {(r["src"], r["label"]): r for r in out}
    assert by[("aug_identity", "entailment")]["premise"] == by[("aug_identity", "entailment")]["hypothesis"]
    number = by[("aug_number", "contradiction")]
    assert number["premise"] == NUMBERS and number["hypothesis"] != NUMBERS
    core = by[("aug_core", "entailment")]
    assert core["premise"] == ASIDE
    assert core["hypothesis"] == "Amazon said organizations will still have access to the technology."
    back = by[("aug_core", "neutral")]
    assert (back["premise"], back["hypothesis"]) == (core["hypothesis"], core["premise"])
    assert not any("Too short" in r["premise"] for r in out)


def test_augment_is_deterministic_and_capped(nlp):
    premises = [f"The council voted {i} times on the budget before the session ended late." for i in range(30)]
    a = aug.augment(premises, 4, seed=1, nlp=nlp, kinds=("identity", "number"))
    assert a == aug.augment(premises, 4, seed=1, nlp=nlp, kinds=("identity", "number"))
    assert sum(r["src"] == "aug_identity" for r in a) == 4
    assert sum(r["src"] == "aug_number" for r in a) == 4


def test_augment_rejects_unknown_kind_and_core_without_parser():
    with pytest.raises(ValueError, match="unknown augmentation"):
        aug.augment([NUMBERS], 1, seed=0, kinds=("paraphrase",))
    with pytest.raises(ValueError, match="spaCy"):
        aug.augment([ASIDE], 1, seed=0, kinds=("core",))
