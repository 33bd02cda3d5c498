"""The NLI judge's windowing: long claims are split, never silently truncated."""

from __future__ import annotations

from checker.judges.nli import PairNLI, score_pairs, segments
from checker.pipeline import default_nli

FILLER = " ".join(
    f"The council met for the {n}th time this spring to discuss the city's budget, parking rules and parks."
    for n in range(4, 12)
)


def test_segments_split_sentences_and_window_long_ones():
    tok = default_nli().tokenizer
    text = "Short one. Then " + " ".join(["word"] * 150) + "."
    segs = segments(text, tok, 40)
    assert segs[0] == "Short one."
    assert len(segs) > 3
    assert all(len(tok(s, add_special_tokens=False)["input_ids"]) <= 40 for s in segs)
    joined = " ".join(segs)
    assert joined.count("word") >= 150  # every token is in some window


def test_long_premise_is_windowed_so_its_last_sentence_still_counts():
    model = default_nli()
    premise = FILLER + " Amazon banned police use of its software for a year."
    hypothesis = "Amazon banned police use of its software."
    assert len(model.tokenizer(premise)["input_ids"]) > model.max_length
    (scored,) = score_pairs([(premise, hypothesis)], model)
    truncated = model.predict([(premise, hypothesis)])[0]  # what plain truncation would see
    ent = model.labels.index("entailment")
    assert scored.entail_ab > 0.5
    assert scored.entail_ab > truncated[ent]


def test_pair_scores_are_symmetric_views():
    p = PairNLI(entail_ab=0.9, entail_ba=0.2, contra_ab=0.1, contra_ba=0.7)
    assert p.mutual_entailment == 0.2
    assert p.contradiction == 0.1
    assert p.scores()["entailment"] == 0.9 and p.scores()["contradiction"] == 0.7
