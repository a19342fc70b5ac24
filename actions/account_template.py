"""The template's name, asked once, when a pasted template error lacks it and the account can be checked.

Why: the template check (actions/account.py) needs the template's name, and a pasted
132001, 132000, 132015 or 132016 often lacks it ("Template name does not exist in the
translation"). With the template check configured, the bot asks the name once, in
place of the cause's first template question (template_status or parameter_problem),
and then answers that question itself from the account. A user who doesn't know the
name gets the usual question, as before, and is never asked the name again in the
conversation. The state is the slot ``template_name``: "(asked)", "(not known)", or the
name given. Off (no template check configured), nothing changes.

Two small hooks: actions/ask_question.py asks through ``ask_name``; the troubleshoot
form's validators of template_status and parameter_problem read the answer through
``validate_name_first``, which runs the check off the event loop (it may take 5 s) and
is otherwise the usual, synchronous validation.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.conversation.turns import read_turn
from diagnosis.followup import match_choice, questions
from diagnosis.language import LANGS, say, say_list
from diagnosis.text import fold

from account_checks import AccountSettings
from actions import account, messages
from actions.language import reply_language
from actions.pasted import pasted_facts

SLOT = "template_name"
ASKED = "(asked)"
NOT_KNOWN = "(not known)"
NAME_QUESTIONS = ("template_status", "parameter_problem")
DONT_KNOW_PAYLOAD = "dont_know"
MAX_ANSWER = 600

# How a name is given: quoted, with underscores (order_update), one word, or "it's called X".
_QUOTED = re.compile(r"[\"'“‘`«]([A-Za-z0-9_]{1,512})[\"'”’`»]")
_UNDERSCORED = re.compile(r"(?<![\w])([A-Za-z0-9]+(?:_[A-Za-z0-9]+)+)(?![\w])")
_ONE_WORD = re.compile(r"^[A-Za-z0-9_]{1,512}$")
_CALLED = re.compile(
    r"\b(?:called|named|name is|nombre es|se llama|llamada|llamado|nome é|nome e|se chama|chamad[oa])"
    r"\s*[:=]?\s*([A-Za-z0-9_]{2,512})\b",
    re.I,
)


class _DontKnow:
    """The user doesn't know the name."""


DONT_KNOW = _DontKnow()


def pasted(tracker: Tracker) -> tuple:
    """(name, language, variables sent) of the template the pasted error is about."""
    return account.pasted_template(tracker.get_slot("problem_text") or "", pasted_facts(tracker))


def name_wanted(tracker: Tracker, question_id: str) -> Optional[AccountSettings]:
    """The account to look the template up in, when its name should be asked now."""
    if question_id not in NAME_QUESTIONS or tracker.get_slot(SLOT) is not None or tracker.get_slot("reask"):
        return None
    if tracker.get_slot("cause") not in account.TEMPLATE_CAUSES:
        return None
    settings = account.account_for(tracker)
    if settings is None or not settings.can_check_templates:
        return None
    name, _, _ = pasted(tracker)
    return None if name else settings


def ask_name(
    dispatcher: CollectingDispatcher, tracker: Tracker, question_id: str, lang: str
) -> Optional[List[Dict[Text, Any]]]:
    """Ask the template's name in place of ``question_id``; None when it is not to be asked."""
    if name_wanted(tracker, question_id) is None:
        return None
    dispatcher.utter_message(
        text=say("account.template_name.ask", lang),
        buttons=[{"title": say("account.template_name.dont_know", lang), "payload": DONT_KNOW_PAYLOAD}],
    )
    return [SlotSet(SLOT, ASKED)]


def _unknown_words() -> List[str]:
    return [fold(w) for lang in LANGS for w in say_list("account.template_name.unknown_words", lang)]


def name_in_answer(text: str, question_id: str) -> Any:
    """The name an answer gives, ``DONT_KNOW``, or None when it is another answer (a status,
    an option of the usual question) to be read as usual."""
    raw = (text or "").strip()
    if not raw or len(raw) > MAX_ANSWER:
        return None
    folded = f" {fold(raw)} "
    turn = read_turn(raw)
    if (
        raw == DONT_KNOW_PAYLOAD
        or (turn is not None and turn.kind in ("dont_know", "deny"))
        or any(f" {w} " in folded for w in _unknown_words() if w)
    ):
        return DONT_KNOW
    for pattern in (_QUOTED, _UNDERSCORED):
        m = pattern.search(raw)
        if m:
            return m.group(1).lower()
    if match_choice(questions().get(question_id), raw) is not None or turn is not None:
        return None
    if _ONE_WORD.match(raw):
        return raw.lower()
    m = _CALLED.search(raw)
    return m.group(1).lower() if m else None


def looked_up(name: str, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> Dict[Text, Any]:
    """The template looked up by the name given: said, and the question answered when the
    account answers it (else None: the usual question is asked)."""
    values: Dict[Text, Any] = {SLOT: name, slot: None, "misses": None, "reask": None}
    settings = account.account_for(tracker)
    if settings is None or not settings.can_check_templates:
        return values
    cause = tracker.get_slot("cause")
    _, language, sent = pasted(tracker)
    checked = account.check_named_template(settings, cause, name, language, sent, lang)
    dispatcher.utter_message(text="\n\n".join(checked.said))
    values["findings"] = account.with_findings(tracker, checked.findings)
    for question, answer in checked.answers.items():
        if question == slot or tracker.get_slot(question) is None:
            values[question] = answer
    tried = list(tracker.get_slot("tried_causes") or [])
    if checked.cause and checked.cause != cause and checked.cause not in tried:
        dispatcher.utter_message(
            text=say("replies.so_the_cause_is", lang, intro=messages.diagnosis_intro(checked.cause, 1.0, lang))
        )
        values.update(
            cause=checked.cause,
            tried_causes=tried + [checked.cause],
            candidates=[c for c in (tracker.get_slot("candidates") or []) if c != checked.cause],
        )
    return values


Validate = Callable[[str, Any, CollectingDispatcher, Tracker, Dict[Text, Any]], Dict[Text, Any]]


def read_name(
    validate: Validate,
    slot: str,
    value: Any,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
) -> Dict[Text, Any]:
    """The answer to the name question: a name (looked up), "I don't know" (the usual question
    next), or another answer, read as the usual question's (a pasted error among them)."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    lang = reply_language(tracker)
    given = None if diagnosis.classify(text).extracted.codes else name_in_answer(text, slot)
    if given is None:
        return dict(validate(slot, value, dispatcher, tracker, domain), **{SLOT: NOT_KNOWN})
    if given is DONT_KNOW:
        return {slot: None, SLOT: NOT_KNOWN, "misses": None, "reask": None, "language": lang}
    return dict(looked_up(given, slot, dispatcher, tracker, lang), language=lang)


def validate_name_first(
    validate: Validate,
    slot: str,
    value: Any,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
) -> Any:
    """The troubleshoot form's validator of ``slot``: ``validate`` as usual, or, when the
    name question was just asked, a coroutine reading its answer with the check off the
    event loop (rasa-sdk awaits a validator's coroutine and takes its dict)."""
    if slot not in NAME_QUESTIONS or tracker.get_slot(SLOT) != ASKED or tracker.get_slot("requested_slot") != slot:
        return validate(slot, value, dispatcher, tracker, domain)
    return _off_the_loop(validate, slot, value, dispatcher, tracker, domain)


async def _off_the_loop(
    validate: Validate,
    slot: str,
    value: Any,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
) -> Dict[Text, Any]:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, read_name, validate, slot, value, dispatcher, tracker, domain)
