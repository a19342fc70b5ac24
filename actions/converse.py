"""action_converse: yes, no, "it's fixed", thanks, ok, "no idea", read in their context.

Why: the same "no" means "the fix didn't help" after a fix and "I don't have the
error" after the bot asked for it; "ok" after a fix means "I'll try it", not "it
worked". The context is the slot `awaiting` (what the bot's last words asked for);
what happens next is said in `next_step` for the rules to follow. No question is
asked a third time: after two misses the bot offers choices, where to look, or a person.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.conversation.turns import read_turn
from diagnosis.language import say

from actions import messages
from actions.after_the_fix import about_the_fix, retimes
from actions.context import user_text
from actions.diagnose import MISSED_ERROR, ActionDiagnose, start_narrowing
from actions.language import remember, reply_language
from actions.next_cause import move_to_next_cause, next_campaign_group, take_up_group
from actions.slots import resets

WORKED = ("solved", "affirm", "thank")
NOT_WORKED = ("deny",)


# A message the turn reader did not read, this long or naming a cause this surely, is a report.
REPORT_WORDS = 10
REPORT_CONFIDENCE = 0.6


def is_report(text: str) -> bool:
    """True when `text` is a report of a failure rather than a short conversational turn."""
    if read_turn(text) is not None:
        return False
    if len(text.split()) >= REPORT_WORDS:
        return True
    result = diagnosis.classify(text)
    return result.cause != "unknown" and result.confidence >= REPORT_CONFIDENCE


class ActionConverse(Action):
    def name(self) -> Text:
        return "action_converse"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
        text = user_text(tracker)
        if is_report(text):
            # The model took a report for a short turn ("the customer wrote 3 days ago
            # and now my reply won't go out" as yes): diagnose it instead.
            return ActionDiagnose().diagnose(dispatcher, tracker, domain, text, lang)
        awaiting = tracker.get_slot("awaiting")
        if awaiting == "fix_outcome" and retimes(tracker, text, lang):  # "oh wait no, she wrote on friday"
            return remember(tracker, lang) + about_the_fix(dispatcher, tracker, domain, text, lang)
        if awaiting == "fix_outcome":
            # may hand off (the team notified, Chatwoot opened: blocking HTTP with retries):
            # off the event loop, so other conversations go on meanwhile
            loop = asyncio.get_running_loop()
            events = await loop.run_in_executor(None, self.after_fix, dispatcher, tracker, domain, intent, lang)
        else:
            events = self.otherwise(dispatcher, tracker, intent, lang)
        return remember(tracker, lang) + events

    @staticmethod
    def after_fix(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
        intent: str,
        lang: str,
    ) -> List[Dict[Text, Any]]:
        """The answer to "did that solve it?"."""
        if intent == "thank" and int(tracker.get_slot("misses") or 0) >= 1:
            # thanks after "ok, I'll try it" (or after "no rush"): thanks for the advice,
            # not a report that it worked
            dispatcher.utter_message(text=say("replies.welcome_tell_me_after", lang))
            return [SlotSet("next_step", "listen")]
        group = next_campaign_group(tracker) if intent in WORKED and intent != "thank" else None
        if group is not None:  # one group of the campaign fixed: the next one
            return take_up_group(dispatcher, tracker, domain, group[0], group[1], lang)
        if intent in WORKED:
            # a bare "thanks" is thanks for the advice: no "glad it's fixed" before it was tried
            dispatcher.utter_message(text=say("replies.welcome_rate" if intent == "thank" else "replies.solved", lang))
            return resets(tracker, "awaiting", "misses") + [SlotSet("next_step", "rating")]
        if intent in NOT_WORKED:
            return resets(tracker, "awaiting", "misses") + move_to_next_cause(dispatcher, tracker, domain, lang)
        misses = int(tracker.get_slot("misses") or 0) + 1
        if misses >= 2:  # "did that solve it?" was asked twice: no third time
            dispatcher.utter_message(text=say("replies.fix_parked", lang))
        else:
            dispatcher.utter_message(
                text=say("replies.acknowledge_after_fix", lang), buttons=messages.solved_buttons(lang)
            )
        return [SlotSet("misses", float(misses)), SlotSet("next_step", "listen")]

    @staticmethod
    def otherwise(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, lang: str) -> List[Dict[Text, Any]]:
        """No fix pending: the bot asked for the error (awaiting error), or for nothing."""
        if intent == "solved":
            dispatcher.utter_message(text=say("replies.closed_mid_questions", lang))
            return resets(tracker, "awaiting", "misses") + [SlotSet("next_step", "listen")]
        if intent == "thank":
            dispatcher.utter_message(text=say("replies.you_are_welcome", lang))
            return [SlotSet("next_step", "listen")]
        if intent in ("dont_know", "deny"):  # "no idea", "it doesn't work", "still failing"
            if not tracker.get_slot("triage_done"):
                return start_narrowing(dispatcher, lang)
            misses = int(tracker.get_slot("misses") or 0) + 1
            key = MISSED_ERROR[min(misses, len(MISSED_ERROR)) - 1]
            buttons = [messages.person_button(lang)] if misses == 1 else []
            dispatcher.utter_message(text=say(key, lang), buttons=buttons)
            return [SlotSet("awaiting", "error"), SlotSet("misses", float(misses)), SlotSet("next_step", "listen")]
        dispatcher.utter_message(text=say("replies.acknowledge", lang))
        return [SlotSet("next_step", "listen")]
