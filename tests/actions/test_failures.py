"""actions/failures.py: "what failed today?" answered from the failure watch's store, and a
diagnosis that opens with what the watch saw about the number or the code."""

from __future__ import annotations

import time

import pytest

from diagnosis.language import say

from actions import failures
from actions.diagnose import ActionDiagnose
from actions.failures import ActionReportFailures
from failure_watch.diagnose import diagnose
from failure_watch.events import Failure
from failure_watch.store import Store

from .conftest import make_tracker, run, slot_events, texts


@pytest.fixture
def store(tmp_path, monkeypatch):
    s = Store("sqlite:///" + str(tmp_path / "failures.db"))
    s.ensure_schema()
    now = int(time.time())
    s.write(
        [
            diagnose(
                Failure(
                    at=now - 60 * i,
                    recipient="5511987654321",
                    message_id=f"wamid.{i}",
                    provider="meta",
                    code="131047",
                    title="Re-engagement message",
                )
            )
            for i in range(3)
        ]
    )
    monkeypatch.setattr(failures, "_STORE", {"store": s})
    return s


def test_what_failed_today(domain, dispatcher, store):
    run(ActionReportFailures(), dispatcher, make_tracker(domain, "what failed today?", intent="ask_failures"), domain)
    said = texts(dispatcher)
    assert said.startswith("I saw 3 failed messages today, with 1 different causes:")


def test_in_portuguese_for_one_number(domain, dispatcher, store):
    tracker = make_tracker(
        domain, "por que falhou pro +55 11 98765-4321?", intent="ask_failures", slots={"language": "pt"}
    )
    run(ActionReportFailures(), dispatcher, tracker, domain)
    assert texts(dispatcher).startswith("Vi 3 mensagens com falha para 5511*******21")


def test_without_the_watch_the_bot_says_so(domain, dispatcher):
    run(ActionReportFailures(), dispatcher, make_tracker(domain, "what failed today?", intent="ask_failures"), domain)
    assert texts(dispatcher) == say("watch.not_watching", "en")


def test_a_diagnosis_opens_with_what_the_watch_saw(domain, dispatcher, store):
    events = run(
        ActionDiagnose(),
        dispatcher,
        make_tracker(domain, "message to 5511987654321 failed: (#131047) Re-engagement message"),
        domain,
    )
    said = texts(dispatcher)
    assert "I see 3 failed messages to that number since" in said and "all 131047" in said
    findings = [e for e in events if e.get("name") == "findings"][-1]["value"]
    assert any("I see 3 failed messages" in f for f in findings)


def test_a_time_answer_the_nlu_took_for_what_failed_today_answers_the_question(domain, dispatcher):
    """ "hoje 8h" to "when did the customer last write?" is the answer, not a question for the watch."""
    tracker = make_tracker(
        domain,
        "hoje 8h",
        slots={"cause": "outside_service_window", "requested_slot": "last_customer_message", "language": "pt"},
        active_loop="troubleshoot_form",
        intent="ask_failures",
    )
    slots = slot_events(run(ActionReportFailures(), dispatcher, tracker, domain))
    assert slots["last_customer_message"]["last_message_at"]
    assert "monitor" not in texts(dispatcher)


def test_why_asked_after_the_fix_is_the_causes_why_not_a_question_for_the_watch(domain, dispatcher, store):
    slots = {"language": "es", "cause": "outside_service_window", "awaiting": "fix_outcome"}
    tracker = make_tracker(domain, "¿y por qué pasa eso?", intent="ask_failures", slots=slots)
    run(ActionReportFailures(), dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert said.startswith("Te explico por qué:")
    assert say("causes.outside_service_window.explanation", "es") in said
    assert "Vi 3" not in said and dispatcher.messages[-1]["buttons"]  # the fix's question waits, with its buttons
