"""Reading Twilio's webhook form (channels/twilio/payload.py): template buttons,
media, captions and locations."""

from typing import Any

import pytest

from channels.twilio.payload import media_kind_from_content_type, parse_form
from tests.channels.twilio_webhook import SID, bodies, form, post


def test_template_quick_reply_button_payload(twilio: Any) -> None:
    fields = form("Stop promotions", MessageType="button", ButtonText="Stop promotions", ButtonPayload="STOP_PROMOS")
    assert post(twilio, fields).status_code == 200
    twilio.drain()
    assert twilio.dialogue() == ["STOP_PROMOS"]
    assert twilio.agent.messages[0].metadata["button_title"] == "Stop promotions"


def test_media_only_message_gets_a_helpful_reply(twilio: Any, api: Any) -> None:
    fields = form(
        "",
        NumMedia="1",
        MessageType="image",
        MediaContentType0="image/jpeg",
        MediaUrl0=f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages/MM1/Media/ME1",
    )
    # the blank Body is part of what Twilio signs
    assert post(twilio, fields).status_code == 200
    twilio.drain()
    assert twilio.dialogue() == []
    assert len(bodies(api)) == 1 and "I can't read images yet" in bodies(api)[0]


def test_media_with_caption_reads_the_caption(twilio: Any, api: Any) -> None:
    fields = form("error 131026", NumMedia="1", MediaContentType0="image/png", MediaUrl0="https://x/y")
    post(twilio, fields)
    twilio.drain()
    assert twilio.dialogue() == ["error 131026"]
    assert "only read the text" in bodies(api)[0]


def test_voice_note_and_location(twilio: Any, api: Any) -> None:
    post(twilio, form("", NumMedia="1", MediaContentType0="audio/ogg", MediaUrl0="https://x/a"))
    post(twilio, form("", Latitude="19.07", Longitude="72.87", MessageType="location"))
    twilio.drain()
    assert twilio.dialogue() == []
    texts = bodies(api)
    assert "voice messages" in texts[0] and "location" in texts[1]


@pytest.mark.parametrize(
    "content_type, kind",
    [
        ("image/jpeg", "image"),
        ("image/webp", "sticker"),
        ("audio/ogg", "audio"),
        ("video/mp4", "video"),
        ("text/vcard", "contacts"),
        ("application/pdf", "document"),
        ("", "default"),
        (None, "default"),
    ],
)
def test_media_kind_from_content_type(content_type: Any, kind: str) -> None:
    assert media_kind_from_content_type(content_type) == kind


def test_parse_form_on_its_own() -> None:
    def parsed(**fields: str) -> Any:
        return parse_form({k: [v] for k, v in fields.items()})

    status = parsed(MessageSid="SM1", MessageStatus="delivered", From="whatsapp:+14155238886")
    assert status.messages == [] and status.statuses == 1
    assert parsed(Body="hello").messages == []  # no sender
    assert parsed(From="whatsapp:+919812345610", Body="").messages == []  # nothing in it
    [typed] = parsed(From="whatsapp:+919812345610", Body=" 2 ", WaId="919812345610").messages
    assert typed.text == "2" and typed.typed and typed.metadata["country_code"] == "IN"
    [listed] = parsed(From="whatsapp:+919812345610", ListId="row-2", ListTitle="Pending").messages
    assert listed.text == "row-2" and not listed.typed and listed.metadata["button_title"] == "Pending"
