"""Which language the user writes in: English, Spanish or Portuguese.

Why: the bot answers in the user's language, and that language follows the user's own
words, not what they paste. A Spanish marketer pasting Meta's English error JSON is
still Spanish; "ok", "no" or "131047" say nothing and keep the language as it was.
lingua (a well-kept detector that is accurate on short texts) does the reading; this
module decides when a reading is strong enough to switch.
"""

from __future__ import annotations

import re
import threading
from typing import Dict, Optional

from .catalogue import DEFAULT_LANG, LANGS
from .common_words import IBERIAN, telling_language

# How much of a message is read for its language (the pattern of pasted ids is slow on a
# long run of letters, and the start of a message tells its language).
MAX_READ = 3000
# A switch needs a clear winner: this sure, and this far ahead of the current language.
MIN_CONFIDENCE = 0.7
MIN_LEAD = 0.4
# The first message sets the language with less: a likely winner, ahead of the others.
FIRST_CONFIDENCE = 0.5
FIRST_LEAD = 0.2
# A mark only one language writes ("¿", "ñ", "ã", "ç") and a reading at least this likely.
MARKED_CONFIDENCE = 0.4
# A single word switches only when it is this long ("gracias", "obrigado"; not "ok", "no").
MIN_SINGLE_WORD = 6

# What users paste rather than write: JSON, URLs, codes, ids, names_like_this (a template's),
# e-mail, phone numbers,
# and the quoted error strings of providers (almost always in English).
_PASTE = re.compile(
    r"\{.*\}|\[.*\]|https?://\S+|\S+@\S+|\(#?\d+\)|#\d+|\b\w*\d\w*\b|\b\w+_\w+\b|\"[^\"]*\"|'[^']*'|`[^`]*`",
    re.S,
)
_ERROR_TAIL = re.compile(r"\b(error|erro|code|código|codigo)\s*[:=-].*$", re.I | re.M)
# An error code in the text: what is around it may be the provider's (English) wording.
_CODE = re.compile(r"\(#?\d{1,7}\)|#\d{1,7}\b|(?<![\d.,+])\d{3,7}(?![\d.,]\d)")
# Words in Spanish or Portuguese next to a pasted error that make the user's language.
MIN_OWN_WORDS_BESIDE_PASTE = 2
# A Spanish or Portuguese segment counts when lingua, reading it alone, puts that
# language first and at least this likely (or the segment has a mark only it writes).
SEGMENT_CONFIDENCE = 0.4
# A row of a pasted table (an export): a tab, or three separators.
# A row of a pasted table: cells split by tabs, or by 3+ commas, semicolons or bars, most cells
# one word (prose with commas, "Olá, uso a 360dialog, ... no painel, juro", is no table).
_TABLE_SEPARATORS = ("\t", ",", ";", "|")
TABLE_CELL_WORDS = 1


