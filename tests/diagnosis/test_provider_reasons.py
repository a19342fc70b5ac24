"""String reason codes of Sinch, Treble and Zenvia: read like codes, from the provider tables.

A constant is decisive wherever it stands (a JSON value, a log line); one that other APIs
might use for something else counts only when the text names or shows its provider; generic
or unmapped constants name no cause; WhatsApp's own number passed through by the provider
(Sinch `channel_code`, Zenvia `channelErrorCode`) is read in Meta's table and wins over the
provider's constant when they disagree.
"""

from __future__ import annotations

import json

import pytest

import diagnosis
from diagnosis.classifier import compiled_for
from diagnosis.kb import CAUSE_IDS
from diagnosis.providers import ProviderError, parse_table

# (provider, constant, cause) - every constant the three tables map
MAPPED = [
    ("sinch", "RATE_LIMITED", "rate_limit"),
    ("sinch", "RECIPIENT_INVALID_CHANNEL_IDENTITY", "invalid_phone_format"),
    ("sinch", "RECIPIENT_NOT_REACHABLE", "undeliverable"),
    ("sinch", "OUTSIDE_ALLOWED_SENDING_WINDOW", "outside_service_window"),
    ("sinch", "MEDIA_TYPE_UNSUPPORTED", "media_error"),
    ("sinch", "MEDIA_TOO_LARGE", "media_too_large"),
    ("sinch", "MEDIA_NOT_REACHABLE", "media_error"),
    ("sinch", "TEMPLATE_NOT_FOUND", "template_not_approved"),
    ("sinch", "TEMPLATE_INSUFFICIENT_PARAMETERS", "template_parameter_mismatch"),
    ("sinch", "TEMPLATE_NON_EXISTING_LANGUAGE_OR_VERSION", "template_not_approved"),
    ("sinch", "BAD_REQUEST", "invalid_request"),
    ("treble", "FAILURE_BY_TIER_CAPACITY", "messaging_limit"),
    ("treble", "MISSING_PARAMETER", "template_parameter_mismatch"),
    ("treble", "PARAMETER_MISMATCH", "template_parameter_mismatch"),
    ("treble", "FAILURE_BY_BLOCKED_CONTACT", "business_blocked_user"),
    ("treble", "FAILURE_BY_OPTOUT_CONTACT", "marketing_opt_out"),
    ("treble", "CHARACTER_LIMIT_HEADER", "template_parameter_mismatch"),
    ("treble", "CHARACTER_LIMIT_BODY", "template_parameter_mismatch"),
    ("treble", "FAILURE_BY_DISABLED_HSM", "template_paused_or_disabled"),
    ("treble", "FAILURE_BY_SPAM_RATE_LIMIT", "spam_rate_limit"),
    ("treble", "FAILURE_BY_EXPERIMENT_NUMBER", "marketing_experiment"),
    ("treble", "FAILURE_BY_UNABLE_TO_CONTACT", "undeliverable"),
    ("zenvia", "VALIDATION_ERROR", "invalid_request"),
    ("zenvia", "AUTHENTICATION_ERROR", "auth_failed"),
]
# Constants the sources list whose meaning names no single cause (or only says "failed")
UNMAPPED = [
    ("sinch", "UNKNOWN"),
    ("sinch", "INTERNAL_ERROR"),
    ("sinch", "CHANNEL_FAILURE"),
    ("sinch", "CHANNEL_REJECT"),
    ("sinch", "RECIPIENT_NOT_OPTED_IN"),
    ("sinch", "CHANNEL_BAD_CONFIGURATION"),
    ("sinch", "DELIVERY_REJECTED_DUE_TO_POLICY"),
    ("sinch", "NO_CHANNELS_LEFT"),
    ("sinch", "UNSPECIFIED_SUB_CODE"),
    ("treble", "FAILURE"),
    ("treble", "FAILURE_BY_HUMAN_HANDOVER"),
    ("treble", "REVOKED"),
    ("treble", "INVALID_PHONE"),
    ("treble", "FAILURE_BY_RATE_LIMIT"),
    ("treble", "COMPANY_RATE_LIMIT"),
    ("treble", "INVALID_POLL"),
    ("zenvia", "NOT_FOUND"),
    ("zenvia", "DUPLICATED"),
    ("zenvia", "INTERNAL_ERROR"),
    ("zenvia", "NOT_DELIVERED"),
]


