import pytest

from account_checks import check_phone_number, check_waba_health
from account_checks.health import read_health
from account_checks.outcome import NO_PERMISSION, NOT_FOUND, SERVER
from tests.support.graph_account_standin import PHONE_NUMBER_ID, WABA_ID, graph_error, health


def test_the_numbers_fields(standin, settings):
    result = check_phone_number(settings)
    assert result.ok, result
    n = result.report
    assert (n.status, n.quality_rating, n.name_status, n.code_verification_status) == (
        "CONNECTED",
        "GREEN",
        "APPROVED",
        "VERIFIED",
    )
    assert (n.platform_type, n.throughput, n.messaging_limit, n.limit_text) == (
        "CLOUD_API",
        "STANDARD",
        "TIER_2K",
        "2,000",
    )
    assert n.registered and n.health.can_send == "AVAILABLE"
    request = standin.requests[-1]
    assert request["path"] == f"/v26.0/{PHONE_NUMBER_ID}"
    assert set(request["query"]["fields"].split(",")) == {
        "status",
        "quality_rating",
        "name_status",
        "code_verification_status",
        "platform_type",
        "throughput",
        "whatsapp_business_manager_messaging_limit",
        "health_status",
    }


def test_a_number_not_registered(standin, settings):
    standin.number.update(platform_type="NOT_APPLICABLE", status="PENDING")
    assert check_phone_number(settings).report.registered is False


@pytest.mark.parametrize("overall", ["AVAILABLE", "LIMITED", "BLOCKED"])
def test_each_health_status(standin, settings, overall):
    errors = [
        {
            "error_code": 141006,
            "error_description": "There is an error with the payment method.",
            "possible_solution": "Add a valid payment method in Business Settings.",
        }
    ]
    standin.number["health_status"] = health(
        overall=overall,
        phone="LIMITED" if overall == "LIMITED" else "AVAILABLE",
        waba="BLOCKED" if overall == "BLOCKED" else "AVAILABLE",
        waba_errors=errors if overall == "BLOCKED" else None,
        phone_info=["Messaging limit reached"] if overall == "LIMITED" else None,
    )
    h = check_phone_number(settings).report.health
    assert h.can_send == overall
    troubled = h.troubled
    if overall == "AVAILABLE":
        assert troubled == []
    elif overall == "LIMITED":
        assert troubled[0].entity_type == "PHONE_NUMBER" and troubled[0].additional_info == ["Messaging limit reached"]
    else:
        assert troubled[0].entity_type == "WABA"
        assert troubled[0].problems[0].code == 141006
        assert "payment method" in troubled[0].problems[0].solution


def test_the_wabas_health_and_marketing_switch(standin, settings):
    standin.waba["disable_marketing_messages_on_cloud_api"] = True
    result = check_waba_health(settings)
    assert result.ok and result.report.marketing_disabled_on_cloud_api is True
    assert result.report.can_send == "AVAILABLE"
    assert standin.requests[-1]["path"] == f"/v26.0/{WABA_ID}"


def test_an_api_version_without_the_marketing_field(standin, settings):
    standin.waba_knows_marketing_flag = False
    result = check_waba_health(settings)
    assert result.ok and result.report.marketing_disabled_on_cloud_api is None
    assert [r["query"]["fields"] for r in standin.requests] == [
        "health_status,disable_marketing_messages_on_cloud_api",
        "health_status",
    ]


def test_errors_become_reasons(standin, settings):
    standin.fail["number"] = graph_error(403, 200, "(#200) Requires whatsapp_business_management permission")
    assert check_phone_number(settings).reason == NO_PERMISSION
    standin.fail["number"] = graph_error(400, 100, "Unsupported get request.", subcode=33)
    assert check_phone_number(settings).reason == NOT_FOUND
    standin.fail["number"] = graph_error(500, 2, "An unexpected error has occurred.")
    assert check_phone_number(settings).reason == SERVER
    standin.fail["number"] = (503, "<html>down</html>")
    assert check_phone_number(settings).reason == SERVER


def test_an_odd_health_status_is_not_a_crash():
    assert read_health("nope") is None
    h = read_health({"entities": [{"entity_type": "waba"}, "x"]})
    assert h.can_send == "UNKNOWN" and h.entities[0].can_send == "UNKNOWN"
