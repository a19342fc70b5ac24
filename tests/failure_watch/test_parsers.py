"""Meta's and Twilio's webhooks (recorded shapes in data/) read into failures and events."""

from failure_watch import meta, twilio
from failure_watch.diagnose import diagnose
from failure_watch.events import AccountEvent, Failure, digits
from tests.failure_watch.conftest import meta_body, twilio_form


def test_a_failed_status_becomes_one_failure_with_its_error_and_the_delivered_one_nothing():
    [failure] = meta.parse(meta_body("meta_status_failed"))
    assert isinstance(failure, Failure)
    assert failure.provider == "meta" and failure.status == "failed"
    assert failure.recipient == "5511987654321"
    assert failure.message_id.startswith("wamid.HBgMNTUx")
    assert failure.code == "131047" and failure.title == "Re-engagement message"
    assert "more than 24 hours" in failure.details
    assert failure.at == 1795000000 and failure.campaign == "black-friday-2026"
    assert failure.business_number == "106540352242922"


def test_each_failure_is_diagnosed_with_its_retry_advice():
    causes = {f.code: diagnose(f) for f in meta.parse(meta_body("meta_status_campaign"))}
    assert causes["131049"].cause == "ecosystem_limit" and causes["131049"].advice == "later"
    assert causes["131049"].retry_after == 1795003600 + 24 * 3600  # after a 24 h wait
    assert causes["131050"].cause == "marketing_opt_out" and causes["131050"].advice == "never"
    assert causes["130429"].cause == "rate_limit" and causes["130429"].decision == "after_wait"
    [window] = meta.parse(meta_body("meta_status_failed"))
    assert diagnose(window).cause == "outside_service_window" and window.decision == "after_fix"


def test_value_level_errors_are_failures_without_a_recipient_and_a_stable_id():
    [error] = meta.parse(meta_body("meta_value_errors"))
    assert error.recipient == "" and error.code == "131000" and error.status == "error"
    assert error.message_id == meta.parse(meta_body("meta_value_errors"))[0].message_id  # redelivery: same id
    assert error.at == 1795007200


def test_account_events_of_each_field():
    events = {}
    for name in ("meta_template_status", "meta_template_quality", "meta_phone_quality", "meta_account_update"):
        [event] = meta.parse(meta_body(name))
        assert isinstance(event, AccountEvent)
        events[event.kind] = event
    assert events["template_status"].event == "PAUSED"
    assert events["template_status"].subject == "black_friday_offer (pt_BR)"
    assert "paused for 3 hours" in events["template_status"].detail
    assert events["template_quality"].event == "RED" and events["template_quality"].detail == "GREEN -> RED"
    assert events["phone_quality"].event == "DOWNGRADE" and events["phone_quality"].subject == "15550783881"
    assert events["phone_quality"].detail == "limit TIER_10K -> TIER_2K"
    assert events["account_update"].event == "ACCOUNT_RESTRICTION"
    assert "RESTRICTED_BIZ_INITIATED_MESSAGING" in events["account_update"].detail


def test_has_events_is_false_for_messages_and_good_statuses():
    body = meta_body("meta_status_failed")
    assert meta.has_events(body)
    body["entry"][0]["changes"][0]["value"]["statuses"] = body["entry"][0]["changes"][0]["value"]["statuses"][1:]
    assert not meta.has_events(body) and meta.parse(body) == []
    assert meta.has_events(meta_body("meta_template_status"))
    assert not meta.has_events(
        {
            "object": "whatsapp_business_account",
            "entry": [{"changes": [{"field": "messages", "value": {"messages": [{"from": "1", "type": "text"}]}}]}],
        }
    )


def test_odd_bodies_never_raise():
    for odd in (
        None,
        [],
        "x",
        {"entry": "x"},
        {"entry": [{"changes": [None, {"value": []}]}]},
        {"object": "page", "entry": []},
        {"entry": [{"changes": [{"field": "messages", "value": {"statuses": [{"status": "failed", "errors": "x"}]}}]}]},
    ):
        meta.parse(odd)
        meta.has_events(odd)


def test_twilio_undelivered_callback_becomes_a_failure():
    [failure] = twilio.parse(twilio_form("twilio_status_undelivered"), now=1795000000)
    assert failure.provider == "twilio" and failure.status == "undelivered"
    assert failure.recipient == "5511987654321" and failure.business_number == "14155238886"
    assert failure.message_id == "SM_TEST_UNDELIVERED_0001" and failure.code == "63016"
    assert "outside the allowed window" in failure.details and failure.at == 1795000000
    assert diagnose(failure).cause == "outside_service_window"
    assert twilio.is_status_callback(twilio_form("twilio_status_undelivered"))


def test_twilio_delivered_callback_is_no_failure():
    assert twilio.parse(twilio_form("twilio_status_delivered")) == []
    assert twilio.parse({"MessageStatus": ["failed"]}) == []  # no sid: nothing to key it on


def test_digits():
    assert digits("whatsapp:+55 11 98765-4321") == "5511987654321"
    assert digits(None) == ""


def test_a_field_that_is_not_a_name_is_skipped():
    """Found by the reliability suite's fuzzer: a list as `field` must not raise."""
    from failure_watch import meta

    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": [None], "value": []}]}]}
    assert meta.has_events(body) is False and meta.parse(body) == []
