"""action_greet, action_capabilities, ...: one catalogue line each, in the user's language.

Why: these were Rasa responses in domain.yml, in English only. Said from the wording
catalogue, they follow the user's language like every other reply.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.language import say

from actions.language import remember, reply_language


class SayAction(Action):
    """Says the wording `key` (replies.<key>)."""

    action = ""
    key = ""

    def name(self) -> Text:
        return self.action

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        dispatcher.utter_message(text=say(f"replies.{self.key}", lang))
        return remember(tracker, lang)


# action name -> wording key under replies.
SAID = {
    "action_greet": "greet",
    "action_capabilities": "capabilities",
    "action_goodbye": "goodbye",
    "action_out_of_scope": "out_of_scope",
}

SAY_ACTIONS = [type(f"Say_{key}", (SayAction,), {"action": action, "key": key}) for action, key in SAID.items()]
