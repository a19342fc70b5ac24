"""The live account checks, on the Rasa side: which account, which check, and what it answers.

Why: the checks (account_checks, plain Python) look things up in the business's own
account; this module decides when a diagnosis calls for one and turns the outcome into
what the actions need: sentences to say, findings for the handoff summary, follow-up
answers that are then not asked (the question IDs of diagnosis/knowledge_base/questions.yaml),
and, when a check shows it, a more precise cause. Off (nothing configured): nothing
happens and the bot asks as before. A check that fails says so and the bot asks.

* 132001 / template not found, with the template's name in the paste: the template
  lookup answers ``template_status`` (and names the languages it is approved in);
  132000 with a name: the variable counts answer ``parameter_problem``.
* 190 / auth_failed: the token check reports the token's real state and answers
  ``token_type`` when its kind says it.
* A Twilio message SID in the paste: the message's status and error code, which the
  diagnosis then reads.
* "check my account" (action_check_account): health, quality, messaging limit, token.
"""
from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.followup import questions
from diagnosis.language import say

from account_checks import (
    AccountSettings,
    check_phone_number,
    check_template,
    check_token,
    check_twilio_message,
    check_waba_health,
    message_sids,
    resolver,
    run_within,
)
from actions import account_messages as words
from actions.language import remember, reply_language

log = logging.getLogger(__name__)

TEMPLATE_CAUSES = ("template_not_approved", "template_paused_or_disabled", "template_parameter_mismatch")
STATUS_QUESTION_CAUSES = ("template_not_approved", "template_paused_or_disabled")
MAX_FINDING_LINES = 4

# A template's name in a pasted request body: "template": {"name": "order_update", ...}
_TEMPLATE_NAME = re.compile(r"\"template\"\s*:\s*\{[^{}]*?\"name\"\s*:\s*\"([\w.-]{1,512})\"", re.S)
_TEMPLATE_LANG = re.compile(r"\"code\"\s*:\s*\"([a-z]{2,3}(?:_[A-Z]{2})?)\"")


def account_for(tracker: Tracker) -> Optional[AccountSettings]:
    """The account this conversation's checks read; None when the checks are off."""
    try:
        meta = (tracker.latest_message or {}).get("metadata")
        return resolver().resolve(tracker.sender_id, meta if isinstance(meta, dict) else None)
    except Exception:  # a broken resolver must not break the conversation
        log.exception("account resolver failed")
        return None


@dataclass
class Checked:
    """What checks made during a diagnosis give the conversation."""

    said: List[str] = field(default_factory=list)
    findings: List[str] = field(default_factory=list)
    answers: Dict[str, Any] = field(default_factory=dict)
    cause: Optional[str] = None  # a more precise cause the check showed
    extra_text: str = ""  # what a lookup adds for the classifier (a Twilio error code)


def template_in(text: str, details: Dict[str, str]) -> tuple:
    """(name, language) of the template a paste is about, from the error's details or the
    request body; (None, None) when none is named."""
    name, language = details.get("template"), details.get("language")
    if not name:
        m = _TEMPLATE_NAME.search(text or "")
        if m:
            name = m.group(1)
            after = _TEMPLATE_LANG.search(text[m.end():m.end() + 300])
            language = language or (after.group(1) if after else None)
    return name, language


def _points_to(answer: str) -> Optional[str]:
    for choice in questions().get("template_status").options:
        if choice.id == answer:
            return choice.points_to
    return None


def check_template_for(settings: AccountSettings, cause: str, text: str, details: Dict[str, str],
                       lang: str) -> Optional[Checked]:
    name, language = template_in(text, details)
    if not name:
        return None
    result = run_within({"template": lambda d: check_template(settings, name, language, d)})["template"]
    if not result.ok:
        line = words.could_not_check(result, lang)
        return Checked(said=[line], findings=[line])
    report = result.report
    try:
        sent_params = int(details["received_params"]) if "received_params" in details else None
    except ValueError:
        sent_params = None
    lines = words.template_lines(report, lang, sent_params)
    checked = Checked(said=[say("account.checked", lang) + " " + " ".join(lines)], findings=lines)
    if cause in STATUS_QUESTION_CAUSES:
        answer = report.status_answer()
        checked.answers["template_status"] = answer
        target = _points_to(answer)
        if target and target != cause and target in diagnosis.knowledge():
            checked.cause = target
    if cause == "template_parameter_mismatch" and report.param_mismatch(sent_params) is not None:
        checked.answers["parameter_problem"] = "count"
    return checked


