"""The facts of the pasted error, read once: codes, template names, numbers, details.

Why: the diagnosis classifies what the user pasted and keeps what it read in the slot
`problem_facts`; the fix, the questions' buttons and the account checks of later turns
read them from there instead of classifying the text again (which also saw only the
first 2,000 characters that `problem_text` keeps).
"""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import Tracker

import diagnosis
from diagnosis.result import Extracted

SLOT = "problem_facts"


def facts_slot(result: "diagnosis.Result") -> Dict[str, Any]:
    """The slot value for a diagnosis' result."""
    return {SLOT: result.extracted.to_dict()}


def pasted_facts(tracker: Tracker) -> Extracted:
    """What the diagnosis read in the pasted error; read again from `problem_text` only
    for a conversation diagnosed before the slot existed."""
    kept = tracker.get_slot(SLOT)
    if isinstance(kept, dict):
        return Extracted.from_dict(kept)
    return diagnosis.classify(tracker.get_slot("problem_text") or "").extracted
