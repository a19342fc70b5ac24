"""Never silent (channels/common/never_silent.py): every user message gets an answer,
unless the conversation is paused; and the REST channel's checked bodies.

The channels run on the test server with a stand-in agent (harness.py); the
stand-in's ``respond`` plays the dialogue: silent, failing, or answering.
"""

import asyncio
import json
from typing import Any, List, Optional

import pytest
import requests

from channels.common.never_silent import CountingOutputChannel
from channels.common.replies import FAILURE_REPLY, NO_REPLY_APOLOGY
from channels.guarded.rest import GuardedRestInput
from tests.channels.meta_webhook import USER, say, sent_texts, text

WEBHOOK = "/webhooks/rest/webhook"


class StandInTracker:
    def __init__(self, paused: bool) -> None:
        self.paused = paused

    def is_paused(self) -> bool:
        return self.paused


class StandInTrackerStore:
    """Answers ``retrieve`` like Rasa's tracker store: paused, not, or failing."""

    def __init__(self, paused: Optional[bool] = False, fails: bool = False) -> None:
        self.paused, self.fails = paused, fails
        self.asked: List[str] = []

    async def retrieve(self, sender_id: str) -> Any:
        self.asked.append(sender_id)
        if self.fails:
            raise ConnectionError("database is down")
        return None if self.paused is None else StandInTracker(self.paused)


async def silent(message: Any) -> None:
    return None


async def boom(message: Any) -> None:
    raise RuntimeError("the action server is down")


def rest_say(server: Any, text_: str = "hello", sender: str = "rest-user", stream: bool = False) -> List[str]:
    r = requests.post(
        server.url(WEBHOOK) + ("?stream=true" if stream else ""),
        json={"sender": sender, "message": text_},
        timeout=10,
    )
    assert r.status_code == 200
    messages = [json.loads(line) for line in r.text.splitlines()] if stream else r.json()
    return [m.get("text") for m in messages]


# ---------------------------------------------------------------------------
# The counting delegate
# ---------------------------------------------------------------------------


def test_counting_channel_delegates_and_counts() -> None:
    from rasa.core.channels.channel import CollectingOutputChannel

    inner = CollectingOutputChannel()
    counting = CountingOutputChannel(inner)
    assert counting.name() == inner.name() == "collector"
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(counting.send_response("u", {"text": "one"}))
        loop.run_until_complete(counting.send_text_message("u", "two"))
        loop.run_until_complete(counting.send_text_with_buttons("u", "three", [{"title": "A", "payload": "a"}]))
    finally:
        loop.close()
    assert counting.sent == 3
    assert counting.messages is inner.messages  # other attributes are the real channel's
    assert [m["text"] for m in inner.messages] == ["one", "two", "three"]


# ---------------------------------------------------------------------------
# REST
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("stream", [False, True])
def test_rest_silent_dialogue_gets_the_no_reply_apology(serve: Any, stream: bool) -> None:
    server = serve(GuardedRestInput())
    server.agent.respond = silent
    server.agent.tracker_store = StandInTrackerStore(paused=False)
    assert rest_say(server, stream=stream) == [NO_REPLY_APOLOGY]
    assert server.agent.tracker_store.asked == ["rest-user"]


@pytest.mark.parametrize("stream", [False, True])
def test_rest_failing_dialogue_gets_the_failure_apology(serve: Any, stream: bool) -> None:
    server = serve(GuardedRestInput())
    server.agent.respond = boom
    # Rasa's own streaming answer never ends when the handler raises: this one does.
    assert rest_say(server, stream=stream) == [FAILURE_REPLY]


def test_rest_answers_are_left_alone(serve: Any) -> None:
    server = serve(GuardedRestInput())
    server.agent.tracker_store = StandInTrackerStore(paused=False)
    assert rest_say(server, "/restart") == ["echo: restart"]
    assert server.agent.tracker_store.asked == []  # no extra work when the bot answered


def test_paused_conversation_stays_silent(serve: Any) -> None:
    server = serve(GuardedRestInput())
    server.agent.respond = silent
    server.agent.tracker_store = StandInTrackerStore(paused=True)
    assert rest_say(server) == []


