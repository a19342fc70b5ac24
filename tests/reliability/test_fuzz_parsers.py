"""The channels' parsers over generated bodies (hypothesis): no exception escapes.

What a webhook route does with a body before the dialogue, step by step as the route
does it, without HTTP: REST (channels/guarded/rest.py check_body, then the 4,096-character cut
and the slash guard), WhatsApp (the signature check, JSON, channels/meta/payload.py
parse_delivery), Twilio (UTF-8, the form, the signature check, channels/twilio/payload.py
parse_form, then the numbered choices). Bodies: tests/reliability/fuzz_bodies.py.

Bounded: a fixed number of examples per parser (TICKFIX_FUZZ_EXAMPLES, 300) and a
deadline per example; about 15 s in all. No stack needed, but it runs with the suite
(`make test-reliability`). A failure prints the example and how to reproduce it.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.common.input_limits import clip
from channels.common.sender_ids import sender_id_problem
from channels.common.signatures import meta_signature_valid, twilio_signature, twilio_signature_valid
from channels.common.slash_guard import neutralise
from channels.guarded.rest import check_body
from channels.meta.long_payloads import LongPayloads
from channels.meta.payload import parse_delivery
from channels.meta.settings import WhatsAppConfig
from channels.twilio.choices import NumberedChoices
from channels.twilio.payload import parse_form
from tests.channels import meta_webhook as meta
from tests.reliability import fuzz_bodies as bodies

pytestmark = pytest.mark.reliability

EXAMPLES = int(os.environ.get("TICKFIX_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=2000,  # ms per example: a parser that hangs on a body fails
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
CONFIG = WhatsAppConfig(
    {
        "access_token": meta.TOKEN,
        "phone_number_id": meta.PHONE_NUMBER_ID,
        "app_secret": meta.APP_SECRET,
        "verify_token": meta.VERIFY_TOKEN,
    }
)
TWILIO_TOKEN = "twilio-auth-token-abcdef"
TWILIO_URL = "https://bot.example.com/webhooks/twilio_whatsapp/webhook"
BUTTONS = [{"title": "Approved", "payload": "approved"}, {"title": "Rejected", "payload": "rejected"}]


def _check_messages(messages: List[Any]) -> None:
    for m in messages:
        assert isinstance(m.sender_id, str) and sender_id_problem(m.sender_id) is None
        assert m.text is None or isinstance(m.text, str)
        assert m.reply is None or isinstance(m.reply, str)
        assert m.text is not None or m.reply is not None
        assert isinstance(m.metadata, dict)
        if m.text is not None:
            neutralise(clip(m.text))


@FUZZ
@given(raw=bodies.rest_raw)
def test_rest_body_checks(raw: bytes) -> None:
    payload, problem = check_body(raw)
    assert (payload is None) != (problem is None)
    if payload is not None:
        assert isinstance(payload["message"], str)
        assert sender_id_problem(str(payload["sender"])) is None  # storable: see sender_ids
        clipped = neutralise(clip(payload["message"]))
        assert isinstance(clipped, str) and len(clipped) <= 4096
    else:
        assert isinstance(problem, str) and problem


@FUZZ
@given(raw=bodies.whatsapp_raw, header=st.one_of(st.none(), st.text(max_size=80)))
def test_whatsapp_signature_json_and_parse_delivery(raw: bytes, header: Any) -> None:
    assert meta_signature_valid(meta.APP_SECRET, raw, meta.sign(raw))
    meta_signature_valid(meta.APP_SECRET, raw, header)  # any header: True or False, no exception
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return  # the route answers 400
    delivery = parse_delivery(payload, CONFIG, LongPayloads())
    assert isinstance(delivery.statuses, int)
    _check_messages(delivery.messages)


@FUZZ
@given(payload=bodies.meta_delivery)
def test_whatsapp_parse_delivery_on_near_valid_json(payload: Dict[str, Any]) -> None:
    _check_messages(parse_delivery(payload, CONFIG, LongPayloads()).messages)


@FUZZ
@given(raw=bodies.twilio_raw, header=st.one_of(st.none(), st.text(max_size=80)), reply=bodies.odd_text)
def test_twilio_form_signature_parse_form_and_choices(raw: bytes, header: Any, reply: str) -> None:
    try:
        form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return  # the route answers 400
    signature = twilio_signature(TWILIO_TOKEN, TWILIO_URL, form)
    assert twilio_signature_valid(TWILIO_TOKEN, TWILIO_URL, form, signature)
    twilio_signature_valid(TWILIO_TOKEN, TWILIO_URL, form, header)
    delivery = parse_form(form)
    _check_messages(delivery.messages)
    choices = NumberedChoices(60)
    for m in delivery.messages:
        choices.offer(m.sender_id, "Status?", BUTTONS)
        text, title = choices.resolve(m.sender_id, m.text or reply)
        assert isinstance(text, str) and title in (None, "Approved", "Rejected")


@FUZZ
@given(form=bodies.twilio_form)
def test_twilio_parse_form_on_odd_fields(form: Dict[str, List[str]]) -> None:
    _check_messages(parse_form(form).messages)
