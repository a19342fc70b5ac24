"""Handoff with HANDOFF_WEBHOOK_URL: the user hears "notified" only when the POST succeeded."""

from __future__ import annotations

import json

import pytest

import diagnosis
from diagnosis.language import say

from actions import handoff, messages
from actions.converse import ActionConverse
from actions.handoff import ActionHandoff
from handoff_webhook import SIGNATURE_HEADER, RetryBudget, verify
from tests.handoff_webhook.stand_in import WebhookStandIn

from .conftest import make_tracker, run, slot_events, texts

SECRET = "whsec-action-test-5678"
PHONE = "5511987654321"


@pytest.fixture
def stand_in(monkeypatch):
    server = WebhookStandIn()
    monkeypatch.setenv("HANDOFF_WEBHOOK_URL", server.url)
    monkeypatch.setenv("HANDOFF_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TICKFIX_AGENT_URL", "https://tickfix.example.com")
    monkeypatch.setattr(handoff, "NOTIFY_BUDGET", RetryBudget(base_delay=0.02, total_seconds=3.0))
    yield server
    server.close()


@pytest.fixture
def no_webhook(monkeypatch):
    for name in ("HANDOFF_WEBHOOK_URL", "HANDOFF_WEBHOOK_SECRET", "TICKFIX_AGENT_URL"):
        monkeypatch.delenv(name, raising=False)


def asking_for_a_person(domain, text="talk to a person", lang="en", **slots):
    tracker = make_tracker(
        domain,
        text,
        intent="ask_human",
        slots=dict(
            {
                "language": lang,
                "problem_text": "Error 131047 re-engagement message",
                "tried_causes": ["template_not_approved"],
                "findings": ["The template shows Pending."],
            },
            **slots,
        ),
    )
    tracker.sender_id = PHONE
    tracker.events = [
        {
            "event": "user",
            "text": "my messages fail",
            "timestamp": 1_700_000_000.0,
            "input_channel": "whatsapp",
            "metadata": {},
        },
        {"event": "action", "name": "action_diagnose", "timestamp": 1_700_000_000.5},
        {"event": "bot", "text": "Which error do you see?", "timestamp": 1_700_000_001.0},
        {
            "event": "user",
            "text": "Error 131047",
            "timestamp": 1_700_000_005.0,
            "input_channel": "whatsapp",
            "metadata": {"full_text": "Error 131047 re-engagement message, full paste"},
        },
        {"event": "user", "text": text, "timestamp": 1_700_000_009.0, "input_channel": "whatsapp"},
    ]
    return tracker


def test_notified_when_the_post_succeeded(domain, dispatcher, stand_in):
    events = run(ActionHandoff(), dispatcher, asking_for_a_person(domain), domain)
    said = texts(dispatcher)
    assert "a person will answer you here, in this chat" in said
    assert "nobody will answer here" not in said
    assert "Error 131047" in said and "Pending" in said  # the summary is still shown
    # a person can answer (from the agent view): the bot steps aside
    assert [e["event"] for e in events if e["event"] == "pause"] == ["pause"]
    assert slot_events(events)["handed_off"] is True
    assert len(stand_in.requests) == 1
    request = stand_in.requests[0]
    assert verify(request["body"], request["headers"][SIGNATURE_HEADER], SECRET)
    body = json.loads(request["body"])
    assert (body["conversation_id"], body["channel"], body["language"], body["reason"]) == (
        PHONE,
        "whatsapp",
        "en",
        "user_asked",
    )
    assert body["agent_url"] == f"https://tickfix.example.com/agent/conversations/{PHONE}"
    assert body["summary"]["causes_tried"][0]["id"] == "template_not_approved"
    assert body["summary"]["findings"] == ["The template shows Pending."]
    assert "nobody will answer" not in body["summary"]["text"]
    assert [(m["from"], m["text"]) for m in body["last_messages"]] == [
        ("user", "my messages fail"),
        ("bot", "Which error do you see?"),
        ("user", "Error 131047 re-engagement message, full paste"),
        ("user", "talk to a person"),
    ]


def test_retried_then_notified(domain, dispatcher, stand_in):
    stand_in._script.extend([503, 503])
    run(ActionHandoff(), dispatcher, asking_for_a_person(domain), domain)
    assert len(stand_in.requests) == 3
    assert "a person will answer you here" in texts(dispatcher)


def test_failed_post_is_said_honestly_with_the_old_advice(domain, dispatcher, stand_in, caplog):
    stand_in._script.extend([503, 503, 503])
    events = run(ActionHandoff(), dispatcher, asking_for_a_person(domain), domain)
    said = texts(dispatcher)
    assert "notified" not in said
    assert "the notification didn't go through" in said
    assert said.endswith(say("replies.handoff.promise", "en"))
    assert "NOT delivered" in caplog.text and PHONE not in caplog.text
    assert not any(e["event"] == "pause" for e in events)