@pytest.mark.parametrize("store", [None, "failing"])
def test_apology_when_the_pause_cannot_be_checked(serve: Any, store: Any) -> None:
    server = serve(GuardedRestInput())
    server.agent.respond = silent
    if store == "failing":
        server.agent.tracker_store = StandInTrackerStore(fails=True)
    assert rest_say(server) == [NO_REPLY_APOLOGY]


def test_failing_tracker_store_means_the_message_was_not_kept(serve: Any) -> None:
    """Rasa's FailSafeTrackerStore hides the database error and saves to memory:
    the user got a reply, yet must hear that the message was not kept."""
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    class DatabaseDown(InMemoryTrackerStore):
        async def save(self, tracker: Any) -> None:
            raise ConnectionError("server closed the connection unexpectedly")

    server = serve(GuardedRestInput())
    store = FailSafeTrackerStore(DatabaseDown(Domain.empty()))
    server.agent.tracker_store = store

    async def answer_then_save(message: Any) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "diagnosis"})
        await store.save(DialogueStateTracker(message.sender_id, []))

    server.agent.respond = answer_then_save
    assert rest_say(server) == ["diagnosis", FAILURE_REPLY]

    async def answer(message: Any) -> None:  # the database is fine again
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    server.agent.respond = answer
    assert rest_say(server) == ["ok"]


@pytest.mark.parametrize(
    "body, content_type, error",
    [
        (b'{"sender": "x", "message": ', "application/json", "not valid JSON"),
        (b"hello", "text/plain", "not valid JSON"),
        (b"\xff\xfe binary", "application/octet-stream", "UTF-8"),
        (b"sender=x&message=hi", "application/x-www-form-urlencoded", "not valid JSON"),
        (b"", "application/json", "not valid JSON"),
        (b'["not", "an", "object"]', "application/json", "JSON object"),
        (b"null", "application/json", "JSON object"),
        (b'"hello"', "application/json", "JSON object"),
        (b'{"sender": "x", "message": 5}', "application/json", "`message`"),
        (b'{"sender": "x"}', "application/json", "`message`"),
        (b'{"sender": "x", "message": null}', "application/json", "`message`"),
        (b'{"sender": "x", "message": ["hi"]}', "application/json", "`message`"),
        (b'{"message": "hi"}', "application/json", "`sender`"),
        (b'{"sender": {"id": 1}, "message": "hi"}', "application/json", "`sender`"),
        (b'{"sender": true, "message": "hi"}', "application/json", "`sender`"),
        (b'{"sender": "  ", "message": "hi"}', "application/json", "`sender`"),
        (b'{"sender": "a\\u0000b", "message": "hi"}', "application/json", "`sender`"),
        (b'{"sender": "' + b"x" * 256 + b'", "message": "hi"}', "application/json", "`sender`"),
        (b'{"sender": "x", "message": "hi", "metadata": "page"}', "application/json", "`metadata`"),
        (b'{"sender": "x", "message": "hi", "input_channel": 3}', "application/json", "`input_channel`"),
    ],
)
def test_unusable_bodies_get_a_400_with_a_json_error(serve: Any, body: bytes, content_type: str, error: str) -> None:
    server = serve(GuardedRestInput())
    r = requests.post(server.url(WEBHOOK), data=body, headers={"Content-Type": content_type}, timeout=5)
    assert r.status_code == 400
    assert error in r.json()["error"]
    assert server.dialogue() == []


def test_rest_deeply_nested_json_gets_a_400(serve: Any) -> None:
    server = serve(GuardedRestInput())
    body = b'{"sender": "x", "message": "hi", "metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    r = requests.post(server.url(WEBHOOK), data=body, headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code == 400 and "JSON" in r.json()["error"]


def test_long_messages_are_cut_before_the_dialogue(serve: Any) -> None:
    from channels.common.input_limits import MAX_DIALOGUE_CHARS

    server = serve(GuardedRestInput())
    words = "my template failed " * 6000  # 114,000 characters, 18,000 words
    r = requests.post(server.url(WEBHOOK), json={"sender": "x", "message": words}, timeout=10)
    assert r.status_code == 200
    assert server.only_message().text == words[:MAX_DIALOGUE_CHARS].strip()


def test_whatsapp_long_messages_are_cut_before_the_dialogue(whatsapp: Any) -> None:
    from channels.common.input_limits import MAX_DIALOGUE_CHARS

    words = "my template failed " * 6000
    say(whatsapp, text(words))
    assert whatsapp.dialogue() == [words.strip()[:MAX_DIALOGUE_CHARS].strip()]


