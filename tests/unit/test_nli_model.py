"""The shipped NLI cross-encoder (models/nli): label order, pinned predictions, loader errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.errors import ModelError
from checker.nli_model import DEFAULT_PATH, load_nli

# (premise, hypothesis, expected label, pinned probabilities in labels order: E, N, C)
PINNED = [
    ("A man is playing a guitar on stage.", "A man is playing an instrument.",
     "entailment", [0.9416, 0.0449, 0.0135]),
    ("A woman is sleeping in her bed.", "A woman is running a marathon.",
     "contradiction", [0.0056, 0.0574, 0.9370]),
    ("A man is walking a dog in the park.", "The man is going to meet his sister.",
     "neutral", [0.0061, 0.8864, 0.1076]),
    ("The company reported record profits in 2023.", "The company lost money in 2023.",
     "contradiction", [0.1246, 0.2386, 0.6368]),
    # Known limitation, pinned so it is visible: a totally unrelated hypothesis is scored
    # contradiction (the SNLI annotation convention), not neutral.
    ("A child is eating an apple in the kitchen.", "The stock market fell sharply on Tuesday.",
     "contradiction", [0.0079, 0.3707, 0.6214]),
]


@pytest.fixture(scope="module")
def nli():
    return load_nli(DEFAULT_PATH)


def test_label_order_is_recorded(nli):
    assert nli.labels == ["entailment", "neutral", "contradiction"]
    meta = json.loads((DEFAULT_PATH / "labels.json").read_text())
    assert meta["labels"] == nli.labels
    cfg = json.loads((DEFAULT_PATH / "config.json").read_text())
    assert [cfg["id2label"][str(i)] for i in range(3)] == nli.labels


def test_pinned_predictions(nli):
    probs = nli.predict([(p, h) for p, h, _, _ in PINNED])
    assert probs.shape == (len(PINNED), 3)
    for row, (_, _, label, expected) in zip(probs, PINNED, strict=True):
        assert nli.labels[int(row.argmax())] == label
        assert row.tolist() == pytest.approx(expected, abs=2e-3)
        assert row.sum() == pytest.approx(1.0, abs=1e-4)


def test_batching_does_not_change_results(nli):
    pairs = [(p, h) for p, h, _, _ in PINNED]
    assert nli.predict(pairs, batch_size=2) == pytest.approx(nli.predict(pairs, batch_size=32), abs=1e-4)
    assert nli.predict([]).shape == (0, 3)


def test_missing_folder_raises_model_error(tmp_path):
    with pytest.raises(ModelError, match="make train-nli"):
        load_nli(tmp_path / "nope")


def test_env_var_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NLI_MODEL", str(tmp_path / "elsewhere"))
    with pytest.raises(ModelError, match="elsewhere"):
        load_nli()


def test_import_does_not_load_torch():
    code = "import sys, checker.nli_model; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_shipped_weights_are_small_fp16():
    weights = Path(DEFAULT_PATH / "model.safetensors")
    assert weights.stat().st_size < 100 * 1024 * 1024
    assert json.loads((DEFAULT_PATH / "config.json").read_text()).get("dtype", "float16") == "float16"
