"""A sentence written after the fix that names no new error: what it says of the fix.

Why: after "did that solve it?" people answer in sentences. "it works now" closes the case,
"still the same" moves to the next cause, a question is answered (or honestly not), and a
time corrected ("we're in Chicago", "no, 9am today") works the cause's time out again. A
canned "I'm still on X" answers none of them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.conversation.after_fix import asks_next_group, says_it_works, says_still_failing
from diagnosis.conversation.info import answer_question, resend_asked
from diagnosis.conversation.turns import looks_like_question
from diagnosis.details import language_said
from diagnosis.followup import Answer, answer, questions
from diagnosis.followup.media import says_no_file
from diagnosis.followup.timeread import corrects_a_time, says_a_day
from diagnosis.followup.zonefind import find_zone
from diagnosis.language import say

from actions import messages
from actions.context import answer_context
from actions.next_cause import (
    MEDIA_CAUSES,
    move_to_next_cause,
    next_campaign_group,
    take_up_group,
    window_code_note,
)
from actions.slots import resets

# Where each time question's answer holds the moment said (UTC).
_MOMENT_KEYS = {"last_customer_message": "last_message_at", "time_since_sent": "sent_at"}


def retimes(tracker: Tracker, text: str, lang: str) -> bool:
    """Does this sentence after the fix correct the case's time ("oh wait no, on this number
    she last wrote on friday")? Then it is no "still failing", whatever it opens with."""
    current = tracker.get_slot("cause") or "unknown"
    return corrects_a_time(text) and _time_said_again(tracker, current, text, lang) is not None


def about_the_fix(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
    text: str,
    lang: str,
) -> List[Dict[Text, Any]]:
    """The reply to a sentence after the fix that names no new error."""
    from actions.converse import ActionConverse  # the answer to "did that solve it?" (it imports actions)

    current = tracker.get_slot("cause") or "unknown"
    if says_it_works(text):  # "ya salen los mensajes 👍", "new token works, thx": as "it's fixed"
        asked = answer_question(text, lang, current_cause=current) or resend_asked(text, lang, current)
        if asked is not None and asked.topic:
            dispatcher.utter_message(text=asked.text)
        return ActionConverse.after_fix(dispatcher, tracker, domain, "solved", lang)
    group = next_campaign_group(tracker, named=text)
    if group is not None and (asks_next_group(text) or group[2]):
        # "ok we'll retry those tomorrow. what about the rest?", "y el del rate limit?"
        return take_up_group(dispatcher, tracker, domain, group[0], group[1], lang, after_success=False)
    code = language_said(text) if current == "template_not_approved" else ""
    if code:  # "la aprobé como es_MX, ¿si mando es_MX debería andar?"
        dispatcher.utter_message(
            text=say("details.send_said_language", lang, language=code), buttons=messages.solved_buttons(lang)
        )
        return [SlotSet("next_step", "listen")]
    info = answer_question(text, lang, current_cause=current)
    if info is not None:
        note = window_code_note(tracker, info.cause, lang)  # "why 63016 then??" with the window open
        dispatcher.utter_message(text=note or info.text, buttons=messages.solved_buttons(lang) if note else None)
        return [SlotSet("next_step", "listen")]
    retimed = _time_said_again(tracker, current, text, lang)  # worked out once, used below
    # "oh wait no, she last wrote on friday": a corrected time, whatever it opens with
    if says_still_failing(text) and not (retimed is not None and corrects_a_time(text)):  # as "no, still failing"
        return ActionConverse.after_fix(dispatcher, tracker, domain, "deny", lang)
    if current in MEDIA_CAUSES and says_no_file(text):  # "there's no file?? it's just text"
        return resets(tracker, "awaiting", "misses") + move_to_next_cause(
            dispatcher, tracker, domain, lang, ruled_out=MEDIA_CAUSES
        )
    if retimed is not None:  # "we're in chicago", "no, 9am today": the time worked out again
        slot, result = retimed
        dispatcher.utter_message(text=result.finding, buttons=messages.solved_buttons(lang))
        extra = [SlotSet(k, v) for k, v in (result.extra or {}).items() if k in domain.get("slots", {})]
        return [SlotSet(slot, result.value), SlotSet("next_step", "listen")] + extra
    key = "replies.question_in_case" if looks_like_question(text) or "?" in text else "replies.still_on_cause"
    dispatcher.utter_message(
        text=say(key, lang, cause=say(f"causes.{current}.short", lang)), buttons=messages.solved_buttons(lang)
    )
    return [SlotSet("next_step", "listen")]


def _time_said_again(tracker: Tracker, cause: str, text: str, lang: str) -> Optional["tuple[str, Answer]"]:
    """(question, answer) when the text times the cause's time question again: a new time
    ("no, 9am today"), or only a zone for the time already given ("we're in chicago")."""
    entry = diagnosis.knowledge().get(cause)
    if entry is None:
        return None
    context = answer_context(tracker, language=lang)
    for qid in entry.questions:
        if questions()[qid].kind != "time":
            continue
        zone, rest = find_zone(text)
        earlier = _earlier_moment(tracker.get_slot(qid), qid)
        if zone is not None and earlier is not None and not re.search(r"\d", rest):
            # only a zone: the time given before, read in that zone
            result = answer(qid, f"{earlier} {text}", context)
        elif says_a_day(text):
            result = answer(qid, text, context)
        else:
            continue
        if result.ok and result.finding:
            return qid, result
    return None


def _earlier_moment(value: Any, qid: str) -> Optional[str]:
    """The wall-clock time of an earlier answer read as UTC ("2026-12-06 16:00"), or None."""
    if not isinstance(value, dict) or not value.get("assumed_timezone") or value.get("last_message_latest"):
        return None
    moment = value.get(_MOMENT_KEYS.get(qid, ""))
    try:
        return dt.datetime.fromisoformat(moment).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return None
