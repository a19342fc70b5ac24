"""Small text helpers shared by the answer parsers.

Why: users type answers in English, Spanish or Portuguese, with or without accents,
in any case, with emoji and punctuation; every parser compares a normalised form.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, List

# Longer answers are not answers to a short follow-up question: parsers look at most at
# this many characters (a pasted 10 KB log must not make a parser slow).
MAX_ANSWER_CHARS = 300

_APOSTROPHES = "'\u2019\u2018`\u00b4"
_NON_WORD = re.compile(r"[^0-9a-z]+")


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
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase, no accents, apostrophes removed ("don't" -> "dont"), words separated
    by single spaces, everything else dropped. "¡Sí, aprobada!" -> "si aprobada"."""
    text = strip_accents(as_text(text)).casefold()
    for a in _APOSTROPHES:
        text = text.replace(a, "")
    return _NON_WORD.sub(" ", text).strip()


def words(text: str) -> List[str]:
    folded = fold(text)
    return folded.split() if folded else []


def contains_phrase(haystack_folded: str, phrase_folded: str) -> bool:
    """Whole-word phrase match on folded text ("no" does not match inside "not")."""
    if not phrase_folded:
        return False
    return f" {phrase_folded} " in f" {haystack_folded} "


def plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def duration(minutes: int) -> str:
    """Minutes as plain words: 75 -> '1 h 15 min', 3000 -> '2 days 2 h'."""
    minutes = max(0, int(minutes))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{plural(days, 'day')} {hours} h" if hours else plural(days, "day")
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"
