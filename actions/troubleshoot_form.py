"""validate_troubleshoot_form: which follow-up questions to ask, and what the answers mean.

The questions come from the cause's knowledge entry; each answer is read and worked
out by `diagnosis.followup.answer` (the window, the number's format, the file size),
and its finding is said straight away. Text that is no answer but a new error starts
work on that error instead.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import diagnosis
from diagnosis.conversation.info import answer_question
from diagnosis.followup import Answer, answer, questions
from diagnosis.followup.media import says_no_file
from diagnosis.language import say

from actions import messages
from actions.account_template import validate_name_first
from actions.answers import (
    accept,
    answered_first,
    asks_about_the_question,
    missed,
    new_error,
    question_after_answer,
)
from actions.context import answer_context
from actions.language import reply_language
from actions.next_cause import MEDIA_CAUSES, code_that_settles, next_cause
from actions.pasted import pasted_facts


class ValidateTroubleshootForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_troubleshoot_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        entry = diagnosis.knowledge().get(tracker.get_slot("cause") or "")
        if entry is None:
            return []
        provider = pasted_facts(tracker).provider
        wanted = [
            q
            for q in entry.questions
            if q in domain_slots and provider not in getattr(questions().get(q), "not_for_providers", ())
        ]
        number = tracker.get_slot("recipient_number")
        if isinstance(number, dict) and number.get("needs_country") and "recipient_number" in wanted:
            wanted.insert(wanted.index("recipient_number") + 1, "recipient_country")
        return wanted

    def _validate(
        self,
        slot: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {slot: tracker.get_slot(slot)}  # only the question just asked is answered
        text = value if isinstance(value, str) else ("" if value is None else str(value))
        lang = reply_language(tracker)
        # A pasted error with a code is a new error, even where a number is expected.
        switched = new_error(text, tracker, dispatcher, domain, lang, with_code=True)
        if switched is None and diagnosis.classify(text).extracted.file_sizes:
            # "yes it opens. oh and the file is 48mb": a size over its limit outweighs the answer
            switched = new_error(text, tracker, dispatcher, domain, lang)
        if switched is not None:
            return dict(switched, language=lang)
        current = tracker.get_slot("cause")
        moved = (
            self._no_file(slot, tracker, dispatcher, lang) if current in MEDIA_CAUSES and says_no_file(text) else None
        )
        if moved is not None:  # "no hay ningún archivo, es puro texto": no media cause fits it
            return dict(moved, language=lang)
        context = answer_context(tracker, language=lang)
        if asks_about_the_question(slot, text, lang) and answered_first(slot, text, context) is None:
            return dict(missed(slot, Answer(ok=False), dispatcher, tracker, lang, text), language=lang)
        result = answer(slot, text, context)
        if result.ok:
            values = accept(slot, result, dispatcher, tracker, domain)
            # "no, es una sola clienta. ¿puede ser que me haya bloqueado?": the answer, then the question
            asked = question_after_answer(text)
            info = answer_question(asked, lang, slot, tracker.get_slot("cause") or "") if asked else None
            if info is not None:
                dispatcher.utter_message(text=info.text)
            values.update(self._narrowed(result.extra or {}, tracker, dispatcher, lang))
            return dict(values, language=lang)
        switched = new_error(text, tracker, dispatcher, domain, lang)
        if switched is not None:
            return dict(switched, language=lang)
        return dict(missed(slot, result, dispatcher, tracker, lang, text), language=lang)

    def _no_file(
        self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher, lang: str
    ) -> Optional[Dict[Text, Any]]:
        """The failed message had no file: the next cause for a normal text message (None when
        none is left: the answer is then read as usual)."""
        current = tracker.get_slot("cause")
        tried = list(tracker.get_slot("tried_causes") or [])
        target = next_cause(tracker, normal_message=True, ruled_out=MEDIA_CAUSES)
        if not target:
            return None
        dispatcher.utter_message(text=messages.next_cause_intro(current, target, lang))
        return {
            slot: None,
            "cause": target,
            "tried_causes": tried + [c for c in (current, target) if c not in tried],
            "candidates": [c for c in (tracker.get_slot("candidates") or []) if c not in MEDIA_CAUSES | {target}],
        }

    def _narrowed(
        self, extra: Dict[Text, Any], tracker: Tracker, dispatcher: CollectingDispatcher, lang: str
    ) -> Dict[Text, Any]:
        """An answer that points to a more precise cause makes it the one worked on.

        The answers given so far are kept: the new cause's questions that they
        already answer are not asked again.
        """
        current = tracker.get_slot("cause")
        target = extra.get("points_to")
        tried = list(tracker.get_slot("tried_causes") or [])
        if extra.get("rules_out") == "outside_service_window" == current and pasted_facts(tracker).codes:
            # "the window is still open" against a pasted 131047: the code is Meta's reading
            # of the same number, so the time given (or the number written to) is what is off
            dispatcher.utter_message(text=say("time.window.code_says_closed", lang))
            return {}
        if extra.get("rules_out") and extra["rules_out"] == current and not pasted_facts(tracker).codes:
            # The answer shows it isn't this cause ("the window is still open"): the next one,
            # for a normal message (the window concerns only those). A pasted code outweighs
            # the answer (Meta said 131047: the time given is what is off), so none is left.
            window = current == "outside_service_window"  # open: the customer wrote lately
            target = next_cause(tracker, normal_message=window, wrote=window)
            if target:
                dispatcher.utter_message(text=messages.next_cause_intro(current, target, lang))
                return {
                    "cause": target,
                    "tried_causes": tried + [c for c in (current, target) if c not in tried],
                    "candidates": [c for c in (tracker.get_slot("candidates") or []) if c != target],
                }
            return {}
        if (
            not target
            or target == current
            or target in tried  # the user has already said that one didn't help
            or target not in diagnosis.knowledge()
            # 130403, 131030: the code settles the cause; the number's correction is said, not the cause
            or code_that_settles(tracker.get_slot("problem_text") or "", current or "")
        ):
            return {}
        dispatcher.utter_message(
            text=say("replies.so_the_cause_is", lang, intro=messages.diagnosis_intro(target, 1.0, lang))
        )
        return {
            "cause": target,
            "tried_causes": tried + ([target] if target not in tried else []),
            "candidates": [c for c in (tracker.get_slot("candidates") or []) if c != target],
        }

    # One validate_<slot> per follow-up question, as rasa-sdk looks them up by name.
    def validate_last_customer_message(self, value, dispatcher, tracker, domain):
        return self._validate("last_customer_message", value, dispatcher, tracker, domain)

    # These two may have been asked as the template's name (actions/account_template.py).
    def validate_template_status(self, value, dispatcher, tracker, domain):
        return validate_name_first(self._validate, "template_status", value, dispatcher, tracker, domain)

    def validate_parameter_problem(self, value, dispatcher, tracker, domain):
        return validate_name_first(self._validate, "parameter_problem", value, dispatcher, tracker, domain)

    def validate_recipient_number(self, value, dispatcher, tracker, domain):
        return self._validate("recipient_number", value, dispatcher, tracker, domain)

    def validate_recipient_country(self, value, dispatcher, tracker, domain):
        return self._validate("recipient_country", value, dispatcher, tracker, domain)

    def validate_media_details(self, value, dispatcher, tracker, domain):
        return self._validate("media_details", value, dispatcher, tracker, domain)

    def validate_media_link_opens(self, value, dispatcher, tracker, domain):
        return self._validate("media_link_opens", value, dispatcher, tracker, domain)

    def validate_undeliverable_reason(self, value, dispatcher, tracker, domain):
        return self._validate("undeliverable_reason", value, dispatcher, tracker, domain)

    def validate_campaign(self, value, dispatcher, tracker, domain):
        return self._validate("campaign", value, dispatcher, tracker, domain)

    def validate_template_category(self, value, dispatcher, tracker, domain):
        return self._validate("template_category", value, dispatcher, tracker, domain)

    def validate_messaging_tier(self, value, dispatcher, tracker, domain):
        return self._validate("messaging_tier", value, dispatcher, tracker, domain)

    def validate_unique_customers(self, value, dispatcher, tracker, domain):
        return self._validate("unique_customers", value, dispatcher, tracker, domain)

    def validate_send_rate(self, value, dispatcher, tracker, domain):
        return self._validate("send_rate", value, dispatcher, tracker, domain)

    def validate_token_type(self, value, dispatcher, tracker, domain):
        return self._validate("token_type", value, dispatcher, tracker, domain)

    def validate_billing_status(self, value, dispatcher, tracker, domain):
        return self._validate("billing_status", value, dispatcher, tracker, domain)

    def validate_quality_rating(self, value, dispatcher, tracker, domain):
        return self._validate("quality_rating", value, dispatcher, tracker, domain)

    def validate_number_status(self, value, dispatcher, tracker, domain):
        return self._validate("number_status", value, dispatcher, tracker, domain)

    def validate_failure_scope(self, value, dispatcher, tracker, domain):
        return self._validate("failure_scope", value, dispatcher, tracker, domain)

    def validate_error_field(self, value, dispatcher, tracker, domain):
        return self._validate("error_field", value, dispatcher, tracker, domain)

    def validate_time_since_sent(self, value, dispatcher, tracker, domain):
        return self._validate("time_since_sent", value, dispatcher, tracker, domain)
