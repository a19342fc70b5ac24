"""At most one "a person will answer here soon" per few minutes per conversation."""

from __future__ import annotations

from agent_desk import WaitingNotices
from agent_desk.waiting_notice import DEFAULT_SECONDS, seconds_from_env


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_first_message_gets_it_then_quiet_for_the_window():
    clock = Clock()
    notices = WaitingNotices(300, clock=clock)
    assert notices.claim("a")
    clock.now += 299
    assert not notices.claim("a")
    assert notices.claim("b")  # other conversations are counted apart
    clock.now += 1
    assert notices.claim("a")


def test_a_persons_recent_reply_counts_as_an_answer():
    clock = Clock()
    notices = WaitingNotices(300, clock=clock)
    assert not notices.claim("a", last_agent_reply_at=clock.now - 10)
    assert notices.claim("a", last_agent_reply_at=clock.now - 301)


def test_forget_and_zero_seconds():
    clock = Clock()
    notices = WaitingNotices(300, clock=clock)
    assert notices.claim("a")
    notices.forget("a")
    assert notices.claim("a")
    every_time = WaitingNotices(0, clock=clock)
    assert every_time.claim("a") and every_time.claim("a")


def test_memory_is_bounded():
    notices = WaitingNotices(300, clock=Clock(), max_items=3)
    for sender in "abcd":
        assert notices.claim(sender)
    assert notices.claim("a")  # the oldest was dropped
    assert not notices.claim("d")


def test_seconds_from_the_environment():
    assert seconds_from_env({}) == DEFAULT_SECONDS == 300
    assert seconds_from_env({"TICKFIX_WAITING_NOTICE_SECONDS": "60"}) == 60
    assert seconds_from_env({"TICKFIX_WAITING_NOTICE_SECONDS": "0"}) == 0
    for bad in ("-1", "soon", "nan", "inf"):
        assert seconds_from_env({"TICKFIX_WAITING_NOTICE_SECONDS": bad}) == DEFAULT_SECONDS
    assert WaitingNotices.from_env({"TICKFIX_WAITING_NOTICE_SECONDS": "5"}).seconds == 5
