"""action_report_failures and the line a diagnosis opens with: the failure watch, in the chat.

Why: the failure watch (failure_watch/, fed by the status webhooks) knows which messages
failed; this module is its Rasa side. "what failed today?", "¿qué falló ayer?", "por que
falhou pro (11) 98765-4321?" are answered from the store (failure_watch.answers says
how), in the user's language and day; a diagnosis about a number or a code the store saw
opens with it ("I see 3 failed messages to that number since 09:00, all 131047").
The store is the one the Rasa server writes (failure_watch.settings: the same
environment), opened once per process; when it cannot be opened the bot says it does
not watch the failures and asks for the error instead. For a Twilio account with live
account checks, the answer adds what Twilio's error log (Monitor alerts) shows for the
same period (actions/account.py, ``with_twilio_alerts``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.conversation.info import why_answer
from diagnosis.followup import answer, questions

from actions import account, messages
from actions.context import answer_context, user_now
from actions.language import remember, reply_language
from failure_watch.answers import failures_answer, recipient_in, seen_before
from failure_watch.settings import from_env
from failure_watch.store import Store

logger = logging.getLogger(__name__)

_STORE: Dict[str, Optional[Store]] = {}


def watch_store() -> Optional[Store]:
    """The failure watch's store, or None when it is off or cannot be opened."""
    if "store" not in _STORE:
        store: Optional[Store] = None
        try:
            settings = from_env()
            if settings.enabled:
                store = Store.from_settings(settings)
                store.ensure_schema()
        except Exception as e:  # a store that is down: the chat goes on without it
            logger.warning("Failure watch: the store could not be opened: %s", type(e).__name__)
            store = None
        _STORE["store"] = store
    return _STORE["store"]


def seen_line(tracker: Tracker, text: str, codes: Sequence[str], lang: str) -> Optional[str]:
    """What the watch saw about this number or code, for a diagnosis to open with; never raises."""
    try:
        return seen_before(watch_store(), recipient_in(text), list(codes), lang, user_now(tracker))
    except Exception as e:
        logger.warning("Failure watch: could not read the store: %s", type(e).__name__)
        return None


class ActionReportFailures(Action):
    """ "what failed today?" and its kin, answered from the failure watch."""

    def name(self) -> Text:
        return "action_report_failures"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        text = tracker.latest_message.get("text") or ""
        answered = _answers_the_time_question(dispatcher, tracker, domain, text)
        if answered is not None:
            return answered
        why = why_answer(text, lang, tracker.get_slot("cause") or "")
        if why:  # "¿y por qué pasa eso?" sounds like "why did it fail?" to the NLU: the cause's why
            buttons = messages.solved_buttons(lang) if _awaits_the_fix_outcome(tracker) else None
            dispatcher.utter_message(text=why, buttons=buttons or [])
            return remember(tracker, lang)
        loop = asyncio.get_running_loop()
        now = user_now(tracker)
        try:
            answer = await loop.run_in_executor(None, failures_answer, watch_store(), text, lang, now)
        except Exception as e:  # the store failed mid-query
            logger.warning("Failure watch: the answer failed: %s", type(e).__name__)
            answer = failures_answer(None, text, lang, now)
        answer, noted = await loop.run_in_executor(None, account.with_twilio_alerts, tracker, text, lang, now, answer)
        dispatcher.utter_message(text=answer)
        return remember(tracker, lang) + noted


def _awaits_the_fix_outcome(tracker: Tracker) -> bool:
    return tracker.get_slot("awaiting") == "fix_outcome" and not tracker.active_loop_name


def _answers_the_time_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], text: str
) -> Optional[List[Dict[Text, Any]]]:
    """ "hoje 8h" or "ontem de manhã" given to "when did the customer last write?" sounds
    like "what failed today?" to the NLU: when it reads as the answer to the time question
    just asked, it is that answer (validated as the form would), not a question for the watch."""
    slot = tracker.get_slot("requested_slot")
    question = questions().get(slot) if tracker.active_loop_name == "troubleshoot_form" and slot else None
    if question is None or question.kind != "time":
        return None
    lang = reply_language(tracker)
    if not answer(slot, text, answer_context(tracker, language=lang)).ok:
        return None
    from actions.troubleshoot_form import ValidateTroubleshootForm  # the form's own reading

    values = ValidateTroubleshootForm()._validate(slot, text, dispatcher, tracker, domain)
    return [SlotSet(name, value) for name, value in values.items()]
