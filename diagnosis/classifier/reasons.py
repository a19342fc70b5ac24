"""String reason codes: the upper-case constants some platforms report instead of a number.

Why: Sinch ("OUTSIDE_ALLOWED_SENDING_WINDOW"), Treble ("FAILURE_BY_OPTOUT_CONTACT") and
Zenvia ("VALIDATION_ERROR") name a failure with a constant. Such a constant is as decisive
as a numeric code, so it is read like one - found wherever the exact token stands (a JSON
value, a log line, a dashboard export) and weighed as code evidence - and not as one more
word among the word scores, where "FAILURE_BY_OPTOUT_CONTACT" would say little. What each
constant means is data, in the provider tables (diagnosis.providers); a constant that other
platforms might use for something else is read only when the text names or shows its
provider, like a provider's numbers. When the paste also carries WhatsApp's own numeric code
(Sinch's `channel_code`, Zenvia's `channelErrorCode`), that number is the more precise
evidence, so the constant then counts half (`pipeline`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .codes import rules_causes

ReasonHit = Tuple[str, List[str]]  # (the constant as the tables write it, its causes)
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")  # a constant's neighbours must not be these


@dataclass(frozen=True)
class ReasonRule:
    """One provider's meaning of a constant."""

    provider: str
    cause: str
    details_any: Tuple[str, ...]
    anywhere: bool  # read even when the text does not name the provider


class ReasonIndex:
    """Every constant of the provider tables, with what it means and where it may be read."""

    def __init__(self, providers: Mapping[str, Any]):
        self.rules: Dict[str, List[ReasonRule]] = {}
        self.names: Dict[str, "re.Pattern[str]"] = {}
        self.name_words: Dict[str, Tuple[str, ...]] = {}  # for a quick test before the pattern
        for pid, table in providers.items():
            reasons = getattr(table, "reasons", ())
            for r in reasons:
                self.rules.setdefault(r.reason, []).append(ReasonRule(pid, r.cause, tuple(r.details_any), r.anywhere))
            if reasons:
                self.names[pid] = table.pattern()
                self.name_words[pid] = tuple(n.lower() for n in table.names)
        # the whole constant, in any case: not a part of a longer one ("FAILURE_BY_SPAM_RATE_LIMIT")
        self.patterns: Dict[str, "re.Pattern[str]"] = {
            t: re.compile(rf"(?<![A-Za-z0-9_]){re.escape(t)}(?![A-Za-z0-9_])", re.I) for t in self.rules
        }

    def find(self, text: str, fallback: str = "", provider: Optional[str] = None) -> List[ReasonHit]:
        """The known constants the text states, in order, each with the causes it names
        here (a constant that needs its provider named and is not is left out).

        provider: the provider the text was already found to name, if any (saves a search).
        """
        if not self.rules or "_" not in text:
            return []
        # substring tests, not a regex per constant: those are slow on long pastes
        upper = text.upper()
        found: List[Tuple[int, int, str]] = []
        for token in self.rules:
            span = self._span(token, text, upper) if token in upper else None
            if span:
                found.append((span[0], span[1], token))
        hits: List[ReasonHit] = []
        named: Dict[str, bool] = {provider: True} if provider else {}
        for start, end, token in sorted(found):
            rules = self.rules[token]
            if len({r.provider for r in rules}) > 1 or not all(r.anywhere for r in rules):
                for pid in {r.provider for r in rules} - set(named):
                    named[pid] = self._names(pid, text)
                # the named provider's meaning first; else the meanings that hold anywhere
                rules = [r for r in rules if named[r.provider]] or [r for r in rules if r.anywhere]
            causes = rules_causes(rules, _line_around(text, start, end), fallback)
            if causes:
                hits.append((token, causes))
        return hits

    def _span(self, token: str, text: str, upper: str) -> Optional[Tuple[int, int]]:
        """Where the whole constant first stands (not inside a longer one), any case."""
        if len(upper) != len(text):  # upper-casing changed the length: let the regex place it
            m = self.patterns[token].search(text)
            return (m.start(), m.end()) if m else None
        i = upper.find(token)
        while i >= 0:
            j = i + len(token)
            if (i == 0 or upper[i - 1] not in _WORD) and (j == len(upper) or upper[j] not in _WORD):
                return i, j
            i = upper.find(token, i + 1)
        return None

    def _names(self, pid: str, text: str) -> bool:
        """Does the text name or show this provider? (substrings first: the pattern is slow)"""
        low = text.lower()
        return any(w in low for w in self.name_words[pid]) and bool(self.names[pid].search(text))


def _line_around(text: str, start: int, end: int, span: int = 300) -> str:
    """The constant's line (bounded): its details, for a constant whose meaning depends on them."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    return text[max(ls, start - span) : min(le, end + span)]
