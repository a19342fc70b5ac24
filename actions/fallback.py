"""action_default_fallback: when no rule fits, still answer, and steer back to the error.

Like Rasa's own fallback it reverts the user's turn for the policies (the message
stays in the tracker), so the dialogue goes on as if it had not been said.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

import diagnosis

from actions import messages
from actions.diagnose import BUTTON_CONFIDENCE, MAX_BUTTONS, likely_causes
from actions.language import remember, reply_language


class ActionDefaultFallback(Action):
    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        lang = reply_language(tracker)
        result = diagnosis.classify(text)
        likely = likely_causes(result, BUTTON_CONFIDENCE)[:MAX_BUTTONS]
        dispatcher.utter_message(
            text=messages.unknown_message(likely, text, lang),
            buttons=messages.candidate_buttons(likely, lang),
        )
        return [UserUtteranceReverted()] + remember(tracker, lang)
