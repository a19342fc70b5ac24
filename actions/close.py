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
from actions.next_cause import next_campaign_group, take_up_group

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
        group = next_campaign_group(tracker) if intent == "solved" else None
        if group is not None:  # one group of a campaign fixed mid-questions: the next group's questions
            from actions.answer_info import then_the_next_step  # (it imports the diagnosis)

            closed = [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("reask", None)]
            events = take_up_group(dispatcher, tracker, domain, group[0], group[1], lang)
            return remember(tracker, lang) + then_the_next_step(closed + events)
        dispatcher.utter_message(text=say(f"replies.{CLOSING.get(intent, 'closed_thanks')}", lang))
        return remember(tracker, lang) + [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("awaiting", None),
            SlotSet("misses", None),
            SlotSet("reask", None),
        ]
