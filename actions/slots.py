"""Slot bookkeeping shared by the actions that start work on a cause.

Why: diagnosing, switching to the next cause and a new error pasted mid-form all
reset the same follow-up answers; one place keeps them consistent.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

FORM = "troubleshoot_form"


def question_slots(domain: Dict[str, Any]) -> List[str]:
    """Every follow-up question slot, as the domain's troubleshoot_form lists them."""
    form = (domain.get("forms") or {}).get(FORM) or {}
    return list(form.get("required_slots") or [])


def work_on(
    cause: str,
    confidence: float,
    candidates: Sequence[str],
    tried: Sequence[str],
    domain: Dict[str, Any],
) -> Dict[str, Any]:
    """Slot values that make `cause` the one being worked on, with fresh answers."""
    values: Dict[str, Any] = {slot: None for slot in question_slots(domain)}
    values.update(
        {
            "cause": cause,
            "diagnosed": cause != "unknown",
            "confidence": round(float(confidence), 3),
            "candidates": [c for c in candidates if c != cause and c not in tried],
            "tried_causes": list(tried) + ([cause] if cause != "unknown" else []),
            "findings": [],
        }
    )
    return values


# Set even when unchanged: the dialogue rules read them after every diagnosis.
ALWAYS_SET = ("diagnosed", "requested_slot", "cause")


def as_events(values: Dict[str, Any], tracker: Tracker) -> List[SlotSet]:
    """SlotSet events for the values that change anything.

    Why: clearing a slot that is already empty still costs a stored event and is sent
    back to the action server on every later call (bench/SERVING.md).
    """
    return [
        SlotSet(name, value)
        for name, value in values.items()
        if name in ALWAYS_SET or value is not None or tracker.get_slot(name) is not None
    ]
