"""Sender ids a conversation can be stored under (channels/common/sender_ids.py), and the
three channels that check them: REST answers 400, WhatsApp and Twilio skip the message."""

import json

import pytest

from channels.common.sender_ids import sender_id_problem
from channels.guarded.rest import check_body
from channels.meta.long_payloads import LongPayloads
from channels.meta.payload import parse_delivery
from channels.meta.settings import WhatsAppConfig
from channels.twilio.payload import parse_form
from tests.channels.meta_webhook import delivery, text, value

BAD = {
    "lone surrogate": "\ud800",
    "too long": "9" * 256,
    "NUL": "a\x00b",
    "blank": "  ",
}


def test_good_ids() -> None:
    for good in ("919812345610", "whatsapp:+919812345610", "9" * 255, "José 🙂", "rest-user-1"):
        assert sender_id_problem(good) is None, good


@pytest.mark.parametrize("name", list(BAD))
def test_bad_ids_are_refused_on_every_channel(name: str) -> None:
    bad = BAD[name]
    assert sender_id_problem(bad)
    # json.dumps writes a lone surrogate as a \u escape, as a client may send it
    payload, problem = check_body(('{"sender": %s, "message": "hi"}' % json.dumps(bad)).encode())
    assert payload is None and problem.startswith("`sender`")
    config = WhatsAppConfig({"phone_number_id": "106540352242922"})
    body = delivery(value([text("hi", sender=bad)], wa_id=bad))
    assert parse_delivery(body, config, LongPayloads()).messages == []
    assert parse_form({"From": [bad], "Body": ["hi"]}).messages == []
