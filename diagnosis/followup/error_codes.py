"""An error code given where a phone number is asked: "131030" is the code again.

Why: a code has five to seven digits, like a number without its country code; read as
a number it gets "131030 has no country code" instead of a request for the number.
"""

from __future__ import annotations

import re
from typing import FrozenSet, Optional

_codes: Optional[FrozenSet[int]] = None


def is_error_code(candidate: str) -> bool:
    """Is `candidate` (digits as typed) one of the knowledge's error codes? Never with a "+"."""
    global _codes
    digits = re.sub(r"\D", "", candidate)
    if "+" in candidate or not 5 <= len(digits) <= 7:
        return False
    if _codes is None:
        from ..kb import knowledge  # the codes of every cause's tables

        kb = knowledge()
        _codes = frozenset(c.low for cause in kb.causes() for c in kb[cause].signals.codes if c.low == c.high)
    return int(digits) in _codes
