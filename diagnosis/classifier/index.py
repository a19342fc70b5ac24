"""The compiled index: everything precomputed from the knowledge, once, for fast classify.

Why: every wording, symptom and code message in the knowledge YAML becomes a
weighted phrase, every keyword a stem sequence, every code range a rule. A phrase
scores by how much of its informative (rare across causes) words a text contains,
so the rarity (idf) of each stem across causes is computed here, once, and
classify only looks things up. The index belongs to this module, not to the
Knowledge object (which stays immutable): `compiled_for(kb)` builds it on first use
and keeps it while that Knowledge lives.
"""

from __future__ import annotations

import math
import threading
import weakref
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

import numpy as np

from ..causes import Cause, Knowledge
from ..language.common_words import is_common_word
from ..providers import BUILT_IN
from ..text import TypoIndex, content_words, long_stem, short_of, stem, tokens
from .codes import CodeRule, CodeTables, code_causes
from .reasons import ReasonIndex

PHRASE_FULL = 3.5  # summed idf at which a fully matched phrase counts fully


@dataclass
class Phrase:
    cause: str
    stems: Tuple[str, ...]
    weights: Tuple[float, ...]
    total: float
    base: float
    strength: float = 0.0  # how informative the whole phrase is (0..1)
    single: bool = False  # a one-word phrase


Keyword = Tuple[str, Tuple[str, ...], float]  # (cause, long stems in order, weight)


