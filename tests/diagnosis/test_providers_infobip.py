"""Infobip's chat (WhatsApp) error codes: read in Infobip's table only when the text names Infobip."""

from __future__ import annotations

import pytest

import diagnosis
from diagnosis.classifier import compiled_for

# (code, its EC_ name as Infobip's error object shows it, the cause it is filed under)
INFOBIP = [
    (7002, "EC_UNKNOWN_USER", "not_on_whatsapp"),
    (7004, "EC_UNAUTHORIZED_ACCESS", "auth_failed"),
    (7006, "EC_BAD_REQUEST", "invalid_request"),
    (7008, "EC_INVALID_TEMPLATE_ARGS", "template_parameter_mismatch"),
    (7009, "EC_INVALID_TEMPLATE", "template_not_approved"),
    (7010, "EC_NO_SESSION", "outside_service_window"),
    (7013, "EC_MEDIA_HOSTING_ERROR", "media_error"),
    (7014, "EC_MEDIA_UPLOAD_ERROR", "media_error"),
    (7015, "EC_MEDIA_METADATA_ERROR", "media_error"),
    (7016, "EC_SPAM_RATE", "spam_rate_limit"),
    (7017, "EC_TOO_MANY_REQUESTS", "rate_limit"),
    (7019, "EC_PROVIDER_BILLING_ERROR", "payment_issue"),
    (7020, "EC_DEVICE_REPRODUCTION_ERROR", "undeliverable"),
    (7021, "EC_LIMITED_FUNCTIONALITY", "account_restricted"),
    (7022, "EC_MEDIA_UNSUPPORTED", "media_error"),
    (7025, "EC_UNSUPPORTED_MOBILE_APP_VERSION", "undeliverable"),
    (7031, "EC_INVALID_WA_FLOW", "invalid_request"),
    (7032, "EC_FREQUENCY_CAPPING", "ecosystem_limit"),
    (7033, "EC_MARKETING_OPT_OUT", "marketing_opt_out"),
    (7034, "EC_SENDER_NOT_REGISTERED", "number_not_registered"),
    (7036, "EC_TEMPLATE_NOT_SYNCED", "template_not_approved"),
    (7037, "EC_TEMPLATE_NOT_AVAILABLE", "template_not_approved"),
    (7050, "EC_PROVIDER_INTERNAL_ERROR", "meta_outage"),
    (7051, "EC_PROVIDER_TIMEOUT", "meta_outage"),
]


def test_the_table_lists_exactly_these_codes():
    table = diagnosis.knowledge().providers["infobip"]
    listed = sorted((c.low, c.title, c.cause) for c in table.codes)
    assert listed == sorted(INFOBIP)
    assert table.source.startswith("https://www.infobip.com/docs/")


@pytest.mark.parametrize("code, name, cause", INFOBIP)
def test_infobip_named_with_its_code_and_message(code, name, cause):
    table = diagnosis.knowledge().providers["infobip"]
    entry = next(c for c in table.codes if c.low == code)
    pasted = (
        f"WhatsApp message to +5511987654321 failed on Infobip: status REJECTED, "
        f"error code {code} {name} - {entry.message or name}"
    )
    assert diagnosis.classify(pasted).cause == cause
    assert diagnosis.classify(f"Infobip error {code}: {name}").cause == cause


@pytest.mark.parametrize("code, name, cause", INFOBIP)
def test_a_bare_infobip_number_is_not_read_in_infobips_table(code, name, cause):
    # Meta's own table has no 70xx codes, so without "Infobip" the number means nothing
    assert cause not in compiled_for(diagnosis.knowledge()).code_causes(str(code), None, "")
    for text in (f"error {code}", f"error code {code}", f"WhatsApp message failed, code {code}"):
        assert diagnosis.classify(text).cause != cause, text


def test_a_subdomain_of_a_providers_host_shows_the_provider():
    text = "POST https://k3jd9.api.infobip.com/whatsapp/1/message/template -> error 7033 EC_MARKETING_OPT_OUT"
    result = diagnosis.classify(text)
    assert (result.extracted.provider, result.cause) == ("infobip", "marketing_opt_out")


def test_every_name_of_every_table_needs_its_own_word_boundaries():
    """A name glued to other letters is another word ('thunderbird' is not Bird)."""
    for table in diagnosis.knowledge().providers.values():
        pattern = table.pattern()
        for name in table.names:
            assert pattern.search(f"see {name} docs"), (table.id, name)
            if name.replace(" ", "").isalnum():
                assert not pattern.search(f"see {name}z docs"), (table.id, name)
                assert not pattern.search(f"see z{name} docs"), (table.id, name)


def test_an_infobip_delivery_report_is_read_by_its_error_objects_id():
    import json

    report = {
        "results": [
            {
                "messageId": "abc",
                "to": "5511987654321",
                "status": {"groupName": "UNDELIVERABLE", "name": "UNDELIVERABLE_NOT_DELIVERED"},
                "error": {
                    "groupId": 1,
                    "groupName": "HANDSET_ERRORS",
                    "id": 7033,
                    "name": "EC_MARKETING_OPT_OUT",
                    "description": "Marketing opt out",
                    "permanent": True,
                },
            }
        ]
    }
    result = diagnosis.classify("Infobip delivery report: " + json.dumps(report))
    # the id, and the error's own constant beside it (read as a reason of the same cause)
    assert result.extracted.codes == ["7033", "EC_MARKETING_OPT_OUT"] and result.cause == "marketing_opt_out"


@pytest.mark.parametrize(
    "text, cause",
    [
        (
            "name: EC_TEMPLATE_NOT_SYNCED description: sent before the template finished syncing",
            "template_not_approved",
        ),
        ("the campaign report shows EC_MARKETING_OPT_OUT for 40 recipients", "marketing_opt_out"),
        ("status EX_SPAM_RATE_LIMIT_HIT on the last campaign", "spam_rate_limit"),  # Exotel
    ],
)
def test_a_providers_own_constant_names_its_cause_without_the_provider_named(text, cause):
    assert diagnosis.classify(text).cause == cause
