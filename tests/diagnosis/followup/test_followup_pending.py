"""time_since_sent: a message stuck at "sent" (one tick)."""

from __future__ import annotations

import datetime as dt

import pytest

from diagnosis.followup import answer

NOW = dt.datetime(2026, 11, 21, 15, 0, tzinfo=dt.timezone.utc)


def ask(text, **context):
    return answer("time_since_sent", text, dict({"now": NOW}, **context))


@pytest.mark.parametrize(
    "text, stage, minutes",
    [
        ("2 minutes ago", "just_sent", 2),
        ("hace 2 minutos", "just_sent", 2),
        ("30 min ago", "minutes", 30),
        ("5 hours ago", "hours_days", 300),
        ("há 5 horas", "hours_days", 300),
        ("yesterday at 9am", "hours_days", 30 * 60),
        ("40 days ago", "expired", None),
        ("2026-09-01 10:00", "expired", None),
    ],
)
def test_stages(text, stage, minutes):
    a = ask(text)
    assert a.ok, a.reask
    assert a.value["stage"] == stage
    if minutes is not None:
        assert a.value["minutes_since_sent"] == minutes


def test_just_sent_says_wait():
    assert "Wait a few minutes" in ask("2 minutes ago").finding


def test_hours_mean_phone_offline_and_meta_keeps_trying_30_days():
    a = ask("5 hours ago")
    assert "phone is probably off" in a.finding
    assert "30 days" in a.finding and "don't resend" in a.finding
    assert "Mon 21 Dec, 10:00 UTC" in a.finding
    assert a.value["will_retry"] is True


def test_over_30_days_it_will_not_be_delivered_resend():
    a = ask("40 days ago")
    assert "won't be delivered" in a.finding and "Send it again" in a.finding
    assert a.value["will_retry"] is False


def test_assumed_timezone_is_stated_for_clock_times():
    assert "time zone" in ask("yesterday at 9am").finding
    assert "time zone" not in ask("yesterday at 9am", timezone="Europe/Madrid").finding


@pytest.mark.parametrize("text", ["never", "tomorrow", "in 3 hours", "🙂", ""])
def test_never_and_future_are_not_answers_here(text):
    a = ask(text)
    assert not a.ok and a.reask


@pytest.mark.parametrize(
    "text, hour",
    [
        ("stuck on 1 grey tick since like 9 this morning", "2026-12-07T09:00"),
        ("fica só um tique cinza faz umas 3h", "2026-12-07T18:00"),
        ("sent a msg to our supplier at 541143215678 yesterday 5pm, still one tick", "2026-12-06T17:00"),
    ],
)
def test_the_send_time_said_in_the_report(text, hour):
    from diagnosis.followup.pending import said_sent_time

    read = said_sent_time(text, {"language": "en", "now": "2026-12-07T21:00:00+00:00"})
    assert read is not None and read.value["sent_at"].startswith(hour)


@pytest.mark.parametrize("text", ["one grey tick on all messages", "sent 3 messages to one customer", "since forever"])
def test_no_send_time_is_made_up(text):
    from diagnosis.followup.pending import said_sent_time

    assert said_sent_time(text, {"language": "en"}) is None
