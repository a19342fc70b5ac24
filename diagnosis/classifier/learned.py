"""A learned model beside the rules: how likely each cause is, from the text's n-grams.

Why: rules are written from the texts their authors saw and fit those texts; on
wordings nobody wrote a rule for they fall to "unknown" or to a neighbouring cause.
A linear model over words, word pairs and character 2-4-grams, fitted on every
labelled text the project has (the knowledge's wordings and symptoms, the team's dev
set and the real texts' dev half; never a held-out line), generalises to such
wordings better. Judged on three collection passes that neither it nor the rules had
seen, blending it in was better on each pass's dev half (bench/real/README.md).

The model is data derived from those texts: `scripts/fit_learned_model.py` fits it
(scikit-learn, installed with Rasa) and writes `learned_model.npz`, which records a
hash of its training texts; tests/diagnosis/classifier/test_learned.py fails when the
texts changed and the model was not fitted again. Reading it needs numpy only.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from ..text import unaccent_lower
from ..wordlists import NEGATORS

MODEL_PATH = Path(__file__).resolve().parent.parent / "knowledge_base" / "learned_model.npz"
MAX_CHARS = 2000  # the first words say what a text is about; longer texts cost time, not accuracy

_WORD = re.compile(r"\w+")
_log = logging.getLogger(__name__)


def words_of(text: str) -> List[str]:
    return _WORD.findall(unaccent_lower(text[:MAX_CHARS]))


def word_grams(word: str) -> List[str]:
    """One word's own features: the word and its character 2-4-grams, edges marked."""
    padded = " " + word + " "
    n = len(padded)
    return ["w:" + word] + [padded[i : i + k] for k in (2, 3, 4) for i in range(n - k + 1)]


def _negated(words: List[str]) -> List[bool]:
    """Which words a negator just before them turns around ("não bloqueou", "didn't block")."""
    after = {j for i, x in enumerate(words) if x in NEGATORS for j in (i + 1, i + 2)}
    return [i in after for i in range(len(words))]


def grams(text: str) -> List[str]:
    """The features of a text: each word's own (word_grams; a negated word only as
    itself, marked "!") and its word pairs, accents and case folded."""
    words = words_of(text)
    out = ["b:" + a + " " + b for a, b in zip(words, words[1:])]
    for w, neg in zip(words, _negated(words)):
        out += ["w:!" + w] if neg else word_grams(w)
    return out


class LearnedModel:
    """Multinomial logistic regression over tf-idf weighted `grams` (sublinear tf, l2 norm)."""

    def __init__(
        self,
        classes: List[str],
        vocab: List[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        data_hash: str,
    ):
        self.classes = classes
        self.index = {g: i for i, g in enumerate(vocab)}
        self.idf = idf.astype(np.float32)
        self.coef = coef.astype(np.float32)  # (features, classes)
        self.intercept = intercept.astype(np.float32)
        self.data_hash = data_hash
        self._word_rows: Dict[str, List[int]] = {}  # a word's known features, worked out once

    def _rows_of(self, word: str) -> List[int]:
        rows = self._word_rows.get(word)
        if rows is None:
            index = self.index
            rows = [index[g] for g in word_grams(word) if g in index]
            if len(self._word_rows) < 200_000:
                self._word_rows[word] = rows
        return rows

    def probabilities(self, text: str) -> Dict[str, float]:
        """Each cause's (and "unknown"'s) probability; empty when no feature is known."""
        words = words_of(text)
        index = self.index
        found: List[int] = []
        for w, neg in zip(words, _negated(words)):
            if neg:
                i = index.get("w:!" + w)
                if i is not None:
                    found.append(i)
            else:
                found.extend(self._rows_of(w))
        for a, b in zip(words, words[1:]):
            i = index.get("b:" + a + " " + b)
            if i is not None:
                found.append(i)
        if not found:
            return {}
        rows, counts = np.unique(np.asarray(found, dtype=np.int64), return_counts=True)
        w = (1.0 + np.log(counts)).astype(np.float32) * self.idf[rows]
        w /= float(np.sqrt(w @ w)) or 1.0
        logits = w @ self.coef[rows] + self.intercept
        e = np.exp(logits - logits.max())
        p = e / e.sum()
        return {c: float(v) for c, v in zip(self.classes, p)}

    def save(self, path: Path) -> None:
        vocab = [""] * len(self.index)
        for g, i in self.index.items():
            vocab[i] = g
        np.savez_compressed(
            path,
            classes=np.frombuffer("\n".join(self.classes).encode(), dtype=np.uint8),
            vocab=np.frombuffer("\n".join(vocab).encode(), dtype=np.uint8),
            idf=self.idf.astype(np.float16),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept,
            data_hash=np.frombuffer(self.data_hash.encode(), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: Path) -> "LearnedModel":
        with np.load(path) as z:
            text = lambda k: bytes(z[k]).decode()  # noqa: E731
            return cls(
                text("classes").split("\n"),
                text("vocab").split("\n"),
                z["idf"],
                z["coef"],
                z["intercept"],
                text("data_hash"),
            )


_lock = threading.Lock()
_cache: Dict[str, Optional[LearnedModel]] = {}


def model(path: Optional[Path] = None) -> Optional[LearnedModel]:
    """The fitted model, loaded once; None (the rules decide alone) when it is missing
    or unreadable, which is logged once."""
    key = str(path or MODEL_PATH)
    if key in _cache:
        return _cache[key]
    with _lock:
        if key not in _cache:
            try:
                _cache[key] = LearnedModel.load(Path(key))
            except Exception as exc:  # a missing model must not stop the diagnosis
                _log.warning("learned model unavailable (%s): the rules decide alone", exc)
                _cache[key] = None
    return _cache[key]
