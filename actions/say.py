"""action_greet, action_capabilities, ...: one catalogue line each, in the user's language.

Why: these were Rasa responses in domain.yml, in English only. Said from the wording
catalogue, they follow the user's language like every other reply.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.language import say

from actions import messages
from actions.context import user_text
from actions.language import SLOT as LANGUAGE_SLOT
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


class ActionOutOfScope(SayAction):
    """Out of scope, or written in a language Tickfix doesn't speak: then the languages it
    speaks, said in all three while the conversation has none yet."""

    action = "action_out_of_scope"
    key = "out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if not messages.in_another_language(user_text(tracker)):
            return await super().run(dispatcher, tracker, domain)
        lang = reply_language(tracker)
        dispatcher.utter_message(text=messages.languages_note(lang, known=bool(tracker.get_slot(LANGUAGE_SLOT))))
        return remember(tracker, lang)


# action name -> wording key under replies.
SAID = {
    "action_greet": "greet",
    "action_capabilities": "capabilities",
    "action_goodbye": "goodbye",
}

SAY_ACTIONS = [type(f"Say_{key}", (SayAction,), {"action": action, "key": key}) for action, key in SAID.items()]
SAY_ACTIONS.append(ActionOutOfScope)
