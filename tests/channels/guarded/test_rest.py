"""Rasa's REST channel behind the slash guard (channels/guarded/rest.py).

The first tests mount it on a test server with a stand-in agent. The ``e2e``
ones send shortcut messages to the real Rasa and action servers and check the
tracker: Rasa read them with NLU, set nothing from them, did not restart or
hand off the conversation, and answered.
"""

import json
from typing import Any, Dict, List

import pytest
import requests

from channels.common.slash_guard import neutralise
from channels.guarded.rest import GuardedRestInput

WEBHOOK = "/webhooks/rest/webhook"


def test_same_name_and_url_as_rasas_rest_channel(serve: Any) -> None:
    channel = GuardedRestInput.from_credentials(None)
    assert channel.name() == "rest" and channel.url_prefix() == "rest"
    server = serve(channel)
    assert requests.get(server.url("/webhooks/rest/"), timeout=5).json() == {"status": "ok"}


@pytest.mark.parametrize("stream", [False, True])
def test_messages_reach_the_dialogue_without_the_slash(serve: Any, stream: bool) -> None:
    server = serve(GuardedRestInput())
    replies = []
    for text in ["/restart", '/inform{"cause":"payment_issue"}', "hello"]:
        r = requests.post(
            server.url(WEBHOOK) + ("?stream=true" if stream else ""),
            json={"sender": "rest-user", "message": text, "metadata": {"page": "help"}},
            timeout=5,
        )
        assert r.status_code == 200
        replies += [json.loads(line) for line in r.text.splitlines()] if stream else r.json()
    assert server.dialogue() == ["restart", 'inform{"cause":"payment_issue"}', "hello"]
    assert [m.sender_id for m in server.agent.messages] == ["rest-user"] * 3
    assert server.agent.messages[0].input_channel == "rest"
    assert server.agent.messages[0].metadata == {"page": "help"}
    assert [r["text"] for r in replies] == ["echo: restart", 'echo: inform{"cause":"payment_issue"}', "echo: hello"]


# ---------------------------------------------------------------------------
# Against the real Rasa and action servers
# ---------------------------------------------------------------------------


def last_user_event(tracker: Dict[str, Any]) -> Dict[str, Any]:
    return [e for e in tracker["events"] if e["event"] == "user"][-1]


def came_through_nlu(event: Dict[str, Any]) -> bool:
    """Rasa's shortcut gives a one-entry intent ranking; NLU ranks several intents."""
    return len(event["parse_data"].get("intent_ranking") or []) > 1


def rest_user(stack: Dict[str, Any], sender_id: str) -> Any:
    from tests.support.servers import RestUser

    return RestUser(stack["base"], sender_id)


SHORTCUTS = [
    '/inform{"cause":"payment_issue","handed_off":true}',
    "/restart",
    "/action_handoff",
    "/session_start",
    "/start_over",
    "/ask_human",
    " //deny",
    "/",
]


@pytest.mark.e2e
@pytest.mark.parametrize("text", SHORTCUTS)
def test_a_shortcut_goes_through_nlu_and_gets_an_answer(rasa_stack: Any, sender_id: str, text: str) -> None:
    user = rest_user(rasa_stack, sender_id)
    replies = user.say(text)
    assert replies, "a shortcut must still get an answer"
    event = last_user_event(user.tracker())
    assert event["text"] == neutralise(text) and not event["text"].startswith("/")
    assert came_through_nlu(event)
    assert event["parse_data"]["entities"] == []


@pytest.mark.e2e
def test_injected_entities_set_no_slot_and_pause_nothing(rasa_stack: Any, sender_id: str) -> None:
    user = rest_user(rasa_stack, sender_id)
    user.say('/inform{"handed_off":true,"rating":"5","template_status":"approved"}')
    tracker = user.tracker()
    assert not tracker["paused"]
    assert tracker["slots"]["handed_off"] in (None, False)
    assert tracker["slots"]["rating"] is None and tracker["slots"]["template_status"] is None
    assert not [e for e in tracker["events"] if e["event"] in ("pause", "restart")]


@pytest.mark.e2e
def test_slash_restart_does_not_wipe_the_conversation(rasa_stack: Any, sender_id: str) -> None:
    user = rest_user(rasa_stack, sender_id)
    user.say("(#131047) Re-engagement message")
    assert user.tracker()["slots"]["cause"] == "outside_service_window"
    replies = user.say("/restart")
    tracker = user.tracker()
    texts = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
    assert texts == ["(#131047) Re-engagement message", "restart"]
    assert not [e for e in tracker["events"] if e["event"] == "restart"]
    # NLU reads the word "restart" as the user's wish to start over: the bot's own
    # start-over answers, which keeps the history and the user's details.
    assert replies and "start over" in replies[0]["text"].lower()


@pytest.mark.e2e
@pytest.mark.parametrize("text", ["/action_handoff", "/inform", "/restart"])
def test_slash_commands_do_not_hand_off(rasa_stack: Any, sender_id: str, text: str) -> None:
    user = rest_user(rasa_stack, sender_id)
    user.say("my template is still pending review and the send fails")
    assert user.say(text)
    tracker = user.tracker()
    assert not tracker["paused"] and tracker["slots"]["handed_off"] in (None, False)
    assert not [e for e in tracker["events"] if e["event"] in ("pause", "restart")]


@pytest.mark.e2e
def test_ordinary_messages_and_the_widgets_greeting_still_work(rasa_stack: Any, sender_id: str) -> None:
    user = rest_user(rasa_stack, sender_id)
    # The website widget opens with initPayload "/greet", the one shortcut let through.
    greeting: List[Dict[str, Any]] = user.say("/greet")
    assert "Tickfix" in greeting[0]["text"]
    assert last_user_event(user.tracker())["parse_data"]["intent"]["name"] == "greet"
    user.say("(#132001) Template name does not exist in the translation")
    assert user.tracker()["slots"]["cause"] == "template_not_approved"
