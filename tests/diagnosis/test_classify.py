"""Classification: every cause from a code, another provider's words and plain words."""

from __future__ import annotations

import json

import pytest

import diagnosis
from diagnosis.kb import CAUSE_IDS

from diagnosis_cases import CASES, PARAPHRASES

FLAT = [(cause, kind, text) for cause, items in CASES.items() for kind, text in items]


def test_cases_cover_every_cause():
    assert set(CASES) == set(CAUSE_IDS) - {"unknown"}


@pytest.mark.parametrize("cause,kind,text", FLAT, ids=[f"{c}-{k}-{i}" for i, (c, k, _) in enumerate(FLAT)])
def test_cause_recognised(cause, kind, text):
    r = diagnosis.classify(text)
    assert r.cause == cause, r.to_dict()
    assert r.confidence >= 0.4


@pytest.mark.parametrize(
    "details,cause",
    [
        ("Parameter 'to' is not a valid phone number", "invalid_phone_format"),
        ("The phone number 0044 7700 900123 must start with the country code", "invalid_phone_format"),
        ("Invalid WhatsApp ID: recipient number contains letters", "invalid_phone_format"),
        ('Unexpected key "templat" on param "template"', "invalid_request"),
        ("Param interactive['action']['buttons'] is required", "invalid_request"),
        ("The parameter messaging_product is required.", "invalid_request"),
        ("Invalid value for phone_number_id parameter", "invalid_request"),
    ],
)
@pytest.mark.parametrize("code,title", [(100, "Invalid parameter"), (131009, "Parameter value is not valid")])
def test_codes_100_and_131009_decided_by_details(code, title, details, cause):
    payload = {
        "error": {
            "message": f"(#{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "fbtrace_id": "AbCdEf",
        }
    }
    r = diagnosis.classify(json.dumps(payload))
    assert r.cause == cause, r.to_dict()
    assert str(code) in r.extracted.codes


def test_code_100_in_webhook_errors_with_details():
    payload = {
        "entry": [
            {
                "changes": [
                    {
                        "value": {
                            "statuses": [
                                {
                                    "id": "wamid.1",
                                    "status": "failed",
                                    "recipient_id": "0044123",
                                    "errors": [
                                        {
                                            "code": 131009,
                                            "title": "Parameter value is not valid",
                                            "error_data": {
                                                "details": "the to number 0044123 is missing the country code"
                                            },
                                        }
                                    ],
                                }
                            ]
                        }
                    }
                ]
            }
        ]
    }
    assert diagnosis.classify(json.dumps(payload)).cause == "invalid_phone_format"


def test_bare_code_100_line_without_details_is_invalid_request():
    assert diagnosis.classify("(#100) Invalid parameter").cause == "invalid_request"


def test_unknown_code_still_reads_the_words():
    r = diagnosis.classify("Error 139999: Template is paused due to low quality")
    assert r.cause == "template_paused_or_disabled"
    assert "139999" in r.extracted.codes
    r = diagnosis.classify(
        '{"error": {"code": 987654, "message": "more than 24 hours have passed since the customer last replied"}}'
    )
    assert r.cause == "outside_service_window"


def test_code_beats_misleading_words():
    r = diagnosis.classify("(#131047) Re-engagement message -- our template looks fine and approved")
    assert r.cause == "outside_service_window"


def test_typos_are_tolerated():
    assert diagnosis.classify("plantila no encontrda").cause == "template_not_approved"
    assert diagnosis.classify("meta paused our tempalte").cause == "template_paused_or_disabled"


def test_negated_block_is_not_blocked():
    r = diagnosis.classify("the customer did not block us, he says he just doesn't have WhatsApp")
    assert r.cause == "not_on_whatsapp"


@pytest.mark.parametrize("text", ["hello", "what's the weather tomorrow?", "asdf qwer zxcv", "🙂🙂🙂", "12345"])
def test_off_topic_is_unknown(text):
    r = diagnosis.classify(text)
    assert r.cause == "unknown"


