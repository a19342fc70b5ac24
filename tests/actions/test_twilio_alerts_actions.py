"""Twilio's error log in the chat: "what went wrong today?" and "check my account" for a Twilio
account read the Monitor API's alerts (the local stand-in), grouped by code, each code's cause
named by the diagnosis, in the user's language.

Why: the chat is where the error log's facts become sentences: counts, causes, the
failure watch's answer kept or replaced, and a failed check said in Twilio's words.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.language import say

from actions.account import ActionCheckAccount, cause_of_twilio_code
from actions.account_messages import LOOKED_UP
from actions.failures import ActionReportFailures
from tests.support.graph_account_standin import GraphAccountStandIn
from tests.support.twilio_monitor_standin import twilio_error

from .conftest import make_tracker, run, slot_events, texts

TWILIO_ONLY = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_BASE")


@pytest.fixture
def standin():
    server = GraphAccountStandIn()
    yield server
    server.close()


@pytest.fixture
def twilio(standin, monkeypatch):
    """A business on Twilio only: no Meta access."""
    for name, value in standin.env().items():
        if name in TWILIO_ONLY:
            monkeypatch.setenv(name, value)
    return standin


@pytest.fixture
def both(standin, monkeypatch):
    for name, value in standin.env().items():
        monkeypatch.setenv(name, value)
    return standin


def ask(domain, text, lang="en", intent="ask_failures"):
    dispatcher = CollectingDispatcher()
    events = run(
        ActionCheckAccount() if intent == "check_account" else ActionReportFailures(),
        dispatcher,
        make_tracker(domain, text, slots={"language": lang}, intent=intent),
        domain,
    )
    return texts(dispatcher), slot_events(events)


def alerts_requests(standin):
    return [r for r in standin.requests if r["path"] == "/v1/Alerts"]


def test_codes_get_their_causes_from_the_diagnosis():
    assert cause_of_twilio_code(63016) == "outside_service_window"
    assert cause_of_twilio_code(63032) == "marketing_experiment"
    assert cause_of_twilio_code(99999) is None


def test_what_went_wrong_today_reads_twilios_error_log(domain, twilio):
    # "today" is since midnight: the alerts are seconds old, so that the test holds at any hour
    for minutes in (0.6, 0.5, 0.4):
        twilio.add_alert(63016, minutes_ago=minutes)
    twilio.add_alert(63032, minutes_ago=0.3)
    twilio.add_alert(63051, minutes_ago=0.2)
    twilio.add_alert(21211, minutes_ago=0.1)
    said, slots = ask(domain, "what went wrong today?")
    assert said.startswith("Twilio's error log (Monitor) shows 6 error(s) today:")
    assert f"- 3 × error 63016: {say('causes.outside_service_window.short', 'en')}" in said
    assert "- and 1 more error code(s)" in said  # three codes said at most
    assert "message SID (SM...)" in said
    assert say("watch.not_watching", "en") not in said  # the error log answers instead
    finding = slots["findings"][-1]
    assert finding.startswith(LOOKED_UP) and "63016" in finding
    assert twilio.token_state and "twilio-check-token" not in said
    query = alerts_requests(twilio)[-1]["query"]
    assert query["LogLevel"] == "error" and query["StartDate"].endswith("T00:00:00Z")  # since midnight UTC


def test_an_unknown_code_is_named_with_twilios_page(domain, twilio):
    twilio.add_alert(99999, minutes_ago=0.1)
    said, _ = ask(domain, "what went wrong today?")
    assert "error 99999, not a WhatsApp error I know (twilio.com/docs/errors/99999" in said


@pytest.mark.parametrize(
    "lang, text, words",
    [
        ("es", "¿qué salió mal hoy?", "El registro de errores de Twilio (Monitor) muestra 2 error(es) hoy:"),
        ("pt", "o que deu errado hoje?", "O registro de erros do Twilio (Monitor) mostra 2 erro(s) hoje:"),
    ],
)
def test_in_the_users_language(domain, twilio, lang, text, words):
    twilio.add_alert(63016, minutes_ago=0.2)
    twilio.add_alert(63016, minutes_ago=0.1)
    said, _ = ask(domain, text, lang)
    assert said.startswith(words)
    assert say("causes.outside_service_window.short", lang) in said


def test_no_alerts(domain, twilio):
    said, slots = ask(domain, "what went wrong today?")
    assert said == "Twilio's error log (Monitor) shows no errors today."
    assert slots["findings"] == [LOOKED_UP + said]


def test_yesterday_asks_for_yesterday(domain, twilio):
    twilio.add_alert(63016, minutes_ago=1)
    ask(domain, "what failed yesterday?")
    query = alerts_requests(twilio)[-1]["query"]
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert query["EndDate"].startswith(today) and query["EndDate"] == f"{today}T00:00:01Z"


def test_refused_credentials_are_said_in_twilios_words(domain, twilio, monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "not-the-right-token")
    said, slots = ask(domain, "what went wrong today?")
    assert said.startswith(say("watch.not_watching", "en"))  # the watch's own answer is kept
    assert "Twilio's error log: I couldn't check (Twilio refused the account SID and auth token" in said
    assert "Meta" not in said.split("\n\n")[-1]
    assert "not-the-right-token" not in said + repr(slots)


def test_a_slow_error_log_is_said_within_the_time(domain, twilio):
    twilio.add_alert(63016)
    twilio.delay["twilio_alerts"] = 8.0
    start = time.monotonic()
    said, _ = ask(domain, "what went wrong today?")
    assert time.monotonic() - start < 6.0
    assert "Twilio's error log: I couldn't check (it didn't answer in time)." in said


def test_a_question_about_one_number_is_the_watchs(domain, twilio):
    said, _ = ask(domain, "why did my message to +55 11 98765-4321 fail?")
    assert not alerts_requests(twilio)
    assert "Twilio" not in said


def test_without_twilio_nothing_changes(domain, standin):
    said, slots = ask(domain, "what went wrong today?")
    assert said == say("watch.not_watching", "en") and not slots.get("findings")
    assert not standin.requests


def test_check_my_account_on_twilio_only(domain, twilio):
    twilio.add_alert(63016, minutes_ago=60 * 20)  # within the last 24 hours, maybe yesterday
    said, slots = ask(domain, "check my account", intent="check_account")
    assert said.startswith(say("account.health.heading", "en"))
    assert "shows 1 error(s) in the last 24 hours" in said and "63016" in said
    assert "aren't set up" not in said
    assert [f[:20] for f in slots["findings"]] == [(LOOKED_UP + "Twilio's error log")[:20]]


def test_check_my_account_on_meta_and_twilio(domain, both):
    both.add_alert(63032, minutes_ago=15)
    said, slots = ask(domain, "revisa mi cuenta", lang="es", intent="check_account")
    assert "Límite de mensajes: 2.000" in said
    assert "El registro de errores de Twilio (Monitor) muestra 1 error(es) en las últimas 24 horas" in said
    assert any("63032" in f for f in slots["findings"])


def test_check_my_account_when_twilio_fails(domain, both):
    both.fail["twilio_alerts"] = twilio_error(503, 20503, "Service Unavailable")
    said, _ = ask(domain, "check my account", intent="check_account")
    assert "Messaging limit: 2,000" in said
    assert "Twilio's error log: I couldn't check (Twilio's API had a temporary problem)." in said
