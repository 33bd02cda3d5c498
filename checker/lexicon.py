"""Lexical resources read as data: the lexicons in models/lexicons/ and WordNet 3.0 from Debian.

Stage: none (read by the claims stage and the judges). WordNet is read straight from the Princeton
database files that Debian's ``wordnet-base`` package installs in /usr/share/wordnet (or
``$CLAIMCHECK_WORDNET``): the index files map a lemma to synset byte offsets, and a synset is one line of
``data.<pos>`` read by seeking to its offset. No NLTK, no download. When WordNet is absent every query
answers ``None`` and callers fall back (they say so in their evidence).
"""

from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path
from typing import Any

from checker.errors import ConfigError

MODELS_DIR = Path(os.environ.get("CLAIMCHECK_MODELS", Path(__file__).resolve().parent.parent / "models"))
_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# WordNet lexicographer files of nouns that can name what an actor did: noun.act (04), noun.communication
# (10: "ban" as an edict), noun.event (11), noun.state (26), noun.time (28: "moratorium", "pause").
EVENT_LEXFILES = {4, 10, 11, 26, 28}


@functools.cache
def load_lexicon(name: str) -> dict[str, Any]:
    """Return the parsed ``models/lexicons/<name>.toml``.

    Raises:
        ConfigError: the file is missing or is not valid TOML.
    """
    path = MODELS_DIR / "lexicons" / f"{name}.toml"
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: lexicon missing (reinstall claimcheck or restore models/)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc} (fix the file)") from exc


