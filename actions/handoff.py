"""action_handoff: a person takes over, with a summary; the bot pauses (Rasa's handoff)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.language import remember, reply_language


def handoff_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, lang: str
) -> List[Dict[Text, Any]]:
    """Say the summary and pause the conversation; a person resumes it from the tracker API."""
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
    return events + [ConversationPaused()]


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        return remember(tracker, lang) + handoff_events(dispatcher, tracker, lang)
