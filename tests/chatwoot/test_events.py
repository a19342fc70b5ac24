"""chatwoot.events: only a contact's message in a conversation the bot still holds is answered."""

from typing import Any

import pytest

from chatwoot.events import ChatwootMessage, Ignored, message_type, parse_event
from tests.support.chatwoot_standin import message_created, option_picked, person


def answered(payload: Any, account_id: Any = None) -> ChatwootMessage:
    parsed = parse_event(payload, account_id)
    assert isinstance(parsed, ChatwootMessage), parsed
    return parsed


def test_a_contacts_text_in_a_pending_conversation() -> None:
    m = answered(
        message_created(
            "  (#131047) Re-engagement message ",
            conversation=10,
            account=3,
            message_id=77,
            phone_number="+5511987654321",
        )
    )
    assert m.ref.sender_id == "chatwoot:3:10"
    assert (m.text, m.message_id, m.typed, m.chosen) == ("(#131047) Re-engagement message", "77", True, None)
    assert (m.inbox_id, m.inbox_channel, m.contact_id, m.contact_name) == ("1", "Channel::Api", "14", "Asha Rao")
    assert m.phone_number == "+5511987654321"
    assert m.dedupe_key == "chatwoot:3:77"


@pytest.mark.parametrize("kind", ["incoming", "INCOMING", 0, "0"])
def test_incoming_as_name_or_number(kind: Any) -> None:
    assert answered(message_created("hi", message_type=kind)).text == "hi"


@pytest.mark.parametrize(
    "payload, reason",
    [
        (message_created("my reply", message_type="outgoing", sender_type="user"), "outgoing message"),
        (message_created("bot's own", message_type=1, sender_type="agent_bot"), "outgoing message"),
        (message_created("assigned", message_type=2), "activity message"),
        (message_created("template", message_type=3), "template message"),
        (message_created("?", message_type="weird"), "unknown message"),
        (message_created("note", private=True), "private note"),
        (message_created("hi", sender_type="user"), "not from the contact"),
        (message_created("hi", status="open"), "conversation is open"),
        (message_created("hi", status="resolved"), "conversation is resolved"),
        (message_created("hi", status="snoozed"), "conversation is snoozed"),
        (message_created("hi", assignee=person()), "a person is assigned"),
        (message_created("hi", event="conversation_created"), "event 'conversation_created'"),
        (message_created("hi", event="message_updated"), "message update"),
        (dict(message_created("hi"), account={}), "no account id"),
        (dict(message_created("hi"), id=None), "no message id"),
        (dict(message_created("hi"), conversation={"status": "pending"}), "no conversation id"),
        ([], "not a JSON object"),
        ("text", "not a JSON object"),
    ],
)
def test_everything_else_is_ignored(payload: Any, reason: str) -> None:
    assert parse_event(payload) == Ignored(reason)


def test_a_bot_assignee_does_not_stop_the_bot() -> None:
    bot = {"id": 2, "name": "Tickfix", "type": "agent_bot"}
    assert answered(message_created("hi", assignee=bot)).text == "hi"


def test_an_assignee_id_alone_counts_as_a_person() -> None:
    payload = message_created("hi")
    payload["conversation"]["meta"] = {}
    payload["conversation"]["assignee_id"] = 5
    assert parse_event(payload) == Ignored("a person is assigned")


def test_the_configured_account_only() -> None:
    assert answered(message_created("hi", account=3), account_id="3").ref.account_id == "3"
    assert parse_event(message_created("hi", account=4), account_id="3") == Ignored("another account")


def test_a_widget_option_pick_is_the_options_value() -> None:
    m = answered(option_picked("No, still failing", "no, still failing", message_id=501, conversation=10))
    assert m.chosen == ("No, still failing", "no, still failing") and not m.typed
    assert m.text is None
    assert m.dedupe_key == "chatwoot:3:501:selected"


def test_submitted_values_on_an_incoming_message() -> None:
    m = answered(
        message_created(
            "Approved", content_attributes={"submitted_values": [{"title": "Approved", "value": "approved"}]}
        )
    )
    assert m.chosen == ("Approved", "approved")


def test_attachments_and_empty_content() -> None:
    m = answered(message_created(None, attachments=[{"id": 1, "file_type": "image", "data_url": "https://x/y.png"}]))
    assert (m.text, m.attachments) == (None, ("image",))
    assert answered(message_created("   ")).text is None


def test_the_widgets_browser_language_is_the_locale() -> None:
    assert answered(message_created("hola", channel="Channel::WebWidget")).locale == "en"


def test_message_type_names() -> None:
    assert [message_type(v) for v in (0, 1, 2, 3, 4, "outgoing", True, None)] == [
        "incoming",
        "outgoing",
        "activity",
        "template",
        None,
        "outgoing",
        None,
        None,
    ]
