"""action_next_cause: the fix didn't help, so move to the next most likely cause.

Next means: the classifier's other candidates first, then the causes the knowledge
says are easily confused with this one. After a few causes, or when none is left, a
person is better help than another guess: hand off.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from actions import messages
from actions.handoff import handoff_events
from actions.slots import as_events, work_on

# Causes tried before a person takes over instead of another guess.
MAX_CAUSES_TRIED = 3


def next_cause(tracker: Tracker) -> Optional[str]:
    tried = set(tracker.get_slot("tried_causes") or [])
    if len(tried) >= MAX_CAUSES_TRIED:
        return None
    current = tracker.get_slot("cause")
    entry = diagnosis.knowledge().get(current or "")
    pool = list(tracker.get_slot("candidates") or [])
    pool += list(entry.confused_with) if entry else []
    for cause in pool:
        if cause not in tried and cause != current and cause in diagnosis.knowledge():
            return cause
    return None


class ActionNextCause(Action):
    def name(self) -> Text:
        return "action_next_cause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        current = tracker.get_slot("cause") or "unknown"
        cause = next_cause(tracker)
        if cause is None:
            dispatcher.utter_message(
                text="I've run out of likely causes, so a person should look at this."
            )
            return [SlotSet("diagnosed", False)] + handoff_events(dispatcher, tracker)
        remaining = [c for c in (tracker.get_slot("candidates") or []) if c != cause]
        tried = list(tracker.get_slot("tried_causes") or [])
        dispatcher.utter_message(text=messages.next_cause_intro(current, cause))
        values = work_on(cause, 0.5, remaining, tried, domain)
        values["findings"] = list(tracker.get_slot("findings") or [])
        return as_events(values, tracker)
