"""Slot bookkeeping shared by the actions that start work on a cause.

Why: diagnosing, switching to the next cause and a new error pasted mid-form all
reset the same follow-up answers; one place keeps them consistent.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

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
    answers: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    """Slot values that make `cause` the one being worked on.

    answers: what the user already answered and still holds (same problem, next
    cause); those questions are not asked again. Without it, every answer is fresh.
    """
    values: Dict[str, Any] = {slot: None for slot in question_slots(domain)}
    values.update({k: v for k, v in (answers or {}).items() if k in values and v is not None})
    values.update(
        {
            "cause": cause,
            "next_step": "troubleshoot" if cause != "unknown" else "listen",
            "confidence": round(float(confidence), 3),
            "candidates": [c for c in candidates if c != cause and c not in tried],
            "tried_causes": list(tried) + ([cause] if cause != "unknown" else []),
            "findings": [],
            "awaiting": None,
            "misses": None,
        }
    )
    return values


def given_answers(tracker: Tracker, domain: Dict[str, Any]) -> Dict[str, Any]:
    """The follow-up answers the user has given in this conversation, skipped ones too
    (a question skipped after two misses is not asked a third time)."""
    return {slot: tracker.get_slot(slot) for slot in question_slots(domain) if tracker.get_slot(slot) is not None}


# Set even when unchanged: the dialogue rules read them after every diagnosis.
ALWAYS_SET = ("next_step", "requested_slot", "cause")


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


def resets(tracker: Tracker, *names: str) -> List[SlotSet]:
    """``SlotSet(name, None)`` for each of these slots that holds a value.

    Why: clearing a slot that is already empty changes nothing, yet it is one more event
    stored, read back every turn and sent to the action server on every call after it.
    """
    return [SlotSet(name, None) for name in names if tracker.get_slot(name) is not None]


def without_empty_resets(values: Dict[str, Any], tracker: Tracker, *names: str) -> Dict[str, Any]:
    """``values`` without the ``None`` of those ``names`` whose slot is already empty."""
    return {
        name: value
        for name, value in values.items()
        if not (name in names and value is None and tracker.get_slot(name) is None)
    }


class NamesFirstQuestion:
    """Mixin for a FormValidationAction whose form asks its domain's slots in order.

    Why: when a form starts and its validation returns no event, Rasa 3.6 calls the
    validation action a second time before asking the first question (``FormAction.do``),
    a whole round trip to the action server with the whole tracker. Naming the question
    Rasa would ask (the first required slot still empty) at the start spares that call;
    once the form runs, Rasa picks the next question itself, as before.
    """

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Optional[Dict[str, Any]]:
        named = await super().next_requested_slot(dispatcher, tracker, domain)  # type: ignore[misc]
        if named is not None or tracker.get_slot("requested_slot") is not None:
            return named
        first = next((s for s in self.domain_slots(domain) if tracker.get_slot(s) is None), None)  # type: ignore[attr-defined]
        return SlotSet("requested_slot", first) if first else None
