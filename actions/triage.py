"""The narrowing of a vague symptom: validate_triage_form and action_triage_done.

Why: "red icon" names no cause. Two questions (a template or a normal message? one
customer or many?) make some causes likely (diagnosis.conversation.triage); the most
likely one is then worked on like any diagnosis, keeping the answers given.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import diagnosis
from diagnosis.campaign.report import mentions_campaign
from diagnosis.conversation.triage import answers_in_report, likely_causes, used_to_work
from diagnosis.conversation.turns import read_turn
from diagnosis.followup import Answer, answer, questions
from diagnosis.followup.service_window import said_last_message
from diagnosis.language import say

from actions import messages
from actions.answers import SKIPPED, accept, asks_about_the_question, missed, new_error
from actions.context import answer_context
from actions.language import remember, reply_language
from actions.next_cause import window_open
from actions.slots import NamesFirstQuestion, as_events, given_answers, work_on

# The two narrowing questions: an answer to one given when the other was asked.
OTHER_QUESTION = {"message_kind": "failure_scope", "failure_scope": "message_kind"}
# The 24-hour window's question, answered ahead when the customer's last message is timed.
WINDOW_CAUSE, WINDOW_QUESTION = "outside_service_window", "last_customer_message"


class ValidateTriageForm(NamesFirstQuestion, FormValidationAction):
    def name(self) -> Text:
        return "validate_triage_form"

    def _validate(self, slot, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        requested = tracker.get_slot("requested_slot")
        if requested != slot:
            if requested is None and isinstance(value, str) and questions()[slot].choice(value):
                return {slot: value}  # read in the report itself (start_narrowing): kept
            return {slot: None}  # only the question just asked is answered (not the report)
        text = value if isinstance(value, str) else ("" if value is None else str(value))
        lang = reply_language(tracker)
        switched = new_error(text, tracker, dispatcher, domain, lang)
        if switched is not None:
            # the error itself came: the narrowing is over, action_triage_done works on it
            return dict(switched, message_kind=SKIPPED, failure_scope=SKIPPED, language=lang)
        if asks_about_the_question(slot, text, lang):
            return dict(missed(slot, Answer(ok=False), dispatcher, tracker, lang, text), language=lang)
        turn = read_turn(text)
        if turn is not None and turn.kind == "dont_know":
            # "no idea" is an answer here: it narrows nothing, and is not asked again
            return {slot: "not_sure", "misses": None, "reask": None, "language": lang}
        if diagnosis.classify(text).extracted.file_sizes:
            # "a todos. ah y el video pesa como 25 megas": the file's size says more than the answer
            switched = new_error(text, tracker, dispatcher, domain, lang, any_intent=True)
            if switched is not None:
                return dict(switched, message_kind=SKIPPED, failure_scope=SKIPPED, language=lang)
        context = answer_context(tracker, language=lang)
        result = answer(slot, text, context)
        if result.ok:
            # "son respuestas normales a clientes que nos escribieron hace unos días": the answer,
            # and the customer's last message timed beside it, with the window closed since: the
            # narrowing ends on the window
            kind = result.value if slot == "message_kind" else tracker.get_slot("message_kind")
            wrote = said_last_message(text, context) if kind != "template" else None
            if wrote is not None and wrote.extra.get("window_open") is False:
                return dict(_customer_wrote(slot, wrote, dispatcher, tracker, domain, lang), language=lang)
            # The narrowing answers need no comment: the next question or the cause follows.
            return dict(accept(slot, result, dispatcher, tracker, domain, say_finding=False), language=lang)
        other = OTHER_QUESTION[slot]
        if tracker.get_slot(other) is None:
            ahead = answer(other, text, context)
            if ahead.ok:
                # "all of them" to "template or normal?": the other question's answer, taken;
                # this one is asked again
                taken = accept(other, ahead, dispatcher, tracker, domain, say_finding=False)
                return dict(taken, **{slot: None}, language=lang)
        # "me escribió el jueves en la tarde": the window's own question, answered ahead
        wrote = said_last_message(text, context) if tracker.get_slot("message_kind") != "template" else None
        if wrote is not None:
            return dict(_customer_wrote(slot, wrote, dispatcher, tracker, domain, lang), language=lang)
        # neither question answered, but the words name a cause ("é um vídeo de 30 MB"): the
        # narrowing is over, that cause is worked on
        switched = new_error(text, tracker, dispatcher, domain, lang, any_intent=True)
        if switched is not None:
            return dict(switched, message_kind=SKIPPED, failure_scope=SKIPPED, language=lang)
        return dict(missed(slot, result, dispatcher, tracker, lang, text), language=lang)

    def validate_message_kind(self, value, dispatcher, tracker, domain: DomainDict):
        return self._validate("message_kind", value, dispatcher, tracker, domain)

    def validate_failure_scope(self, value, dispatcher, tracker, domain: DomainDict):
        return self._validate("failure_scope", value, dispatcher, tracker, domain)


def _customer_wrote(slot, wrote: Answer, dispatcher, tracker, domain, lang) -> Dict[Text, Any]:
    """The customer's last message timed instead of an answer ("me escribió el jueves"): a
    window closed since then ends the narrowing on the window, with its question answered;
    a window still open rules it out, and the narrowing question is asked again."""
    taken = accept(WINDOW_QUESTION, wrote, dispatcher, tracker, domain)
    if wrote.extra.get("window_open") is not False:
        return dict(taken, **{slot: None})
    values = work_on(
        WINDOW_CAUSE, 0.9, tracker.get_slot("candidates") or [], [], domain, answers={WINDOW_QUESTION: wrote.value}
    )
    values.update({k: v for k, v in taken.items() if k == "findings"})
    return dict(values, message_kind=SKIPPED, failure_scope=SKIPPED)


class ActionTriageDone(Action):
    def name(self) -> Text:
        return "action_triage_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        pasted = tracker.get_slot("cause")
        if pasted not in (None, "unknown"):  # an error pasted (or a telling detail) during the narrowing
            values = work_on(
                pasted,
                tracker.get_slot("confidence") or 0.5,
                tracker.get_slot("candidates") or [],
                [],
                domain,
                answers=given_answers(tracker, domain),  # what it already said ("a 30 MB video") stays
            )
            return remember(tracker, lang) + as_events(values, tracker)
        answers = {q: tracker.get_slot(q) for q in ("message_kind", "failure_scope")}
        # "appointment reminders": a utility template, so not Meta's marketing limits
        category = tracker.get_slot("template_category") or answers_in_report(
            tracker.get_slot("problem_text") or "", ["template_category"]
        ).get("template_category")
        report = tracker.get_slot("problem_text") or ""
        causes = likely_causes(
            {**answers, "template_category": category},
            tracker.get_slot("candidates") or [],
            worked_before=used_to_work(report),  # "antes andaba": not a template name that never matched
            ruled_out=[WINDOW_CAUSE] if window_open(tracker) else [],  # "she wrote 2 hours ago"
        )
        if not causes:
            dispatcher.utter_message(
                text=say("replies.triage_none", lang),
                buttons=messages.candidate_buttons((tracker.get_slot("candidates") or [])[:3], lang)
                + [messages.person_button(lang)],
            )
            return remember(tracker, lang) + [
                SlotSet("next_step", "listen"),
                SlotSet("awaiting", "error"),
                SlotSet("misses", 1.0),
            ]
        cause = causes[0]
        dispatcher.utter_message(
            text=say("replies.triage_found", lang, intro=messages.diagnosis_intro(cause, 1.0, lang))
        )
        answers = given_answers(tracker, domain)
        if mentions_campaign(report):
            answers["campaign"] = "yes"  # said in the first message: not asked
        entry = diagnosis.knowledge().get(cause)
        said = answers_in_report(report, [q for q in entry.questions if not answers.get(q)]) if entry else {}
        answers.update(said)  # "our marketing blast": the template's category is not asked
        values = work_on(cause, 0.5, causes[1:], [], domain, answers=answers)
        return remember(tracker, lang) + as_events(values, tracker)
