"""action_handoff: the summary a person needs, and the truth about who will answer.

Why: no person is connected to this chat yet (no inbox, no notification), so the bot
must not promise a reply nor go silent. It gives the summary to copy into the
provider's or Meta's support, says nobody will answer here, and stays available.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.language import remember, reply_language


def handoff_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, lang: str
) -> List[Dict[Text, Any]]:
    """Say the summary and that nobody is connected; close the questions, keep listening."""
    dispatcher.utter_message(
        text=messages.handoff_summary(
            tracker.get_slot("problem_text"),
            tracker.get_slot("tried_causes") or [],
            tracker.get_slot("findings") or [],
            lang,
        )
    )
    events: List[Dict[Text, Any]] = [SlotSet("handed_off", True)]
    if tracker.active_loop_name:
        events += [ActiveLoop(None), SlotSet("requested_slot", None)]
    return events


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        return remember(tracker, lang) + handoff_events(dispatcher, tracker, lang)
