"""The live account checks in the conversation: asked no more when the account answers.

The actions run in-process; the account is the local Graph/Twilio stand-in
(tests/support/graph_account_standin.py), pointed at through the environment.
"""

from __future__ import annotations

import time

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.account import ActionCheckAccount
from actions.account_messages import LOOKED_UP
from actions.diagnose import ActionDiagnose
from actions.handoff import handoff_events
from tests.support.graph_account_standin import EXPIRED, graph_error, health

from .conftest import make_tracker, run, slot_events, texts

PASTE_132001 = "(#132001) Template name (order_update) does not exist in en_US"


def test_132001_names_the_approved_language_and_answers_the_question(domain, dispatcher, standin):
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, PASTE_132001), domain))
    said = texts(dispatcher)
    assert slots["cause"] == "template_not_approved"
    assert slots["template_status"] == "approved"  # not asked
    assert "en_GB" in said and "en_US" in said and "I checked your account" in said
    assert any("en_GB" in f for f in slots["findings"])
    assert standin.token not in said


def test_unset_config_changes_nothing(domain, dispatcher):
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, PASTE_132001), domain))
    assert slots.get("template_status") is None and not slots.get("findings")
    assert "checked your account" not in texts(dispatcher)


def test_a_slow_account_is_said_and_the_question_asked(domain, dispatcher, standin):
    standin.delay["templates"] = 8.0
    start = time.monotonic()
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, PASTE_132001), domain))
    assert time.monotonic() - start < 6.0
    assert slots.get("template_status") is None  # the form asks it
    assert "couldn't check your account" in texts(dispatcher)
    assert "didn't answer in time" in slots["findings"][0]


def test_a_paused_template_is_the_paused_cause(domain, dispatcher, standin):
    paste = "(#132001) Template name (order_update) does not exist in pt_BR"
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, paste), domain))
    assert slots["template_status"] == "paused"
    assert slots["cause"] == "template_paused_or_disabled"
    assert "PAUSED" in texts(dispatcher)


def test_a_template_that_does_not_exist(domain, dispatcher, standin):
    paste = "(#132001) Template name (order_updates) does not exist in en_US"
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, paste), domain))
    assert slots["template_status"] == "not_found"
    assert "no template called *order_updates*" in texts(dispatcher)


def test_190_gets_the_tokens_real_state(domain, dispatcher, standin):
    standin.token_state = "expired"
    paste = (
        '{"error": {"message": "Error validating access token: Session has expired", '
        '"type": "OAuthException", "code": 190, "error_subcode": 463}}'
    )
    slots = slot_events(run(ActionDiagnose(), dispatcher, make_tracker(domain, paste), domain))
    assert slots["cause"] == "auth_failed"
    assert "expired on 2025-11-30 18:00 UTC" in texts(dispatcher)
    assert slots["token_type"] == "temporary"
    assert standin.token not in texts(dispatcher)


def test_190_with_a_token_missing_a_permission(domain, dispatcher, standin):
    standin.debug["scopes"] = ["whatsapp_business_management"]
    slots = slot_events(
        run(ActionDiagnose(), dispatcher, make_tracker(domain, "error 190 invalid OAuth access token"), domain)
    )
    assert slots["cause"] == "auth_failed"
    assert "whatsapp_business_messaging" in texts(dispatcher)
    assert slots["token_type"] == "system_user"


def test_a_twilio_sid_is_looked_up_and_diagnosed(domain, dispatcher, standin):
    sid = "SM" + "c0ffee00" * 4
    standin.add_message(sid, status="undelivered", error_code=63016)
    slots = slot_events(
        run(ActionDiagnose(), dispatcher, make_tracker(domain, f"message {sid} did not arrive"), domain)
    )
    assert "63016" in texts(dispatcher)
    assert slots["cause"] == "outside_service_window"
    assert any(sid in f for f in slots["findings"])


@pytest.mark.parametrize(
    "lang, words",
    [("en", "Messaging limit: 2,000"), ("es", "Límite de mensajes: 2.000"), ("pt", "Limite de mensagens: 2.000")],
)
def test_check_my_account_reports_health_quality_and_limit(domain, standin, lang, words):
    dispatcher = CollectingDispatcher()
    text = {"en": "check my account", "es": "revisa mi cuenta", "pt": "verifica minha conta"}[lang]
    events = run(
        ActionCheckAccount(),
        dispatcher,
        make_tracker(domain, text, slots={"language": lang}, intent="check_account"),
        domain,
    )
    said = texts(dispatcher)
    assert words in said
    assert "✅" in said and ("GREEN" not in said)
    findings = slot_events(events)["findings"]
    # one finding per check made, marked as looked up, its lines as said
    assert findings and all(
        f.startswith(LOOKED_UP) and f[len(LOOKED_UP) :] in said.replace("\n", " ") for f in findings
    )


def test_check_my_account_names_a_blocked_part_and_its_solution(domain, dispatcher, standin):
    standin.number["health_status"] = health(
        overall="BLOCKED",
        waba="BLOCKED",
        waba_errors=[
            {
                "error_code": 141006,
                "error_description": "There is an error with the payment method.",
                "possible_solution": "Add a valid payment method in Business Settings.",
            }
        ],
    )
    standin.number["quality_rating"] = "RED"
    standin.waba["disable_marketing_messages_on_cloud_api"] = True
    run(ActionCheckAccount(), dispatcher, make_tracker(domain, "check my account", intent="check_account"), domain)
    said = texts(dispatcher)
    assert "⛔" in said and "payment method" in said and "Add a valid payment method" in said
    assert "low (red)" in said and "Marketing templates are turned off" in said


def test_check_my_account_with_nothing_set_up(domain, dispatcher):
    events = run(
        ActionCheckAccount(), dispatcher, make_tracker(domain, "check my account", intent="check_account"), domain
    )
    assert "aren't set up" in texts(dispatcher)
    assert not slot_events(events).get("findings")


def test_check_my_account_when_meta_refuses(domain, dispatcher, standin):
    standin.fail["number"] = EXPIRED
    standin.fail["waba"] = graph_error(500, 2, "Service temporarily unavailable")
    run(ActionCheckAccount(), dispatcher, make_tracker(domain, "check my account", intent="check_account"), domain)
    said = texts(dispatcher)
    assert "The number: I couldn't check (the access token I was given was refused)" in said
    assert "temporary problem" in said


def test_the_checks_appear_in_the_handoff_summary(domain, standin):
    d1 = CollectingDispatcher()
    slots = slot_events(run(ActionDiagnose(), d1, make_tracker(domain, PASTE_132001), domain))
    d2 = CollectingDispatcher()
    tracker = make_tracker(
        domain,
        "a person",
        slots={"findings": slots["findings"], "problem_text": PASTE_132001, "tried_causes": ["template_not_approved"]},
    )
    handoff_events(d2, tracker, "en", delivery=None)
    assert "en_GB" in texts(d2)
