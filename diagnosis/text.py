"""Text normalisation for the whole engine: folding, tokens, stems and typos.

Why: people write "Plantilla", "plantillas", "PLANTILLA", "plantila" and mean the
same thing, in English, Spanish or Portuguese, with or without accents, emoji and
punctuation. Every comparison of what people write (the classifier against the
knowledge, the follow-up parsers against their answer phrases) goes through the
helpers here, so that "the same word" means one thing everywhere. The word lists
(stop words, synonyms, stem endings) are data, in diagnosis.wordlists.

Two foldings, for two jobs:
  unaccent_lower  lowercase, no accents, everything else kept (codes, quotes and
                  punctuation still match literally: the classifier and extractors);
  fold            also drops apostrophes and punctuation, words separated by single
                  spaces (a short typed answer compared with answer phrases).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable, Dict, Iterable, List, Optional, Set

from .wordlists import FALSE_FRIENDS, STEM_SUFFIXES, STOPWORDS

# Longer answers are not answers to a short follow-up question: parsers look at most at
# this many characters (a pasted 10 KB log must not make a parser slow).
MAX_ANSWER_CHARS = 300

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_APOSTROPHES = "'\u2019\u2018`\u00b4"
_NON_WORD = re.compile(r"[^0-9a-z]+")
_MAX_STEM = 6

# ---------------------------------------------------------------- folding


def as_text(value: Any) -> str:
    """Whatever the caller passed, as a stripped string ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        value = str(value)
    return value.strip()


def strip_accents(text: str) -> str:
    """é -> e, ç -> c, ñ -> n (compatibility forms too: "ﬁ" -> "fi"); case is kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def unaccent_lower(text: str) -> str:
    """Lowercase and strip accents; punctuation, quotes and codes stay as they are."""
    return strip_accents(text.lower())


def fold(text: Any) -> str:
    """Lowercase, no accents, apostrophes removed ("don't" -> "dont"), words separated
    by single spaces, everything else dropped. "¡Sí, aprobada!" -> "si aprobada"."""
    text = strip_accents(as_text(text)).casefold()
    for a in _APOSTROPHES:
        text = text.replace(a, "")
    return _NON_WORD.sub(" ", text).strip()


def contains_phrase(haystack_folded: str, phrase_folded: str) -> bool:
    """Whole-word phrase match on folded text ("no" does not match inside "not")."""
    if not phrase_folded:
        return False
    return f" {phrase_folded} " in f" {haystack_folded} "


# ---------------------------------------------------------------- tokens and stems


def tokens(text: str) -> List[str]:
    """Alphanumeric tokens of `unaccent_lower(text)`, in order ("don't" -> "don", "t")."""
    return _TOKEN_RE.findall(unaccent_lower(text))


def content_words(text: str) -> List[str]:
    """Tokens without stopwords (and without 1-letter noise)."""
    return [w for w in tokens(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


_STEM_CACHE: Dict[str, str] = {}


def long_stem(token: str) -> str:
    """`stem` without the cut to 5 letters (up to 8): tells "instagram" from "instabilidade"."""
    hit = _STEM_CACHE.get(token)
    if hit is not None:
        return hit
    out = _long_stem(token)
    if len(_STEM_CACHE) < 100000:
        _STEM_CACHE[token] = out
    return out


def _long_stem(token: str) -> str:
    if token.isdigit() or len(token) <= 4:
        return token
    for suf in STEM_SUFFIXES:
        if token.endswith(suf) and len(token) - len(suf) >= 4:
            return token[: -len(suf)][:8]
    return token[:8]


def short_of(ls: str) -> str:
    """The short stem of a long stem (what `stem` gives for its word)."""
    short = ls[:_MAX_STEM]
    return ls[: _MAX_STEM + 1] if short in FALSE_FRIENDS else short


def stem(token: str) -> str:
    """Crude multilingual stem: drop a common ending, keep at most 6 letters.

    "aprobada"/"aprobó"/"aprobar" -> "aprob"; "pausada"/"pausou"/"paused" -> "paus";
    "messages"/"message" -> "messag"; "bloquearon"/"bloqueou"/"bloqueado" -> "bloque".
    """
    return short_of(long_stem(token))


# ---------------------------------------------------------------- typos


def _deletes(word: str) -> Set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one(a: str, b: str) -> bool:
    """True if a and b differ by one edit (insert, delete, substitute, swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    # b is one longer than a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


class TypoIndex:
    """Maps a misspelt word to a known vocabulary word one edit away.

    Why: "plantila", "templete", "recieve", "bloqeuado". Symmetric-delete lookup
    (precomputed at load) keeps it to a few dict probes per unknown word.
    """

    MIN_LEN = 6

    def __init__(self, vocabulary: Iterable[str], is_word: Optional[Callable[[str], bool]] = None):
        self.vocab: Set[str] = set(vocabulary)
        # a real word of the language ("caindo", "salido") is no typo of a vocabulary
        # word, except for another form of it ("codigos" for "codigo")
        self._is_word = is_word
        self._index: Dict[str, List[str]] = {}
        for w in self.vocab:
            if len(w) < self.MIN_LEN - 1 or w.isdigit():
                continue
            self._index.setdefault(w, []).append(w)
            for d in _deletes(w):
                self._index.setdefault(d, []).append(w)
        self._cache: Dict[str, Optional[str]] = {}

    def correct(self, word: str) -> Optional[str]:
        """The vocabulary word this one is a typo of, or None."""
        if word in self.vocab:
            return word
        if len(word) < self.MIN_LEN or word.isdigit():
            return None
        cached = self._cache.get(word, "")
        if cached != "":
            return cached
        best: Optional[str] = None
        probes = [word] + sorted(_deletes(word))
        real = None
        for p in probes:
            for cand in self._index.get(p, ()):
                if _within_one(word, cand):
                    if not (cand.startswith(word) or word.startswith(cand)):
                        if real is None:
                            real = self._is_word is not None and self._is_word(word)
                        if real:
                            continue
                    if best is None or cand < best:
                        best = cand
            if best is not None and p == word:
                break
        if len(self._cache) < 50000:
            self._cache[word] = best
        return best
