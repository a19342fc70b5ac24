"""Reads a campaign's failures, as pasted, into failed recipients per cause.

Why: campaign dashboards list failures as lines like "131049 - 120 recipients" or
"Message undeliverable (15)"; the retry advice needs them grouped by cause. Each line
is classified on its own; a number on the line that is not an error code is its count.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

import diagnosis
from diagnosis.extract import written_as_code
from diagnosis.text import unaccent_lower
from diagnosis.wordlists import AUDIENCE_WORDS

# Words that say the user is talking about a bulk send (en, es, pt).
CAMPAIGN_WORDS = re.compile(
    r"\b(campaigns?|broadcasts?|bulk|blast|mass send|retry failed|promos?|newsletters?|"
    r"campañas?|difusi[oó]n|masivos?|env[ií]o masivo|promociones|"
    r"campanhas?|disparos?( em massa)?|disparei|disparamos|transmiss[aã]o|promoç[aã]o|promoções)\b",
    re.IGNORECASE,
)
# a send to an audience of a hundred or more ("to 400 customers", "a 3.000 clientes", "8k ppl"),
# read on the folded text
_AUDIENCE = re.compile(r"\b(?:\d{3,}|\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d)?k)\s+(?:" + "|".join(AUDIENCE_WORDS) + r")\b")
# a number standing alone: not part of an id ("AbCdEf123456", "wamid.HBg...")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d.,]*\d)(?![A-Za-z_])\s*(%)?")
# "sent to 3,200 contacts": the audience, not a count of failures
_SENT_TO = re.compile(r"\b(?:to|a|para|pra)\s+(?:about |around |unos |unas |uns |umas |cerca de )?$")
# A line this sure of its cause counts; weaker lines are left out rather than guessed.
LINE_CONFIDENCE = 0.6
# A run this long is a phone number or an id, never a campaign's count.
PHONE_DIGITS = 8
MAX_LINES = 200


def mentions_campaign(text: str) -> bool:
    return bool(CAMPAIGN_WORDS.search(text or "") or _AUDIENCE.search(unaccent_lower(text or "")))


def _count(line: str, codes: List[str]) -> Optional[int]:
    """The line's count of recipients: a number that is not one of its codes, a share,
    nor a phone number or id (8 digits or more written without separators)."""
    for match in _NUMBER.finditer(line):
        raw, percent = match.group(1), match.group(2)
        digits = re.sub(r"[.,]", "", raw)
        if (
            percent
            or (digits in codes and written_as_code(line, digits))
            or (raw == digits and len(digits) >= PHONE_DIGITS)
        ):
            continue
        if _SENT_TO.search(unaccent_lower(line[: match.start()])):
            continue
        return int(digits)
    return None


# "900 failed w/ 131049 and 312 failed 131050": one line, two groups
_LONG_CODE = re.compile(r"(?<![\w.,])\d{5,7}(?![\w.,])")
_JOINS = re.compile(r"(?<!\d),|,(?!\d)|;|\s(?:and|y|e|plus|mas|more)\s", re.I)


def _parts(lines: List[str]) -> List[str]:
    """The lines, each split at its commas and "and"s when it names two codes or more."""
    out: List[str] = []
    for line in lines:
        if len(set(_LONG_CODE.findall(line))) >= 2 and len(line) < 300:
            out.extend(_JOINS.split(line))
        else:
            out.append(line)
    return out


def failures_by_cause(text: str) -> Dict[str, Optional[int]]:
    """{cause: failed recipients (None when no count is given)} for each line placed."""
    totals: Dict[str, Optional[int]] = {}
    for line in _parts((text or "").splitlines()[:MAX_LINES]):
        if not line.strip():
            continue
        result = diagnosis.classify(line)
        if result.cause == "unknown" or result.confidence < LINE_CONFIDENCE:
            continue
        count = _count(line, list(result.extracted.codes))
        if count is None:
            totals.setdefault(result.cause, None)
        else:
            totals[result.cause] = (totals.get(result.cause) or 0) + count
    return totals
