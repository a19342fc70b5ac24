"""Generated webhook bodies for the fuzz tests (hypothesis strategies).

Why one module: the parser fuzz (test_fuzz_parsers.py) and the route fuzz
(test_fuzz_routes.py) draw from the same bodies: random JSON of any shape; Meta
webhook JSON that is nearly right (every field may instead be a value of the wrong
type); Twilio forms with known and odd fields, repeated fields and odd values;
REST bodies nearly right, and raw bytes. Texts include huge strings, control and
format characters, lone surrogates, emoji and right-to-left script.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List
from urllib.parse import urlencode

from hypothesis import strategies as st

from tests.channels import meta_webhook as meta

# --------------------------------------------------------------------------- texts
EMOJI = ["🙂", "🔥", "🙏🏽", "👩‍💻", "🇧🇷", "\u200d", "\ufe0f"]
ODD_CHARS = ["\x00", "\x1b", "\x7f", "\u202e", "\u200b", "\ufeff", "\ufffd", "\u2028", "ß", "İ", "ﷺ", "مرحبا"]

short_text = st.text(max_size=30)
odd_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(EMOJI + ODD_CHARS), max_size=40).map("".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(500, 12_000)),  # huge
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),
    st.sampled_from(
        ["", " ", "1", "2.", " 3) ", "/restart", '/inform{"cause":"x"}', "(#131047) Re-engagement message"]
    ),
)

# --------------------------------------------------------------------------- any JSON
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    short_text,
    odd_text,
)
any_json = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(short_text, inner, max_size=4)),
    max_leaves=12,
)


def maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly the valid value, sometimes anything at all (a wrong type)."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda ok: valid if ok else any_json)


# --------------------------------------------------------------------------- Meta
WA_IDS = ["919812345610", "15551234567", "5511987654321"]
MESSAGE_TYPES = [
    "text",
    "interactive",
    "button",
    "image",
    "sticker",
    "document",
    "audio",
    "video",
    "reaction",
    "location",
    "contacts",
    "system",
    "unsupported",
    "order",
]

_message_id = st.builds(lambda n: f"wamid.fuzz{n}", st.integers(0, 10**12)) | odd_text
_wa_id = st.sampled_from(WA_IDS) | st.from_regex(r"\A[0-9]{6,15}\Z") | odd_text

meta_message = st.fixed_dictionaries(
    {
        "from": maybe(_wa_id),
        "id": maybe(_message_id),
        "timestamp": maybe(st.just("1795000000")),
        "type": maybe(st.sampled_from(MESSAGE_TYPES)),
    },
    optional={
        "text": maybe(st.fixed_dictionaries({"body": maybe(odd_text)})),
        "interactive": maybe(
            st.fixed_dictionaries(
                {
                    "type": maybe(st.sampled_from(["button_reply", "list_reply", "nfm_reply"])),
                    "button_reply": maybe(st.fixed_dictionaries({"id": maybe(odd_text), "title": maybe(odd_text)})),
                    "list_reply": maybe(st.fixed_dictionaries({"id": maybe(odd_text), "title": maybe(odd_text)})),
                }
            )
        ),
        "button": maybe(st.fixed_dictionaries({"payload": maybe(odd_text), "text": maybe(odd_text)})),
        "image": maybe(st.fixed_dictionaries({"id": short_text}, optional={"caption": maybe(odd_text)})),
        "reaction": maybe(st.fixed_dictionaries({"emoji": maybe(st.sampled_from(EMOJI + [""]))})),
        "context": maybe(st.fixed_dictionaries({"id": maybe(short_text)})),
        "from_user_id": maybe(short_text),
    },
)
meta_contact = st.fixed_dictionaries(
    {"wa_id": maybe(_wa_id)},
    optional={"profile": maybe(st.fixed_dictionaries({"name": maybe(odd_text)})), "user_id": maybe(short_text)},
)
meta_status = st.fixed_dictionaries(
    {
        "id": maybe(_message_id),
        "status": maybe(st.sampled_from(["sent", "delivered", "read", "failed"])),
        "recipient_id": maybe(_wa_id),
    },
    optional={
        "errors": maybe(
            st.lists(st.fixed_dictionaries({"code": maybe(st.integers()), "title": maybe(odd_text)}), max_size=2)
        )
    },
)
meta_value = st.fixed_dictionaries(
    {
        "messaging_product": maybe(st.just("whatsapp")),
        "metadata": maybe(
            st.fixed_dictionaries(
                {
                    "phone_number_id": maybe(st.sampled_from([meta.PHONE_NUMBER_ID, "999"])),
                    "display_phone_number": maybe(st.just("15550783881")),
                }
            )
        ),
    },
    optional={
        "contacts": maybe(st.lists(meta_contact, max_size=2)),
        "messages": maybe(st.lists(meta_message, max_size=3)),
        "statuses": maybe(st.lists(meta_status, max_size=2)),
    },
)
meta_delivery = st.fixed_dictionaries(
    {
        "object": maybe(st.just("whatsapp_business_account")),
        "entry": maybe(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "id": maybe(short_text),
                        "changes": maybe(
                            st.lists(
                                st.fixed_dictionaries(
                                    {
                                        "field": maybe(st.sampled_from(["messages", "account_update"])),
                                        "value": maybe(meta_value),
                                    }
                                ),
                                max_size=2,
                            )
                        ),
                    }
                ),
                max_size=2,
            )
        ),
    }
)


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")  # lone surrogates become \\ud800 escapes: valid JSON


# Raw bodies for the WhatsApp webhook: mostly near-valid JSON, else any JSON or bytes.
whatsapp_raw = st.one_of(
    meta_delivery.map(_dumps),
    meta_delivery.map(_dumps),
    any_json.map(_dumps),
    st.binary(max_size=300),
)

# --------------------------------------------------------------------------- Twilio
TWILIO_FIELDS = [
    "From",
    "To",
    "Body",
    "MessageSid",
    "SmsMessageSid",
    "NumMedia",
    "MediaContentType0",
    "MediaUrl0",
    "MessageType",
    "ButtonPayload",
    "ButtonText",
    "ListId",
    "ListTitle",
    "Latitude",
    "Longitude",
    "WaId",
    "ProfileName",
    "MessageStatus",
    "OriginalRepliedMessageSid",
    "AccountSid",
]
_twilio_value = st.one_of(
    odd_text.map(lambda t: t.encode("utf-8", "replace").decode("utf-8")),  # a form value is UTF-8
    st.sampled_from(
        [
            "whatsapp:+919812345610",
            "whatsapp:+15551234567",
            "0",
            "1",
            "3",
            "-1",
            "x",
            "image/jpeg",
            "image/webp",
            "text/vcard",
            "application/pdf",
            "12.97",
            "77.59",
        ]
    ),
)
twilio_form = st.dictionaries(
    st.one_of(st.sampled_from(TWILIO_FIELDS), short_text.filter(bool)),
    st.lists(_twilio_value, min_size=1, max_size=2),  # a field may come twice
    max_size=10,
)


def encode_form(form: Dict[str, List[str]]) -> bytes:
    return urlencode([(k, v) for k, vs in form.items() for v in vs]).encode("ascii")


# Raw bodies for the Twilio webhook: forms, or bytes that may not even be a form.
twilio_raw = st.one_of(twilio_form.map(encode_form), twilio_form.map(encode_form), st.binary(max_size=300))

# --------------------------------------------------------------------------- REST
rest_payload = st.fixed_dictionaries(
    {"sender": maybe(st.one_of(short_text, st.integers(), odd_text)), "message": maybe(odd_text)},
    optional={"metadata": any_json, "input_channel": maybe(short_text)},
)
rest_raw = st.one_of(rest_payload.map(_dumps), rest_payload.map(_dumps), any_json.map(_dumps), st.binary(max_size=300))
