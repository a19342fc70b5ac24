"""action_start_over: forgets the current problem (but not who the user is) at any point."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.language import say

from actions.language import reply_language

# What we know about the user rather than about the problem survives a restart.
KEPT = ("user_timezone", "user_country", "language")


class ActionStartOver(Action):
    def name(self) -> Text:
        return "action_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        dispatcher.utter_message(text=say("replies.start_over", lang))
        events: List[Dict[Text, Any]] = []
        if tracker.active_loop_name:
            events.append(ActiveLoop(None))
        events.append(AllSlotsReset())
        kept = dict({k: tracker.get_slot(k) for k in KEPT}, language=lang)
        events += [SlotSet(k, v) for k, v in kept.items() if v]
        return events