def test_without_a_webhook_the_text_is_exactly_as_before(domain, dispatcher, no_webhook):
    tracker = asking_for_a_person(domain)
    events = run(ActionHandoff(), dispatcher, tracker, domain)
    assert not any(e["event"] == "pause" for e in events)  # nobody can answer: the bot stays
    # the first report, then the user's later words (a paste whole), the causes checked
    assert texts(dispatcher) == messages.handoff_summary(
        "my messages fail",
        tracker.get_slot("tried_causes"),
        tracker.get_slot("findings"),
        "en",
        added=["Error 131047 re-engagement message, full paste"],
    )


@pytest.mark.parametrize(
    "lang,text,notified",
    [
        ("es", "quiero hablar con una persona", "una persona te va a responder aquí, en este chat"),
        ("pt", "quero falar com uma pessoa", "uma pessoa vai te responder aqui, neste chat"),
    ],
)
def test_notified_in_the_users_language(domain, dispatcher, stand_in, lang, text, notified):
    run(ActionHandoff(), dispatcher, asking_for_a_person(domain, text, lang=lang), domain)
    assert notified in texts(dispatcher)
    assert json.loads(stand_in.requests[0]["body"])["language"] == lang


def test_out_of_causes_notifies_too(domain, dispatcher, stand_in):
    tracker = make_tracker(
        domain,
        "no",
        intent="deny",
        slots={
            "awaiting": "fix_outcome",
            "cause": "template_not_approved",
            "tried_causes": diagnosis.knowledge().causes(),
            "problem_text": "Template not found",
        },
    )
    events = run(ActionConverse(), dispatcher, tracker, domain)
    assert "a person will answer you here" in texts(dispatcher)
    assert any(e["event"] == "pause" for e in events)
    assert json.loads(stand_in.requests[0]["body"])["reason"] == "causes_ran_out"


@pytest.mark.parametrize(
    "delivery,reachable",
    [
        (None, False),
        (handoff.Delivery(ok=False, error="HTTP 503"), False),
        (handoff.Delivery(ok=True, status=200), True),
    ],
)
def test_a_person_is_reachable_only_when_the_team_got_the_notification(delivery, reachable):
    assert handoff.person_reachable(delivery) is reachable


def test_the_wording_follows_reachability_not_only_the_delivery():
    """handoff_text takes the reachability it is given (for ways beyond the webhook)."""
    summary = messages.handoff_summary("Template not found", [], [], "en")
    reached = handoff.handoff_text(summary, None, "en", reachable=True)
    assert reached.endswith(say("replies.handoff.person_will_answer", "en"))
    assert "nobody will answer" not in reached
    notified_only = handoff.handoff_text(summary, handoff.Delivery(ok=True), "en", reachable=False)
    assert notified_only.endswith(say("replies.handoff.notified", "en"))


@pytest.fixture
def chatwoot(monkeypatch, no_webhook):
    from tests.support.chatwoot_standin import BOT_TOKEN, WEBHOOK_TOKEN, ChatwootStandIn

    server = ChatwootStandIn()
    monkeypatch.setenv("CHATWOOT_URL", server.url)
    monkeypatch.setenv("CHATWOOT_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("CHATWOOT_WEBHOOK_TOKEN", WEBHOOK_TOKEN)
    yield server
    server.close()


def from_chatwoot(domain, text="talk to a person", lang="en"):
    tracker = asking_for_a_person(domain, text, lang=lang)
    tracker.sender_id = "chatwoot:3:41"
    tracker.latest_message["metadata"] = {"chatwoot": {"account_id": 3, "conversation_id": 41}}
    return tracker


def test_a_chatwoot_conversation_is_opened_for_the_team_with_the_summary_as_a_note(domain, dispatcher, chatwoot):
    events = run(ActionHandoff(), dispatcher, from_chatwoot(domain, "quero falar com uma pessoa", "pt"), domain)
    assert chatwoot.status_changes(41) == ["open"]
    [note] = chatwoot.notes(41)
    assert "Error 131047" in note and "Pending" in note
    assert say("replies.handoff.promise", "pt") not in note  # the agent is the one who answers
    assert "uma pessoa vai te responder aqui" in texts(dispatcher)
    assert any(e["event"] == "pause" for e in events)


def test_chatwoot_down_is_said_honestly_and_the_bot_stays(domain, dispatcher, chatwoot, monkeypatch):
    monkeypatch.setenv("CHATWOOT_MAX_ATTEMPTS", "1")
    chatwoot.push((500, {"error": "down"}), (500, {"error": "down"}))
    events = run(ActionHandoff(), dispatcher, from_chatwoot(domain), domain)
    assert chatwoot.status_changes(41) == []
    assert not any(e["event"] == "pause" for e in events)
    assert texts(dispatcher).endswith(say("replies.handoff.promise", "en"))


def test_a_conversation_from_elsewhere_never_touches_chatwoot(domain, dispatcher, chatwoot):
    run(ActionHandoff(), dispatcher, asking_for_a_person(domain), domain)
    assert chatwoot.messages() == [] and chatwoot.status_changes() == []
