"""Codes filed anew or added with the grown vocabulary (issue 10, ../shared/causes.md).

Each code classifies to its cause both as a Graph API error body and as a bare
"(#code) title" line; 133004 no longer falls in number_not_registered's range.
"""

from __future__ import annotations

import json

import pytest

import diagnosis

# (code, title as pasted, details, cause)
CODES = [
    (
        130403,
        "Unable to deliver the message",
        "Unable to deliver the message. This business has blocked the end user on WhatsApp",
        "business_blocked_user",
    ),
    (
        131030,
        "Recipient phone number not in allowed list",
        "Recipient phone number not in allowed list: add it to the recipient list",
        "test_number_not_allowed",
    ),
    (133004, "Server temporarily unavailable", "Server temporarily unavailable", "meta_outage"),
    (2494100, "Phone number in maintenance", "The phone number is in maintenance", "meta_outage"),
    (131062, "Invalid request", "The request is not valid", "invalid_request"),
    (134100, "Invalid request", "The request is not valid", "invalid_request"),
    (137000, "Identity key hash mismatch", "Identity key hash mismatch", "invalid_request"),
    (132008, "Template parameter issue", "Template parameter value not allowed", "template_parameter_mismatch"),
    (134101, "Template is still syncing", "Template is still syncing, retry in a few minutes", "template_not_approved"),
    (134102, "Template not available", "Template not available", "template_not_approved"),
    (134011, "Payments terms not accepted", "Payments terms not accepted", "payment_issue"),
    (131064, "Category violation limit reached", "Limit for template category violations", "account_restricted"),
    (33, "Parameter value is not valid", "The business phone number has been deleted.", "number_not_registered"),
    (
        133015,
        "Please wait a few minutes before attempting to register this phone number",
        "The phone number was recently deleted",
        "number_not_registered",
    ),
    (133010, "Phone number not registered", "Phone number not registered", "number_not_registered"),
    (133005, "Two step verification PIN mismatch", "Two step verification PIN mismatch", "number_not_registered"),
]


def _json_error(code, title, details, subcode=None):
    err = {
        "message": f"(#{code}) {title}",
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": details},
        "fbtrace_id": "AbCdEf123",
    }
    if subcode is not None:
        err["error_subcode"] = subcode
    return json.dumps({"error": err})


@pytest.mark.parametrize("code,title,details,cause", CODES, ids=[str(c[0]) for c in CODES])
def test_code_as_graph_error_body(code, title, details, cause):
    r = diagnosis.classify(_json_error(code, title, details))
    assert r.cause == cause, r.to_dict()
    assert str(code) in r.extracted.codes


@pytest.mark.parametrize("code,title,details,cause", CODES, ids=[str(c[0]) for c in CODES])
def test_code_as_meta_error_line(code, title, details, cause):
    r = diagnosis.classify(f"(#{code}) {title}")
    assert r.cause == cause, r.to_dict()


def test_133004_is_not_in_the_registration_range():
    kb = diagnosis.knowledge()
    for s in kb["number_not_registered"].signals.codes:
        if s.provider == "meta":
            assert not s.low <= 133004 <= s.high, s
    assert any(s.low == 133004 for s in kb["meta_outage"].signals.codes)


SUBCODES = [
    (458, "Error validating access token: The user has not authorized application 1234567890."),
    (
        460,
        "Error validating access token: The session has been invalidated because the user changed their "
        "password or Facebook has changed the session for security reasons.",
    ),
    (463, "Error validating access token: Session has expired on Tuesday, 04-Jun-24 10:00:00 PDT."),
    (467, "Invalid OAuth access token."),
]


@pytest.mark.parametrize("subcode,message", SUBCODES, ids=[str(s) for s, _ in SUBCODES])
def test_190_subcodes_are_auth_failed(subcode, message):
    body = json.dumps(
        {
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": 190,
                "error_subcode": subcode,
                "fbtrace_id": "AbC",
            }
        }
    )
    assert diagnosis.classify(body).cause == "auth_failed"
    assert diagnosis.classify(f"(#190) {message} (subcode {subcode})").cause == "auth_failed"


def test_each_190_subcode_has_its_own_message():
    signals = [
        s
        for s in diagnosis.knowledge()["auth_failed"].signals.codes
        if s.provider == "meta" and s.low == 190 and s.details_any
    ]
    for subcode, _ in SUBCODES:
        own = [s for s in signals if str(subcode) in s.details_any]
        assert len(own) == 1, subcode
        assert str(subcode) in own[0].message


def test_134101_says_retry_in_minutes():
    sig = [s for s in diagnosis.knowledge()["template_not_approved"].signals.codes if s.low == 134101]
    assert sig and "retry in a few minutes" in sig[0].message


def test_133015_says_wait_5_minutes():
    sig = [s for s in diagnosis.knowledge()["number_not_registered"].signals.codes if s.low == 133015]
    assert sig and "5 minutes" in sig[0].message