class CompiledIndex:
    """Phrases, keywords, stem rarity, code rules and typo index of one Knowledge."""

    def __init__(self, kb: Knowledge):
        self.causes: List[str] = [c for c in kb.causes() if c != "unknown"]
        raw_phrases: List[Tuple[str, str, float]] = []  # (cause, text, base)
        keyword_src: List[Tuple[str, str, float]] = []
        self.code_rules: CodeTables = {}
        # (provider id, how a text names or shows it), from the provider tables
        self.provider_patterns = [(pid, t.pattern()) for pid, t in kb.providers.items()]
        self.provider_needles = {pid: t.needles() for pid, t in kb.providers.items()}
        # the providers' string reason codes ("OUTSIDE_ALLOWED_SENDING_WINDOW"), read like codes
        self.reasons = ReasonIndex(kb.providers)
        for cid in self.causes:
            cause: Cause = kb[cid]
            sig = cause.signals
            for cs in sig.codes:
                self.code_rules.setdefault(cs.provider, []).append(
                    CodeRule(cid, cs.low, cs.high, tuple(cs.details_any))
                )
                if cs.provider not in BUILT_IN:
                    continue  # a provider table's words count only with its code, when named
                for t in (cs.title, cs.message, cs.details):
                    if t and not cs.details_any:
                        raw_phrases.append((cid, t, 1.0))
                    elif t:
                        raw_phrases.append((cid, t, 0.6))
            for group in (sig.wordings, sig.symptoms):
                for phrases in group.values():
                    for t in phrases:
                        raw_phrases.append((cid, t, 1.0))
            for term, weight in sig.keywords.items():
                keyword_src.append((cid, term, weight))

        vocab: Set[str] = set()
        for _, t, _ in raw_phrases + keyword_src:
            vocab.update(content_words(t))
        self.typos = TypoIndex(vocab, is_word=is_common_word)
        self.vocab = vocab

        # document frequency of stems across causes
        cause_stems: Dict[str, Set[str]] = {c: set() for c in self.causes}
        stem_phrase_count: Dict[str, Dict[str, int]] = {}
        phrase_stems: List[Tuple[str, Tuple[str, ...], float]] = []
        for cid, t, base in raw_phrases:
            st = tuple(dict.fromkeys(stem(w) for w in content_words(t)))
            if not st:
                continue
            phrase_stems.append((cid, st, base))
            cause_stems[cid].update(st)
            for s in st:
                stem_phrase_count.setdefault(s, {}).setdefault(cid, 0)
                stem_phrase_count[s][cid] += 1
        n = len(self.causes)
        df: Dict[str, int] = {}
        for st in cause_stems.values():
            for s in st:
                df[s] = df.get(s, 0) + 1
        self.idf: Dict[str, float] = {s: math.log((n + 1) / d) for s, d in df.items()}

        self.phrases: List[Phrase] = []
        self.index: Dict[str, List[int]] = {}
        seen = set()
        for cid, st, base in phrase_stems:
            key = (cid, st)
            if key in seen:
                continue
            seen.add(key)
            ws = tuple(self.idf.get(s, 0.0) for s in st)
            total = sum(ws)
            if total <= 0.05:
                continue
            idx = len(self.phrases)
            self.phrases.append(Phrase(cid, st, ws, total, base, min(1.0, total / PHRASE_FULL), len(st) == 1))
            for s in st:
                self.index.setdefault(s, []).append(idx)
        # the same, as arrays, so a text's phrase coverage is summed in one pass (word_scores.phrase_scores)
        self.index_rows = {s: np.asarray(v, dtype=np.intp) for s, v in self.index.items()}
        self.phrase_total = np.asarray([ph.total for ph in self.phrases], dtype=np.float64)
        self.phrase_single = np.asarray([ph.single for ph in self.phrases], dtype=bool)

        self.keywords: List[Keyword] = []
        self.kw_index: Dict[str, List[int]] = {}
        self.kw_starts: Dict[str, Tuple[int, ...]] = {}  # token -> keywords it can start (cache)
        best: Dict[Tuple[str, Tuple[str, ...]], float] = {}
        for cid, term, weight in keyword_src:
            st = tuple(long_stem(w) for w in tokens(term) if len(w) > 1 or w.isdigit())
            if st:  # variants with the same stems ("registro", "registrado") count once
                best[(cid, st)] = max(weight, best.get((cid, st), 0.0))
        for (cid, st), weight in best.items():
            idx = len(self.keywords)
            self.keywords.append((cid, st, weight))
            self.kw_index.setdefault(st[0][:5], []).append(idx)

        # bag of stems: how much each stem says about each cause
        self.assoc: Dict[str, List[Tuple[str, float]]] = {}
        for s, per in stem_phrase_count.items():
            tot = sum(per.values())
            idf = self.idf.get(s, 0.0)
            if idf < 0.5:
                continue
            self.assoc[s] = [(c, idf * k / tot) for c, k in per.items()]

        # for the evidence gate: every stem a cause's phrases and keywords use
        self.cause_terms: Dict[str, Set[str]] = {cid: set(st) for cid, st in cause_stems.items()}
        for cid, st, _ in self.keywords:
            self.cause_terms[cid].update(short_of(x) for x in st)
        self.code_ranges = sorted({(cs.low, cs.high) for cid in kb.causes() for cs in kb[cid].signals.codes})
        self.phrases_by_cause: Dict[str, List[int]] = {}
        for idx, ph in enumerate(self.phrases):
            if len(ph.stems) >= 2:
                self.phrases_by_cause.setdefault(ph.cause, []).append(idx)

    def listed_anywhere(self, code: str) -> bool:
        """True if any provider table lists this number, whichever provider the text names."""
        if not code.isdigit():
            return False
        value = int(code)
        return any(low <= value <= high for low, high in self.code_ranges)

    def is_known_code(self, code: str, provider: Optional[str] = None) -> bool:
        """True if some provider table of the knowledge lists this code."""
        return bool(self.code_causes(code, provider, ""))

    def code_causes(self, code: str, provider: Optional[str], context: str, fallback: str = "") -> List[str]:
        """Causes a code points to (see diagnosis.classifier.codes.code_causes)."""
        return code_causes(self.code_rules, code, provider, context, fallback)


# One index per Knowledge object, for as long as that object lives.
_compiled: "weakref.WeakKeyDictionary[Knowledge, CompiledIndex]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def compiled_for(kb: Knowledge) -> CompiledIndex:
    """The compiled index of `kb` (built on first use, then reused)."""
    c = _compiled.get(kb)
    if c is None:
        with _lock:
            c = _compiled.get(kb)
            if c is None:
                c = CompiledIndex(kb)
                _compiled[kb] = c
    return c
