"""The words people commonly write in English, Spanish and Portuguese (wordfreq's lists).

Why: the classifier fixes typos ("plantila", "bloqeuado") by mapping an unknown word
to a known one a single edit away. A real word is not a typo: "caindo" is not
"caído", "salido" is not "saldo", "reading" is not "leading". wordfreq's frequency
lists tell a real word from a slip; they load on the first question (about 0.2 s),
never when no typo is looked up.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import FrozenSet, Optional

from ..text import unaccent_lower
from .catalogue import LANGS

# A word at least this frequent (wordfreq's Zipf scale: 3 = once per million words) in
# one of the languages is a word. Common misspellings ("recieve", 2.8) stay below it.
MIN_ZIPF = 3.0

_lock = threading.Lock()
_words: Optional[FrozenSet[str]] = None


def _load() -> FrozenSet[str]:
    from wordfreq import get_frequency_dict  # imported on first use: it takes a while

    floor = 10 ** (MIN_ZIPF - 9)  # Zipf = log10(frequency per billion words)
    words = set()
    for lang in LANGS:
        for word, freq in get_frequency_dict(lang, wordlist="small").items():
            if freq >= floor and word.isalpha():
                words.add(unaccent_lower(word))
    return frozenset(words)


def common_words() -> FrozenSet[str]:
    """Folded (lowercase, unaccented) words common in en, es or pt."""
    global _words
    if _words is None:
        with _lock:
            if _words is None:
                _words = _load()
    return _words


def is_common_word(word: str) -> bool:
    """Is the folded `word` a common word of en, es or pt?"""
    return word in common_words()


# A word tells its language when it is common in it (Zipf >= 3) and ten times more
# frequent there than in the others (one Zipf point): "already" English, "obvio" Spanish,
# "passei" Portuguese; "me", "error", "marketing" tell nothing.
TELLING_LEAD = 1.0
# Spanish and Portuguese alike ("significa", "mensagem"/"mensaje" aside) but not English.
IBERIAN = "es|pt"


@lru_cache(maxsize=20000)
def telling_language(word: str) -> Optional[str]:
    """The language a single word tells ("en", "es", "pt", or IBERIAN when it is Spanish
    or Portuguese alike but not English), or None when it tells nothing."""
    from wordfreq import zipf_frequency

    word = word.casefold()
    z = {lang: zipf_frequency(word, lang) for lang in LANGS}
    ranked = sorted(z, key=z.get, reverse=True)
    best, second = ranked[0], ranked[1]
    if z[best] >= MIN_ZIPF and z[best] - z[second] >= TELLING_LEAD:
        return best
    iberian = min(z["es"], z["pt"])
    if iberian >= MIN_ZIPF and iberian - z["en"] >= TELLING_LEAD:
        return IBERIAN
    return None
