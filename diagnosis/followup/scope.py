"""How many of the messages failed, read from the counts a user gives.

Why: "800 of the 3,000 failed" or "mandé a 3000 clientes y 800 salieron con error"
already answers "all, some or one customer?"; asking it again reads as not listening.
"""

from __future__ import annotations

import re
from typing import Optional

from diagnosis.text import unaccent_lower
from diagnosis.wordlists import AUDIENCE_WORDS

# 3,000 / 3.000 / 3 000 / 3000
_NUM = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+)"
# "800 of 3000", "800 de los 3.000", "30 out of 200"
_PART_OF_WHOLE = re.compile(
    r"(?<![:\d])"
    + _NUM
    + r"\s+(?:of|out of|de|dos|das|del|de los|de las|entre)\s+(?:the\s+|los\s+|las\s+|os\s+|as\s+)?"
    + _NUM
    + r"\b"
)
_ABOUT = (
    r"(?:about |around |almost |over |more than |nearly |como |unos |unas |cerca de |casi |mas de |uns |umas |"
    r"quase |mais de )?"
)
_PEOPLE = "(?:" + "|".join(AUDIENCE_WORDS + ("messages", "mensajes", "mensagens")) + ")"
# "to 3000 customers", "a 3.000 clientes", "para 500 contatos"
_AUDIENCE = re.compile(r"\b(?:to|a|para|pra)\s+" + _ABOUT + _NUM + r"\s+" + _PEOPLE + r"\b")
# "800 failed", "como 800 salieron con error", "uns 200 deram erro"
_FAILED = re.compile(
    r"\b" + _ABOUT + _NUM + r"\s+(?:\w+\s+){0,2}?"
    r"(?:failed|fail|bounced|errored|fallaron|fallan|salieron con error|con error|dieron error|no llegaron|"
    r"falharam|falham|deram erro|com erro|nao chegaram|not delivered|undelivered|were not delivered|didnt arrive)\b"
)
# "30% failed", "el 100% falló"
_PERCENT = re.compile(r"\b(\d{1,3})\s?%")


def _number(text: str) -> int:
    return int(re.sub(r"[.,\s]", "", text))


def _compare(part: int, whole: int) -> Optional[str]:
    if whole <= 1 or part <= 0 or part > whole:
        return None
    return "all" if part == whole else "some"


def scope_in_counts(text: str) -> Optional[str]:
    """The failure_scope choice ("all" or "some") that the counts in `text` give, or None."""
    low = unaccent_lower(text if isinstance(text, str) else "")[:2000].replace("'", "")
    match = _PART_OF_WHOLE.search(low)
    if match:
        return _compare(_number(match.group(1)), _number(match.group(2)))
    audience, failed = _AUDIENCE.search(low), _FAILED.search(low)
    if audience and failed:
        return _compare(_number(failed.group(1)), _number(audience.group(1)))
    percent = _PERCENT.search(low)
    if percent and failed is None and re.search(r"fail|fall|falh|error|erro|no llega|nao chega", low):
        share = int(percent.group(1))
        return "all" if share == 100 else "some" if 0 < share < 100 else None
    return None


def campaign_in_counts(text: str) -> Optional[str]:
    """ "yes" (a campaign) when the answer speaks of one: campaign words, or a part of an
    audience failing ("about 300 of 4000 came back with this"); None otherwise."""
    from ..campaign.report import mentions_campaign  # (lazy: the report reads the classifier)

    return "yes" if mentions_campaign(text) or scope_in_counts(text) is not None else None
