"""Twilio's fixed hosts re-based onto the configured ones, and only those."""

from __future__ import annotations

import pytest
import requests

from twilio_api import DEFAULT_API_BASE, DEFAULT_MONITOR_BASE, rebased
from twilio_api.client import RebasedHttpClient

HOSTS = {DEFAULT_API_BASE: "http://127.0.0.1:9/", DEFAULT_MONITOR_BASE: "http://127.0.0.1:8"}


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
            "http://127.0.0.1:9/2010-04-01/Accounts/AC1/Messages.json",
        ),
        ("https://monitor.twilio.com/v1/Alerts?PageSize=50", "http://127.0.0.1:8/v1/Alerts?PageSize=50"),
        ("https://api.twilio.com.evil.example/x", "https://api.twilio.com.evil.example/x"),
        ("https://example.com/other", "https://example.com/other"),
    ],
)
def test_only_twilios_hosts_are_rebased(url, expected):
    assert rebased(url, HOSTS) == expected


def test_no_time_left_makes_no_request():
    client = RebasedHttpClient(HOSTS, timeout_left=lambda: 0.0)
    with pytest.raises(requests.Timeout):
        client.request("GET", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/SM1.json")