def reasons_in(text: str):
    return compiled_for(diagnosis.knowledge()).reasons.find(text)


def test_the_tables_list_exactly_these_constants_with_their_sources():
    providers = diagnosis.knowledge().providers
    listed = sorted(
        (pid, r.reason, r.cause)
        for pid in ("sinch", "treble", "zenvia")
        for r in providers[pid].reasons
        if not r.details_any
    )
    assert listed == sorted(MAPPED)
    assert providers["sinch"].source.startswith("https://developers.sinch.com/")
    assert providers["treble"].source.startswith("https://help.treble.ai/")
    assert providers["zenvia"].source.startswith("https://zenvia.github.io/zenvia-openapi-spec/")


@pytest.mark.parametrize("pid, reason, cause", MAPPED)
def test_a_constant_with_its_provider_named_is_decisive(pid, reason, cause):
    name = diagnosis.knowledge().providers[pid].names[0]
    result = diagnosis.classify(f"{name.capitalize()} reported the WhatsApp message as failed: {reason}")
    assert result.cause == cause
    assert result.confidence > 0.9
    assert reason in result.extracted.codes


@pytest.mark.parametrize("pid, reason", UNMAPPED)
def test_generic_and_unmapped_constants_name_no_cause(pid, reason):
    name = diagnosis.knowledge().providers[pid].names[0]
    assert reasons_in(f"{name} delivery failed: {reason}") == []
    assert reasons_in(reason) == []


@pytest.mark.parametrize(
    "text",
    [
        "Sinch reason RECIPIENT_NOT_OPTED_IN",
        "Sinch reason CHANNEL_BAD_CONFIGURATION",
        "Sinch: reason UNKNOWN, sub_code UNSPECIFIED_SUB_CODE",
        "Treble deployment failed: FAILURE_BY_HUMAN_HANDOVER",
        "Treble deployment failed: REVOKED",
        "Zenvia error NOT_FOUND",
    ],
)
def test_an_unmapped_constant_alone_stays_unknown(text):
    assert diagnosis.classify(text).cause == "unknown"


@pytest.mark.parametrize(
    "reason",
    [
        r
        for _, r, _ in MAPPED
        if r
        in (
            "RATE_LIMITED",
            "BAD_REQUEST",
            "MISSING_PARAMETER",
            "PARAMETER_MISMATCH",
            "CHARACTER_LIMIT_BODY",
            "VALIDATION_ERROR",
            "AUTHENTICATION_ERROR",
        )
    ],
)
def test_a_common_constant_counts_only_with_its_provider_named(reason):
    # other APIs use these words for their own fields and requests
    assert reasons_in(f"API error: {reason}") == []
    assert reasons_in(f'{{"error": {{"code": "{reason}"}}}}') == []


@pytest.mark.parametrize(
    "text, cause",
    [
        ("OUTSIDE_ALLOWED_SENDING_WINDOW", "outside_service_window"),
        ("status FAILED reason RECIPIENT_NOT_REACHABLE", "undeliverable"),
        ("FAILURE_BY_SPAM_RATE_LIMIT", "spam_rate_limit"),
        ("deployment error: failure_by_experiment_number", "marketing_experiment"),
        ("FAILURE_BY_OPTOUT_CONTACT", "marketing_opt_out"),
    ],
)
def test_a_providers_own_long_constant_is_read_anywhere(text, cause):
    assert diagnosis.classify(text).cause == cause


@pytest.mark.parametrize(
    "text",
    [
        "XFAILURE_BY_OPTOUT_CONTACT",
        "FAILURE_BY_OPTOUT_CONTACTS",
        "MEDIA_TOO_LARGE_WARNING",
        "outside allowed sending window",  # words, not the constant: the word scores read them
    ],
)
def test_only_the_whole_constant_counts(text):
    assert reasons_in(text) == []


