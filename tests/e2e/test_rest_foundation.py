"""End to end over REST: the real servers diagnose the first causes and remember them."""

from __future__ import annotations

import uuid

import pytest

from tests.support.servers import RestUser, rasa_server

pytestmark = pytest.mark.e2e


def slot(tracker: dict, name: str):
    return tracker["slots"].get(name)


def test_greeting_says_what_it_does_and_asks_for_the_error(user):
    reply = user.say_text("hi")
    assert "WhatsApp" in reply
    assert "error" in reply.lower()


@pytest.mark.parametrize(
    "text, cause",
    [
        ("(#131047) Re-engagement message", "outside_service_window"),
        (
            "Twilio error 63016: Failed to send freeform message because you are outside the "
            "allowed window. Please use a Template.",
            "outside_service_window",
        ),
        ("the customer last wrote to us 3 days ago and now my reply won't go out", "outside_service_window"),
        ("(#132001) Template name does not exist in the translation", "template_not_approved"),
        ("Gupshup says: Template status invalid", "template_not_approved"),
        ("my template is still pending review and the send fails", "template_not_approved"),
        ("Error 1013: User is not valid", "not_on_whatsapp"),
        ("Twilio 63003 Channel could not find To address", "not_on_whatsapp"),
        ("the customer's number doesn't have WhatsApp at all", "not_on_whatsapp"),
    ],
)
def test_error_or_symptom_sets_the_cause_and_explains_it(user, text, cause):
    import diagnosis

    replies = user.say_text(text)
    assert slot(user.tracker(), "cause") == cause
    title = diagnosis.knowledge()[cause].title
    assert title.lower() in replies.lower()


def test_nonsense_gets_a_request_for_the_exact_error(user):
    reply = user.say_text("qwerty zzzz")
    assert "error" in reply.lower()
    assert slot(user.tracker(), "cause") in (None, "unknown")


def test_conversation_survives_a_server_restart(stack):
    """The SQLite tracker store keeps the conversation across a restart of Rasa."""
    workdir = stack["workdir"]
    db = workdir / f"restart-{uuid.uuid4().hex[:6]}.db"
    first = rasa_server(workdir, stack["action_url"], db).start()
    try:
        user = RestUser(first.health_url.rsplit("/", 1)[0], "restart-user")
        user.say("(#131047) Re-engagement message")
        before = user.tracker()
    finally:
        first.stop()
    second = rasa_server(workdir, stack["action_url"], db).start()
    try:
        user = RestUser(second.health_url.rsplit("/", 1)[0], "restart-user")
        after = user.tracker()
        assert slot(after, "cause") == "outside_service_window"
        texts = [e.get("text") for e in after["events"] if e.get("event") == "user"]
        assert "(#131047) Re-engagement message" in texts
        assert len(after["events"]) >= len(before["events"])
        # and the conversation goes on where it was: the window question is answered
        reply = user.say_text("3 days ago")
        assert "closed" in reply.lower()
    finally:
        second.stop()


def test_the_http_api_needs_the_auth_token_when_one_is_set(stack):
    """make run passes --auth-token when RASA_AUTH_TOKEN is set: the API then refuses strangers."""
    import requests

    workdir = stack["workdir"]
    server = rasa_server(
        workdir, stack["action_url"], workdir / "auth.db", extra_args=["--auth-token", "s3cret-token"]
    ).start()
    try:
        base = server.health_url.rsplit("/", 1)[0]
        RestUser(base, "auth-user").say("hi")  # the channels stay open to users
        url = f"{base}/conversations/auth-user/tracker"
        assert requests.get(url, timeout=30).status_code == 401
        assert requests.get(url, params={"token": "wrong"}, timeout=30).status_code == 401
        ok = requests.get(url, params={"token": "s3cret-token"}, timeout=30)
        assert ok.status_code == 200 and ok.json()["sender_id"] == "auth-user"
    finally:
        server.stop()
