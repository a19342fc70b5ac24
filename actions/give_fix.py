"""action_give_fix: the fix as steps, when to retry, how to prevent it; then asks if it worked."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.followup.campaign import retry_advice
from actions import messages


class ActionGiveFix(Action):
    def name(self) -> Text:
        return "action_give_fix"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        cause = tracker.get_slot("cause")
        if not cause or cause == "unknown":
            dispatcher.utter_message(text=messages.unknown_message([]))
            return []
        dispatcher.utter_message(text=messages.fix_message(cause))
        if tracker.get_slot("campaign") == "yes":
            dispatcher.utter_message(
                text=messages.CAMPAIGN_INTRO + "\n" + retry_advice({cause: None}).summary
            )
        dispatcher.utter_message(
            text="Did that solve it?", buttons=messages.SOLVED_BUTTONS
        )
        return []
