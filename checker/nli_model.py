"""claimcheck's bundled 3-way NLI cross-encoder: lazy, offline loading and batched prediction.

The model lives in ``models/nli/`` (fp16 safetensors, tokenizer, ``config.json`` with ``id2label``),
trained by ``scripts/train_nli.py``. Nothing here imports torch or transformers until a model is
actually loaded, and nothing is ever downloaded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from checker.errors import ModelError

ENV_VAR = "CLAIMCHECK_NLI_MODEL"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "models" / "nli"


def default_nli_path() -> Path:
    """Return the NLI model folder: env ``CLAIMCHECK_NLI_MODEL`` if set, else the repo's models/nli.

    Returns:
        The folder path (not checked for existence).
    """
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_PATH


class NLIModel:
    """A loaded NLI cross-encoder that scores (premise, hypothesis) pairs.

    Attributes:
        labels: Class names in the column order of :meth:`predict`'s output,
            read from the model's ``config.json`` ``id2label``.
        path: The folder the model was loaded from.
        max_length: Token limit per pair; the premise is truncated first.
    """

    def __init__(self, model: Any, tokenizer: Any, labels: list[str], path: Path,
                 max_length: int = 128) -> None:
        """Wrap an already-loaded transformers model and tokenizer.

        Args:
            model: A ``AutoModelForSequenceClassification`` in eval mode, float32, on CPU.
            tokenizer: The matching tokenizer.
            labels: Class names in logit order.
            path: Where the model came from.
            max_length: Token limit per pair.
        """
        self.model = model
        self.tokenizer = tokenizer
        self.labels = labels
        self.path = path
        self.max_length = max_length

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """Return class probabilities for each (premise, hypothesis) pair.

        Args:
            pairs: The pairs to score.
            batch_size: Pairs per forward pass.

        Returns:
            A float32 array of shape ``(len(pairs), 3)``; column ``i`` is ``self.labels[i]``.
        """
        import torch

        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float32)
        if not pairs:
            return out
        # Score in length order (less padding), then put the rows back.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for s in range(0, len(order), batch_size):
                idx = order[s:s + batch_size]
                enc = self.tokenizer([pairs[i][0] for i in idx], [pairs[i][1] for i in idx],
                                     truncation="longest_first", max_length=self.max_length,
                                     padding=True, return_tensors="pt")
                logits = self.model(**enc).logits.float()
                out[idx] = torch.softmax(logits, dim=-1).numpy()
        return out


def load_nli(path: str | Path | None = None) -> NLIModel:
    """Load the NLI cross-encoder from a folder, offline, on CPU, as float32.

    Args:
        path: Model folder; defaults to env ``CLAIMCHECK_NLI_MODEL`` or the repo's ``models/nli``.

    Returns:
        The loaded :class:`NLIModel`.

    Raises:
        ModelError: If the folder or its weights are missing or cannot be loaded.
    """
    folder = Path(path) if path is not None else default_nli_path()
    if not (folder / "config.json").is_file() or not any(folder.glob("*.safetensors")):
        raise ModelError(
            f"{folder}: NLI model not found (run `make train-nli`, or set {ENV_VAR} to a model folder)"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a CLI report is not the place for a weights progress bar
        model = AutoModelForSequenceClassification.from_pretrained(
            folder, dtype=torch.float32, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    except Exception as exc:  # any load failure becomes one ModelError line
        raise ModelError(f"{folder}: cannot load NLI model ({type(exc).__name__}: {exc})") from exc
    model.eval()
    id2label = model.config.id2label
    labels = [str(id2label[i]).lower() for i in range(model.config.num_labels)]
    max_length = 128
    labels_file = folder / "labels.json"
    if labels_file.is_file():
        meta = json.loads(labels_file.read_text(encoding="utf-8"))
        if meta.get("labels") and [x.lower() for x in meta["labels"]] != labels:
            raise ModelError(f"{folder}: labels.json {meta['labels']} disagrees with config.json {labels}")
        max_length = int(meta.get("max_length", max_length))
    return NLIModel(model, tokenizer, labels, folder, max_length=max_length)