def _table_row(line: str) -> bool:
    for sep in _TABLE_SEPARATORS:
        cells = line.split(sep)
        if len(cells) >= (2 if sep == "\t" else 4):
            sizes = sorted(len(c.split()) for c in cells)
            if sizes[len(sizes) // 2] <= TABLE_CELL_WORDS:  # most cells one word: "5511...,failed,131049,..."
                return True
    return False


_FIRST_PERSON = frozenset("i my we our us me im were ive weve".split())
_WORD = re.compile(r"[^\W\d_]{2,}")

# Letters and marks only one of the languages writes: with them, a likely reading is enough.
_MARKS = {"es": re.compile(r"[¿¡ñÑ]"), "pt": re.compile(r"[ãõçÃÕÇ]|\bvocê\b|\bnão\b|(?<!\w)é(?!\w)", re.I)}

_lock = threading.Lock()
_detector = None

_NAMES = {"ENGLISH": "en", "SPANISH": "es", "PORTUGUESE": "pt"}


def _lingua():
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                _detector = LanguageDetectorBuilder.from_languages(
                    Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE
                ).build()
    return _detector


# Languages people may write in that Tickfix does not speak, told apart from its three:
# a message clearly in one of them gets "I speak English, Spanish and Portuguese" rather
# than a reply in whichever of the three it resembles most. Only the European languages
# that read closest to Spanish and Portuguese: each costs about 18 MB of models, loaded
# the first time a text needs them.
_FOREIGN = ("FRENCH", "GERMAN", "ITALIAN")
FOREIGN_MIN_WORDS = 4
FOREIGN_CONFIDENCE = 0.85
# The three-language reading this sure settles it: no foreign check.
SURE_OF_OWN = 0.8
_broad = None


def _broad_lingua():
    """A detector over the three languages and the foreign ones."""
    global _broad
    if _broad is None:
        with _lock:
            if _broad is None:
                from lingua import Language, LanguageDetectorBuilder

                langs = [Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE]
                langs += [getattr(Language, name) for name in _FOREIGN]
                _broad = LanguageDetectorBuilder.from_languages(*langs).build()
    return _broad


def foreign_language(text: str) -> Optional[str]:
    """The name of the language `text` is clearly written in when it is none of the three
    ("French"), else None. Messages with an error code are never foreign: the code is read."""
    if _CODE.search(text or ""):
        return None
    words = own_words(text)
    if len(words.split()) < FOREIGN_MIN_WORDS:
        return None
    own = _lingua().compute_language_confidence_values(words[:400])
    if own and own[0].value >= SURE_OF_OWN:
        return None
    values = _broad_lingua().compute_language_confidence_values(words[:400])
    top = values[0] if values else None
    if top is not None and top.language.name in _FOREIGN and top.value >= FOREIGN_CONFIDENCE:
        return top.language.name.capitalize()
    return None


def own_words(text: str) -> str:
    """The part of a message the user wrote, without what they pasted: JSON, codes and the
    error titles after them, and any line that is one of the providers' error strings."""
    text = _PASTE.sub(" ", text or "")
    text = _ERROR_TAIL.sub(" ", text)
    lines = [line for line in text.split("\n") if not _is_error_string(line)]
    return " ".join(_WORD.findall(" ".join(lines)))


def _is_error_string(line: str) -> bool:
    """True when the line is (part of) an error title or message the knowledge lists."""
    words = " ".join(_WORD.findall(line)).casefold()
    if len(words) < 6:
        return False
    return any(words in known for known in _error_strings())


_strings: Optional[tuple] = None


def _error_strings() -> tuple:
    """The providers' error titles and messages (English, as they are pasted), lowercased."""
    global _strings
    if _strings is None:
        from ..kb import knowledge

        kb = knowledge()
        found = set()
        for cause in kb.causes():
            for code in kb[cause].signals.codes:
                for text in (code.title, code.message, code.details):
                    if text:
                        found.add(" ".join(_WORD.findall(text)).casefold())
        _strings = tuple(found)
    return _strings


def scores(text: str) -> dict:
    """lingua's confidence per language code for `text` (empty when there are no words)."""
    words = own_words(text)
    if not words:
        return {}
    values = _lingua().compute_language_confidence_values(words[:400])
    return {_NAMES[v.language.name]: float(v.value) for v in values}


def detect_language(text: str, current: Optional[str] = None, hint: Optional[str] = None) -> str:
    """The language to answer `text` in.

    current: the conversation's language so far (None at the start).
    hint: the channel's locale or the number's country, used while nothing is known.
    """
    base = current if current in LANGS else (hint if hint in LANGS else DEFAULT_LANG)
    text = (text or "")[:MAX_READ]  # the start tells the language; a 100 KB paste need not be read
    from ..conversation.turns import turn_language  # the phrase lists know short turns

    said_in = turn_language(text) if current not in LANGS else None
    if said_in is not None:  # a first "hola" or "oi" already tells
        return said_in
    written = _PASTE.sub(" ", text or "")
    if current in LANGS and _MARKS.get(current) is not None and _MARKS[current].search(written):
        return current  # "marketing né, é black friday": a mark only Portuguese writes
    if _CODE.search(text or ""):
        if foreign_language(_CODE.sub(" ", text)):
            return base
        return _held(_beside_paste(text, base), text, current, base)
    words = own_words(text).split()
    if not words or (len(words) == 1 and len(words[0]) < MIN_SINGLE_WORD):
        return base
    if len(words) >= FOREIGN_MIN_WORDS and foreign_language(text):
        return base  # French is not Portuguese: the language stays as it was
    found = scores(text)
    if not found:
        return base
    best = max(found, key=found.get)
    if best == base:
        return _held(best, text, current, base)
    for lang, marks in _MARKS.items():
        if lang != base and marks.search(written) and found.get(lang, 0.0) >= MARKED_CONFIDENCE:
            return lang
    if current not in LANGS:
        runner_up = max(v for k, v in found.items() if k != best)
        if found[best] >= FIRST_CONFIDENCE and found[best] - runner_up >= FIRST_LEAD:
            return _held(best, text, current, base)
    if found[best] >= MIN_CONFIDENCE and found[best] - found.get(base, 0.0) >= MIN_LEAD:
        return _held(best, text, current, base)
    return _held(base, text, current, base)  # unsure: the words that tell a language decide


# English a person writes to the bot, not a provider's error string.
# ("me" is Spanish and Portuguese too: not counted)
_SPOKEN_EN = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(
        sorted(
            (_FIRST_PERSON - {"me"})
            | {"i'm", "i've", "we're", "we've", "you", "your", "please", "pls"}
            | {"why", "how", "what", "thanks", "thank", "hi", "hello", "hey"},
            key=len,
            reverse=True,
        )
    )
    + r")(?![\w'])",
    re.I,
)