# Sinch Conversation API, MESSAGE_DELIVERY callback. Shape from Sinch's callbacks page (the
# FAILED example with message_delivery_report.reason {code, description, sub_code}) and the
# Reason model of Sinch's SDKs, which adds channel_code ("error code forwarded directly from
# the channel ... only supported on the WhatsApp channel").
def sinch_callback(code: str, description: str, channel_code=None) -> str:
    reason = {"code": code, "description": description, "sub_code": "UNSPECIFIED_SUB_CODE"}
    if channel_code is not None:
        reason["channel_code"] = channel_code
    return json.dumps(
        {
            "app_id": "01EB37HMH1M6SV18BSNS3G135H",
            "accepted_time": "2024-05-14T16:01:06.374Z",
            "event_time": "2024-05-14T16:01:07Z",
            "project_id": "c36f3d3d-1513-4edd-ae42-11995557ff61",
            "message_delivery_report": {
                "message_id": "01HXV0BT63J7S1FEKJZ0Z08VD",
                "conversation_id": "01HXVCFQR3EGE60P42H6H1117J",
                "status": "FAILED",
                "channel_identity": {"channel": "WHATSAPP", "identity": "5511987654321", "app_id": ""},
                "contact_id": "01EXA07N79THJ20WSN6AS30TMW",
                "reason": reason,
                "metadata": "",
            },
            "message_metadata": "",
        },
        indent=2,
    )


@pytest.mark.parametrize(
    "code, description, cause",
    [
        (
            "OUTSIDE_ALLOWED_SENDING_WINDOW",
            "The underlying channel reported: Message failed to send because more "
            "than 24 hours have passed since the customer last replied to this number",
            "outside_service_window",
        ),
        (
            "TEMPLATE_INSUFFICIENT_PARAMETERS",
            "The underlying channel reported: parameters missing",
            "template_parameter_mismatch",
        ),
        ("RATE_LIMITED", "The underlying channel reported: rate limited", "rate_limit"),
    ],
)
def test_a_pasted_sinch_callback_is_diagnosed_from_its_reason(code, description, cause):
    # RATE_LIMITED needs Sinch shown: the callback's message_delivery_report shows it
    result = diagnosis.classify(sinch_callback(code, description))
    assert result.cause == cause
    assert result.extracted.provider == "sinch"


@pytest.mark.parametrize(
    "code, channel_code, cause",
    [
        ("OUTSIDE_ALLOWED_SENDING_WINDOW", "131047", "outside_service_window"),  # they agree
        ("RECIPIENT_NOT_REACHABLE", "131026", "undeliverable"),
        # WhatsApp's own number is the more precise: it decides when they disagree
        ("RECIPIENT_NOT_REACHABLE", "131050", "marketing_opt_out"),
        ("RECIPIENT_NOT_REACHABLE", "130472", "marketing_experiment"),
        ("CHANNEL_FAILURE", "131049", "ecosystem_limit"),  # an unmapped constant, the number alone
    ],
)
def test_a_sinch_channel_code_is_read_in_metas_table(code, channel_code, cause):
    result = diagnosis.classify(sinch_callback(code, "The underlying channel reported an error", channel_code))
    assert result.cause == cause
    assert channel_code in result.extracted.codes


# Treble, deployment-failure webhook of the Webhook Center. The failure event's own schema is
# not in the stored copy of Treble's pages; this body joins the Webhook Center envelope of its
# API example (event_type, event_id, timestamp) with the user fields of Treble's conversation
# webhooks (country_code, cellphone, conversation_id) and a reason holding one of the
# documented constants. The test holds whatever key the constant stands under.
def treble_failure(reason: str, named: bool = False) -> str:
    body = json.dumps(
        {
            "event_type": "deployment.failure",
            "event_id": "6650a1f2c3b4d5e6f7a8b9c0",
            "timestamp": "2024-09-10T12:34:56.789Z",
            "country_code": "+57",
            "cellphone": "3161234567",
            "conversation_id": 1234,
            "reason": reason,
        },
        indent=2,
    )
    return ("Treble deployment failure webhook received:\n" if named else "") + body


@pytest.mark.parametrize(
    "reason, cause, named",
    [
        ("FAILURE_BY_EXPERIMENT_NUMBER", "marketing_experiment", False),
        ("FAILURE_BY_DISABLED_HSM", "template_paused_or_disabled", False),
        ("FAILURE_BY_TIER_CAPACITY", "messaging_limit", False),
        ("PARAMETER_MISMATCH", "template_parameter_mismatch", True),  # common words: Treble shown
    ],
)
def test_a_pasted_treble_failure_webhook_is_diagnosed(reason, cause, named):
    assert diagnosis.classify(treble_failure(reason, named)).cause == cause


