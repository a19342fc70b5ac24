import logging

from account_checks import AccountSettings, check_twilio_message, message_sids
from account_checks.outcome import NOT_FOUND, REFUSED, TIMEOUT
from tests.support.graph_account_standin import TWILIO_SID, TWILIO_TOKEN

SID = "SM" + "ab12" * 8


def test_a_message_looked_up_by_sid(standin, settings):
    standin.add_message(
        SID, status="undelivered", error_code=63016, error_message="Failed to send freeform message outside the window"
    )
    result = check_twilio_message(settings, SID)
    assert result.ok, result
    assert (result.report.status, result.report.error_code) == ("undelivered", 63016)
    assert result.report.failed
    assert standin.requests[-1]["path"] == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/{SID}.json"


def test_a_delivered_message_has_no_error(standin, settings):
    standin.add_message(SID, status="delivered", error_code=None)
    report = check_twilio_message(settings, SID).report
    assert report.error_code is None and not report.failed


def test_unknown_sid_and_wrong_credentials(standin, settings):
    assert check_twilio_message(settings, SID).reason == NOT_FOUND
    wrong = AccountSettings.from_env(dict(standin.env(), TWILIO_AUTH_TOKEN="not-the-token"))
    assert check_twilio_message(wrong, SID).reason == REFUSED


def test_slow_twilio_times_out(standin, settings, caplog):
    standin.add_message(SID)
    standin.delay["twilio"] = 3.0
    from account_checks import Deadline

    with caplog.at_level(logging.DEBUG):
        result = check_twilio_message(settings, SID, Deadline(0.5))
    assert result.reason == TIMEOUT
    assert TWILIO_TOKEN not in caplog.text


def test_sids_in_a_paste():
    text = f"Message {SID} failed; see also MM{'0' * 32} and {SID} again; not SMS12"
    assert message_sids(text) == [SID, "MM" + "0" * 32]
