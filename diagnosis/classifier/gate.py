"""The evidence gate: when words alone may name a cause.

Why: when no code and no fact supports the best cause, its words must be enough on
their own - the text is one of its wordings, or it is about messaging (WhatsApp, a
customer, a template...) and has two informative words of that cause or one clear
keyword. Otherwise "unknown" is raised above it: "what is your refund policy" is
not a restricted account, and a question is better than a confident wrong answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Collection, Dict, Set

from ..text import stem
from ..wordlists import DOMAIN_WORDS, GENERIC_WORDS
from .word_scores import Strongest

if TYPE_CHECKING:
    from .index import CompiledIndex

_DOMAIN = frozenset(stem(w) for w in DOMAIN_WORDS)
_GENERIC = frozenset(stem(w) for w in GENERIC_WORDS)

SUPPORT_IDF = 1.0  # a stem in at most ~8 of 23 causes says something about a cause
EXCLUSIVE_IDF = 3.0  # a stem used by one cause only
STRONG_KEYWORD = 1.2  # a keyword at least this heavy is a clear sign on its own
WEAK_MARGIN = 0.6  # how far "unknown" goes above a cause whose evidence is thin
LONG_PHRASE = 3  # a wording of this many informative words, all present, is enough on its own


def _support(c: CompiledIndex, cause: str, present: Set[str]) -> Set[str]:
    """Informative stems of the text that this cause's phrases or keywords use."""
    idf = c.idf
    shared = present.intersection(c.cause_terms.get(cause, ()))
    return {s for s in shared if not s.isdigit() and s not in _GENERIC and idf.get(s, 0.0) >= SUPPORT_IDF}


def _full_phrase(c: CompiledIndex, cause: str, present: Set[str], max_extra: int = 1000, min_words: int = 2) -> bool:
    """Does the text contain every word of one of this cause's multi-word phrases,
    with at most `max_extra` other informative words around it?

    With a small `max_extra`, the text is (almost) exactly one of the cause's
    wordings ("User blocked", "Access token has expired") and needs no context.
    """
    extras_base = {s for s in present if not s.isdigit() and s not in _GENERIC and len(s) > 2}
    for idx in c.phrases_by_cause.get(cause, ()):
        ph = c.phrases[idx]
        if len(ph.stems) >= min_words and all(s in present for s in ph.stems):
            if len(extras_base.difference(ph.stems)) <= max_extra:
                return True
    return False


def about_messaging(present: Set[str]) -> bool:
    """Does the text speak of messaging at all (WhatsApp, a customer, a template...)?"""
    return bool(present & _DOMAIN)


def enough_words(c: CompiledIndex, cause: str, present: Set[str], strongest: Strongest) -> bool:
    """Do the words alone (no code, no fact) carry enough evidence for `cause`?

    Why: a single cause word in an unrelated text ("refund policy", "credit card",
    "spam folder") must not become a confident diagnosis; a question is better.
    """
    if _full_phrase(c, cause, present, max_extra=1):
        return True
    # a whole wording of three or more informative words ("Cancelamento do registro
    # incompleto", "Recipient phone number not in allowed list") is about that error
    # whatever surrounds it
    if _full_phrase(c, cause, present, min_words=LONG_PHRASE):
        return True
    support = _support(c, cause, present)
    if len(support) >= 4:
        return True
    if not about_messaging(present):
        return False
    if len(support) >= 2 or _full_phrase(c, cause, present):
        return True
    kw_weight, _ = strongest.get(cause, (0.0, 0))
    if kw_weight >= STRONG_KEYWORD:
        return True
    return any(c.idf.get(s, 0.0) >= EXCLUSIVE_IDF for s in support)


def unknown_floor(
    c: CompiledIndex, scores: Dict[str, float], backed: Collection[str], present: Set[str], strongest: Strongest
) -> float:
    """The score "unknown" must at least get: above the best cause when nothing backs it.

    `backed` holds the causes a code or a fact supports; those need no gate.
    """
    if not scores:
        return 0.0
    top = max(scores, key=lambda k: scores[k])
    if top in backed or enough_words(c, top, present, strongest):
        return 0.0
    return scores[top] + WEAK_MARGIN
