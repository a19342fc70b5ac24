"""The fix didn't help, so move to the next most likely cause (or to a person).

Next means: the classifier's other candidates first, then the causes the knowledge
says are easily confused with this one. After a few causes, or when none is left, a
person is better help than another guess: hand off. The answers already given stay:
the next cause's questions that they answer are not asked again.
"""

from __future__ import annotations

from typing import Any, Collection, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.conversation.triage import template_only_causes
from diagnosis.language import has, say
from diagnosis.text import fold

from actions import messages
from actions.case_history import said_before
from actions.handoff import FIX_DID_NOT_WORK, handoff_events
from actions.slots import as_events, given_answers, resets, work_on

# Causes tried before a person takes over instead of another guess.
MAX_CAUSES_TRIED = 3


def next_cause(
    tracker: Tracker, normal_message: bool = False, wrote: bool = False, ruled_out: Collection[str] = ()
) -> Optional[str]:
    """The next cause to work on, or None when a person should take over.

    normal_message: the failed message is known to be a normal one (also read from the
    tracker): causes that only concern templates are left out. wrote: the customer is
    known to have written to the business (also read from the tracker). ruled_out: causes an
    answer excluded ("there's no file, it's just text": the media causes)."""
    tried = set(tracker.get_slot("tried_causes") or [])
    if len(tried) >= MAX_CAUSES_TRIED:
        return None
    current = tracker.get_slot("cause")
    entry = diagnosis.knowledge().get(current or "")
    pool = list(tracker.get_slot("candidates") or [])
    pool += list(entry.confused_with) if entry else []
    if current in NO_ERROR_CAUSES and entry is not None:
        pool = list(entry.confused_with)  # one tick, no error: an error's cause is not next
    # a normal message that failed: the template causes don't apply
    skip = template_only_causes() if normal_message or failed_message_is_normal(tracker) else frozenset()
    # they wrote from that number, or "ele conversa normal com a gente": on WhatsApp, and not blocking
    if wrote or customer_wrote(tracker) or tracker.get_slot("undeliverable_reason") == "chats_fine":
        skip = skip | WROTE_RULES_OUT
    skip = skip | frozenset(ruled_out)
    for cause in pool:
        if cause not in tried and cause != current and cause in diagnosis.knowledge() and cause not in skip:
            return cause
    return None


# Causes of a message that went out with no error (one tick): what comes next after them is
# only what they are confused with, never a cause that fails with an error.
NO_ERROR_CAUSES = frozenset({"pending_delivery"})
# The causes of a failed file; a message with no file is none of them.
MEDIA_CAUSES = frozenset({"media_error", "media_too_large"})
# A customer who has written to the business is on WhatsApp and had not blocked it.
WROTE_RULES_OUT = frozenset({"not_on_whatsapp", "blocked_by_recipient"})


def window_code_note(tracker: Tracker, asked_cause: str, lang: str) -> Optional[str]:
    """ "so why did twilio give me 63016 then??" while the time given leaves the window open:
    what is off (the number written to, or the zone), not the code's definition again."""
    if asked_cause != "outside_service_window" or tracker.get_slot("cause") != asked_cause:
        return None
    return say("time.window.code_says_closed", lang) if window_open(tracker) else None


def window_open(tracker: Tracker) -> bool:
    """The time given for the customer's last message leaves the window open."""
    last = tracker.get_slot("last_customer_message")
    return isinstance(last, dict) and bool(last.get("window_open"))


def customer_wrote(tracker: Tracker) -> bool:
    """The customer has written to the business (a time was given for their last message)."""
    last = tracker.get_slot("last_customer_message")
    return isinstance(last, dict) and not last.get("never") and bool(last.get("last_message_at"))


def failed_message_is_normal(tracker: Tracker) -> bool:
    """The user said the message was a normal one, or the 24-hour window was worked out for it
    (the window only concerns normal messages)."""
    return tracker.get_slot("message_kind") == "normal" or isinstance(tracker.get_slot("last_customer_message"), dict)


# Causes whose code leaves the reason open: when their fix fails, the next cause is the reason.
# The window too: its fix is a template, and a template that fails fails with its own error.
OPEN_CAUSES = frozenset({"undeliverable", "pending_delivery", "unknown", "outside_service_window"})
# How sure the code alone must be of its cause to settle it.
SETTLED_CONFIDENCE = 0.9
WORDING_SETTLES = 0.7  # the cause's own words after its fix: this sure, the cause stands


def code_that_settles(problem_text: str, current: str, open_too: bool = False) -> str:
    """The error code in the user's report that means `current` by itself ("131042": billing),
    or "": when such a code still comes after the fix, another cause is not the answer.
    open_too: read the codes of the causes whose fix failing points elsewhere too."""
    if (current in OPEN_CAUSES and not open_too) or not problem_text:
        return ""
    for code in diagnosis.classify(problem_text).extracted.codes:
        alone = diagnosis.classify(f"Error code {code}")
        if alone.cause == current and alone.confidence >= SETTLED_CONFIDENCE:
            return code
    return ""


def _wording_that_settles(text: str, current: str, lang: str) -> str:
    """ "continua dando Recipient phone number not in allowed list": the cause's own error
    wording after its fix, as sure as a code ("" when the words are not that sure)."""
    if not text or current in OPEN_CAUSES:
        return ""
    result = diagnosis.classify(text)
    if result.cause == current and result.confidence >= WORDING_SETTLES and not result.extracted.codes:
        return say("replies.that_error", lang)
    return ""


