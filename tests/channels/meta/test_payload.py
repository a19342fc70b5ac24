"""Reading Meta's webhook JSON (channels/meta/payload.py): what reaches the
dialogue, with which metadata, and what gets a direct reply instead."""

from typing import Any

import pytest

from channels.meta.long_payloads import LongPayloads
from channels.meta.payload import parse_delivery
from channels.meta.settings import WhatsAppConfig
from tests.channels.meta_webhook import (
    PHONE_NUMBER_ID,
    USER,
    delivery,
    msg,
    post,
    say,
    sent_texts,
    tap,
    text,
    value,
)


def test_text_and_its_metadata(whatsapp: Any) -> None:
    m = text("My template message failed with error 131047")
    say(whatsapp, m)
    [message] = whatsapp.agent.messages
    assert message.text == "My template message failed with error 131047"
    assert message.metadata == {
        "channel": "whatsapp",
        "message_id": m["id"],
        "message_type": "text",
        "timestamp": 1795000000,
        "profile_name": "Asha Rao",
        "wa_id": USER,
        "phone_number_id": PHONE_NUMBER_ID,
        "display_phone_number": "15550783881",
        "calling_code": 91,
        "country_code": "IN",
        "time_zone": "Asia/Calcutta",
        "time_zones": ["Asia/Calcutta"],
    }


def test_button_reply_sends_button_id_as_user_text(whatsapp: Any) -> None:
    say(
        whatsapp,
        tap("template_not_approved", "Template not approved", context={"from": "15550783881", "id": "wamid.previous"}),
    )
    assert whatsapp.dialogue() == ["template_not_approved"]
    meta = whatsapp.agent.messages[0].metadata
    assert meta["button_title"] == "Template not approved"
    assert meta["reply_to_message_id"] == "wamid.previous"


def test_list_reply_sends_row_id_as_user_text(whatsapp: Any) -> None:
    m = msg(
        "interactive",
        {"type": "list_reply", "list_reply": {"id": "1k a day", "title": "1K", "description": "1,000 a day"}},
    )
    say(whatsapp, m)
    assert whatsapp.dialogue() == ["1k a day"]


def test_template_quick_reply_button_uses_payload_else_text(whatsapp: Any) -> None:
    with_payload = msg("button", {"payload": "STOP_PROMOS", "text": "Stop promotions"})
    without_payload = msg("button", {"text": "Talk to support"})
    say(whatsapp, with_payload, without_payload)
    assert whatsapp.dialogue() == ["STOP_PROMOS", "Talk to support"]


@pytest.mark.parametrize(
    "kind, content, expected",
    [
        ("image", {"mime_type": "image/jpeg", "sha256": "abc", "id": "1234"}, "I can't read images yet"),
        ("sticker", {"mime_type": "image/webp", "sha256": "abc", "id": "1234", "animated": False}, "stickers"),
        ("document", {"filename": "error.pdf", "mime_type": "application/pdf", "sha256": "x", "id": "9"}, "documents"),
        ("audio", {"mime_type": "audio/ogg; codecs=opus", "sha256": "x", "id": "9", "voice": True}, "voice messages"),
        ("video", {"mime_type": "video/mp4", "sha256": "x", "id": "9"}, "videos"),
        ("location", {"latitude": 19.07, "longitude": 72.87}, "location"),
        ("contacts", [{"name": {"formatted_name": "A"}}], "contact cards"),
        ("reaction", {"message_id": "wamid.x", "emoji": "\U0001f44d"}, "Thanks!"),
        ("unsupported", None, "only read text"),
    ],
)
def test_non_text_messages_get_a_helpful_reply_not_the_dialogue(
    whatsapp: Any, api: Any, kind: str, content: Any, expected: str
) -> None:
    extra = {}
    if kind == "unsupported":
        extra["errors"] = [{"code": 131051, "title": "Message type unknown"}]
    say(whatsapp, msg(kind, content, **extra))
    assert whatsapp.dialogue() == []
    assert len(sent_texts(api)) == 1
    assert expected in sent_texts(api)[0]
    assert api.graph_messages()[0]["to"] == USER