def test_a_common_treble_constant_without_treble_is_not_read_as_treble():
    assert reasons_in(treble_failure("PARAMETER_MISMATCH")) == []


# Zenvia. The MESSAGE_STATUS webhook follows the API reference's schemas (events/base.ts,
# message-status-event.ts, message-status.ts, error-cause.ts in zenvia/zenvia-openapi-spec):
# channelErrorCode carries the channel's own code, here WhatsApp's.
def zenvia_status(channel_error_code: str, reason: str, details: str) -> str:
    return json.dumps(
        {
            "id": "c4d6bd7c-2f5e-4d2f-8b0a-3b6f7e2e6a11",
            "timestamp": "2024-05-14T16:01:07.000Z",
            "type": "MESSAGE_STATUS",
            "subscriptionId": "0d64a9a2-7c3e-4f53-9a2e-6f1f0c1b2d3e",
            "channel": "whatsapp",
            "messageId": "5c2a8b40-1f6e-4c8a-9d2b-7e3f4a5b6c7d",
            "contentIndex": 0,
            "messageStatus": {
                "timestamp": "2024-05-14T16:01:07.000Z",
                "code": "NOT_DELIVERED",
                "description": "Message not delivered",
                "causes": [{"channelErrorCode": channel_error_code, "reason": reason, "details": details}],
            },
        },
        indent=2,
    )


@pytest.mark.parametrize(
    "code, reason, details, cause",
    [
        (
            "131047",
            "Re-engagement message",
            "More than 24 hours have passed since the recipient last replied to the sender number.",
            "outside_service_window",
        ),
        ("131026", "Message undeliverable", "Unable to deliver message.", "undeliverable"),
        (
            "132001",
            "Template name does not exist in the translation",
            "template name (order_update) does not exist in pt_BR",
            "template_not_approved",
        ),
    ],
)
def test_a_zenvia_channel_error_code_is_read_in_metas_table(code, reason, details, cause):
    result = diagnosis.classify(zenvia_status(code, reason, details))
    assert result.cause == cause
    assert code in result.extracted.codes
    assert result.extracted.provider == "zenvia"  # channelErrorCode shows Zenvia


# Zenvia's REST error object {code, message} (error/base.ts and the Error Handling table of
# the API reference); details items follow error/errors.ts {path, message}.
def zenvia_error(code: str, message: str, path: str, detail: str) -> str:
    body = json.dumps({"code": code, "message": message, "details": [{"path": path, "message": detail}]}, indent=2)
    return f"POST https://api.zenvia.com/v2/channels/whatsapp/messages\n{body}"


@pytest.mark.parametrize(
    "code, message, path, detail, cause",
    [
        ("AUTHENTICATION_ERROR", "No authorization token was found", "X-API-TOKEN", "header missing", "auth_failed"),
        ("VALIDATION_ERROR", "Validation error", "contents[0].templateId", "must be a string", "invalid_request"),
        # a validation error about the recipient's number, as Meta's code 100 is split
        (
            "VALIDATION_ERROR",
            "Validation error",
            "to",
            "must be a phone number with country code",
            "invalid_phone_format",
        ),
    ],
)
def test_a_pasted_zenvia_error_is_diagnosed_from_its_code(code, message, path, detail, cause):
    assert diagnosis.classify(zenvia_error(code, message, path, detail)).cause == cause


def test_a_table_refuses_generic_or_malformed_constants():
    base = {"provider": "acme", "names": ["acme"], "source": "https://acme.example/errors"}
    for reason in ("INTERNAL_ERROR", "UNKNOWN", "not_upper_case", "NOT_FOUND"):
        with pytest.raises(ProviderError, match=r"reasons\[0\]"):
            parse_table({**base, "reasons": [{"reason": reason, "cause": "rate_limit"}]}, "x.yaml", CAUSE_IDS)
    with pytest.raises(ProviderError, match="is not a cause"):
        parse_table({**base, "reasons": [{"reason": "TOO_FAST", "cause": "nope"}]}, "x.yaml", CAUSE_IDS)
    table = parse_table({**base, "reasons": [{"reason": "TOO_FAST", "cause": "rate_limit"}]}, "x.yaml", CAUSE_IDS)
    assert table.codes == () and table.reasons[0].cause == "rate_limit" and not table.reasons[0].anywhere