def move_to_next_cause(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
    lang: str,
    ruled_out: Collection[str] = (),
) -> List[Dict[Text, Any]]:
    """Events that start work on the next cause, or hand off when none is left. ruled_out:
    causes the user's words excluded (no file at all: the media causes)."""
    current = tracker.get_slot("cause") or "unknown"
    latest = (tracker.latest_message or {}).get("text") or ""
    if current == "outside_service_window" and code_that_settles(latest, current, open_too=True):
        # "mandei o template e ainda dá 131047": that code comes only from free-form messages
        dispatcher.utter_message(
            text=say("replies.window_code_after_template", lang), buttons=messages.solved_buttons(lang)
        )
        return [SlotSet("next_step", "listen")]
    window = current == "outside_service_window" and window_open(tracker)
    code = code_that_settles(tracker.get_slot("problem_text") or "", current, open_too=window)
    code = code or code_that_settles(latest, current) or _wording_that_settles(latest, current, lang)
    said = say("time.window.code_says_closed", lang)
    if window and code and not said_before(tracker, said):
        # 131047 although the time given leaves the window open: the number written to or the
        # zone is what is off (said once; the next "still failing" goes to a person)
        dispatcher.utter_message(text=said, buttons=messages.solved_buttons(lang))
        return [SlotSet("next_step", "listen")]
    if code:  # 131042 still after a new card: still billing, and a person can see the account
        title = say(f"causes.{current}.title", lang)
        key = f"causes.{current}.still_failing"  # what is still worth checking, where the cause says
        check = say(key, lang) if has(key) else say("replies.same_code_takes_a_while", lang)
        dispatcher.utter_message(text=say("replies.same_code_still", lang, code=code, title=title, check=check))
        return [SlotSet("next_step", "listen")] + handoff_events(dispatcher, tracker, lang, reason=FIX_DID_NOT_WORK)
    check_key = f"causes.{current}.still_failing"
    check = say(check_key, lang) if has(check_key) and not ruled_out else ""
    if check and not said_before(tracker, check):
        # "ya cambié la tarjeta y sigue igual": one more check of this cause before the next
        dispatcher.utter_message(text=check, buttons=messages.solved_buttons(lang))
        return [SlotSet("next_step", "listen")]
    cause = next_cause(tracker, normal_message=bool(ruled_out), ruled_out=ruled_out)
    if cause is None:
        dispatcher.utter_message(text=say("replies.out_of_causes", lang))
        return [SlotSet("next_step", "listen")] + handoff_events(dispatcher, tracker, lang)
    remaining = [c for c in (tracker.get_slot("candidates") or []) if c != cause and c not in ruled_out]
    tried = list(tracker.get_slot("tried_causes") or [])
    dispatcher.utter_message(text=messages.next_cause_intro(current, cause, lang))
    values = work_on(cause, 0.5, remaining, tried, domain, answers=given_answers(tracker, domain))
    values["findings"] = list(tracker.get_slot("findings") or [])
    return as_events(values, tracker)


def next_campaign_group(tracker: Tracker, named: str = "") -> Optional[Tuple[str, Optional[int], bool]]:
    """(cause, failed count, named) of a campaign's next failure group not worked on yet, when
    the report was a campaign with two groups or more (an export, or "900 failed w/ 131049 and
    312 with 131050"); None otherwise. `named`: the user's words, when they name one of the
    groups left ("y el del rate limit?"): that group, with named True."""
    from diagnosis.campaign.export import read_export
    from diagnosis.campaign.report import failures_by_cause, mentions_campaign

    report = tracker.get_slot("problem_text") or ""
    export = read_export(report)
    if export is None and not mentions_campaign(report):
        return None  # two errors of one report (a test send, a code and its detail): no groups
    groups: Dict[str, Optional[int]] = dict(export.counts()) if export is not None else failures_by_cause(report)
    if len(groups) < 2:
        return None
    tried = set(tracker.get_slot("tried_causes") or []) | {tracker.get_slot("cause")}
    left = sorted((c for c in groups if c not in tried), key=lambda c: -(groups[c] or 0))
    if not left:
        return None
    said = _group_named(named, left, export.codes if export is not None else {}) if named else None
    if said is not None:
        return said, groups[said], True
    return left[0], groups[left[0]], False


def _group_named(text: str, left: List[str], codes: Dict[str, List[str]]) -> Optional[str]:
    """The group left that the words name: by its code ("y los 131050?"), its short name in any
    language ("and the marketing opt-out ones?"), its ID in words ("the rate limit one"), or the
    classifier's reading of the words."""
    folded = " " + fold(text) + " "
    for cause in left:
        names = {fold(say(f"causes.{cause}.short", lang)) for lang in ("en", "es", "pt")} | {cause.replace("_", " ")}
        if any(f" {code} " in folded for code in codes.get(cause, [])) or any(f" {n} " in folded for n in names):
            return cause
    said = diagnosis.classify(text).cause
    return said if said in left else None


def take_up_group(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
    cause: str,
    count: Optional[int],
    lang: str,
    after_success: bool = True,
) -> List[Dict[Text, Any]]:
    """Events that start work on a campaign's next failure group."""
    short = say(f"causes.{cause}.short", lang)
    key = "replies.next_group" if after_success else "replies.next_group_asked"
    suffix = "_one" if count == 1 else "" if count else "_no_count"  # "the one that failed", not "the 1"
    dispatcher.utter_message(text=say(key + suffix, lang, count=count, short=short))
    values = work_on(cause, 1.0, [], list(tracker.get_slot("tried_causes") or []), domain, answers={"campaign": "yes"})
    values["findings"] = []
    return resets(tracker, "awaiting", "misses") + as_events(values, tracker)