class WordNet:
    """Minimal WordNet 3.0 reader over the Princeton database files."""

    def __init__(self, root: Path) -> None:
        """Open the database in ``root`` (a folder with ``index.noun``, ``data.noun`` ...)."""
        self.root = root
        self._index: dict[str, dict[str, list[int]]] = {}
        self._exc: dict[str, dict[str, str]] = {}
        self._files: dict[str, Any] = {}
        self._synsets: dict[tuple[str, int], dict[str, Any]] = {}

    def _load_index(self, pos: str) -> dict[str, list[int]]:
        if pos not in self._index:
            table: dict[str, list[int]] = {}
            with open(self.root / f"index.{_POS_FILES[pos]}", encoding="latin-1") as fh:
                for line in fh:
                    if line.startswith(" "):
                        continue
                    parts = line.split()
                    n_synsets, n_ptrs = int(parts[2]), int(parts[3])
                    offsets = parts[4 + n_ptrs + 2 : 4 + n_ptrs + 2 + n_synsets]
                    table[parts[0]] = [int(o) for o in offsets]
            self._index[pos] = table
            exc: dict[str, str] = {}
            exc_path = self.root / f"{_POS_FILES[pos]}.exc"
            if exc_path.exists():
                with open(exc_path, encoding="latin-1") as fh:
                    for line in fh:
                        parts = line.split()
                        if len(parts) >= 2:
                            exc[parts[0]] = parts[1]
            self._exc[pos] = exc
        return self._index[pos]

    def synset(self, pos: str, offset: int) -> dict[str, Any]:
        """Return the synset at ``offset`` of ``pos``: lemmas, lexfile number and pointers."""
        key = (pos, offset)
        if key not in self._synsets:
            fh = self._files.get(pos)
            if fh is None:
                fh = self._files[pos] = open(self.root / f"data.{_POS_FILES[pos]}", "rb")  # noqa: SIM115
            fh.seek(offset)
            parts = fh.readline().decode("latin-1").split(" | ")[0].split()
            lexfile = int(parts[1])
            n_words = int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(n_words)]
            i = 4 + 2 * n_words
            n_ptrs = int(parts[i])
            ptrs = []
            for j in range(n_ptrs):
                sym, off, p = parts[i + 1 + 4 * j], int(parts[i + 2 + 4 * j]), parts[i + 3 + 4 * j]
                ptrs.append((sym, "a" if p == "s" else p, off))
            self._synsets[key] = {"lemmas": words, "lexfile": lexfile, "pointers": ptrs}
        return self._synsets[key]

    def offsets(self, lemma: str, pos: str) -> list[int]:
        """Synset offsets of ``lemma`` as ``pos`` (``n``, ``v``, ``a``, ``r``), most frequent sense first."""
        index = self._load_index(pos)
        key = lemma.lower().replace(" ", "_")
        if key not in index and key in self._exc.get(pos, {}):
            key = self._exc[pos][key]
        return index.get(key, [])

    def is_event_noun(self, lemma: str, strict: bool = False) -> bool:
        """True when one of the two commonest senses of noun ``lemma`` names an act, event or state.

        ``moratorium``, ``ban``, ``retreat``, ``decision`` -> True; ``company``, ``investor`` -> False.
        ``strict`` (objects of light verbs: "took action", "took two years") admits only acts and events
        that have a verb form, so periods of time do not count.
        """
        senses = [self.synset("n", off) for off in self.offsets(lemma, "n")[:3]]
        lexfiles = {syn["lexfile"] for syn in senses[:2]}
        if not strict and lexfiles & {11, 26, 28}:
            return True  # events, states, periods: "moratorium", "freeze"
        # acts and edicts named after a verb: "ban", "announcement", "action", "retreat"
        return bool(lexfiles & {4, 10, 11}) and any(self._nominalises(lemma, syn) for syn in senses)

    def related(self, a: str, b: str, pos_a: str, pos_b: str) -> str | None:
        """How lemma ``a`` relates to lemma ``b``: ``"same"``, ``"synonym"``, ``"derived"``, or ``None``.

        ``synonym``: they share a synset. ``derived``: a derivationally related form links a sense of one
        to a sense of the other (``decide`` / ``decision``), or they share a synset across parts of
        speech through one. ``None``: no such link (e.g. ``ban`` / ``pause``).
        """
        if a.lower() == b.lower():
            return "same"
        sa = {(pos_a, o) for o in self.offsets(a, pos_a)}
        sb = {(pos_b, o) for o in self.offsets(b, pos_b)}
        if not sa or not sb:
            return None
        if sa & sb:
            return "synonym"
        for pos, off in sa:
            for sym, p, o in self.synset(pos, off)["pointers"]:
                if sym == "+" and (p, o) in sb:
                    return "derived"
        for pos, off in sb:
            for sym, p, o in self.synset(pos, off)["pointers"]:
                if sym == "+" and (p, o) in sa:
                    return "derived"
        return None

    def _nominalises(self, noun: str, syn: dict[str, Any]) -> bool:
        """True when a derivational pointer leads to a verb spelled like the noun (announce/announcement).

        Keeps nominalisations and drops looser links (technology -> engineer).
        """
        for sym, p, off in syn["pointers"]:
            if sym != "+" or p != "v":
                continue
            for verb in self.synset("v", off)["lemmas"]:
                stem = os.path.commonprefix([noun, verb])
                if len(stem) >= min(4, len(verb)):
                    return True
        return False

    def similar(self, a: str, b: str, pos_a: str, pos_b: str) -> str | None:
        """Why ``a`` and ``b`` mean the same for a reader, or ``None`` when they do not.

        Same lemma, synonyms, derivational forms, or one a direct hypernym of the other
        (``ban`` is a kind of ``prohibit``): ``"same"``, ``"synonym"``, ``"derived"``, ``"hypernym"``.
        """
        rel = self.related(a, b, pos_a, pos_b)
        if rel:
            return rel
        if pos_a == pos_b and self.hypernym_distance(a, b, pos_a, max_depth=1) is not None:
            return "hypernym"
        return None

    def antonyms(self, a: str, b: str, pos: str) -> bool:
        """True when WordNet lists ``a`` and ``b`` as antonyms (``raise`` / ``lower``, ``win`` / ``lose``).

        Antonymy is a pointer between words of two synsets; it is followed from either lemma's senses.
        """
        if a.lower() == b.lower():
            return False
        for x, y in ((a, b), (b, a)):
            for off in self.offsets(x, pos):
                for sym, p, o in self.synset(pos, off)["pointers"]:
                    if sym == "!" and p == pos and y.lower().replace(" ", "_") in self.synset(p, o)["lemmas"]:
                        return True
        return False

    def hypernym_distance(self, a: str, b: str, pos: str = "n", max_depth: int = 3) -> int | None:
        """Smallest number of hypernym steps from a sense of one lemma up to a sense of the other.

        ``group`` / ``organization`` -> 2 (organization is a social group is a group); unrelated
        lemmas -> ``None``. Used to decide that two agent nouns name the same kind of actor.
        """
        sa = {(pos, o) for o in self.offsets(a, pos)}
        sb = {(pos, o) for o in self.offsets(b, pos)}
        if not sa or not sb:
            return None
        if sa & sb:
            return 0
        best: int | None = None
        for start, target in ((sa, sb), (sb, sa)):
            frontier = set(start)
            seen = set(start)
            for depth in range(1, max_depth + 1):
                nxt = set()
                for p, off in frontier:
                    for sym, pp, o in self.synset(p, off)["pointers"]:
                        if sym in ("@", "@i") and (pp, o) not in seen:
                            nxt.add((pp, o))
                if nxt & target:
                    best = depth if best is None else min(best, depth)
                    break
                seen |= nxt
                frontier = nxt
        return best


@functools.cache
def wordnet() -> WordNet | None:
    """Return the WordNet reader, or ``None`` when the database is not installed."""
    root = Path(os.environ.get("CLAIMCHECK_WORDNET", "/usr/share/wordnet"))
    if (root / "index.noun").exists() and (root / "data.noun").exists():
        return WordNet(root)
    return None
