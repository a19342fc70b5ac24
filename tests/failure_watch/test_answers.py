"""failure_watch/answers.py: the chat's answers from what the watch stored, in three
languages, on a real SQLite store filled with diagnosed failures."""

from __future__ import annotations

import datetime as dt

import pytest

from diagnosis.language import say

from failure_watch.answers import failures_answer, period_of, recipient_in, seen_before
from failure_watch.diagnose import diagnose
from failure_watch.events import Failure
from failure_watch.store import Store

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
TODAY_9 = int(NOW.replace(hour=9).timestamp())
YESTERDAY = int((NOW - dt.timedelta(days=1)).timestamp())


def failure(n: int, recipient: str, code: str, title: str, at: int) -> Failure:
    return diagnose(
        Failure(at=at, recipient=recipient, message_id=f"wamid.{n}", provider="meta", code=code, title=title)
    )


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store("sqlite:///" + str(tmp_path / "failures.db"))
    s.ensure_schema()
    s.write(
        [failure(i, "5511987654321", "131047", "Re-engagement message", TODAY_9 + i * 60) for i in range(3)]
        + [
            failure(10, "5215512345678", "131026", "Message undeliverable", TODAY_9 + 600),
            failure(11, "5215512345679", "131050", "User has stopped marketing messages", YESTERDAY),
        ]
    )
    return s


def test_the_period_a_question_names():
    assert period_of("what failed today?", NOW).key == "today"
    assert period_of("y ayer qué falló", NOW).key == "yesterday"
    assert period_of("o que falhou essa semana?", NOW).key == "week"
    today = period_of("what failed", NOW)
    assert today.start == int(NOW.replace(hour=0).timestamp()) and today.end > int(NOW.timestamp())


def test_a_phone_number_as_people_write_it():
    assert recipient_in("why did my message to +55 11 98765-4321 fail?") == "5511987654321"
    assert recipient_in("por que falhou pro (11) 98765-4321") == "11987654321"
    assert recipient_in("what failed today?") is None
    assert recipient_in("error 131047") is None  # a code is not a number


def test_what_failed_today(store):
    answer = failures_answer(store, "what failed today?", "en", NOW)
    assert answer.startswith("I saw 4 failed messages today, with 2 different causes:")
    assert "- 3 × " in answer and "- 1 × " in answer
    assert "131050" not in answer  # yesterday's is not today's
    assert "/report" in answer


def test_yesterday_in_spanish(store):
    answer = failures_answer(store, "¿qué falló ayer?", "es", NOW)
    assert answer.startswith("Vi 1 mensajes fallidos ayer")
    assert "no reintentar" in answer  # an opt-out is never retried


def test_one_recipient_in_portuguese_without_the_country_code(store):
    answer = failures_answer(store, "por que falhou pro (11) 98765-4321?", "pt", NOW)
    assert answer.startswith("Vi 3 mensagens com falha para 1198*****21")
    assert "erro 131047" in answer and say("watch.advice.later", "pt") in answer
    assert "98765" not in answer  # the number is masked


def test_nothing_seen_and_no_store():
    assert failures_answer(None, "what failed today?", "en", NOW) == say("watch.not_watching", "en")


def test_a_diagnosis_opens_with_what_the_watch_saw(store):
    line = seen_before(store, "5511987654321", ["131047"], "en", NOW)
    assert line == "I see 3 failed messages to that number since 07/12 09:00, all 131047."
    assert (
        seen_before(store, None, ["131026"], "es", NOW)
        == "Vi 1 mensajes fallidos con el error 131026 en los últimos 7 días."
    )
    assert seen_before(store, "5511000000000", [], "en", NOW) is None
    assert seen_before(None, "5511987654321", ["131047"], "en", NOW) is None


def test_an_empty_store_means_nothing_is_watched_yet(tmp_path):
    empty = Store("sqlite:///" + str(tmp_path / "empty.db"))
    empty.ensure_schema()
    assert failures_answer(empty, "what failed today?", "pt", NOW) == say("watch.not_watching", "pt")
