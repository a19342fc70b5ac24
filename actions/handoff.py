"""action_handoff: the summary a person needs, the team notified, and the truth about who will answer.

Why: a handoff must reach a person or say plainly that none is connected. When
HANDOFF_WEBHOOK_URL is set, the team gets a signed notification (handoff_webhook)
and the user hears that it was notified, but only once the POST succeeded; when it
failed, the user hears that too, with the same advice as when nothing is configured
(copy the summary into the provider's or Meta's support). Nothing configured: the
summary and "nobody will answer here", as before.

When a person can actually answer (``person_reachable``: today, the team's webhook
got the notification; they answer from the agent view, channels/backoffice/agent_view.py; or a
Chatwoot conversation was set open for the team's agents, chatwoot/), the
conversation is paused (Rasa's ``ConversationPaused``) and the user hears that a
person will answer here; while paused the bot says nothing but a throttled "a person
will answer here soon" (channels/common/never_silent.py) until the person hands it back.
When nobody can answer, the conversation is not paused: the bot stays available.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.followup import questions
from diagnosis.language import say

from actions import messages
from actions.account_messages import LOOKED_UP, is_looked_up
from actions.case_history import user_words
from actions.language import remember, reply_language
from chatwoot import HandoffOutcome, handoff_from_metadata
from contracts.metadata import UserHints
from handoff_webhook import Delivery, RetryBudget, WebhookSettings, notify

# Why the person is needed (the notification's "reason").
USER_ASKED = "user_asked"
CAUSES_RAN_OUT = "causes_ran_out"
FIX_DID_NOT_WORK = "fix_did_not_work"  # the error's code settles the cause, and its fix did not help

# The user waits while the team is notified: at most 3 tries within 5 s.
NOTIFY_BUDGET = RetryBudget()
MESSAGES_SENT = 10  # the last messages in the notification

_NOT_TRIED: Any = object()


MAX_CHECK_CHARS = 400  # one account check's line in the summary


def _summary(tracker: Tracker, lang: str) -> str:
    """The handoff summary; every account check the bot made is listed (they are findings
    marked as looked up), however many other findings came after them."""
    findings = list(tracker.get_slot("findings") or [])
    checks = list(dict.fromkeys(f[len(LOOKED_UP) :].strip() for f in findings if is_looked_up(f)))
    said = user_words(tracker)
    tried = list(tracker.get_slot("tried_causes") or [])
    current = tracker.get_slot("cause")
    if current and current != "unknown" and current not in tried:
        tried.append(current)
    summary = messages.handoff_summary(
        said[0] if said else tracker.get_slot("problem_text"),
        tried,
        [f for f in findings if not is_looked_up(f)],
        lang,
        added=said[1:],
    )
    if not checks:
        return summary
    block = [say("account.handoff_checks", lang)] + [
        f"  - {c[: MAX_CHECK_CHARS - 3] + '...' if len(c) > MAX_CHECK_CHARS else c}" for c in checks
    ]
    closing = say("replies.handoff.promise", lang)
    body = _without_closing(summary, lang)
    return "\n".join([body] + block + ([closing] if summary.endswith(closing) else []))


def _without_closing(summary: str, lang: str) -> str:
    """The summary without its closing sentence ("nobody will answer here")."""
    for closing in (say("replies.handoff.promise", lang), say("replies.handoff.promise_no_case", lang)):
        if summary.endswith(closing):
            return summary[: -len(closing)].rstrip()
    return summary


def recent_messages(tracker: Tracker, limit: int = MESSAGES_SENT) -> List[Dict[str, Any]]:
    """The last user and bot messages from tracker.events, oldest first.

    A user's long paste that the channel cut for NLU is sent whole (metadata full_text).
    """
    out: List[Dict[str, Any]] = []
    for event in tracker.events or []:
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = event.get("text")
        if kind == "user":
            text = UserHints.read(event.get("metadata")).full_text or text
        if text:
            out.append({"from": kind, "text": text, "at": event.get("timestamp")})
    return out[-limit:]


def given_answers(tracker: Tracker) -> Dict[str, Any]:
    """The follow-up questions answered so far (the account checks made, among others)."""
    return {qid: tracker.get_slot(qid) for qid in questions().ids() if tracker.get_slot(qid) is not None}


def notify_team(tracker: Tracker, lang: str, reason: str) -> Optional[Delivery]:
    """Send the handoff notification; ``None`` when HANDOFF_WEBHOOK_URL is unset.

    Blocks for at most NOTIFY_BUDGET.total_seconds and never raises.
    """
    settings = WebhookSettings.from_env()
    if settings is None:
        return None
    try:
        fields = dict(
            conversation_id=tracker.sender_id,
            channel=tracker.get_latest_input_channel(),
            language=lang,
            reason=reason,
            problem=tracker.get_slot("problem_text"),
            causes_tried=[
                {"id": c, "title": messages.cause_title(c, "en")} for c in tracker.get_slot("tried_causes") or []
            ],
            findings=list(tracker.get_slot("findings") or []),
            answers=given_answers(tracker),
            summary_text=_without_closing(_summary(tracker, lang), lang),
            messages=recent_messages(tracker),
        )
    except Exception as exc:  # an odd tracker must not break the handoff
        return Delivery(ok=False, error=f"could not read the conversation: {type(exc).__name__}")
    return notify(settings, budget=NOTIFY_BUDGET, **fields)


def open_in_chatwoot(tracker: Tracker, lang: str) -> Optional[HandoffOutcome]:
    """Hand a Chatwoot conversation to the team's agents: the summary as a private
    note, the conversation set open. ``None`` when the conversation did not come from
    Chatwoot or Chatwoot is not configured. Blocks (bounded retries), never raises.
    """
    try:
        note = _without_closing(_summary(tracker, lang), lang)
        return handoff_from_metadata(tracker.latest_message.get("metadata"), note, sender_id=tracker.sender_id)
    except Exception:  # an odd tracker must not break the handoff
        return None


def person_reachable(delivery: Optional[Delivery], chatwoot: Optional[HandoffOutcome] = None) -> bool:
    """Can a person answer this conversation here? Then the bot pauses and says so.

    True when the team's webhook got the notification (HANDOFF_WEBHOOK_URL answered
    2xx): they were told, with a link to the agent view to answer from; or when the
    Chatwoot conversation is now open for the team's agents, who answer in it.
    """
    return (delivery is not None and bool(delivery.ok)) or (chatwoot is not None and bool(chatwoot.ok))


def reach_people(tracker: Tracker, lang: str, reason: str) -> Tuple[Optional[Delivery], Optional[HandoffOutcome]]:
    """Every way to reach a person, tried: the team's webhook and the Chatwoot inbox."""
    return notify_team(tracker, lang, reason), open_in_chatwoot(tracker, lang)