def test_removed_reaction_is_ignored(whatsapp: Any, api: Any) -> None:
    say(whatsapp, msg("reaction", {"message_id": "wamid.x", "emoji": ""}))
    assert whatsapp.dialogue() == [] and api.requests == []


def test_image_with_caption_passes_the_caption_to_dialogue(whatsapp: Any, api: Any) -> None:
    say(whatsapp, msg("image", {"caption": "error 131026 on this one", "mime_type": "image/jpeg", "id": "1"}))
    assert whatsapp.dialogue() == ["error 131026 on this one"]
    texts = sent_texts(api)
    assert "only read the text" in texts[0]
    assert texts[1] == "echo: error 131026 on this one"


def test_status_updates_are_accepted_and_never_reach_dialogue(whatsapp: Any, api: Any, all_logs: Any) -> None:
    statuses = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
        "statuses": [
            {"id": "wamid.a", "status": s, "timestamp": "1795000001", "recipient_id": USER}
            for s in ("sent", "delivered", "read")
        ]
        + [
            {
                "id": "wamid.b",
                "status": "failed",
                "timestamp": "1795000002",
                "recipient_id": USER,
                "errors": [{"code": 131047, "title": "Re-engagement message"}],
            }
        ],
    }
    r = post(whatsapp, delivery(statuses))
    assert r.status_code == 200
    whatsapp.drain()
    assert whatsapp.dialogue() == [] and api.requests == []
    assert any("131047" in rec.getMessage() for rec in all_logs.records)
    assert not any(USER in rec.getMessage() for rec in all_logs.records)


def test_messages_for_another_business_number_are_ignored(whatsapp: Any) -> None:
    v = value([text("hello")])
    v["metadata"]["phone_number_id"] = "999999999999999"
    assert post(whatsapp, delivery(v)).status_code == 200
    whatsapp.drain()
    assert whatsapp.dialogue() == []


def test_username_user_without_phone_number_is_answered_by_bsuid(whatsapp: Any, api: Any) -> None:
    bsuid = "IN.1648738043044942"
    m = {"from_user_id": bsuid, "id": "wamid.bsuid1", "timestamp": "1795000000", "type": "text", "text": {"body": "hi"}}
    v = value([m])
    v["contacts"] = [{"profile": {"name": "Ravi", "username": "@ravi"}, "user_id": bsuid}]
    assert post(whatsapp, delivery(v)).status_code == 200
    whatsapp.drain()
    assert whatsapp.agent.messages[0].sender_id == bsuid
    assert whatsapp.agent.messages[0].metadata["username"] == "@ravi"
    sent = api.graph_messages()[0]
    assert sent["recipient"] == bsuid and "to" not in sent


# ---------------------------------------------------------------------------
# parse_delivery on its own
# ---------------------------------------------------------------------------


def config(**credentials: Any) -> WhatsAppConfig:
    return WhatsAppConfig({"phone_number_id": PHONE_NUMBER_ID, **credentials})


def test_parse_counts_statuses_and_skips_system_messages() -> None:
    v = value([msg("system", {"body": "User changed number"}), text("hi")])
    v["statuses"] = [{"id": "wamid.s", "status": "read", "recipient_id": USER}]
    parsed = parse_delivery(delivery(v), config(), LongPayloads())
    assert [m.text for m in parsed.messages] == ["hi"]
    assert parsed.statuses == 1
    assert parsed.messages[0].typed


def test_other_numbers_are_read_when_not_ignored() -> None:
    v = value([text("hello")])
    v["metadata"]["phone_number_id"] = "999999999999999"
    assert parse_delivery(delivery(v), config(), LongPayloads()).messages == []
    kept = parse_delivery(delivery(v), config(ignore_other_numbers="false"), LongPayloads())
    assert [m.text for m in kept.messages] == ["hello"]


def test_long_payload_token_maps_back_else_falls_back_to_title() -> None:
    long_payloads = LongPayloads()
    payload = "x" * 300
    token = long_payloads.button_id(payload, 200)
    known = parse_delivery(delivery(value([tap(token, "Long")])), config(), long_payloads)
    unknown = parse_delivery(delivery(value([tap("tfx:0123456789abcdef01234567", "Long")])), config(), long_payloads)
    assert known.messages[0].text == payload
    assert unknown.messages[0].text == "Long"
