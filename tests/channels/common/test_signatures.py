"""Webhook signatures (channels/common/signatures.py), checked against Meta's scheme
and Twilio's own SDK."""

import base64
import hashlib
import hmac

from twilio.request_validator import RequestValidator

from channels.common.signatures import meta_signature_valid, twilio_signature, twilio_signature_valid

AUTH_TOKEN = "twilio-auth-token-abcdef"


def test_meta_signature() -> None:
    body = b'{"object":"whatsapp_business_account"}'
    good = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert meta_signature_valid("secret", body, good)
    assert meta_signature_valid("secret", body, " " + good.upper() + " ")  # hex case and spaces
    assert not meta_signature_valid("other", body, good)
    assert not meta_signature_valid("secret", body + b" ", good)
    assert not meta_signature_valid("secret", body, None)
    assert not meta_signature_valid(None, body, good)
    assert not meta_signature_valid("secret", body, "sha256=\u00e9")


def test_twilio_signature_matches_twilios_sdk_and_a_hand_computed_value() -> None:
    url = "https://bot.example.com/webhooks/twilio_whatsapp/webhook"
    params = {"From": "whatsapp:+919812345610", "Body": "", "NumMedia": "1", "To": "whatsapp:+14155238886"}
    expected = base64.b64encode(
        hmac.new(
            AUTH_TOKEN.encode(),
            (url + "Body" + "From" + "whatsapp:+919812345610" + "NumMedia1" + "To" + "whatsapp:+14155238886").encode(),
            hashlib.sha1,
        ).digest()
    ).decode()
    ours = twilio_signature(AUTH_TOKEN, url, {k: [v] for k, v in params.items()})
    assert ours == expected == RequestValidator(AUTH_TOKEN).compute_signature(url, params)


def test_twilio_signature_is_accepted_with_or_without_the_default_port() -> None:
    params = {"Body": ["hi"]}
    for signed, called in [
        ("https://bot.example.com:443/hook", "https://bot.example.com/hook"),
        ("https://bot.example.com/hook", "https://bot.example.com:443/hook"),
        ("http://bot.example.com:80/hook", "http://bot.example.com/hook"),
    ]:
        signature = twilio_signature(AUTH_TOKEN, signed, params)
        assert twilio_signature_valid(AUTH_TOKEN, called, params, signature)
    signature = twilio_signature(AUTH_TOKEN, "https://bot.example.com:8443/hook", params)
    assert not twilio_signature_valid(AUTH_TOKEN, "https://bot.example.com/hook", params, signature)
    assert not twilio_signature_valid(None, "https://bot.example.com/hook", params, signature)
    assert not twilio_signature_valid(AUTH_TOKEN, "https://bot.example.com/hook", params, "")
