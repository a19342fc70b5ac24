"""Code lookup: which causes an error code points to, in which provider's table.

Why: an error code is near-certain evidence, but a number means different things
in different tables (Meta's, On-Premises, Twilio's...), and a few codes (100,
131009, Twilio 63018) mean different causes depending on the error's details. The
details decide those: the cause whose `details_any` cues the details match most
often wins; a bare "(#100) Invalid parameter" line borrows the rest of the text
(the person's description) as its details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Protocol, Sequence, Tuple

from ..platform import platform
from ..text import content_words, tokens, unaccent_lower
from ..wordlists import GENERIC_ERROR_WORDS

_PHONE_ID_RE = re.compile(r"phone[\s_-]?number[\s_-]?id|business[\s_-]?phone|from[\s_-]?number|sender", re.I)

# Tables read whatever the text says: Meta's own (Cloud API, On-Premises). Any other
# provider's numbers are read in its table only when the text names or shows it.
_NAME_FREE_TABLES = tuple(p.id for p in platform().providers if p.read_unnamed)
# Providers whose own code table is read first, in the order platform.yaml gives; the rest
# (a provider table of knowledge_base/providers/, a platform that forwards Meta's codes)
# fall back to Meta's.
_TABLE_ORDER = {p.id: p.tables for p in platform().providers if p.tables}


@dataclass
class CodeRule:
    """A code range of one provider's table that names a cause (if its details match)."""

    cause: str
    low: int
    high: int
    details_any: Tuple[str, ...]  # folded phrases


CodeTables = Dict[str, List[CodeRule]]  # provider id -> its rules


def code_causes(tables: CodeTables, code: str, provider: Optional[str], context: str, fallback: str = "") -> List[str]:
    """Causes a code points to (several if ambiguous), or [] if not known.

    Codes whose meaning depends on details (100, 131009) read their own details
    first; when the code came without details (a bare "(#100) Invalid parameter"
    line), the rest of the text (the person's description) stands in for them.
    """
    try:
        value = int(code)
    except ValueError:
        return []
    own = _TABLE_ORDER.get(provider or "", (provider, "meta") if provider else ("meta",))
    rest = tuple(t for t in _NAME_FREE_TABLES if t not in own)
    # the provider's own tables first, then Meta's (a pasted text may mix)
    groups: Sequence[Tuple[str, ...]] = [(t,) for t in own] + [rest]
    for group in groups:
        rules = [r for t in group for r in tables.get(t, ()) if r.low <= value <= r.high]
        causes = rules_causes(rules, context, fallback)
        if causes:
            return causes
    return []


class Rule(Protocol):
    """What deciding between a code's (or a reason's) rules reads of each rule."""

    cause: str
    details_any: Tuple[str, ...]


def rules_causes(rules: Sequence[Rule], context: str, fallback: str = "") -> List[str]:
    """The causes of the rules one code or reason matched: the detail-dependent rules
    whose cues its details match best, else the plain rules."""
    if not rules:
        return []
    raw = unaccent_lower(_PHONE_ID_RE.sub(" ", context))
    ctx = " " + " ".join(tokens(raw)) + " "
    conditional = [r for r in rules if r.details_any]
    plain = [r for r in rules if not r.details_any]
    matched = _best_conditional(conditional, ctx, raw)
    if conditional and not matched and fallback and not _has_details(raw):
        fraw = unaccent_lower(_PHONE_ID_RE.sub(" ", fallback))
        fctx = " " + " ".join(tokens(fraw)) + " "
        matched = _best_conditional(conditional, fctx, fraw)
    chosen = matched or plain or []
    return list(dict.fromkeys(r.cause for r in chosen))


def _best_conditional(rules: Sequence[Rule], ctx: str, raw: str) -> List[Rule]:
    """The detail-dependent rules whose cues the details match most often.

    Why counting: details like "Invalid value for parameter 'to': 0034... is not a
    valid phone number, use the country code" hit many phone cues, while "Button
    title length invalid, max 20 characters" hits the other-parameter cues; a
    single shared word must not decide between them.
    """
    best: List[Rule] = []
    top = 0
    for r in rules:
        hits = sum(1 for d in r.details_any if _has_phrase(ctx, raw, d))
        if hits > top:
            best, top = [r], hits
        elif hits and hits == top:
            best.append(r)
    return best


def _has_details(raw: str) -> bool:
    """Does an error's own text say more than its code and title?"""
    rest = [w for w in content_words(raw) if not w.isdigit() and w not in GENERIC_ERROR_WORDS]
    return len(rest) >= 3


def _has_phrase(ctx: str, raw: str, phrase: str) -> bool:
    """Word-bounded match; a phrase with quotes/punctuation matches literally."""
    if re.search(r"[^\w\s]", phrase):
        return unaccent_lower(phrase) in raw
    p = " " + " ".join(tokens(phrase)) + " "
    return p.strip() != "" and p in ctx