def _told(text: str) -> Dict[str, int]:
    """How many of the user's own words (not the pasted error strings) tell each language;
    "spoken_en" counts the English only a person writes ("I", "we", "you", "please")."""
    lines = [_PASTE.sub(" ", line) for line in _PASTE.sub(" ", text or "").split("\n")]
    written = " ".join(line for line in lines if not _is_error_string(line) and not _table_row(line))
    told = {"en": 0, "es": 0, "pt": 0, IBERIAN: 0}
    for word in _WORD.findall(written[:1000]):
        lang = telling_language(word)
        if lang is not None:
            told[lang] += 1
    told["spoken_en"] = len(_SPOKEN_EN.findall(written[:1000]))
    return told


def _held(reading: str, text: str, current: Optional[str], base: str) -> str:
    """The reading, unless the words that tell a language say otherwise.

    Why: lingua reads a short message by its loanwords ("marketing obvio, es black
    friday" looks English), and a pasted English error beside a few words of the user's
    as English. English words count as the user's when a person's English is among them
    ("I", "we", "you", "please") or when nothing else is written and nothing is pasted.
    In a conversation the language switches only when more of the user's words tell the
    new language than the current one; at the start, Spanish or Portuguese words beside
    an English paste make the user's language.
    """
    told = _told(text)
    coded = bool(_CODE.search(text or ""))
    iberian = told["es"] + told["pt"] + told[IBERIAN]
    english = told["en"] if told["spoken_en"] or (not coded and not iberian) else 0
    counts = {"en": english, "es": told["es"] + told[IBERIAN], "pt": told["pt"] + told[IBERIAN]}
    if current in LANGS:
        mine = counts[current]
        if reading != current and counts[reading] > mine:
            return reading
        winner = max(counts, key=counts.get)
        if winner != current and counts[winner] >= 2 and counts[winner] > mine:
            return winner  # "why are you speaking spanish?? english please. number is +44 ..."
        return current
    if reading == "en" and not english and iberian >= (1 if coded else 2):
        if told["es"] != told["pt"]:
            return "es" if told["es"] > told["pt"] else "pt"
        if base in ("es", "pt"):
            return base
        found = scores(text)
        return "pt" if found.get("pt", 0.0) > found.get("es", 0.0) else "es"
    return reading


def _beside_paste(text: str, base: str) -> str:
    """A message with an error code: the provider's wording around it is English whatever
    the user speaks, so only Spanish or Portuguese words beside it tell the language."""
    lines = [_PASTE.sub(" ", line) for line in _PASTE.sub(" ", text or "").split("\n")]
    written = " ".join(line for line in lines if not _is_error_string(line) and not _table_row(line))
    if not written.strip():
        return base
    counts = {"en": 0, "es": 0, "pt": 0}
    for part in _lingua().detect_multiple_languages_of(written[:600]):
        lang = _NAMES[part.language.name]
        words = _WORD.findall(written[part.start_index : part.end_index])
        if lang == "en" and not _FIRST_PERSON.intersection(w.casefold() for w in words):
            continue  # English without "I/we/my/our" is the provider's wording
        if lang != "en":
            # the mixed-text reading is unsure on short segments (it calls "erro ao
            # responder cliente" Spanish): read the segment alone, and count it for the
            # language that reading confirms
            segment = written[part.start_index : part.end_index]
            lang = next((x for x in (lang, "pt" if lang == "es" else "es") if _confirmed(segment, x)), "")
            if not lang:
                continue
        counts[lang] += len(words)
    best = max(counts, key=counts.get)
    if counts[best] >= MIN_OWN_WORDS_BESIDE_PASTE:
        return best
    return base


def _confirmed(segment: str, lang: str) -> bool:
    """Whether `segment`, read alone, is in `lang`."""
    if _MARKS[lang].search(segment):
        return True
    other = "pt" if lang == "es" else "es" if lang == "pt" else ""
    if other:  # words only one of the two writes ("erro", "isso" / "qué", "pero") settle it
        told = [telling_language(w) for w in _WORD.findall(segment)]
        if told.count(lang) != told.count(other):
            return told.count(lang) > told.count(other)
    found = scores(segment)
    return bool(found) and max(found, key=found.get) == lang and found[lang] >= SEGMENT_CONFIDENCE
