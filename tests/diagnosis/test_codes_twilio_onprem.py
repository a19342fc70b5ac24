"""Twilio's 63xxx WhatsApp codes and the On-Premises API codes (issue 10, "Providers and wordings").

Each code added to the knowledge classifies to its cause as users paste it:
"Twilio error 630xx: <message>" for Twilio, "(#code) <title>" for the On-Premises
API. The strings are the providers' own (see the `# source:` comment above each
entry in diagnosis/knowledge_base/causes/).
"""
from __future__ import annotations

import pytest

import diagnosis

# (code, message as Twilio writes it, cause)
TWILIO = [
    (63002, "Channel could not find the From address", "number_not_registered"),
    (63006, "Could not format given content for the channel. Please see Channel specific error message "
            "for more information", "invalid_request"),
    (63009, "Channel provider returned an internal service error (HTTP 5xx). Please see Channel specific "
            "error message for more information", "meta_outage"),
    (63011, "Invalid Request: Twilio encountered an error while processing your request", "invalid_request"),
    (63015, "Channel Sandbox can only send messages to phone numbers that have joined the Sandbox",
     "test_number_not_allowed"),
    (63025, "Media already exists", "media_error"),
    (63029, "The receiver failed to download the template", "undeliverable"),
    (63034, "The specified message media exceeds the maximum size limit. You may re-attempt with media of "
            "size 5 MB or less.", "media_too_large"),
    (63037, "Media failed to upload to provider", "media_error"),
]

# (code, title as the On-Premises API writes it, cause)
ON_PREMISES = [
    (400, "Media download error", "media_error"),
    (1004, "Resource already exists", "media_error"),
]


@pytest.mark.parametrize("code,message,cause", TWILIO, ids=[str(c[0]) for c in TWILIO])
def test_twilio_code(code, message, cause):
    r = diagnosis.classify(f"Twilio error {code}: {message}")
    assert r.cause == cause, r.to_dict()
    assert str(code) in r.extracted.codes


@pytest.mark.parametrize("code,title,cause", ON_PREMISES, ids=[str(c[0]) for c in ON_PREMISES])
def test_on_premises_code(code, title, cause):
    r = diagnosis.classify(f"(#{code}) {title}")
    assert r.cause == cause, r.to_dict()


@pytest.mark.parametrize("code,message,cause", TWILIO, ids=[str(c[0]) for c in TWILIO])
def test_twilio_code_is_in_the_knowledge(code, message, cause):
    kb = diagnosis.knowledge()
    assert any(s.provider == "twilio" and s.low <= code <= s.high for s in kb[cause].signals.codes)


def test_bare_http_400_is_not_a_media_error():
    """On-Premises 400 is the media download error only when the text is about media."""
    kb = diagnosis.knowledge()
    entry = [s for s in kb["media_error"].signals.codes if s.provider == "on_premises" and s.low == 400]
    assert entry and entry[0].details_any
    r = diagnosis.classify("Error 400 Bad Request: template name does not exist in the translation")
    assert r.cause != "media_error", r.to_dict()
