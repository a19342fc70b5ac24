"""action_give_fix: the fix with when to retry (one message), then "did that solve it?"."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.campaign.report import mentions_campaign
from diagnosis.campaign.retry import retry_advice
from diagnosis.language import say

from actions import messages
from actions.language import remember, reply_language
from actions.pasted import pasted_facts
from actions.slots import resets


class ActionGiveFix(Action):
    def name(self) -> Text:
        return "action_give_fix"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        cause = tracker.get_slot("cause")
        if not cause or cause == "unknown":
            dispatcher.utter_message(text=messages.unknown_message([], lang=lang))
            return remember(tracker, lang) + [SlotSet("awaiting", "error")]
        details = pasted_facts(tracker).details
        text = messages.fix_message(cause, lang, details)
        if tracker.get_slot("campaign") == "yes" and not mentions_campaign(
            tracker.get_slot("problem_text") or ""
        ):  # (when the paste named the campaign, its advice came with the diagnosis)
            summary = retry_advice({cause: None}, lang=lang).summary
            text += "\n\n" + say("replies.campaign_intro", lang) + "\n" + summary
        dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=say("replies.did_it_work", lang), buttons=messages.solved_buttons(lang))
        return remember(tracker, lang) + [SlotSet("awaiting", "fix_outcome")] + resets(tracker, "misses")
