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
* A template error without the template's name: actions/account_template.py asks it once,
  then ``check_named_template`` looks it up.
* A Twilio message SID in the paste: the message's status and error code, which the
  diagnosis then reads.
* "check my account" (action_check_account): health, quality, messaging limit, token,
  and for Twilio the error log's last 24 hours (Monitor alerts, each code's cause named
  by the diagnosis); "what went wrong today?" (actions/failures.py) adds the error log's
  alerts of the period asked (``with_twilio_alerts``).
Every check's outcome is one finding marked as looked up (account_messages.looked_up),
which the handoff summary always lists.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

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
    check_twilio_alerts,
    check_twilio_message,
    check_waba_health,
    message_sids,
    resolver,
    run_within,
)
from actions import account_messages as words
from actions.context import user_now
from actions.language import remember, reply_language
from failure_watch.answers import period_of, recipient_in

log = logging.getLogger(__name__)

TEMPLATE_CAUSES = ("template_not_approved", "template_paused_or_disabled", "template_parameter_mismatch")
STATUS_QUESTION_CAUSES = ("template_not_approved", "template_paused_or_disabled")

# A template's name in a pasted request body: "template": {"name": "order_update", ...}
_TEMPLATE_NAME = re.compile(r"\"template\"\s*:\s*\{[^{}]*?\"name\"\s*:\s*\"([\w.-]{1,512})\"", re.S)
_TEMPLATE_LANG = re.compile(r"\"code\"\s*:\s*\"([a-z]{2,3}(?:_[A-Z]{2})?)\"")
# A template language code as Meta writes them (en, en_US, pt_BR, fil, es_419): not "the".
_LANGUAGE_CODE = re.compile(r"^(?:[a-z]{2}|fil)(?:_[A-Z]{2}|_\d{3})?$")
ALERTS_DAY = dt.timedelta(hours=24)  # "check my account" reads this much of Twilio's error log


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


def template_in(text: str, details: Dict[str, str], names: Sequence[str] = ()) -> tuple:
    """(name, language) of the template a paste is about, from the error's details, the
    request body or a name the paste gives ("template order_update"); (None, None) when
    none is named. A language that is not a language code is dropped."""
    name, language = details.get("template"), details.get("language")
    if not name:
        m = _TEMPLATE_NAME.search(text or "")
        if m:
            name = m.group(1)
            after = _TEMPLATE_LANG.search(text[m.end() : m.end() + 300])
            language = language or (after.group(1) if after else None)
    if not name and names:
        name = names[0]
    if language and not _LANGUAGE_CODE.match(language):
        language = None
    return name, language


def pasted_template(text: str, extracted: Any) -> tuple:
    """(name, language, params sent) of the template a pasted error is about, from the
    paste and what the diagnosis read in it (its ``Extracted``)."""
    name, language = template_in(text, extracted.details, extracted.template_names)
    try:
        sent = int(extracted.details["received_params"]) if "received_params" in extracted.details else None
    except ValueError:
        sent = None
    return name, language, sent


def _points_to(answer: str) -> Optional[str]:
    for choice in questions().get("template_status").options:
        if choice.id == answer:
            return choice.points_to
    return None


def status_answer(report: Any, cause: str) -> Optional[str]:
    """The template_status answer the lookup gives. Without the language sent, a template
    whose versions differ answers it only when the error says which: a missing translation
    with an approved version elsewhere, a paused or disabled error and a paused or disabled
    version; otherwise the question is asked."""
    if report.sent_language or len({v.status for v in report.versions}) <= 1:
        return report.status_answer()
    if cause == "template_not_approved" and report.approved_languages:
        # "does not exist in the translation" while approved versions exist: the language
        # sent is none of them, so the fix is the approved path (send one of those exactly)
        return "approved"
    if cause == "template_paused_or_disabled":
        for status, answer in (("PAUSED", "paused"), ("DISABLED", "disabled")):
            if any(v.status == status for v in report.versions):
                return answer
    return None


