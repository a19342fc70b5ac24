"""action_give_fix: the fix with when to retry (one message), then "did that solve it?"."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.facts.blocking import says_unblocked
from diagnosis.language import say

from actions import messages
from actions.case_history import user_words
from actions.language import remember, reply_language
from actions.pasted import pasted_facts
from actions.slots import given_answers, resets


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
        facts = pasted_facts(tracker)
        # (a campaign of one cause: the fix's own retry note says when; no second note)
        details = dict(facts.details)
        if cause == "blocked_by_recipient" and any(says_unblocked(t) for t in user_words(tracker)):
            details["unblocked"] = "yes"  # "she says she unblocked us yesterday": retry now
        text = messages.fix_message(cause, lang, details, given_answers(tracker, domain), facts.codes, facts.provider)
        dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=say("replies.did_it_work", lang), buttons=messages.solved_buttons(lang))
        return remember(tracker, lang) + [SlotSet("awaiting", "fix_outcome")] + resets(tracker, "misses")