def test_vague_complaint_is_unknown():
    assert diagnosis.classify("my messages are not working").cause == "unknown"


def test_result_shape_and_to_dict():
    r = diagnosis.classify("Twilio error 63016 for whatsapp:+5511987654321, template order_update 2024-05-01 10:30")
    assert r.cause == "outside_service_window"
    assert 0 <= r.confidence <= 1
    assert r.candidates[0].cause == r.cause
    confs = [c.confidence for c in r.candidates]
    assert confs == sorted(confs, reverse=True)
    assert all(0 <= c <= 1 for c in confs)
    d = r.to_dict()
    assert set(d) >= {"cause", "confidence", "candidates", "codes", "extracted"}
    assert d["codes"] == ["63016"]
    ex = d["extracted"]
    assert ex["provider"] == "twilio"
    assert "+5511987654321" in ex["phone_numbers"]
    assert "order_update" in ex["template_names"]
    assert any("10:30" in t or "2024-05-01" in t for t in ex["times"])
    json.dumps(d)


def test_extracted_sizes_in_bytes():
    r = diagnosis.classify("the video is 20 MB and it fails")
    assert 20 * 1024 * 1024 in r.extracted.file_sizes
    assert r.cause == "media_too_large"


def test_provider_detection():
    assert diagnosis.classify("Gupshup 1002 Number Does Not Exist On WhatsApp").extracted.provider == "gupshup"
    assert diagnosis.classify('{"error":{"code":131047,"fbtrace_id":"x"}}').extracted.provider == "meta"
    assert diagnosis.classify("360dialog: 470 Re-engagement message").extracted.provider == "360dialog"


def test_on_premises_errors_shape():
    body = {
        "errors": [
            {
                "code": 470,
                "title": "Message failed to send because more than 24 hours have passed since the customer "
                "last replied to this number",
                "details": "Use a message template",
            }
        ]
    }
    assert diagnosis.classify(json.dumps(body)).cause == "outside_service_window"


def test_log_excerpt_with_noise():
    log = "\n".join(
        [f"2024-05-01T10:00:{i:02d}Z INFO worker heartbeat ok queue=12 latency=3ms" for i in range(40)]
        + ["2024-05-01T10:00:41Z ERROR send failed: (#132001) Template name does not exist in the translation"]
        + [f"2024-05-01T10:00:{i:02d}Z INFO worker heartbeat ok" for i in range(42, 59)]
    )
    assert diagnosis.classify(log).cause == "template_not_approved"


@pytest.mark.parametrize("cause,text", PARAPHRASES, ids=[f"para-{i}-{c}" for i, (c, _) in enumerate(PARAPHRASES)])
def test_paraphrases(cause, text):
    assert diagnosis.classify(text).cause == cause


def test_a_code_split_by_an_underscore_is_read_whole():
    import diagnosis

    result = diagnosis.classify("An error with code 131_026 means the message could not be delivered")
    assert "131026" in result.extracted.codes and result.cause == "undeliverable"
    assert diagnosis.classify("file_131_026.png").extracted.codes == []


@pytest.mark.parametrize(
    "text, cause",
    [
        # "registro" is the log in es/pt, not the number's registration
        ("en el registro de mensajes veo que los clientes bloquearon a la empresa", "blocked_by_recipient"),
        ("the business number registration failed, nothing goes out", "number_not_registered"),
        # Twilio's sandbox reaches only the numbers that joined it
        (
            "my phone never joined the sandbox, so the whatsapp message from twilio doesn't come",
            "test_number_not_allowed",
        ),
        # an unofficial API's WhatsApp Web session that dropped
        ('whatsapp send fails with {"error":"session_not_connected"}', "auth_failed"),
        ("o whatsapp recusa o PDF: tipo de conteúdo inválido", "media_error"),
        ("la app está en modo desarrollo y al cliente no le llega nada", "test_number_not_allowed"),
    ],
)
def test_words_that_name_one_cause(text, cause):
    assert diagnosis.classify(text).cause == cause
