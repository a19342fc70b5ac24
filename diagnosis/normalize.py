"""Text normalisation shared by the knowledge compiler and the classifier.

Why: people write "Plantilla", "plantillas", "PLANTILLA", "plantila" and mean the
same thing. Folding case and accents, cutting tokens to a short stem and letting a
one-letter typo through makes the knowledge phrases match what people really write,
in English, Spanish and Portuguese, without a dictionary.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, List, Optional, Set

_TOKEN_RE = re.compile(r"[a-z0-9]+")

# Words too common to say anything about a cause (en/es/pt). Kept small on purpose:
# words like "not", "no", "nao" stay, they matter ("not on whatsapp").
STOPWORDS: Set[str] = set(
    """
    a an the to of in on at for from by with and or is are was were be been being it its this that
    these those i we you he she they my our your their me us them as if so do does did have has had
    will would can could should just than then there here also please pls hi hello
    el la los las un una unos unas de del al en y o u que es son fue por para con se lo le les mi mis
    su sus tu tus nos me te este esta estos estas eso esa ese hay ha han he pero como mas muy ya
    os as um uma uns umas do da dos das no na nos nas em e ou ao aos foi sao com pelo pela meu minha
    seu sua isso esse essa este esta tem ter ja mas
    some several various varios varias vario varia algunos algunas alguns algumas
    but however though tho because cause since while until about into again very really even any
    he she him his her hers they it its who whom which what when where why how
    get gets got getting go goes went going make makes made let lets want wants wanted need needs
    try tried trying won wont keep kept put say says said tell told
    pero porque cuando donde quien algo alguien todo toda todas muy aun tambien le ella ellos ellas
    nosotros usted ustedes esto aquel hace hacer tengo tienen estar estan estoy ser
    ele ela eles elas voce voces isto aquilo tudo todo toda todas algo alguem porem tambem ainda pra pro
    ta estao sao
    """.split()
)
# "no", "nao", "not", "nos" are meaningful negations in es/pt/en; keep "no" and "nao".
STOPWORDS.discard("no")

# Everyday names for WhatsApp (pt-BR "zap", es "wasap", chat shorthand "wpp").
SYNONYMS: Dict[str, str] = {
    w: "whatsapp"
    for w in "zap zapzap zapp wpp wsp wapp wasap wassap wasa guasap watsap watsapp whatsap whatapp whats".split()
}

_MAX_STEM = 6


def fold(text: str) -> str:
    """Lowercase and strip accents (é -> e, ç -> c, ñ -> n)."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> List[str]:
    """Folded alphanumeric tokens, in order."""
    return _TOKEN_RE.findall(fold(text))


# Endings of English, Spanish and Portuguese words, longest first.
_SUFFIXES = tuple(
    sorted(
        """amento imento acoes acao ciones cion sion mente ados adas idos idas ando endo indo aram eram iram
        aron ieron aste amos emos imos ado ada ido ida ar ou eu iu ed ing es s a o e""".split(),
        key=len,
        reverse=True,
    )
)


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
    for suf in _SUFFIXES:
        if token.endswith(suf) and len(token) - len(suf) >= 4:
            return token[: -len(suf)][:8]
    return token[:8]


# 6-letter starts shared by words that mean different things; these keep a 7th letter:
# desactivar / desactualizado, desconectado / desconocido, experiencia / experimento,
# mantener / mantenimiento.
_FALSE_FRIENDS = frozenset(("desact", "descon", "experi", "manten"))


def short_of(ls: str) -> str:
    """The short stem of a long stem (what `stem` gives for its word)."""
    short = ls[:_MAX_STEM]
    return ls[:_MAX_STEM + 1] if short in _FALSE_FRIENDS else short


def stem(token: str) -> str:
    """Crude multilingual stem: drop a common ending, keep at most 6 letters.

    "aprobada"/"aprobó"/"aprobar" -> "aprob"; "pausada"/"pausou"/"paused" -> "paus";
    "messages"/"message" -> "messag"; "bloquearon"/"bloqueou"/"bloqueado" -> "bloque".
    """
    return short_of(long_stem(token))


def content_words(text: str) -> List[str]:
    """Folded tokens without stopwords (and without 1-letter noise)."""
    return [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _deletes(word: str) -> Set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


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
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one longer than a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


class TypoIndex:
    """Maps a misspelt word to a known vocabulary word one edit away.

    Why: "plantila", "templete", "recieve", "bloqeuado". Symmetric-delete lookup
    (precomputed at load) keeps it to a few dict probes per unknown word.
    """

    MIN_LEN = 6

    def __init__(self, vocabulary: Iterable[str]):
        self.vocab: Set[str] = set(vocabulary)
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
        for p in probes:
            for cand in self._index.get(p, ()):
                if _within_one(word, cand):
                    if best is None or cand < best:
                        best = cand
            if best is not None and p == word:
                break
        if len(self._cache) < 50000:
            self._cache[word] = best
        return best