def failed_check(result: Any, lang: str) -> Checked:
    line = words.could_not_check(result, lang)
    return Checked(said=[line], findings=[words.looked_up([line])])


def check_named_template(
    settings: AccountSettings, cause: str, name: str, language: Optional[str], sent_params: Optional[int], lang: str
) -> Checked:
    """The template looked up by name: what it says, the question it answers, a more precise cause."""
    result = run_within({"template": lambda d: check_template(settings, name, language, d)})["template"]
    if not result.ok:
        return failed_check(result, lang)
    report = result.report
    lines = words.template_lines(report, lang, sent_params)
    checked = Checked(said=[say("account.checked", lang) + " " + " ".join(lines)], findings=[words.looked_up(lines)])
    answer = status_answer(report, cause) if cause in STATUS_QUESTION_CAUSES else None
    if answer:
        checked.answers["template_status"] = answer
        target = _points_to(answer)
        if target and target != cause and target in diagnosis.knowledge():
            checked.cause = target
    if cause == "template_parameter_mismatch" and report.param_mismatch(sent_params) is not None:
        checked.answers["parameter_problem"] = "count"
    return checked


def check_template_for(
    settings: AccountSettings, cause: str, text: str, extracted: Any, lang: str
) -> Optional[Checked]:
    """The template a pasted error names, looked up; None when the paste names none."""
    name, language, sent_params = pasted_template(text, extracted)
    if not name:
        return None
    return check_named_template(settings, cause, name, language, sent_params, lang)


def check_token_for(settings: AccountSettings, lang: str) -> Checked:
    result = run_within({"token": lambda d: check_token(settings, d)})["token"]
    if not result.ok:
        return failed_check(result, lang)
    lines = words.token_lines(result.report, lang)
    checked = Checked(said=[say("account.checked", lang) + " " + " ".join(lines)], findings=[words.looked_up(lines)])
    kind = result.report.token_type_answer
    if kind:
        checked.answers["token_type"] = kind
    return checked


def check_twilio_for(settings: AccountSettings, text: str, lang: str) -> Optional[Checked]:
    sids = message_sids(text)
    if not sids or not settings.can_check_twilio:
        return None
    result = run_within({"twilio_message": lambda d: check_twilio_message(settings, sids[0], d)})["twilio_message"]
    if not result.ok:
        return failed_check(result, lang)
    line = words.twilio_line(result.report, lang)
    extra = f"Twilio error {result.report.error_code}" if result.report.error_code else ""
    return Checked(said=[line], findings=[words.looked_up([line])], extra_text=extra)


def before_diagnosis(settings: Optional[AccountSettings], text: str, lang: str) -> Optional[Checked]:
    """Lookups that help place the error itself (a pasted Twilio message SID). Blocks up to 5 s."""
    if settings is None:
        return None
    try:
        return check_twilio_for(settings, text, lang)
    except Exception:
        log.exception("Twilio lookup failed")
        return None


def for_diagnosis(
    settings: Optional[AccountSettings], result: "diagnosis.Result", text: str, lang: str
) -> Optional[Checked]:
    """The check a diagnosis (its cause, and what it read in the paste) calls for, made;
    None when none applies or the checks are off. Blocks for at most 5 s; never raises."""
    if settings is None:
        return None
    cause = result.cause
    try:
        if cause in TEMPLATE_CAUSES and settings.can_check_templates:
            return check_template_for(settings, cause, text, result.extracted, lang)
        if cause == "auth_failed" and settings.can_check_token:
            return check_token_for(settings, lang)
    except Exception:  # the chat goes on whatever happens
        log.exception("account check for %s failed", cause)
    return None


@lru_cache(maxsize=512)
def cause_of_twilio_code(code: int) -> Optional[str]:
    """The cause a Twilio error code names, read by the diagnosis as a looked-up message's
    code is ("Twilio error 63016"); None when it names none."""
    result = diagnosis.classify(f"Twilio error {int(code)}")
    return result.cause if result.cause != "unknown" else None