def check_token_for(settings: AccountSettings, lang: str) -> Checked:
    result = run_within({"token": lambda d: check_token(settings, d)})["token"]
    if not result.ok:
        line = words.could_not_check(result, lang)
        return Checked(said=[line], findings=[line])
    lines = words.token_lines(result.report, lang)
    checked = Checked(said=[say("account.checked", lang) + " " + " ".join(lines)], findings=lines)
    kind = result.report.token_type_answer
    if kind:
        checked.answers["token_type"] = kind
    return checked


def check_twilio_for(settings: AccountSettings, text: str, lang: str) -> Optional[Checked]:
    sids = message_sids(text)
    if not sids or not settings.can_check_twilio:
        return None
    result = run_within({"twilio": lambda d: check_twilio_message(settings, sids[0], d)})["twilio"]
    if not result.ok:
        line = words.could_not_check(result, lang)
        return Checked(said=[line], findings=[line])
    line = words.twilio_line(result.report, lang)
    extra = f"Twilio error {result.report.error_code}" if result.report.error_code else ""
    return Checked(said=[line], findings=[line], extra_text=extra)


def before_diagnosis(settings: Optional[AccountSettings], text: str, lang: str) -> Optional[Checked]:
    """Lookups that help place the error itself (a pasted Twilio message SID). Blocks up to 5 s."""
    if settings is None:
        return None
    try:
        return check_twilio_for(settings, text, lang)
    except Exception:
        log.exception("Twilio lookup failed")
        return None


def for_diagnosis(settings: Optional[AccountSettings], cause: str, text: str, lang: str) -> Optional[Checked]:
    """The check a diagnosed cause calls for, made; None when none applies or the checks are
    off. Blocks for at most 5 s; never raises."""
    if settings is None:
        return None
    try:
        details = diagnosis.classify(text).extracted.details if cause in TEMPLATE_CAUSES else {}
        if cause in TEMPLATE_CAUSES and settings.can_check_templates:
            return check_template_for(settings, cause, text, details, lang)
        if cause == "auth_failed" and settings.can_check_token:
            return check_token_for(settings, lang)
    except Exception:  # the chat goes on whatever happens
        log.exception("account check for %s failed", cause)
    return None


def account_checks(settings: AccountSettings) -> Dict[str, Any]:
    """Everything "check my account" looks at, in parallel, within 5 s."""
    checks: Dict[str, Any] = {}
    if settings.can_check_number:
        checks["phone_number"] = lambda d: check_phone_number(settings, d)
    if settings.can_check_waba:
        checks["waba_health"] = lambda d: check_waba_health(settings, d)
    if settings.can_check_token:
        checks["token"] = lambda d: check_token(settings, d)
    return run_within(checks)


def with_findings(tracker: Tracker, lines: List[str]) -> List[str]:
    return list(tracker.get_slot("findings") or []) + [line for line in lines if line][:MAX_FINDING_LINES]


class ActionCheckAccount(Action):
    """ "check my account", at any point: health, quality, messaging limit, the token."""

    def name(self) -> Text:
        return "action_check_account"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        settings = account_for(tracker)
        if settings is None or not settings.meta_configured:
            key = "account.twilio_only" if settings is not None and settings.can_check_twilio else "account.not_set_up"
            dispatcher.utter_message(text=say(key, lang))
            return remember(tracker, lang)
        loop = asyncio.get_running_loop()
        results = await loop.run_in_executor(None, account_checks, settings)
        lines = words.account_report(results, lang)
        dispatcher.utter_message(text="\n".join(lines))
        return remember(tracker, lang) + [SlotSet("findings", with_findings(tracker, lines[1:]))]
