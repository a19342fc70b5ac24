"""The user's language and every sentence the bot says in it.

Why: Tickfix answers in English, Spanish or Portuguese. `detect_language` decides which
from the user's own words; `say`/`say_list` fetch the wording from the per-language
catalogue (diagnosis/knowledge_base/wording/<lang>/).
"""

from .catalogue import DEFAULT_LANG, LANGS, Catalogue, WordingError, catalogue, has, say, say_list
from .detect import detect_language, foreign_language, own_words
from .hints import language_hint, language_of

__all__ = [
    "foreign_language",
    "DEFAULT_LANG",
    "LANGS",
    "Catalogue",
    "WordingError",
    "catalogue",
    "detect_language",
    "has",
    "language_hint",
    "language_of",
    "own_words",
    "say",
    "say_list",
]
