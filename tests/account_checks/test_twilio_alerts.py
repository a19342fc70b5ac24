"""Twilio's error log (Monitor API alerts), read with the twilio SDK against the local stand-in.

The stand-in speaks Monitor's wire format (tests/support/twilio_monitor_standin.py): GET
/v1/Alerts with basic auth, LogLevel/StartDate/EndDate/PageSize/PageToken, absolute
next-page URLs on https://monitor.twilio.com, Twilio's JSON error bodies.

Why: "what went wrong today?" for a Twilio account is answered from these alerts; the
check must read every page it may, say "at least" when it stops, and fail safely
(401, 5xx, timeout) without a token in any result or log.
"""

from __future__ import annotations

import base64
import logging
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

import account_checks.twilio_alerts as twilio_alerts
from account_checks import AccountSettings, Deadline, check_twilio_alerts
from account_checks.outcome import BAD_ANSWER, NOT_CONFIGURED, REFUSED, SERVER, TIMEOUT
from account_checks.settings import DEFAULT_TWILIO_MONITOR_BASE, monitor_base_for
from tests.support.graph_account_standin import TWILIO_SID, TWILIO_TOKEN
from tests.support.twilio_monitor_standin import twilio_error


def day_ago() -> datetime:
    return datetime.now(timezone.utc) - timedelta(hours=24)


def test_alerts_grouped_by_code_most_frequent_first(standin, settings):
    for minutes in (50, 40, 30):
        standin.add_alert(63016, minutes_ago=minutes)
    standin.add_alert(63032, minutes_ago=5, resource_sid="SM" + "e" * 32)
    standin.add_alert(63016, minutes_ago=2, log_level="warning")  # not an error: left out
    standin.add_alert(30008, minutes_ago=60 * 30)  # before the period
    result = check_twilio_alerts(settings, day_ago())
    assert result.ok, result
    report = result.report
    assert [(g.code, g.count) for g in report.groups] == [(63016, 3), (63032, 1)]
    assert report.total == 4 and report.complete and report.codes == [63016, 63032]
    top = report.groups[0]
    assert top.last - top.first == timedelta(minutes=20)
    assert report.groups[1].resource_sids == ["SM" + "e" * 32]


