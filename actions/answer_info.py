"""action_answer_info: a question about WhatsApp, answered from the knowledge.

Why: "how do I know if they blocked me?" is not a report: the answer explains, concludes
no cause (the `cause` slot is not touched), and offers to diagnose. A code asked about
with no case open ("what does 131026 mean?") is someone who got it: the diagnosis says
what it means and goes on with it. In the middle of questions, the form asks its
question again.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.conversation.info import (
    InfoAnswer,
    answer_question,
    asks_how_to_fix,
    asks_where_in_the_fix,
    help_for_question,
    where_to_confirm,
)
from diagnosis.language import say

from actions import messages
from actions.context import user_text
from actions.language import remember, reply_language
from actions.next_cause import window_code_note
from actions.pasted import pasted_facts
from actions.slots import given_answers


def reports_an_error(text: str) -> bool:
    """Whether a message the NLU took for a question names an error the knowledge places."""
    result = diagnosis.classify(text)
    return result.cause != "unknown" and bool(result.extracted.codes or result.confidence >= REPORT_CONFIDENCE)


# how sure the classifier must be of a message without a code to treat it as a report
REPORT_CONFIDENCE = 0.6


# What the dialogue runs after a diagnosis, by its next step (data/rules.yml does it after
# action_diagnose; a diagnosis run from here says it itself).
_AFTER_DIAGNOSIS = {"troubleshoot": "troubleshoot_form", "triage": "triage_form", "rating": "rating_form"}


def then_the_next_step(events: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """`events` of a diagnosis, then the form its next step names (the questions, the narrowing)."""
    steps = [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "next_step"]
    follow = _AFTER_DIAGNOSIS.get(steps[-1]) if steps else None
    return events + [FollowupAction(follow)] if follow else events


class ActionAnswerInfo(Action):
    def name(self) -> Text:
        return "action_answer_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        text = user_text(tracker)
        pending = tracker.get_slot("requested_slot") or ""
        # "where do I see that?" mid-question: where to look for that question's answer
        cause = tracker.get_slot("cause") or ""
        if cause not in ("", "unknown") and asks_how_to_fix(text):
            # "ya y cómo lo arreglo?": the cause's fix, as it stands with the answers so far
            fix = messages.fix_message(cause, lang, pasted_facts(tracker).details, given_answers(tracker, domain))
            dispatcher.utter_message(text=fix)
            if not tracker.active_loop_name:
                dispatcher.utter_message(text=say("replies.did_it_work", lang), buttons=messages.solved_buttons(lang))
                return remember(tracker, lang) + [SlotSet("awaiting", "fix_outcome")]
            return remember(tracker, lang)
        explained = help_for_question(pending, text, lang, cause) if pending else None
        if not pending and cause not in ("", "unknown") and asks_where_in_the_fix(text):
            explained = where_to_confirm(cause, lang)  # "onde eu vejo isso?" after the diagnosis
        # waiting to hear whether the fix worked: asked again below, no offer to diagnose
        asked = pending or ("fix_outcome" if tracker.get_slot("awaiting") == "fix_outcome" else "")
        found = InfoAnswer(explained) if explained else answer_question(text, lang, asked, cause)
        no_case = not pending and cause in ("", "unknown") and not asked
        if no_case and ((found is None and reports_an_error(text)) or (found is not None and found.cause)):
            # "every send returns {...131000...} is meta down??", "what does 131000 mean?": the
            # diagnosis says what the code means, then works on it (asks, fixes, follows up)
            from actions.diagnose import ActionDiagnose  # (it imports the info answers too)

            return then_the_next_step(await ActionDiagnose().run(dispatcher, tracker, domain))
        if found is not None:
            # "so why did twilio give me 63016 then??" with the window worked out open: what is off
            dispatcher.utter_message(text=window_code_note(tracker, found.cause, lang) or found.text)
        elif not pending:
            dispatcher.utter_message(text=say("replies.info_unknown", lang) + "\n\n" + say("info.offer", lang))
        # (mid-question, words we can't answer are let be: the question is asked again next)
        if tracker.get_slot("awaiting") == "fix_outcome" and not tracker.active_loop_name:
            # a fix is waiting for its answer: ask again, once, with the buttons
            dispatcher.utter_message(text=say("replies.did_it_work", lang), buttons=messages.solved_buttons(lang))
        return remember(tracker, lang)
