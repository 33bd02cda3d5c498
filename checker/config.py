"""Settings read from models/: model names (default.toml) and fitted thresholds (thresholds/*.json).

The only module that knows where thresholds come from. Every threshold file records the value, the
dev split it was fitted on, the metric and the script that wrote it.
"""

from __future__ import annotations

import functools
import json
import tomllib
from pathlib import Path

from pydantic import BaseModel

from checker.errors import ConfigError
from checker.lexicon import MODELS_DIR


class Threshold(BaseModel):
    """A fitted threshold and where it came from."""

    name: str
    value: float
    metric: str
    split: str
    script: str


class Settings(BaseModel):
    """Model names and thresholds of a run."""

    embedder: str
    spacy_model: str
    nli_path: Path
    neighbours: int
    per_article: int
    align_threshold: Threshold
    paraphrase_threshold: Threshold
    contradiction_threshold: Threshold
    entailment_threshold: Threshold
    near_copy_threshold: Threshold | None = None
    structured_channel: bool
    actor_channel: bool


def load_threshold(name: str, models_dir: Path = MODELS_DIR) -> Threshold:
    """Return ``models/thresholds/<name>.json`` as a ``Threshold``.

    Raises:
        ConfigError: the file is missing or lacks a field.
    """
    path = models_dir / "thresholds" / f"{name}.json"
    try:
        return Threshold.model_validate(json.loads(path.read_text()))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: threshold file missing (run the script that fits it, see README)") from exc
    except (ValueError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: invalid threshold file: {exc}") from exc


@functools.cache
def load_settings(models_dir: Path = MODELS_DIR) -> Settings:
    """Read models/default.toml and the thresholds it relies on."""
    path = models_dir / "default.toml"
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: missing (restore models/ from the repository)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    return Settings(
        embedder=raw["embedder"]["name"],
        spacy_model=raw["spacy"]["name"],
        nli_path=models_dir / raw["nli"]["path"],
        neighbours=int(raw["alignment"]["neighbours"]),
        per_article=int(raw["alignment"]["per_article"]),
        align_threshold=load_threshold("alignment", models_dir),
        paraphrase_threshold=load_threshold("paraphrase", models_dir),
        contradiction_threshold=load_threshold("nli_contradiction", models_dir),
        entailment_threshold=load_threshold("nli_entailment", models_dir),
        near_copy_threshold=load_threshold("near_copy", models_dir)
        if (models_dir / "thresholds" / "near_copy.json").exists() else None,
        structured_channel=_channel_enabled(models_dir, "actor_anchor"),
        actor_channel=_channel_enabled(models_dir, "actor_above"),
    )


def _channel_enabled(models_dir: Path, name: str) -> bool:
    """Whether scripts/fit_alignment_channels.py enabled alignment channel ``name`` (off if never measured)."""
    path = models_dir / "thresholds" / "alignment_channels.json"
    try:
        return bool(json.loads(path.read_text())["enabled"].get(name, False))
    except FileNotFoundError:
        return False
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: invalid channel file: {exc} (re-run scripts/fit_alignment_channels.py)") from exc