def test_the_request_is_monitors_wire_format(standin, settings):
    since = (datetime.now(timezone.utc) - timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    check_twilio_alerts(settings, since, since + timedelta(hours=12))
    request = standin.requests[-1]
    assert request["path"] == "/v1/Alerts"
    assert request["query"]["LogLevel"] == "error"
    assert request["query"]["PageSize"] == str(twilio_alerts.PAGE_SIZE)
    assert request["query"]["StartDate"] == since.strftime("%Y-%m-%dT00:00:00Z")
    assert request["query"]["EndDate"] == since.strftime("%Y-%m-%dT12:00:00Z")
    expected = "Basic " + base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
    assert request["authorization"] == expected


def test_no_alerts(standin, settings):
    standin.add_alert(63016, minutes_ago=60 * 48)  # the day before yesterday
    result = check_twilio_alerts(settings, day_ago())
    assert result.ok and result.report.groups == [] and result.report.total == 0


def test_every_page_is_read_through_twilios_next_page_url(standin, settings, monkeypatch):
    monkeypatch.setattr(twilio_alerts, "PAGE_SIZE", 2)
    for minutes in range(7):
        standin.add_alert(63016 if minutes % 2 else 63018, minutes_ago=minutes + 1)
    report = check_twilio_alerts(settings, day_ago()).report
    assert report.total == 7 and report.complete
    pages = [r["query"] for r in standin.requests if r["path"] == "/v1/Alerts"]
    assert len(pages) == 4
    assert [p.get("PageToken") for p in pages] == [None, "PA2", "PA4", "PA6"]


def test_at_most_max_alerts_are_read_and_the_count_says_at_least(standin, settings, monkeypatch):
    monkeypatch.setattr(twilio_alerts, "PAGE_SIZE", 2)
    for minutes in range(7):
        standin.add_alert(63016, minutes_ago=minutes + 1)
    report = check_twilio_alerts(settings, day_ago(), max_alerts=4).report
    assert report.total == 4 and not report.complete
    assert len([r for r in standin.requests if r["path"] == "/v1/Alerts"]) == 2


def test_a_later_page_that_fails_keeps_what_was_read(standin, settings, monkeypatch):
    monkeypatch.setattr(twilio_alerts, "PAGE_SIZE", 2)
    for minutes in range(5):
        standin.add_alert(63016, minutes_ago=minutes + 1)
    standin.fail["twilio_alerts_page1"] = twilio_error(503, 20500, "Service Unavailable")
    report = check_twilio_alerts(settings, day_ago()).report
    assert report.total == 2 and not report.complete


def test_wrong_credentials_get_twilios_401(standin, settings, caplog):
    wrong = AccountSettings.from_env(dict(standin.env(), TWILIO_AUTH_TOKEN="not-the-token-123"))
    with caplog.at_level(logging.DEBUG):
        result = check_twilio_alerts(wrong, day_ago())
    assert (result.ok, result.reason) == (False, REFUSED)
    assert result.detail == "HTTP 401, Twilio error 20003"
    assert "not-the-token-123" not in caplog.text + repr(result)
    # the stand-in's body is Twilio's, field for field
    body = requests.get(f"{standin.url}/v1/Alerts", auth=(TWILIO_SID, "wrong"), timeout=5)
    assert body.status_code == 401
    assert body.json() == {
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }


def test_a_slow_monitor_times_out_within_the_deadline(standin, settings, caplog):
    standin.add_alert(63016)
    standin.delay["twilio_alerts"] = 3.0
    start = time.monotonic()
    with caplog.at_level(logging.DEBUG):
        result = check_twilio_alerts(settings, day_ago(), deadline=Deadline(0.5))
    assert result.reason == TIMEOUT
    assert time.monotonic() - start < 1.5
    assert TWILIO_TOKEN not in caplog.text


@pytest.mark.parametrize(
    "failure, reason",
    [
        (twilio_error(500, 20500, "Internal Server Error"), SERVER),
        (twilio_error(429, 20429, "Too Many Requests"), SERVER),
        ((200, {"unexpected": True}), BAD_ANSWER),
    ],
)
def test_errors_and_odd_answers(standin, settings, failure, reason):
    standin.fail["twilio_alerts"] = failure
    assert check_twilio_alerts(settings, day_ago()).reason == reason


def test_not_configured():
    assert check_twilio_alerts(AccountSettings(), day_ago()).reason == NOT_CONFIGURED


def test_a_next_page_elsewhere_is_not_followed(standin, settings, monkeypatch):
    from tests.support import twilio_monitor_standin

    monkeypatch.setattr(twilio_monitor_standin, "MONITOR_HOST", "https://elsewhere.example")
    monkeypatch.setattr(twilio_alerts, "PAGE_SIZE", 1)
    standin.add_alert(63016, minutes_ago=1)
    standin.add_alert(63016, minutes_ago=2)
    report = check_twilio_alerts(settings, day_ago()).report
    assert report.total == 1 and not report.complete
    assert len(standin.requests) == 1


def test_where_the_monitor_api_is():
    assert monitor_base_for("https://api.twilio.com") == DEFAULT_TWILIO_MONITOR_BASE
    assert monitor_base_for("https://api.dublin.ie1.twilio.com/") == "https://monitor.dublin.ie1.twilio.com"
    assert monitor_base_for("http://127.0.0.1:8080") == "http://127.0.0.1:8080"  # a stand-in serves both
    assert AccountSettings.from_env({}).twilio_monitor_base == DEFAULT_TWILIO_MONITOR_BASE
    env = {"TWILIO_API_BASE": "http://127.0.0.1:9", "TWILIO_MONITOR_BASE": "http://127.0.0.1:10/"}
    assert AccountSettings.from_env(env).twilio_monitor_base == "http://127.0.0.1:10"