def alerts_checked(result: Any, lang: str, period: str, now: dt.datetime) -> Tuple[List[str], Optional[str]]:
    """(lines to say, the finding) of a Twilio error log check."""
    if not result.ok:
        line = words.could_not(result, lang, "twilio_alerts")
        return [line], words.looked_up([line])
    lines = words.alerts_lines(result.report, lang, period, now, cause_of_twilio_code)
    return lines, words.looked_up(lines[:-1] if len(lines) > 1 else lines)  # without the closing hint


def with_twilio_alerts(
    tracker: Tracker, text: str, lang: str, now: dt.datetime, watch_answer: str
) -> Tuple[str, List[Dict[Text, Any]]]:
    """ "what went wrong today?" for a Twilio account: the failure watch's answer with what
    Twilio's error log shows for the period asked (in place of "I don't see your failures
    yet" when the watch saw none). Unchanged when Twilio is not configured or the question
    is about one number. Blocks up to 5 s; never raises."""
    try:
        settings = account_for(tracker)
        if settings is None or not settings.can_check_twilio or recipient_in(text):
            return watch_answer, []
        period = period_of(text, now)
        since = dt.datetime.fromtimestamp(period.start, dt.timezone.utc)
        until = dt.datetime.fromtimestamp(period.end, dt.timezone.utc)
        result = run_within({"twilio_alerts": lambda d: check_twilio_alerts(settings, since, until, d)})
        lines, finding = alerts_checked(result["twilio_alerts"], lang, period.key, now)
    except Exception:  # the watch's answer still goes out
        log.exception("Twilio error log check failed")
        return watch_answer, []
    if result["twilio_alerts"].ok and watch_answer == say("watch.not_watching", lang):
        answer = "\n".join(lines)
    else:
        answer = watch_answer + "\n\n" + "\n".join(lines)
    return answer, [SlotSet("findings", with_findings(tracker, [finding]))]


def account_checks(settings: AccountSettings) -> Dict[str, Any]:
    """Everything "check my account" looks at, in parallel, within 5 s."""
    checks: Dict[str, Any] = {}
    if settings.can_check_number:
        checks["phone_number"] = lambda d: check_phone_number(settings, d)
    if settings.can_check_waba:
        checks["waba_health"] = lambda d: check_waba_health(settings, d)
    if settings.can_check_token:
        checks["token"] = lambda d: check_token(settings, d)
    if settings.can_check_twilio:
        since = dt.datetime.now(dt.timezone.utc) - ALERTS_DAY
        checks["twilio_alerts"] = lambda d: check_twilio_alerts(settings, since, None, d)
    return run_within(checks)


def with_findings(tracker: Tracker, new: List[str]) -> List[str]:
    """The findings so far and the new ones (one per check made)."""
    return list(tracker.get_slot("findings") or []) + [f for f in new if f]


class ActionCheckAccount(Action):
    """ "check my account", at any point: health, quality, messaging limit, the token,
    Twilio's error log."""

    def name(self) -> Text:
        return "action_check_account"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        settings = account_for(tracker)
        if settings is None or not settings.any_configured:
            dispatcher.utter_message(text=say("account.not_set_up", lang))
            return remember(tracker, lang)
        loop = asyncio.get_running_loop()
        results = await loop.run_in_executor(None, account_checks, settings)
        parts = words.account_parts(results, lang)
        alerts = results.get("twilio_alerts")
        said = [say("account.health.heading", lang)] + [line for part in parts for line in part]
        findings = [words.looked_up(part) for part in parts]
        if alerts is not None:
            lines, finding = alerts_checked(alerts, lang, "day", user_now(tracker))
            said += lines
            findings.append(finding)
        dispatcher.utter_message(text="\n".join(said))
        return remember(tracker, lang) + [SlotSet("findings", with_findings(tracker, findings))]
