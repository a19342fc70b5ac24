"""action_close: "it's fixed", "thanks" or "bye" in the middle of questions ends them politely.

Why: a user whose problem went away mid-conversation must not be asked the next
question again. The questions stop; what was found stays in the tracker.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.language import say

from actions.language import remember, reply_language

# The intent that ended the questions -> what to say.
CLOSING = {"solved": "closed_mid_questions", "thank": "closed_thanks", "goodbye": "goodbye_mid_questions"}


class ActionClose(Action):
    def name(self) -> Text:
        return "action_close"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        dispatcher.utter_message(text=say(f"replies.{CLOSING.get(intent, 'closed_thanks')}", lang))
        return remember(tracker, lang) + [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("awaiting", None),
            SlotSet("misses", None),
            SlotSet("reask", None),
        ]