def handoff_text(summary: str, delivery: Optional[Delivery], lang: str, reachable: Optional[bool] = None) -> str:
    """The summary, closed by what is true: a person will answer here, notified,
    notification failed, or nobody connected.

    ``reachable`` defaults to ``person_reachable(delivery)``.
    """
    if reachable is None:
        reachable = person_reachable(delivery)
    if reachable:
        return _without_closing(summary, lang) + "\n" + say("replies.handoff.person_will_answer", lang)
    if delivery is None:
        return summary
    body = _without_closing(summary, lang)
    if delivery.ok:
        return body + "\n" + say("replies.handoff.notified", lang)
    return body + "\n" + say("replies.handoff.notify_failed", lang) + " " + say("replies.handoff.promise", lang)


def handoff_events(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    lang: str,
    reason: str = CAUSES_RAN_OUT,
    delivery: Optional[Delivery] = _NOT_TRIED,
    chatwoot: Optional[HandoffOutcome] = None,
) -> List[Dict[Text, Any]]:
    """Say the summary and who will answer; close the questions; pause when a person
    can answer (``person_reachable``), else keep listening.

    ``delivery``: the notification's outcome when the caller already sent it (off the
    event loop), with ``chatwoot``, the Chatwoot handoff's; otherwise both are tried
    here, blocking for at most a few seconds.
    """
    if delivery is _NOT_TRIED:
        delivery, chatwoot = reach_people(tracker, lang, reason)
    reachable = person_reachable(delivery, chatwoot)
    dispatcher.utter_message(text=handoff_text(_summary(tracker, lang), delivery, lang, reachable))
    events: List[Dict[Text, Any]] = [SlotSet("handed_off", True)]
    if tracker.active_loop_name:
        events += [ActiveLoop(None), SlotSet("requested_slot", None)]
    if reachable:
        events.append(ConversationPaused())
    return events


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        # requests blocks: send from a worker thread so other conversations go on meanwhile.
        loop = asyncio.get_running_loop()
        delivery, chatwoot = await loop.run_in_executor(None, reach_people, tracker, lang, USER_ASKED)
        return remember(tracker, lang) + handoff_events(dispatcher, tracker, lang, USER_ASKED, delivery, chatwoot)
