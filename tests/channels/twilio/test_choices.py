"""Buttons as numbered choices on Twilio (channels/twilio/choices.py): the text
sent, and the user's "2" or title mapped back to the payload, once."""

from typing import Any, Dict, List

import pytest

from channels.twilio.choices import NumberedChoices, numbered_text
from tests.channels.twilio_webhook import USER, bodies, say

STATUS_BUTTONS = [
    {"title": "Approved", "payload": "approved"},
    {"title": "Pending", "payload": "pending"},
    {"title": "Rejected", "payload": "rejected"},
]


def offer_status_buttons(server: Any, after: str = "start") -> None:
    """The stand-in dialogue answers ``after`` with the status buttons, anything else with text."""

    async def respond(message: Any) -> None:
        if message.text == after:
            response: Dict[str, Any] = {"text": "What is the template's status?", "buttons": list(STATUS_BUTTONS)}
        else:
            response = {"text": "Type a number."}
        await message.output_channel.send_response(message.sender_id, response)

    server.agent.respond = respond


def test_buttons_become_numbered_choices_and_the_number_maps_back(twilio: Any, api: Any) -> None:
    offer_status_buttons(twilio)
    say(twilio, "start")
    assert bodies(api) == [
        "What is the template's status?\n\n1. Approved\n2. Pending\n3. Rejected\n\nReply with a number."
    ]
    say(twilio, "2")
    assert twilio.dialogue()[-1] == "pending"
    assert twilio.agent.messages[-1].metadata["button_title"] == "Pending"

    # The choices applied to that one reply only: a later "2" is just "2".
    say(twilio, "how many per second?", "2")
    assert twilio.dialogue()[-2:] == ["how many per second?", "2"]


@pytest.mark.parametrize(
    "reply, expected", [("3.", "rejected"), (" 1) ", "approved"), ("pending", "pending"), ("7", "7")]
)
def test_choice_by_number_variants_or_title(twilio: Any, reply: str, expected: str) -> None:
    offer_status_buttons(twilio)
    say(twilio, "start")
    say(twilio, reply)
    assert twilio.dialogue()[-1] == expected


def test_a_slash_payload_chosen_by_number_is_neutralised(twilio: Any) -> None:
    async def respond(message: Any) -> None:
        buttons = [{"title": "Restart", "payload": "/restart"}]
        await message.output_channel.send_response(message.sender_id, {"text": "Sure?", "buttons": buttons})

    twilio.agent.respond = respond
    say(twilio, "start")
    say(twilio, "1")
    assert twilio.dialogue()[-1] == "restart"


def test_a_choice_offered_by_one_instance_is_understood_by_another(
    serve: Any, api: Any, fresh_redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Production mode: the offered choices are in Redis (TICKFIX_REDIS_URL here)."""
    from tests.channels.twilio_webhook import make_channel

    monkeypatch.setenv("TICKFIX_REDIS_URL", fresh_redis_url)
    a, b = serve(make_channel(api)), serve(make_channel(api))
    offer_status_buttons(a)
    offer_status_buttons(b)
    say(a, "start")
    assert bodies(api)[-1].startswith("What is the template's status?\n\n1. Approved")
    say(b, "2")
    assert b.dialogue() == ["pending"] and b.agent.messages[-1].metadata["button_title"] == "Pending"
    say(a, "2")  # once only, on either instance
    assert a.dialogue() == ["start", "2"]


def test_numbered_text_with_links_and_without_hint() -> None:
    buttons: List[Dict[str, str]] = [
        {"title": "Docs", "url": "https://developers.facebook.com/docs/whatsapp"},
        {"title": "", "payload": "just a payload"},
    ]
    body, choices = numbered_text("Read this", buttons)
    assert body == "Read this\n\n1. just a payload\n\nDocs: https://developers.facebook.com/docs/whatsapp"
    assert choices == [("just a payload", "just a payload")]


def test_choices_are_per_user_and_forgotten_after_one_reply() -> None:
    choices = NumberedChoices(ttl_seconds=60)
    choices.offer(USER, "Status?", STATUS_BUTTONS)
    assert choices.resolve("whatsapp:+447700900123", "1") == ("1", None)  # someone else
    assert choices.resolve(USER.replace("whatsapp:", ""), "REJECTED") == ("rejected", "Rejected")
    assert choices.resolve(USER, "1") == ("1", None)