@pytest.mark.parametrize("sender, as_text", [(42, "42"), ("+91 98123 45610", "+91 98123 45610")])
def test_numbers_and_strings_are_senders(serve: Any, sender: Any, as_text: str) -> None:
    server = serve(GuardedRestInput())
    r = requests.post(server.url(WEBHOOK), json={"sender": sender, "message": "hi"}, timeout=5)
    assert r.status_code == 200 and r.json()[0]["text"] == "echo: hi"
    assert server.only_message().sender_id == as_text


def test_the_health_route_still_answers(serve: Any) -> None:
    server = serve(GuardedRestInput())
    assert requests.get(server.url("/webhooks/rest/"), timeout=5).json() == {"status": "ok"}


# ---------------------------------------------------------------------------
# WhatsApp (and so Twilio: the same WebhookInput.process)
# ---------------------------------------------------------------------------


def test_whatsapp_silent_dialogue_gets_the_no_reply_apology(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.respond = silent
    whatsapp.agent.tracker_store = StandInTrackerStore(paused=False)
    say(whatsapp, text("hello"))
    assert sent_texts(api) == [NO_REPLY_APOLOGY]
    assert whatsapp.agent.tracker_store.asked == [USER]


def test_whatsapp_paused_conversation_stays_silent(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.respond = silent
    whatsapp.agent.tracker_store = StandInTrackerStore(paused=True)
    say(whatsapp, text("hello, is someone there?"))
    assert sent_texts(api) == []


def test_whatsapp_failure_apologises_once(whatsapp: Any, api: Any) -> None:
    whatsapp.agent.respond = boom
    say(whatsapp, text("hello"))
    assert sent_texts(api) == [FAILURE_REPLY]


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_whatsapp_empty_text_gets_a_notice_not_silence(whatsapp: Any, api: Any, body: str) -> None:
    from channels.common.replies import cannot_read_reply

    say(whatsapp, text(body))
    assert whatsapp.dialogue() == []
    assert sent_texts(api) == [cannot_read_reply("empty")]


def test_twilio_silent_dialogue_gets_the_no_reply_apology(twilio: Any, api: Any) -> None:
    from tests.channels.twilio_webhook import say as twilio_say

    twilio.agent.respond = silent
    twilio_say(twilio, "hello")
    assert [m["Body"] for m in api.twilio_messages()] == [NO_REPLY_APOLOGY]


# ---------------------------------------------------------------------------
# socket.io
# ---------------------------------------------------------------------------


def test_socketio_silent_dialogue_gets_the_no_reply_apology(serve: Any) -> None:
    from channels.guarded.socketio import GuardedSocketIOInput
    from tests.channels.guarded.test_socketio import SETTINGS, converse

    server = serve(GuardedSocketIOInput(**SETTINGS))
    server.agent.respond = silent
    answers = asyncio.run(converse(server.url(""), "session-silent", ["hello"]))
    assert [m.get("text") for m in answers[0]] == [NO_REPLY_APOLOGY]


# ---------------------------------------------------------------------------
# Rasa's circuit breaker
# ---------------------------------------------------------------------------


def test_a_tripped_circuit_breaker_does_not_leave_the_conversation_stuck() -> None:
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from channels.rasa_patches import _watch_processor, listen_after_circuit_break

    events = [ActionExecuted("action_listen"), UserUttered("(#131047) Re-engagement message")]
    events += [ActionExecuted("action_default_fallback")] * 10  # every action failed
    tracker = DialogueStateTracker.from_events("stuck", events)

    processor = MessageProcessor.__new__(MessageProcessor)  # no model needed
    processor.max_number_of_predictions = 10
    processor.on_circuit_break = None
    assert processor.is_action_limit_reached(tracker, True)
    tracker.update(UserUttered("(#131047) Re-engagement message"))
    assert processor.is_action_limit_reached(tracker, True), "Rasa alone: stuck for good"

    class Agent:
        pass

    agent = Agent()
    agent.processor = processor
    _watch_processor(agent)
    assert processor.on_circuit_break is listen_after_circuit_break
    processor.on_circuit_break(tracker, None, None)
    tracker.update(UserUttered("(#131047) Re-engagement message"))
    assert not processor.is_action_limit_reached(tracker, True)


def test_an_existing_circuit_breaker_callback_is_kept() -> None:
    from channels.rasa_patches import _watch_processor

    class Processor:
        @staticmethod
        def on_circuit_break(*args: Any) -> None:
            pass

    class Agent:
        processor = Processor()

    before = Agent.processor.on_circuit_break
    _watch_processor(Agent())
    assert Agent.processor.on_circuit_break == before


# ---------------------------------------------------------------------------
# While a person has the conversation: "a person will answer here soon", throttled
# ---------------------------------------------------------------------------


class HandedOffTracker(StandInTracker):
    """A paused conversation handed to a person, in ``language``, with Rasa-like events."""

    def __init__(self, language: str = "en", handed_off: Optional[bool] = True, events: Any = ()) -> None:
        super().__init__(paused=True)
        self.language, self.handed_off, self.events = language, handed_off, list(events)

    def get_slot(self, name: str) -> Any:
        return {"language": self.language, "handed_off": self.handed_off}.get(name)


class HandedOffStore(StandInTrackerStore):
    def __init__(self, tracker: Any) -> None:
        super().__init__()
        self.tracker = tracker

    async def retrieve(self, sender_id: str) -> Any:
        self.asked.append(sender_id)
        return self.tracker


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh process-wide throttle for each test; ``notices(seconds)`` sets its window."""
    import channels.common.never_silent as never_silent_module
    from agent_desk import WaitingNotices

    def set_window(seconds: float = 300) -> WaitingNotices:
        throttle = WaitingNotices(seconds)
        monkeypatch.setattr(never_silent_module, "WAITING_NOTICES", throttle)
        return throttle

    set_window()
    return set_window


def waiting_server(serve: Any, tracker: Any) -> Any:
    server = serve(GuardedRestInput())
    server.agent.respond = silent  # Rasa says nothing while paused
    server.agent.tracker_store = HandedOffStore(tracker)
    return server


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_waiting_user_gets_one_notice_per_window_in_their_language(serve: Any, notices: Any, lang: str) -> None:
    from channels.common.replies import waiting_for_person

    server = waiting_server(serve, HandedOffTracker(lang))
    assert rest_say(server, "hello?") == [waiting_for_person(lang)]
    assert rest_say(server, "anyone there?") == []  # no flood
    assert rest_say(server, "hello?", sender="someone-else") == [waiting_for_person(lang)]
    assert server.dialogue() == ["hello?", "anyone there?", "hello?"]  # every message reached Rasa (kept)


def test_notice_again_after_the_window(serve: Any, notices: Any) -> None:
    from channels.common.replies import waiting_for_person

    notices(0.3)
    server = waiting_server(serve, HandedOffTracker())
    assert rest_say(server) == [waiting_for_person()]
    assert rest_say(server) == []
    import time

    time.sleep(0.35)
    assert rest_say(server) == [waiting_for_person()]


def test_no_notice_right_after_a_persons_reply(serve: Any, notices: Any) -> None:
    import time

    from rasa.shared.core.events import BotUttered

    from agent_desk import agent_reply_event

    reply = BotUttered("Hi, Maria here", metadata=agent_reply_event("x")["metadata"], timestamp=time.time() - 5)
    server = waiting_server(serve, HandedOffTracker(events=[reply]))
    assert rest_say(server) == []  # they are talking with the person


def test_paused_without_a_handoff_stays_silent(serve: Any, notices: Any) -> None:
    server = waiting_server(serve, HandedOffTracker(handed_off=None))
    assert rest_say(server) == []


def test_a_failed_turn_is_apologised_for_even_while_paused(serve: Any, notices: Any) -> None:
    server = waiting_server(serve, HandedOffTracker())
    server.agent.respond = boom
    assert rest_say(server) == [FAILURE_REPLY]


def test_whatsapp_waiting_user_gets_the_notice_on_whatsapp(whatsapp: Any, api: Any, notices: Any) -> None:
    from channels.common.replies import waiting_for_person

    whatsapp.agent.respond = silent
    whatsapp.agent.tracker_store = HandedOffStore(HandedOffTracker("pt"))
    say(whatsapp, text("alguém aí?"))
    say(whatsapp, text("olá?"))
    assert sent_texts(api) == [waiting_for_person("pt")]
