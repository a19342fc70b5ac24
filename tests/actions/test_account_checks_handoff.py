"""Every account check the bot made appears in the handoff summary, however many other
findings came after it (the summary lists only the last few of those).

Why: the person taking over must see what the bot already looked up, so they don't ask
the business again or repeat a check.
"""

from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.account import ActionCheckAccount
from actions.account_messages import LOOKED_UP
from actions.diagnose import ActionDiagnose
from actions.failures import ActionReportFailures
from actions.handoff import handoff_events

from .conftest import make_tracker, slot_events, texts

SID = "SM" + "5eed" * 8


def run(action, text, slots, domain, intent="report_problem"):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(domain, text, dict(slots), intent=intent), domain))
    return texts(dispatcher), slot_events(events)


def test_every_check_made_is_in_the_handoff_summary(domain, standin):
    standin.add_message(SID, status="undelivered", error_code=63016)
    standin.add_alert(63032, minutes_ago=0.2)
    slots = {}
    # 1. a pasted 132001: the template looked up
    _, found = run(ActionDiagnose(), "(#132001) Template name (order_update) does not exist in en_US", slots, domain)
    slots.update(found)
    # 2. "check my account": health, number, token, Twilio's error log
    _, found = run(ActionCheckAccount(), "check my account", slots, domain, "check_account")
    slots.update(found)
    # 3. "what went wrong today?": Twilio's error log for today
    _, found = run(ActionReportFailures(), "what went wrong today?", slots, domain, "ask_failures")
    slots.update(findings=found["findings"])
    # 4. a pasted message SID: the message looked up (a new problem: findings start again...)
    before = list(slots["findings"])
    _, found = run(ActionDiagnose(), f"message {SID} did not arrive", slots, domain)
    slots.update(found)
    slots["findings"] = before + slots["findings"]  # ...kept here, as if the checks had been in one problem
    # 5. the token, on a 190
    standin.token_state = "expired"
    _, found = run(ActionDiagnose(), "error 190 invalid OAuth access token", slots, domain)
    slots["findings"] = slots["findings"] + found["findings"]
    # then six answers' findings, more than the summary lists
    slots["findings"] += [f"answer finding {i}" for i in range(6)]
    checks = [f for f in slots["findings"] if f.startswith(LOOKED_UP)]
    assert len(checks) >= 8

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        domain, "a person", slots=dict(slots, problem_text="(#132001) ...", tried_causes=["template_not_approved"])
    )
    handoff_events(dispatcher, tracker, "en", delivery=None)
    summary = texts(dispatcher)
    assert "- Looked up in the account:" in summary
    for check in checks:
        assert check[len(LOOKED_UP) :] in summary, check
    for needle in (
        "APPROVED in en_GB only",
        "Messaging limit: 2,000",
        "Sending: ✅",
        "shows 1 error(s) in the last 24",
        "shows 1 error(s) today",
        f"message {SID}",
        "expired on",
    ):
        assert needle in summary, needle
    assert "answer finding 5" in summary and "answer finding 0" not in summary  # the others: the last 5
    assert summary.rstrip().endswith("paste a new error any time.")  # the closing sentence stays last
    assert LOOKED_UP not in summary and standin.token not in summary


def test_a_failed_check_is_in_the_summary_too(domain, standin):
    standin.delay["templates"] = 8.0
    _, found = run(ActionDiagnose(), "(#132001) Template name (order_update) does not exist in en_US", {}, domain)
    dispatcher = CollectingDispatcher()
    handoff_events(dispatcher, make_tracker(domain, "a person", slots=found), "en", delivery=None)
    assert "I couldn't check your account just now (it didn't answer in time)" in texts(dispatcher)


def test_without_checks_the_summary_is_as_before(domain):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(domain, "a person", slots={"findings": ["a", "b"], "problem_text": "x"})
    handoff_events(dispatcher, tracker, "en", delivery=None)
    assert "Looked up in the account" not in texts(dispatcher)
